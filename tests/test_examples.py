"""The example drafts: the weak one triggers most rules and every fix offered
on it works; the strong one passes without warnings."""

from __future__ import annotations

from conftest import EXAMPLES
from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.findings import SEVERITY_RANK, apply_edits

WEAK = EXAMPLES / "weak-draft-convention.md"
STRONG = EXAMPLES / "strong-draft-convention.md"


def check(shipped, text, path):
    draft = Draft.parse(text, path=path)
    return Engine(shipped, Config()).check(draft)


def test_weak_draft_triggers_most_rules(shipped):
    result = check(shipped, WEAK.read_text(encoding="utf-8"), str(WEAK))
    fired = {f.rule_id for f in result.findings}
    assert len(fired) >= 0.6 * len(shipped.rules), sorted(set(r.id for r in shipped.rules) - fired)


def test_strong_draft_has_no_warnings_or_errors(shipped):
    result = check(shipped, STRONG.read_text(encoding="utf-8"), str(STRONG))
    serious = [(f.rule_id, f.message) for f in result.findings if SEVERITY_RANK[f.severity] <= SEVERITY_RANK["warning"]]
    assert serious == []


def test_every_fix_on_the_weak_draft_applied_in_turn(shipped):
    text = WEAK.read_text(encoding="utf-8")
    fixed_rules: set[str] = set()
    applied = 0
    attempted: set[tuple[str, int, int]] = set()
    for _ in range(400):
        result = check(shipped, text, str(WEAK))
        candidate = next(
            (f for f in result.findings if f.fixes and (f.rule_id, f.start, f.end) not in attempted), None
        )
        if candidate is None:
            break
        attempted.add((candidate.rule_id, candidate.start, candidate.end))
        fix = next((x for x in candidate.fixes if x.preferred), candidate.fixes[0])
        # A fix may make several edits (renumbering after an article is
        # deleted); outside the span they cover, nothing moves.
        new = apply_edits(text, fix.edits)
        first, last = min(e.start for e in fix.edits), max(e.end for e in fix.edits)
        assert new[:first] == text[:first]
        assert new[last + len(new) - len(text):] == text[last:]
        text = new
        fixed_rules.add(candidate.rule_id)
        applied += 1
    assert applied >= 10
    remaining = check(shipped, text, str(WEAK))
    left = sorted({(f.rule_id, text[f.start:f.end][:40]) for f in remaining.findings if f.rule_id in fixed_rules})
    assert left == [], left

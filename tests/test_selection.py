"""A rule about provisions of some roles is not evaluated in an article that
has none of them (engine._evaluate_segment, kinds/selection.roles_read):
what every rule finds and examines must be what it was when each rule was
asked of every article."""

from __future__ import annotations

from pathlib import Path

import pytest

import safeguard_lsp.engine as engine_module
from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.kinds import selection
from safeguard_lsp.reading.model import ROLES

DRAFTS = Path(__file__).parent / "drafts"
STYLES = DRAFTS / "styles"
TEXTS = sorted(DRAFTS.glob("*.md")) + sorted(DRAFTS.glob("*.txt")) + sorted(
    p for p in STYLES.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")


def _outcome(ruleset, path: Path):
    draft = Draft.parse(path.read_text(encoding="utf-8"), path=str(path))
    result = Engine(ruleset, Config()).check(draft)
    findings = [(f.rule_id, f.start, f.end, f.severity, f.message, f.reading) for f in result.findings]
    examined = [(rule_id, unit.kind, unit.start, unit.end) for rule_id, unit in result.examined]
    return findings, sorted(examined)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_skipping_articles_without_the_roles_changes_no_finding(shipped, path, monkeypatch):
    skipped = []
    roles_read = selection.roles_read

    def counted(ctx, units):
        found = roles_read(ctx, units)
        skipped.append(found)
        return found

    monkeypatch.setattr(engine_module, "roles_read", counted)
    fast = _outcome(shipped, path)
    assert skipped  # the segment pass asked which roles each article holds
    # Every rule asked of every article, as before.
    monkeypatch.setattr(engine_module, "roles_read", lambda ctx, units: frozenset(ROLES))
    assert fast == _outcome(shipped, path)


def test_an_article_without_a_rules_roles_is_not_asked_about_them(shipped, monkeypatch):
    asked = []
    matching_parts = selection.matching_parts

    def counting(rule, ctx, unit):
        asked.append((rule.id, unit.start))
        return matching_parts(rule, ctx, unit)

    monkeypatch.setattr(engine_module, "matching_parts", counting)
    text = ("Article 1\n\nIn this Convention, \"computer system\" means any device.\n\n"
            "Article 2\n\nEach State Party shall establish as a criminal offence the access to a computer system "
            "without right, when committed intentionally.\n")
    draft = Draft.parse(text, path="draft.md")
    Engine(shipped, Config()).check(draft)
    definition = draft.articles[0].start
    about_powers = [r.id for r in shipped.rules if r.reads is not None and set(r.reads.roles) == {"power"}]
    assert about_powers
    assert not [rule_id for rule_id, start in asked if start == definition and rule_id in about_powers]

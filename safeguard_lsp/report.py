"""The safeguard scorecard of a draft, and the comparison of two versions.

For each article (and the instrument as a whole) and each rule that examined
it, the safeguard is *met* (the rule's trigger held and nothing was found),
*weak* (only fallback wording, or a finding below the rule's own severity) or
*missing*. Categories summarise the rules for the one-page matrix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from safeguard_lsp.draft import Draft, Unit
from safeguard_lsp.engine import CheckResult
from safeguard_lsp.findings import SEVERITY_RANK, Finding
from safeguard_lsp.ruleset import RuleSet

MET, WEAK, MISSING = "met", "weak", "missing"
_ORDER = {MET: 0, WEAK: 1, MISSING: 2}
DOCUMENT_ROW = "document"
DRAFTING = "drafting"


@dataclass
class Row:
    """One article (or the instrument as a whole) of the scorecard."""

    key: str  # article number, or "document"
    label: str  # "Article 7", "The instrument as a whole"
    title: str | None
    unit: Unit
    rules: dict[str, str] = field(default_factory=dict)  # rule id -> met / weak / missing
    findings: list[Finding] = field(default_factory=list)

    def category_state(self, ruleset: RuleSet, category: str) -> str | None:
        states = [s for rid, s in self.rules.items() if (r := ruleset.rule(rid)) and r.category == category]
        if not states:
            return None
        return max(states, key=_ORDER.__getitem__)


@dataclass
class Scorecard:
    path: str
    draft: Draft
    ruleset: RuleSet
    rows: list[Row]
    categories: list[str]
    result: CheckResult

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)


def _row_key(unit: Unit) -> str:
    article = unit.enclosing("article")
    return article.number if article is not None and article.number else DOCUMENT_ROW


def _state_of(finding: Finding, ruleset: RuleSet) -> str:
    rule = ruleset.rule(finding.rule_id)
    if rule is not None and SEVERITY_RANK[finding.severity] > SEVERITY_RANK[rule.severity]:
        return WEAK
    if SEVERITY_RANK[finding.severity] >= SEVERITY_RANK["information"]:
        return WEAK
    return MISSING


def build_scorecard(path: str, draft: Draft, ruleset: RuleSet, result: CheckResult) -> Scorecard:
    rows: dict[str, Row] = {
        DOCUMENT_ROW: Row(DOCUMENT_ROW, "The instrument as a whole", draft.root.title, draft.root)
    }
    for article in draft.articles:
        if article.number and article.number not in rows:
            rows[article.number] = Row(article.number, article.label, article.title, article)
    for rule_id, unit in result.examined:
        row = rows.get(_row_key(unit))
        if row is not None:
            row.rules.setdefault(rule_id, MET)
    for finding in result.findings:
        row = rows.get(_row_key(finding.unit))
        if row is None:
            continue
        row.findings.append(finding)
        state = _state_of(finding, ruleset)
        if _ORDER[state] > _ORDER[row.rules.get(finding.rule_id, MET)]:
            row.rules[finding.rule_id] = state
        else:
            row.rules.setdefault(finding.rule_id, state)
    used = {ruleset.rule(rid).category for row in rows.values() for rid in row.rules if ruleset.rule(rid)}
    categories = [c for c in _category_order(ruleset) if c in used]
    return Scorecard(path, draft, ruleset, list(rows.values()), categories, result)


def _category_order(ruleset: RuleSet) -> list[str]:
    seen: list[str] = []
    for rule in ruleset.rules:
        if rule.category not in seen:
            seen.append(rule.category)
    return seen


# -- comparing two versions ------------------------------------------------------
@dataclass
class Change:
    row_old: Row | None
    row_new: Row | None
    rule_id: str
    before: str | None  # met / weak / missing / None (not examined)
    after: str | None

    @property
    def kind(self) -> str:
        """added / improved / weakened / removed, or new gap / no longer applies."""
        if self.after is None:
            return "no longer applies"
        if self.before is None:
            return "added" if self.after == MET else "new gap"
        if _ORDER[self.after] < _ORDER[self.before]:
            return "added" if self.after == MET else "improved"
        return "weakened" if self.after == WEAK else "removed"


@dataclass
class Comparison:
    old: Scorecard
    new: Scorecard
    pairs: list[tuple[Row | None, Row | None]]
    changes: list[Change]
    renumbered: list[tuple[Row, Row]]


def _norm_title(title: str | None) -> str:
    return re.sub(r"\W+", " ", (title or "").lower()).strip()


def match_rows(old: Scorecard, new: Scorecard) -> list[tuple[Row | None, Row | None]]:
    """Pair the rows of two versions: by title first (tolerant of renumbering),
    then by number among the rest."""
    pairs: list[tuple[Row | None, Row | None]] = [(old.row(DOCUMENT_ROW), new.row(DOCUMENT_ROW))]
    old_rows = [r for r in old.rows if r.key != DOCUMENT_ROW]
    new_rows = [r for r in new.rows if r.key != DOCUMENT_ROW]
    taken: set[int] = set()
    matched: dict[int, Row] = {}
    by_title: dict[str, list[Row]] = {}
    for row in new_rows:
        if row.title:
            by_title.setdefault(_norm_title(row.title), []).append(row)
    for row in old_rows:
        candidates = [r for r in by_title.get(_norm_title(row.title), []) if id(r) not in taken] if row.title else []
        if candidates:
            best = min(candidates, key=lambda r: r.key != row.key)
            matched[id(row)] = best
            taken.add(id(best))
    for row in old_rows:
        if id(row) in matched:
            continue
        same = next((r for r in new_rows if r.key == row.key and id(r) not in taken), None)
        if same is not None:
            matched[id(row)] = same
            taken.add(id(same))
    for row in old_rows:
        pairs.append((row, matched.get(id(row))))
    for row in new_rows:
        if id(row) not in taken:
            pairs.append((None, row))
    return pairs


def compare(old: Scorecard, new: Scorecard) -> Comparison:
    pairs = match_rows(old, new)
    changes: list[Change] = []
    renumbered: list[tuple[Row, Row]] = []
    for row_old, row_new in pairs:
        if row_old and row_new and row_old.key != row_new.key:
            renumbered.append((row_old, row_new))
        before = row_old.rules if row_old else {}
        after = row_new.rules if row_new else {}
        for rule_id in sorted(set(before) | set(after)):
            rule = new.ruleset.rule(rule_id) or old.ruleset.rule(rule_id)
            if rule is not None and rule.category == DRAFTING:
                continue  # numbering and wording slips are not safeguards
            if before.get(rule_id) != after.get(rule_id):
                changes.append(Change(row_old, row_new, rule_id, before.get(rule_id), after.get(rule_id)))
    return Comparison(old, new, pairs, changes, renumbered)

"""The safeguard scorecard of a draft, and the comparison of two versions.

For each article (and the instrument as a whole) and each rule that concerns
it, the safeguard is *present* (a rule that asks for a safeguard found it where
it applies), *weak* (only fallback wording, or a finding below the rule's own
severity) or *missing*. A ✓ is earned, never assumed: a rule that looks for a
defect (a content offence, a weak "may") and finds none says nothing about the
article, so the cell stays blank. Categories summarise the rules for the
one-page matrix, under plain names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from safeguard_lsp.draft import Draft, Unit
from safeguard_lsp.engine import CheckResult
from safeguard_lsp.findings import SEVERITY_RANK, Finding
from safeguard_lsp.pairing import DELETED, MERGED, MOVED, NEW, RENUMBERED, SAME, pair_articles
from safeguard_lsp.ruleset import RuleSet

MET, WEAK, MISSING = "met", "weak", "missing"  # met: the safeguard is present
# Rules that ask for a safeguard where it applies: examined without a finding,
# the safeguard is there. The other kinds look for defects (and reading rules
# either, see asks_for_safeguard).
SAFEGUARD_KINDS = ("require", "document")
# The matrix's column names, for readers who do not know the rule categories.
CATEGORY_NAMES = {
    "content-offences": "Content offences",
    "content": "Content offences",
    "procedural": "Surveillance safeguards",
    "criminalisation": "Intent and defences",
    "procedural-powers": "Surveillance safeguards",
    "cooperation": "Cooperation",
    "instrument": "Human-rights clause",
    "weak-qualifiers": "Firm wording",
    "drafting": "Drafting",
}


def category_name(category: str) -> str:
    """A column's plain name (a name already plain is kept)."""
    if category in CATEGORY_NAMES.values():
        return category
    return CATEGORY_NAMES.get(category) or category.replace("-", " ").capitalize()


# Instrument-wide rules about the powers, not about the human-rights clause.
_COLUMN_OF_RULE = {
    "SG-SAFEGUARDS-ARTICLE": "Surveillance safeguards",
    "SG-REVIEW-SUNSET": "Surveillance safeguards",
}


def column_of(rule) -> str:
    """The matrix column a rule's verdicts go to."""
    return _COLUMN_OF_RULE.get(rule.id) or category_name(rule.category)


def asks_for_safeguard(rule) -> bool:
    """Whether the rule asks for a safeguard (its absence is the finding)
    rather than flags a defect (its presence is the finding)."""
    if rule is None:
        return False
    if rule.kind == "reading":  # a reading rule asks for elements (needs), or flags the provision itself
        return bool(getattr(rule, "needs", None))
    return rule.kind in SAFEGUARD_KINDS


# What a safeguard rule asks for, named positively, where its title names the
# gap in a way that cannot simply be turned round.
_SAFEGUARD_NAMES = {
    "SG-CONTENT-HATE-THRESHOLD": "The threshold of ICCPR article 20(2) for a hate-speech or denial offence",
    "SG-COOP-DIRECT-PROVIDER": "The safeguards of mutual legal assistance for orders to providers in another State",
    "SG-COOP-TRANSBORDER-ACCESS": "The other State's safeguards for trans-border access to data",
    "SG-COOP-DUAL-CRIMINALITY": "A dual criminality requirement",
    "SG-DATA-PROTECTION": "A data-protection commitment for personal data transferred",
    "SG-DATA-PROTECTION-TRANSFERS": "A data-protection commitment for data shared across borders",
    "SG-GAG-UNLIMITED": "A limit in time and scope for confidentiality orders on providers",
    "SG-WEAK-DOMESTIC-LAW": "A standard for the safeguards beyond \"domestic law\"",
    "SG-ACCESS-INTENT": "A dishonest or malicious intent standard for the access or interception offence",
    "SG-INTERFERENCE-INTENT": "An intent or harm threshold for the interference offence",
    "SG-TOOLS-TESTING-EXEMPTION": "An exemption for authorised testing and protection in the tools offence",
    "SG-POWER-JUDICIAL-INTRUSIVE": "Prior judicial authorisation of interception or real-time collection",
    "SG-POWER-JUDICIAL": "Prior judicial authorisation of search, production, preservation or disclosure",
    "SG-POWER-NECESSITY": "Necessity and proportionality of the power",
    "SG-POWER-EXECUTIVE-AUTHORISATION": "Authorisation by a judge or independent body, not by the police, prosecutors or the executive",
    "SG-DISCLOSURE-PUBLIC-INTEREST": "A public-interest defence to the offence of disclosing or holding protected information",
    "SG-POWERS-ANY-CRIME": "A seriousness threshold for the investigative powers",
    "SG-POWER-BLOCKING": "A judge or independent body to order the blocking or removal of content",
    "SG-PROVIDER-ASSISTANCE": "A limit to the duty of service providers to assist the authorities",
    "SG-DECRYPTION": "A judge's order for compelled decryption or disclosure of keys",
    "SG-COOP-REFUSAL-PERSECUTION": "A refusal ground for persecution on grounds of sex, race, religion, nationality, ethnic origin or political opinion",
    "SG-COOP-REFUSAL-HUMAN-RIGHTS": "A refusal ground for torture, the death penalty or other human-rights risks",
    "SG-DEFENCE-PUBLIC-INTEREST": "A public-interest defence for access and data offences",
    "SG-HR-CLAUSE": "An operative human-rights clause",
    "SG-SAFEGUARDS-ARTICLE": "A general article on conditions and safeguards for procedural powers",
    "SG-REVIEW-SUNSET": "A review, sunset or reporting clause for surveillance powers",
    "SG-POWERS-REMEDY": "An effective remedy against procedural measures",
}
_WITHOUT = re.compile(r"^(?P<what>.+?) without (?P<needed>.+)$")


def safeguard_name(rule) -> str:
    """The safeguard a rule asks for, as a positive phrase ("An operative
    human-rights clause"), so that a comparison never reads "No … added"."""
    if rule is None:
        return ""
    if rule.id in _SAFEGUARD_NAMES:
        return _SAFEGUARD_NAMES[rule.id]
    title = rule.title.strip()
    if title.startswith("No "):
        rest = title[3:]
        return rest[:1].upper() + rest[1:]
    match = _WITHOUT.match(title)
    if match:
        needed = match.group("needed")
        return f"{needed[:1].upper()}{needed[1:]} ({match.group('what')[:1].lower()}{match.group('what')[1:]})"
    return title


def subject(rule, rule_id: str) -> str:
    """What a comparison row is about: the safeguard asked for, or the defect flagged."""
    if rule is None:
        return rule_id
    return safeguard_name(rule) if asks_for_safeguard(rule) else rule.title
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
        """The worst state of the rules under ``category`` (a column's name or a rule category)."""
        column = category_name(category)
        states = [s for rid, s in self.rules.items() if (r := ruleset.rule(rid)) and column_of(r) == column]
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
        if not asks_for_safeguard(ruleset.rule(rule_id)):
            continue  # no defect found is not a safeguard found
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
    used = {column_of(ruleset.rule(rid)) for row in rows.values() for rid in row.rules if ruleset.rule(rid)}
    categories = [c for c in _category_order(ruleset) if c in used]
    return Scorecard(path, draft, ruleset, list(rows.values()), categories, result)


_COLUMN_ORDER = ("Content offences", "Intent and defences", "Surveillance safeguards", "Cooperation",
                 "Human-rights clause", "Firm wording", "Drafting")


def _category_order(ruleset: RuleSet) -> list[str]:
    """The matrix's columns (plain names): the offences, the powers, the
    cooperation and the instrument as a whole, then any of a user's packs."""
    seen: list[str] = []
    for rule in ruleset.rules:
        name = column_of(rule)
        if name not in seen:
            seen.append(name)
    return sorted(seen, key=lambda c: (_COLUMN_ORDER.index(c) if c in _COLUMN_ORDER else len(_COLUMN_ORDER),
                                       seen.index(c)))


# -- comparing two versions ------------------------------------------------------
@dataclass
class Change:
    row_old: Row | None
    row_new: Row | None
    rule_id: str
    before: str | None  # met / weak / missing / None (does not arise)
    after: str | None
    safeguard: bool = True  # the rule asks for a safeguard (else it flags a defect)
    article_change: str = SAME  # how the article itself changed (deleted, merged…)

    @property
    def kind(self) -> str:
        """What happened, in words that never double a negative.

        For a safeguard: added, strengthened, weakened, removed, missing or
        weak (in an article that did not call for it before), no longer
        arises (the article no longer calls for it).
        For a defect: removed from the text, introduced, milder, graver.
        For an article deleted: deleted with the article."""
        if self.article_change == DELETED:
            return "deleted with the article"
        before, after = self.before, self.after
        if not self.safeguard:
            if after is None:
                return "removed from the text"
            if before is None:
                return "introduced"
            return "milder" if _ORDER[after] < _ORDER[before] else "graver"
        if after is None:
            return "no longer arises"
        if after == MET:
            return "added" if before in (None, MISSING) else "strengthened"
        if before is None:
            return "missing" if after == MISSING else "weak"
        if _ORDER[after] < _ORDER[before]:
            return "strengthened"
        return "weakened" if after == WEAK else "removed"

    @property
    def better(self) -> bool:
        return self.kind in ("added", "strengthened", "removed from the text", "milder")

    @property
    def worse(self) -> bool:
        return self.kind in ("weakened", "removed", "missing", "weak", "introduced", "graver")


@dataclass
class Comparison:
    old: Scorecard
    new: Scorecard
    pairs: list[tuple[Row | None, Row | None]]
    changes: list[Change]
    renumbered: list[tuple[Row, Row]]
    articles: list = field(default_factory=list)  # pairing.Pairing, every article of both versions

    def of_kind(self, kind: str) -> list:
        return [p for p in self.articles if p.kind == kind]


def _rows_by_unit(card: Scorecard) -> dict[int, Row]:
    return {id(row.unit): row for row in card.rows}


def match_rows(old: Scorecard, new: Scorecard):
    """Pair the rows of two versions by what the articles say (pairing.py),
    not by their numbers."""
    articles = pair_articles(old.draft, new.draft)
    old_rows, new_rows = _rows_by_unit(old), _rows_by_unit(new)
    pairs: list[tuple[Row | None, Row | None, str]] = [(old.row(DOCUMENT_ROW), new.row(DOCUMENT_ROW), SAME)]
    for pairing in articles:
        row_old = old_rows.get(id(pairing.old.unit)) if pairing.old else None
        row_new = new_rows.get(id(pairing.new.unit)) if pairing.new else None
        if row_old is None and row_new is None:
            continue
        pairs.append((row_old, row_new, pairing.kind))
    return pairs, articles


def compare(old: Scorecard, new: Scorecard) -> Comparison:
    triples, articles = match_rows(old, new)
    changes: list[Change] = []
    renumbered: list[tuple[Row, Row]] = []
    for row_old, row_new, how in triples:
        if how in (RENUMBERED, MOVED) and row_old and row_new:
            renumbered.append((row_old, row_new))
        before = row_old.rules if row_old else {}
        # a merged article is judged against the article it went into
        after = {} if how == DELETED else (row_new.rules if row_new else {})
        for rule_id in sorted(set(before) | set(after)):
            rule = new.ruleset.rule(rule_id) or old.ruleset.rule(rule_id)
            if rule is not None and rule.category == DRAFTING:
                continue  # numbering and wording slips are not safeguards
            if how == SAME and row_old is not None and row_old.key == DOCUMENT_ROW and getattr(rule, "summary", None):
                continue  # a count of the articles' findings: the articles' rows tell it
            was, now = before.get(rule_id), after.get(rule_id)
            if was == now:
                continue
            if was in (None, MET) and now in (None, MET):
                continue  # rows only for findings that appear in either version
            changes.append(Change(row_old, None if how == DELETED else row_new, rule_id, was, now,
                                  asks_for_safeguard(rule), how))
    return Comparison(old, new, [(a, b) for a, b, _ in triples], changes, renumbered, articles)


def state_words(change: Change, side: str) -> str:
    """The cell of one version in a comparison row, in plain words."""
    state = change.before if side == "old" else change.after
    if side == "new" and change.article_change == DELETED:
        return "— article deleted"
    if side == "old" and change.row_old is None:
        return "— new article"
    if change.safeguard:
        return {MET: "✓ present", WEAK: "~ weak", MISSING: "✗ missing", None: "— does not arise"}[state]
    return {MET: "— not in the text", WEAK: "~ in the text (lesser form)", MISSING: "✗ in the text",
            None: "— not in the text"}[state]


def row_name(row: Row | None) -> str:
    if row is None:
        return "—"
    return row.label + (f" – {row.title}" if row.title and row.key != DOCUMENT_ROW else "")


def change_place(change: Change) -> str:
    """"Article 6 – Misuse of devices → Article 7 – Misuse of tools", or one name when it kept its number."""
    where = row_name(change.row_old) if change.row_old is not None else row_name(change.row_new)
    if change.row_old is not None and change.row_new is not None and change.row_new.key != change.row_old.key:
        where += f" → {row_name(change.row_new)}"
    return where


def article_events(comparison: Comparison) -> list[str]:
    """One sentence per article that was renumbered, moved, merged, deleted or added."""
    rows_old, rows_new = _rows_by_unit(comparison.old), _rows_by_unit(comparison.new)

    def name(provision, rows) -> str:
        return row_name(rows.get(id(provision.unit))) if provision else "—"

    out = []
    for pairing in comparison.articles:
        old, new = name(pairing.old, rows_old), name(pairing.new, rows_new)
        if pairing.kind == RENUMBERED:
            out.append(f"{old} is now {rows_new[id(pairing.new.unit)].label}")
        elif pairing.kind == MOVED:
            out.append(f"{old} was moved: it is now {new}")
        elif pairing.kind == MERGED:
            out.append(f"{old} was merged into {new}")
        elif pairing.kind == DELETED:
            out.append(f"{old} was deleted")
        elif pairing.kind == NEW:
            out.append(f"{new} is new")
    return out


def cited_texts(card: Scorecard, findings) -> list:
    """Each text an article's findings cite, once, in the order the findings
    come in the article (the report quotes each instrument once per article)."""
    cited = []
    for finding in sorted(findings, key=lambda f: f.start):
        for cid in finding.citations:
            citation = card.ruleset.citations.get(cid)
            if citation is not None and citation not in cited:
                cited.append(citation)
    return cited

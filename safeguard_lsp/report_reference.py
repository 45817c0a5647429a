"""A draft held against agreed language: `compare DRAFT --reference TEXT`.

Negotiators argue from agreed text ("this is weaker than UNTOC 18"). For each
article of the draft, the nearest provision of the reference instrument the
user supplies (pairing.py: by title and wording), and whether the draft's
safeguards are stronger, weaker or as strong there, with the safeguards and
defects that make the difference. Only what the rules see is compared: a
safeguard the rules do not look for is not weighed either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safeguard_lsp.pairing import nearest, provisions
from safeguard_lsp.report import (DOCUMENT_ROW, DRAFTING, MET, MISSING, WEAK, Row, Scorecard, asks_for_safeguard,
                                  row_name, subject)

STRONGER, WEAKER, AS_STRONG, MIXED, NO_COUNTERPART = "stronger", "weaker", "as strong", "mixed", "no counterpart"
_RANK = {MET: 0, None: 0, WEAK: 1, MISSING: 2}


@dataclass
class Held:
    """One article of the draft beside its nearest provision of the reference."""

    row: Row
    reference: Row | None
    score: float
    stronger_on: list[str] = field(default_factory=list)  # rule ids where the draft does better
    weaker_on: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.reference is None:
            return NO_COUNTERPART
        if self.stronger_on and self.weaker_on:
            return MIXED
        return STRONGER if self.stronger_on else WEAKER if self.weaker_on else AS_STRONG


def _differences(draft: Row, reference: Row, card: Scorecard) -> tuple[list[str], list[str]]:
    better, worse = [], []
    for rule_id in sorted(set(draft.rules) | set(reference.rules)):
        rule = card.ruleset.rule(rule_id)
        if rule is None or rule.category == DRAFTING:
            continue
        mine, theirs = draft.rules.get(rule_id), reference.rules.get(rule_id)
        if asks_for_safeguard(rule) and (mine is None or theirs is None):
            continue  # the safeguard does not arise in one of them: nothing to weigh
        if _RANK[mine] < _RANK[theirs]:
            better.append(rule_id)
        elif _RANK[mine] > _RANK[theirs]:
            worse.append(rule_id)
    return better, worse


def hold_against(draft: Scorecard, reference: Scorecard) -> list[Held]:
    """The instrument as a whole, then each article, beside the reference."""
    rows_of = {id(r.unit): r for r in reference.rows}
    theirs = provisions(reference.draft)
    out: list[Held] = []
    whole, whole_ref = draft.row(DOCUMENT_ROW), reference.row(DOCUMENT_ROW)
    if whole is not None and whole_ref is not None:
        out.append(Held(whole, whole_ref, 1.0, *_differences(whole, whole_ref, draft)))
    mine = {id(p.unit): p for p in provisions(draft.draft)}
    for row in draft.rows:
        if row.key == DOCUMENT_ROW:
            continue
        provision = mine.get(id(row.unit))
        if provision is None:
            continue
        match, score = nearest(provision, theirs)
        ref_row = rows_of.get(id(match.unit)) if match is not None else None
        held = Held(row, ref_row, score)
        if ref_row is not None:
            held.stronger_on, held.weaker_on = _differences(row, ref_row, draft)
        out.append(held)
    return out


def unanswered(draft: Scorecard, reference: Scorecard) -> list[tuple[Row, list[str]]]:
    """Provisions of the reference that no article of the draft resembles,
    with the safeguards the rules see present in each: what the draft may
    have dropped."""
    rows_of = {id(r.unit): r for r in reference.rows}
    mine = provisions(draft.draft)
    out = []
    for provision in provisions(reference.draft):
        match, _ = nearest(provision, mine)
        row = rows_of.get(id(provision.unit))
        if match is not None or row is None:
            continue
        present = [rule_id for rule_id, state in sorted(row.rules.items())
                   if state == MET and asks_for_safeguard(reference.ruleset.rule(rule_id))]
        out.append((row, present))
    return out


def reference_markdown(draft: Scorecard, reference: Scorecard, held: list[Held]) -> str:
    title = draft.draft.root.title or draft.path
    ref_title = reference.draft.root.title or reference.path
    out = [f"# {title}, held against {ref_title}", "", f"`{draft.path}` beside `{reference.path}`", "",
           "| Draft | Nearest in the reference | Safeguards in the draft | Where |", "| --- | --- | --- | --- |"]
    for item in held:
        near = row_name(item.reference) if item.reference is not None else "—"
        if item.reference is not None and item.row.key != DOCUMENT_ROW:
            near += f" ({round(item.score * 100)}% alike)"
        where = []
        for rule_id in item.stronger_on:
            where.append(f"stronger: {subject(draft.ruleset.rule(rule_id), rule_id)}")
        for rule_id in item.weaker_on:
            where.append(f"weaker: {subject(draft.ruleset.rule(rule_id), rule_id)}")
        out.append(f"| {row_name(item.row)} | {near} | {item.verdict} | {'; '.join(where)} |")
    dropped = unanswered(draft, reference)
    if dropped:
        out += ["", "## In the reference, with no counterpart in the draft", ""]
        for row, present in dropped:
            has = "; ".join(subject(reference.ruleset.rule(r), r) for r in present)
            out.append(f"- {row_name(row)}" + (f" (✓ {has})" if has else ""))
    out += ["", "Stronger or weaker is judged only on what safeguard-lsp's rules look for; "
            "“as strong” means the rules see no difference, not that the texts are equivalent."]
    return "\n".join(out) + "\n"


def reference_html(draft: Scorecard, reference: Scorecard, held: list[Held]) -> str:
    """The same table as one self-contained page (report_html's styles)."""
    from html import escape

    from safeguard_lsp.report_html import _page

    title = draft.draft.root.title or draft.path
    ref_title = reference.draft.root.title or reference.path
    lines = [f"<h1>{escape(title)}, held against {escape(ref_title)}</h1>",
             f'<p class="sub">{escape(draft.path)} beside {escape(reference.path)}</p>',
             '<table class="matrix changes"><thead><tr><th>Draft</th><th>Nearest in the reference</th>'
             "<th>Safeguards in the draft</th><th>Where</th></tr></thead><tbody>"]
    tone = {STRONGER: "change-better", WEAKER: "change-worse", MIXED: "change-worse"}
    for item in held:
        near = row_name(item.reference) if item.reference is not None else "—"
        if item.reference is not None and item.row.key != DOCUMENT_ROW:
            near += f" ({round(item.score * 100)}% alike)"
        where = [f"stronger: {subject(draft.ruleset.rule(r), r)}" for r in item.stronger_on]
        where += [f"weaker: {subject(draft.ruleset.rule(r), r)}" for r in item.weaker_on]
        lines.append(f'<tr data-row="{escape(item.row.key)}" data-verdict="{escape(item.verdict)}">'
                     f'<td class="name">{escape(row_name(item.row))}</td><td class="name">{escape(near)}</td>'
                     f'<td class="{tone.get(item.verdict, "")}">{escape(item.verdict)}</td>'
                     f'<td class="name">{"<br>".join(escape(w) for w in where)}</td></tr>')
    lines.append("</tbody></table>")
    dropped = unanswered(draft, reference)
    if dropped:
        lines.append("<h2>In the reference, with no counterpart in the draft</h2><ul>")
        for row, present in dropped:
            has = "; ".join(subject(reference.ruleset.rule(r), r) for r in present)
            lines.append(f'<li data-row="{escape(row.key)}">{escape(row_name(row))}'
                         + (f" (✓ {escape(has)})" if has else "") + "</li>")
        lines.append("</ul>")
    lines.append("<p>Stronger or weaker is judged only on what safeguard-lsp's rules look for; “as strong” means "
                 "the rules see no difference, not that the texts are equivalent.</p>")
    return _page(f"{title}, held against {ref_title}", "\n".join(lines))

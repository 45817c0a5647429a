"""The scorecard as one self-contained HTML page: inline CSS and SVG, no
scripts, nothing fetched from the network, so that it can be mailed to a
delegation or attached to a submission and read anywhere, and prints well."""

from __future__ import annotations

from html import escape

from safeguard_lsp import __version__
from safeguard_lsp.authorities import grouped, one_line
from safeguard_lsp.report import (cited_texts, MET, MISSING, WEAK, Comparison, Scorecard, article_events, category_name,
                                  change_place, row_name, state_words, subject)

_SYMBOL = {MET: "✓", WEAK: "~", MISSING: "✗", None: ""}
_WORD = {MET: "present", WEAK: "weak", MISSING: "missing or a defect", None: "nothing found"}
_COLOUR = {MET: "#2e7d32", WEAK: "#f9a825", MISSING: "#c62828"}

CSS = """
:root { --met:#2e7d32; --weak:#f9a825; --missing:#c62828; --ink:#1b1b1b; --muted:#5f6368; --line:#d0d4d9; }
* { box-sizing: border-box; }
body { font: 15px/1.5 Georgia, "Times New Roman", serif; color: var(--ink); margin: 2rem auto; max-width: 70rem; padding: 0 1.5rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.sub { color: var(--muted); margin-top: 0; }
.summary { display: flex; gap: 1.5rem; flex-wrap: wrap; align-items: center; }
.count { font-size: 1.1rem; }
table.matrix { border-collapse: collapse; margin-top: 1rem; font-family: system-ui, sans-serif; font-size: 12px; }
.matrix th, .matrix td { border: 1px solid var(--line); padding: 3px 6px; text-align: center; }
.matrix th.cat { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 600; padding: 6px 3px; }
.matrix td.name { text-align: left; white-space: nowrap; max-width: 22rem; overflow: hidden; text-overflow: ellipsis; }
.changes td.name { white-space: normal; max-width: 26rem; overflow: visible; }
.matrix td.met { background: var(--met); color: #fff; }
.matrix td.weak { background: var(--weak); color: #000; }
.matrix td.missing { background: var(--missing); color: #fff; }
.legend span { display: inline-block; margin-right: 1rem; font-family: system-ui, sans-serif; font-size: 13px; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 4px; border-radius: 2px; }
.finding { border-left: 4px solid var(--line); padding: .2rem 0 .2rem .9rem; margin: 1rem 0; page-break-inside: avoid; }
.finding.error, .finding.warning { border-color: var(--missing); }
.finding.information, .finding.hint { border-color: var(--weak); }
.finding .rule { font-family: system-ui, sans-serif; font-size: 12px; color: var(--muted); }
.excerpt { background: #f6f7f9; padding: .5rem .8rem; font-size: 14px; }
mark { background: #ffe08a; }
blockquote { margin: .4rem 0 .4rem 1rem; padding-left: .8rem; border-left: 2px solid var(--line); color: #333; }
.cite { font-size: 14px; }
.authorities ul { margin: .2rem 0 .4rem 1.2rem; padding: 0; font-size: 14px; }
.clause { background: #eef6ee; padding: .5rem .8rem; white-space: pre-wrap; font-size: 14px; }
.change-worse { color: var(--missing); font-weight: 600; }
.change-better { color: var(--met); font-weight: 600; }
footer { margin-top: 3rem; color: var(--muted); font-size: 12px; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { page-break-after: avoid; }
  .matrix td.met, .matrix td.weak, .matrix td.missing, .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _cell(state: str | None) -> str:
    if state is None:
        return '<td class="na" title="not applicable"></td>'
    return f'<td class="{state}" title="{_WORD[state]}">{_SYMBOL[state]}</td>'


def _legend() -> str:
    items = "".join(
        f'<span><i class="swatch" style="background:{_COLOUR[s]}"></i>{_SYMBOL[s]} {_WORD[s]}</span>'
        for s in (MET, WEAK, MISSING)
    )
    return (f'<p class="legend">{items}<span>blank: nothing found either way (no defect, and no safeguard '
            "that this article calls for)</span></p>")


def _summary_svg(card: Scorecard) -> str:
    """A stacked bar per category: how many articles meet, weakly meet or miss it."""
    width, bar_h, gap, label_w = 640, 16, 6, 170
    rows = []
    for index, category in enumerate(card.categories):
        counts = {MET: 0, WEAK: 0, MISSING: 0}
        for row in card.rows:
            state = row.category_state(card.ruleset, category)
            if state:
                counts[state] += 1
        total = sum(counts.values()) or 1
        y = index * (bar_h + gap)
        x = label_w
        parts = [f'<text x="0" y="{y + 12}" font-size="12" font-family="sans-serif">{escape(category_name(category))}</text>']
        for state in (MET, WEAK, MISSING):
            w = (width - label_w - 110) * counts[state] / total
            if w:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{_COLOUR[state]}">'
                             f"<title>{counts[state]} {_WORD[state]}</title></rect>")
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 12}" font-size="11" font-family="sans-serif" fill="#5f6368">'
                     f"{counts[MISSING]}✗ {counts[WEAK]}~ {counts[MET]}✓</text>")
        rows.append("".join(parts))
    height = max(1, len(card.categories)) * (bar_h + gap)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="Safeguards present, weak and missing by category">{"".join(rows)}</svg>')


def _matrix(card: Scorecard) -> str:
    head = "".join(f'<th class="cat">{escape(category_name(c))}</th>' for c in card.categories)
    lines = [f'<table class="matrix"><thead><tr><th>Article</th>{head}</tr></thead><tbody>']
    for row in card.rows:
        name = row_name(row)
        cells = "".join(_cell(row.category_state(card.ruleset, c)) for c in card.categories)
        lines.append(f'<tr data-row="{escape(row.key)}"><td class="name" title="{escape(name)}">{escape(name)}</td>{cells}</tr>')
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _excerpt(card: Scorecard, start: int, end: int) -> str:
    text = card.draft.text
    unit = card.draft.unit_at(start, "paragraph", "subparagraph") or card.draft.unit_at(start) or card.draft.root
    lo = max(unit.start, start - 240)
    hi = min(max(unit.end, end), end + 240)
    before, flagged, after = text[lo:start], text[start:end], text[end:hi]
    dots_l = "…" if lo > unit.start else ""
    dots_r = "…" if hi < unit.end else ""
    return f'<div class="excerpt">{dots_l}{escape(before)}<mark>{escape(flagged)}</mark>{escape(after)}{dots_r}</div>'


def _finding(card: Scorecard, finding) -> str:
    ruleset = card.ruleset
    parts = [f'<div class="finding {finding.severity}" data-rule="{escape(finding.rule_id)}">']
    parts.append(f'<div class="rule">{escape(finding.severity)} · {escape(finding.rule_id)} · {escape(finding.title)}</div>')
    parts.append(f"<p><strong>{escape(finding.message)}</strong></p>")
    parts.append(_excerpt(card, finding.start, finding.end))
    cites = [ruleset.citations[c] for c in finding.citations if c in ruleset.citations]
    for heading, members in grouped(cites):
        items = "".join(f"<li>{escape(one_line(c))}</li>" for c in members)
        parts.append(f'<div class="authorities"><strong>{escape(heading)}</strong><ul>{items}</ul></div>')
    for fix in finding.fixes[:1]:
        text = "".join(e.new_text for e in fix.edits).strip()
        if text:
            parts.append(f"<p>Suggested: {escape(fix.title)}</p><div class=\"clause\">{escape(text)}</div>")
    parts.append("</div>")
    return "\n".join(parts)


def _texts_cited(card: Scorecard, findings) -> str:
    """Each text the article's findings cite, quoted once for the article."""
    cited = cited_texts(card, findings)
    parts = []
    for heading, members in grouped(cited):
        parts.append(f"<h4>Texts cited: {escape(heading)}</h4>")
        for citation in members:
            caution = f"<br><em>Caution: {escape(citation.caution)}</em>" if citation.caution else ""
            if citation.by_reference:
                body = f"<p>Cited by reference; no verified text is quoted. In our words: {escape(citation.summary)}</p>"
            else:
                body = f"<blockquote>{escape(citation.text)}</blockquote>"
            parts.append(f'<div class="cite">{escape(citation.instrument)}, {escape(citation.article)}'
                         f"{body}{caution}</div>")
    return f'<details class="texts" open><summary>Texts cited</summary>{"".join(parts)}</details>' if parts else ""


def _findings(card: Scorecard) -> str:
    out = []
    for row in card.rows:
        if not row.findings:
            continue
        name = row_name(row)
        out.append(f'<h3 id="row-{escape(row.key)}">{escape(name)}</h3>')
        out.extend(_finding(card, f) for f in sorted(row.findings, key=lambda f: f.start))
        out.append(_texts_cited(card, row.findings))
    return "\n".join(out) if out else "<p>No findings.</p>"


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{escape(title)}</title>"
        f"<style>{CSS}</style></head><body>\n{body}\n"
        f"<footer>Written by safeguard-lsp {escape(__version__)}. Quotations are from the texts of the instruments "
        "named; the model clauses are suggestions to adapt, not adopted text.</footer>\n</body></html>\n"
    )


def _counts(card: Scorecard) -> str:
    findings = [f for row in card.rows for f in row.findings]
    serious = sum(1 for f in findings if f.severity in ("error", "warning"))
    notes = len(findings) - serious
    return (f'<div class="summary"><span class="count"><strong>{serious}</strong> findings at warning or above</span>'
            f'<span class="count"><strong>{notes}</strong> notes</span>'
            f'<span class="count"><strong>{len(card.rows) - 1}</strong> articles</span></div>')


def scorecard_section(card: Scorecard) -> str:
    title = card.draft.root.title or card.path
    return "\n".join([
        f"<h1>Safeguard scorecard: {escape(title)}</h1>",
        f'<p class="sub">{escape(card.path)}</p>',
        _counts(card),
        "<h2>Safeguards by article</h2>",
        _legend(),
        _summary_svg(card),
        _matrix(card),
        "<h2>Findings</h2>",
        _findings(card),
    ])


def render_scorecards(cards: list[Scorecard]) -> str:
    title = "Safeguard scorecard" if len(cards) != 1 else f"Safeguard scorecard: {cards[0].draft.root.title or cards[0].path}"
    return _page(title, "\n<hr>\n".join(scorecard_section(c) for c in cards))


def render_comparison(comparison: Comparison) -> str:
    old, new = comparison.old, comparison.new
    lines = [
        f"<h1>What changed in the safeguards: {escape(new.draft.root.title or new.path)}</h1>",
        f'<p class="sub">{escape(old.path)} → {escape(new.path)}</p>',
    ]
    events = article_events(comparison)
    if events:
        lines.append("<h2>Articles</h2><ul>")
        lines.extend(f"<li>{escape(event)}</li>" for event in events)
        lines.append("</ul>")
    lines.append("<h2>Safeguards and problems</h2>")
    if comparison.changes:
        lines.append('<table class="matrix changes"><thead><tr><th>Article (old → new)</th><th>Safeguard or problem</th>'
                     "<th>Old version</th><th>New version</th><th>Change</th></tr></thead><tbody>")
        for change in comparison.changes:
            rule = new.ruleset.rule(change.rule_id) or old.ruleset.rule(change.rule_id)
            kind = change.kind
            tone = "better" if change.better else "worse" if change.worse else "neutral"
            lines.append(
                f'<tr data-rule="{escape(change.rule_id)}" data-change="{escape(kind)}">'
                f'<td class="name">{escape(change_place(change))}</td>'
                f'<td class="name">{escape(subject(rule, change.rule_id))} ({escape(change.rule_id)})</td>'
                f'<td>{escape(state_words(change, "old"))}</td><td>{escape(state_words(change, "new"))}</td>'
                f'<td class="change-{tone}">{escape(kind)}</td></tr>'
            )
        lines.append("</tbody></table>")
    else:
        lines.append("<p>No safeguard changed between the two versions.</p>")
    lines.append("<hr>")
    lines.append(scorecard_section(new))
    return _page(f"Safeguard changes: {new.draft.root.title or new.path}", "\n".join(lines))

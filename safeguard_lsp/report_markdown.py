"""The scorecard and the comparison as Markdown, for pasting into a submission."""

from __future__ import annotations

from safeguard_lsp.authorities import grouped, one_line
from safeguard_lsp.report import (cited_texts, MET, MISSING, WEAK, Comparison, Scorecard, article_events, category_name,
                                  change_place, row_name, state_words, subject)

_SYMBOL = {MET: "✓ present", WEAK: "~ weak", MISSING: "✗ missing", None: ""}
LEGEND = ("✓ the safeguard is present · ~ weak · ✗ missing, or a defect in the text · "
          "blank: nothing found either way (no defect, and no safeguard that this article calls for)")


def _texts_cited(card: Scorecard, findings) -> list[str]:
    """Each text the article's findings cite, quoted once for the article."""
    cited = cited_texts(card, findings)
    out = []
    for heading, members in grouped(cited):
        out += ["", f"#### Texts cited: {heading}", ""]
        for citation in members:
            if citation.by_reference:
                body = f"cited by reference; no verified text is quoted. In our words: {citation.summary}"
            else:
                body = "“" + " ".join(citation.text.split()) + "”"
            caution = f" *Caution:* {' '.join(citation.caution.split())}" if citation.caution else ""
            out.append(f"- {citation.instrument}, {citation.article}: {body}{caution}")
    return out


def scorecard_markdown(card: Scorecard) -> str:
    out = [f"# Safeguard scorecard: {card.draft.root.title or card.path}", "", f"`{card.path}`", ""]
    out.append("| Article | " + " | ".join(category_name(c) for c in card.categories) + " |")
    out.append("| --- |" + " --- |" * len(card.categories))
    for row in card.rows:
        cells = [_SYMBOL[row.category_state(card.ruleset, c)] for c in card.categories]
        out.append(f"| {row_name(row)} | " + " | ".join(cells) + " |")
    out += ["", LEGEND, ""]
    out.append("## Findings")
    for row in card.rows:
        if not row.findings:
            continue
        out += ["", f"### {row_name(row)}"]
        for finding in sorted(row.findings, key=lambda f: f.start):
            excerpt = " ".join(card.draft.text[finding.start:finding.end].split())
            out += ["", f"- **{finding.message}** ({finding.severity}, {finding.rule_id}) — “{excerpt}”"]
            cites = [card.ruleset.citations[c] for c in finding.citations if c in card.ruleset.citations]
            for heading, members in grouped(cites):
                out.append(f"  - {heading}: " + "; ".join(one_line(c) for c in members))
            if finding.fixes:
                fix = finding.fixes[0]
                text = " ".join("".join(e.new_text for e in fix.edits).split())
                if text:
                    out.append(f"  - Suggested ({fix.title}): {text}")
        out += _texts_cited(card, row.findings)
    return "\n".join(out).rstrip() + "\n"


def comparison_markdown(comparison: Comparison) -> str:
    new = comparison.new
    out = [f"# What changed in the safeguards: {new.draft.root.title or new.path}", "",
           f"`{comparison.old.path}` → `{new.path}`", ""]
    events = article_events(comparison)
    if events:
        out += ["## Articles", ""] + [f"- {e}" for e in events] + [""]
    out += ["## Safeguards and problems", ""]
    if comparison.changes:
        out += ["| Article (old → new) | Safeguard or problem | Old version | New version | Change |",
                "| --- | --- | --- | --- | --- |"]
        for change in comparison.changes:
            rule = new.ruleset.rule(change.rule_id) or comparison.old.ruleset.rule(change.rule_id)
            out.append(f"| {change_place(change)} | {subject(rule, change.rule_id)} ({change.rule_id}) | "
                       f"{state_words(change, 'old')} | {state_words(change, 'new')} | {change.kind} |")
    else:
        out.append("No safeguard changed between the two versions.")
    return "\n".join(out).rstrip() + "\n"

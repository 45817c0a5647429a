"""The scorecard and the comparison as Markdown, for pasting into a submission."""

from __future__ import annotations

from safeguard_lsp.report import (MET, MISSING, WEAK, Comparison, Scorecard, article_events, category_name,
                                  change_place, row_name, state_words, subject)

_SYMBOL = {MET: "✓ present", WEAK: "~ weak", MISSING: "✗ missing", None: ""}
LEGEND = ("✓ the safeguard is present · ~ weak · ✗ missing, or a defect in the text · "
          "blank: nothing found either way (no defect, and no safeguard that this article calls for)")


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
            for cid in finding.citations:
                citation = card.ruleset.citations.get(cid)
                if citation:
                    quoted = " ".join(citation.text.split())
                    out.append(f"  - {citation.instrument}, {citation.article}: “{quoted}”")
            if finding.fixes:
                fix = finding.fixes[0]
                text = " ".join("".join(e.new_text for e in fix.edits).split())
                if text:
                    out.append(f"  - Suggested ({fix.title}): {text}")
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

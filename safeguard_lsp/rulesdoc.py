"""The Markdown reference of the rule set (docs/rules.md and `rules show`)."""

from __future__ import annotations

from safeguard_lsp.authorities import grouped, one_line
from safeguard_lsp.ruleset import Rule, RuleSet


def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.strip().splitlines())


def _fix_line(rule: Rule, ruleset: RuleSet) -> list[str]:
    lines = []
    for fix in rule.fixes:
        if fix.action == "remove":
            what = "the whole article" if fix.scope == "article" else "the flagged words, with the commas that hold them"
            lines.append(f"- **{fix.title}**: deletes {what}")
        elif fix.action == "replace":
            lines.append(f"- **{fix.title}**: replaces the wording with " + " or ".join(f"“{r}”" for r in fix.replacements))
        elif fix.clause:
            clause = ruleset.clauses[fix.clause]
            where = {"insert": "inserts", "append_paragraph": "adds a paragraph to the article with",
                     "add_article": "adds an article with"}[fix.action]
            draws = ", ".join(
                f"{ruleset.citations[c].instrument.split(' (')[0]} {ruleset.citations[c].article}"
                for c in clause.draws_on if c in ruleset.citations
            )
            tier = {"full": "full ask", "agreed": "agreed language", "fallback": "fallback"}[clause.tier]
            scope = f"; for {clause.applies_to}" if clause.applies_to else ""
            lines.append(f"- **{fix.title}**: {where} the model clause “{clause.title}” ({tier}{scope}; drawing on {draws}):")
            lines.append("")
            lines.append(_quote(clause.text))
            lines.append("")
            if clause.national:
                lines.append("  In a national law:")
                lines.append("")
                lines.append(_quote(clause.national))
                lines.append("")
        else:
            lines.append(f"- **{fix.title}**: inserts “{(fix.text or '').strip()}”")
    return lines


def rule_markdown(rule: Rule, ruleset: RuleSet, heading: str = "##") -> str:
    out = [f"{heading} {rule.id}: {rule.title}", ""]
    out.append(f"*Severity:* {rule.severity} · *Category:* {rule.category} · *Pack:* {rule.pack}")
    out.append("")
    out.append(f"**Message.** {rule.message}")
    out.append("")
    out.append(rule.explanation.strip())
    out.append("")
    out.append("**Cites.**")
    out.append("")
    for heading, members in grouped(ruleset.citations[c] for c in rule.cites):
        out.append(f"*{heading}:*")
        out.append("")
        for citation in members:
            link = f" ([text]({citation.url}))" if citation.url else ""
            out.append(f"- {one_line(citation)}{link}")
            if citation.caution:
                out.append(f"  *Caution:* {' '.join(citation.caution.split())}")
        out.append("")
    if rule.flag_examples:
        out.append("**Flagged, for example:**")
        out.append("")
        out.append(_quote(rule.flag_examples[0]))
        out.append("")
    if rule.pass_examples:
        out.append("**Not flagged, for example:**")
        out.append("")
        out.append(_quote(rule.pass_examples[0]))
        out.append("")
    fixes = _fix_line(rule, ruleset)
    if fixes:
        out.append("**Fixes.**")
        out.append("")
        out.extend(fixes)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def rules_markdown(ruleset: RuleSet) -> str:
    out = [
        "# Rule reference",
        "",
        "Written by `safeguard-lsp rules docs`; do not edit by hand (a test keeps it in step with `rules/`).",
        "",
        f"{len(ruleset.rules)} rules. Severity is what the rule reports by default; a `.safeguard.yaml` can change it.",
        "",
        "| Rule | Severity | Title |",
        "| --- | --- | --- |",
    ]
    for rule in ruleset.rules:
        anchor = rule.id.lower()
        out.append(f"| [{rule.id}](#{anchor}) | {rule.severity} | {rule.title} |")
    out.append("")
    for rule in ruleset.rules:
        out.append(f'<a id="{rule.id.lower()}"></a>')
        out.append("")
        out.append(rule_markdown(rule, ruleset))
    return "\n".join(out).rstrip() + "\n"

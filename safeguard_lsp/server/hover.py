"""Hover: what a flag means and the law it rests on, quoted exactly; the text
of a cited instrument's article; a defined term's definition; the opening of a
cross-referenced article."""

from __future__ import annotations

import re

from lsprotocol import types

from safeguard_lsp.ruleset import Citation, RuleSet

from .diagnostics import term_spans
from .documents import Analysis

OPENING_CHARS = 400


def quote(text: str) -> str:
    """Markdown block quote that keeps the text's own paragraphs and words."""
    paragraphs = [p.strip() for p in text.strip().splitlines()]
    return "\n>\n".join(f"> {p}" if p else ">" for p in paragraphs)


def citation_markdown(citation: Citation) -> str:
    head = f"**{citation.instrument}, {citation.article}**"
    if citation.title:
        head += f" — {citation.title}"
    parts = [head, quote(citation.text)]
    if citation.caution:
        parts.append(f"*Caution:* {citation.caution.strip()}")
    if citation.url:
        parts.append(f"[Official text]({citation.url})")
    return "\n\n".join(parts)


def _finding_sections(analysis: Analysis, ruleset: RuleSet, offset: int) -> list[str]:
    sections = []
    for finding in analysis.result.findings:
        if not (finding.start <= offset <= finding.end):
            continue
        rule = ruleset.rule(finding.rule_id)
        title = finding.title or (rule.title if rule else finding.rule_id)
        parts = [f"### {title}", f"{finding.message} ({finding.rule_id})"]
        if rule is not None and rule.explanation:
            parts.append(rule.explanation.strip())
        cites = [ruleset.citations[c] for c in finding.citations if c in ruleset.citations]
        if cites:
            parts.append("**The law it rests on**")
            parts.extend(citation_markdown(c) for c in cites)
        sections.append("\n\n".join(parts))
    return sections


def citation_for(ruleset: RuleSet, instrument: str, article: str | None) -> Citation | None:
    if not article:
        return None
    number = re.match(r"\d+", article)
    key = f"{instrument.lower()}-{number.group() if number else article}"
    return ruleset.citations.get(key)


def _reference_sections(analysis: Analysis, ruleset: RuleSet, offset: int) -> list[str]:
    sections = []
    draft = analysis.draft
    for reference in draft.references:
        if not (reference.start <= offset <= reference.end):
            continue
        if reference.instrument:
            citation = citation_for(ruleset, reference.instrument, reference.article)
            if citation is not None:
                sections.append(citation_markdown(citation))
            else:
                sections.append(
                    f"“{reference.text}” refers to another instrument; its text is not among the provisions "
                    "the rule set quotes."
                )
            continue
        for target in reference.targets[:5]:
            sections.append(unit_preview(draft, target))
    return sections


def unit_preview(draft, unit) -> str:
    text = draft.text
    article = unit if unit.kind == "article" else unit.enclosing("article")
    head = unit.label[:1].upper() + unit.label[1:]
    if article is not None and article is not unit:
        head = f"{article.label}, {unit.label}"
    if article is not None and article.title:
        head += f" — {article.title}"
    body_start = unit.body_start if unit.body_start and unit.body_start >= unit.start else unit.start
    opening = " ".join(text[body_start:unit.end].split())
    if len(opening) > OPENING_CHARS:
        opening = opening[:OPENING_CHARS].rsplit(" ", 1)[0] + " …"
    return f"**{head}**\n\n{quote(opening)}" if opening else f"**{head}**"


def _term_sections(analysis: Analysis, offset: int) -> list[str]:
    draft = analysis.draft
    sections = []
    if not draft.terms:
        return sections
    # Uses through the analysis's index of term uses (a long draft has
    # thousands); definitions themselves are few.
    found = list(term_spans(analysis).overlapping(offset - 1, offset + 1))
    found += [t for t in draft.terms if t.start <= offset <= t.end and t not in found]
    for term in found:
        definition = " ".join(draft.text[term.definition_start:term.definition_end].split())
        where = term.unit.enclosing("article")
        place = f" (defined in {where.label})" if where is not None else ""
        sections.append(f"**“{term.term}”**{place}\n\n{quote(definition)}")
    return sections


def hover(analysis: Analysis, ruleset: RuleSet, position: types.Position, markdown: bool) -> types.Hover | None:
    offset = analysis.index.offset(position)
    sections = (_finding_sections(analysis, ruleset, offset) + _reference_sections(analysis, ruleset, offset)
                + _term_sections(analysis, offset))
    if not sections:
        return None
    value = "\n\n---\n\n".join(sections)
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(contents=types.MarkupContent(kind=kind, value=value))

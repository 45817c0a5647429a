"""Hover: what a flag means and the authorities it rests on, one line each and
grouped by kind, then (in a second section, once however many findings cite
them) the explanation and the cited texts quoted exactly; the text of a cited
instrument's article; a defined term's definition; the opening of a
cross-referenced article (``textDocument/hover``)."""

from __future__ import annotations

import re

from lsprotocol import types

from safeguard_lsp.authorities import grouped, one_line
from safeguard_lsp.ruleset import Citation, RuleSet
from safeguard_lsp.reading import reading_line

from ..diagnostics import term_spans
from ..documents import Analysis
from ..handlers import about_draft_line

OPENING_CHARS = 400


def quote(text: str) -> str:
    """Markdown block quote that keeps the text's own paragraphs and words."""
    paragraphs = [p.strip() for p in text.strip().splitlines()]
    return "\n>\n".join(f"> {p}" if p else ">" for p in paragraphs)


def citation_markdown(citation: Citation) -> str:
    head = f"**{citation.instrument}, {citation.article}**"
    if citation.title:
        head += f" — {citation.title}"
    if citation.by_reference:
        body = f"Cited by reference; no verified text is quoted. In our words: {citation.summary}"
    else:
        body = quote(citation.text)
    parts = [head, body]
    if citation.caution:
        parts.append(f"*Caution:* {citation.caution.strip()}")
    if citation.url:
        parts.append(f"[Official text]({citation.url})")
    return "\n\n".join(parts)


def _findings_at(analysis: Analysis, offset: int) -> list:
    return [f for f in analysis.result.findings if f.start <= offset <= f.end]


def _on_offer(finding) -> str | None:
    """The fix the editor offers first, named; its text is one quick fix away."""
    fixes = finding.fixes
    if not fixes:
        return None
    preferred = next((f for f in fixes if f.preferred), fixes[0])
    more = len(fixes) - 1
    return f"**On offer** (quick fix): {preferred.title}" + (f" (and {more} more)" if more else "")


def _finding_summary(finding, ruleset: RuleSet, draft=None) -> str:
    rule = ruleset.rule(finding.rule_id)
    title = finding.title or (rule.title if rule else finding.rule_id)
    parts = [f"### {title}", f"{finding.message} ({finding.rule_id})"]
    # What was read of the provision, from which words: a lawyer can see why, and disagree.
    reading = getattr(finding, "reading", None) or (reading_line(draft, finding.unit) if draft is not None else "")
    if reading:
        parts.append(f"*Read as:* {reading}")
    cites = [ruleset.citations[c] for c in finding.citations if c in ruleset.citations]
    for heading, members in grouped(cites):
        parts.append(f"**{heading}**\n" + "\n".join(f"- {one_line(c)}" for c in members))
    offer = _on_offer(finding)
    if offer:
        parts.append(offer)
    return "\n\n".join(parts)


def _details(findings: list, ruleset: RuleSet) -> str | None:
    """The second section: each rule's explanation and each cited text, once."""
    parts = []
    rules_seen: set[str] = set()
    cited: list[Citation] = []
    for finding in findings:
        rule = ruleset.rule(finding.rule_id)
        if rule is not None and rule.explanation and rule.id not in rules_seen:
            rules_seen.add(rule.id)
            parts.append(f"**Why ({rule.id})**\n\n{rule.explanation.strip()}")
        for cid in finding.citations:
            citation = ruleset.citations.get(cid)
            if citation is not None and citation not in cited:
                cited.append(citation)
    for heading, members in grouped(cited):
        parts.append(f"#### Texts cited: {heading.lower()}" if heading != "The law" else "#### Texts cited: the law")
        parts.extend(citation_markdown(c) for c in members)
    return "\n\n".join(parts) if parts else None


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
    findings = _findings_at(analysis, offset)
    sections = ([_finding_summary(f, ruleset, analysis.draft) for f in findings] + _reference_sections(analysis, ruleset, offset)
                + _term_sections(analysis, offset))
    details = _details(findings, ruleset)
    if details:
        sections.append(details)
    if not sections:
        return None
    value = "\n\n---\n\n".join(sections)
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(contents=types.MarkupContent(kind=kind, value=value))


def register(server) -> None:
    server.feature(types.TEXT_DOCUMENT_HOVER)(on_hover)


@about_draft_line(empty=lambda: None)
def on_hover(ls, params: types.HoverParams, document, analysis: Analysis, line: int):
    # The hover has no range, so a line moved by edits elsewhere needs no mapping back.
    position = types.Position(line=line, character=params.position.character)
    return hover(analysis, analysis.ruleset, position, ls.client.markdown_hover)

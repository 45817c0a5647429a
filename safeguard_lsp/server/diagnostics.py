"""Findings and notices as LSP diagnostics.

Each diagnostic carries in ``data`` the edits of its fixes, already converted
to editor ranges for the version it was made for, so that a code action needs
no new analysis (and can tell when the data is stale: see actions.py).
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from safeguard_lsp.findings import Finding, Notice
from safeguard_lsp.ruleset import LoadError

from .documents import Analysis
from .positions import LineIndex, range_json

SOURCE = "safeguard"

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def fixes_data(finding: Finding, index: LineIndex) -> list[dict]:
    return [
        {
            "title": fix.title,
            "preferred": fix.preferred,
            "edits": [{"range": range_json(index.range(e.start, e.end)), "newText": e.new_text} for e in fix.edits],
        }
        for fix in finding.fixes
    ]


class _TermSpans:
    """Where defined terms are used, to point a finding at the definition of a
    term it underlines (the meaning of "computer system" often decides whether
    a safeguard applies)."""

    def __init__(self, analysis: Analysis):
        spans = []
        for term in analysis.draft.terms:
            for start, end in analysis.draft.term_uses(term):
                spans.append((start, end, term))
        spans.sort(key=lambda s: (s[0], s[1]))
        self.spans = spans
        self.starts = [s[0] for s in spans]

    def overlapping(self, start: int, end: int):
        i = bisect.bisect_left(self.starts, start)
        # a use may begin a little before the finding
        i = max(0, i - 8)
        seen = set()
        spans = self.spans
        while i < len(spans):  # by index: a slice would copy the rest of the list for every finding
            s, e, term = spans[i]
            i += 1
            if s >= end:
                break
            if e > start and id(term) not in seen:
                seen.add(id(term))
                yield term


def finding_diagnostic(uri: str, finding: Finding, analysis: Analysis, terms: _TermSpans | None) -> types.Diagnostic:
    index = analysis.index
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=index.range(r.start, r.end)), message=r.message
        )
        for r in finding.related
    ]
    if terms is not None:
        for term in terms.overlapping(finding.start, finding.end):
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(uri=uri, range=index.range(term.start, term.end)),
                    message=f"“{term.term}” is defined here",
                )
            )
    return types.Diagnostic(
        range=index.range(finding.start, finding.end),
        message=finding.message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule_id,
        code_description=types.CodeDescription(href=finding.url) if finding.url else None,
        source=SOURCE,
        related_information=related or None,
        data={
            "version": analysis.version,
            "rule": finding.rule_id,
            "offsets": [finding.start, finding.end],
            "fixes": fixes_data(finding, index),
        },
    )


def notice_diagnostic(notice: Notice, analysis: Analysis) -> types.Diagnostic:
    return types.Diagnostic(
        range=analysis.index.range(notice.start, notice.end),
        message=notice.message,
        severity=SEVERITY.get(notice.severity, types.DiagnosticSeverity.Information),
        code=notice.code,
        source=SOURCE,
        data={"version": analysis.version, "notice": True},
    )


def term_spans(analysis: Analysis) -> _TermSpans:
    if analysis.term_spans is None:
        analysis.term_spans = _TermSpans(analysis)
    return analysis.term_spans


def diagnostics_for(uri: str, analysis: Analysis) -> list[types.Diagnostic]:
    """The diagnostics of an analysis, made once (the worker thread makes them
    with the check, so that publishing does not hold up the editor's requests)."""
    if analysis.diagnostics is not None and analysis.diagnostics[0] == uri:
        return analysis.diagnostics[1]
    terms = term_spans(analysis) if analysis.draft.terms else None
    out = [finding_diagnostic(uri, f, analysis, terms) for f in analysis.result.findings]
    out.extend(notice_diagnostic(n, analysis) for n in analysis.result.notices)
    analysis.diagnostics = (uri, out)
    return out


def diagnostics_json(uri: str, analysis: Analysis, converter) -> str:
    """The diagnostics of an analysis as JSON text, made once, on the worker
    thread with the check: turning the 2,000 diagnostics of a long draft into
    JSON took ~0.5 s, and on the event loop every request waited for it."""
    if analysis.diagnostics_json is not None and analysis.diagnostics_json[0] == uri:
        return analysis.diagnostics_json[1]
    text = json.dumps(converter.unstructure(diagnostics_for(uri, analysis), list[types.Diagnostic]))
    analysis.diagnostics_json = (uri, text)
    return text


def load_error_diagnostics(errors: list[LoadError], text: str | None, encoding) -> list[types.Diagnostic]:
    """Errors of a rule file or .safeguard.yaml, on the lines they name."""
    index = LineIndex(text or "", encoding)
    out = []
    for error in errors:
        line = max(error.line - 1, 0)
        if text is not None and line < index.line_count:
            start = index.starts[line]
            end = index.ends[line]
            # underline the line's content, not its indentation
            stripped = len(text[start:end]) - len(text[start:end].lstrip())
            rng = index.range(start + stripped, end)
        else:
            rng = types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=0))
        message = f"{error.key}: {error.message}" if error.key else error.message
        out.append(
            types.Diagnostic(range=rng, message=message, severity=types.DiagnosticSeverity.Error,
                             source=SOURCE, code="SG-RULE-FILE")
        )
    return out


def file_uri(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()

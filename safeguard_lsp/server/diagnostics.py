"""Findings and notices as LSP diagnostics.

Each diagnostic carries in ``data`` the version it was made for, its rule and
the offsets of its finding, so that a code action finds the finding again
(and can tell when the diagnostic is stale: see features/quick_fixes.py). The edits of the
fixes are not in it: they are made when a code action asks (most never are),
and a long draft's diagnostics were a third model clauses, re-read by the
editor at every keystroke.
"""

from __future__ import annotations

import json
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from safeguard_lsp.draft.term_spans import TermSpans, defined_here
from safeguard_lsp.finding_shapes import SOURCE, diagnostic_fields, notice_fields
from safeguard_lsp.findings import Finding, Notice
from safeguard_lsp.ruleset import LoadError

from .documents import Analysis
from .kept_diagnostics import KeptDiagnostics, finding_key, kept_pieces, phrase, shift_from, terms_of
from .positions import LineIndex

_converter = None


def _structure(data: dict) -> types.Diagnostic:
    global _converter
    if _converter is None:
        from pygls.protocol import default_converter

        _converter = default_converter()
    return _converter.structure(data, types.Diagnostic)


def term_spans(analysis: Analysis) -> TermSpans:
    """Where the analysed draft's defined terms are used (kept by the draft)."""
    return analysis.draft.term_spans()


def diagnostic_data(uri: str, analysis: Analysis, previous: Analysis | None = None) -> list[dict]:
    """The diagnostics of an analysis as the protocol's JSON data (for the
    pulled diagnostics), read back from the published text: one writer, so
    that both ways give the same diagnostics."""
    if analysis.diagnostics is not None and analysis.diagnostics[0] == uri:
        return analysis.diagnostics[1]
    out = json.loads(diagnostics_json(uri, analysis, previous))
    analysis.diagnostics = (uri, out)
    return out


def diagnostics_json(uri: str, analysis: Analysis, previous: Analysis | None = None) -> str:
    """The diagnostics as the protocol's JSON text, for publishing, made once
    (the worker thread makes it with the check, so that publishing does not
    hold up the editor's requests). ``previous``: the analysis of the
    document's previous version, whose diagnostics the findings an edit left
    as they were keep (kept_diagnostics.py).

    Written directly rather than made as dicts and then dumped (which took
    several times longer for a long draft's diagnostics): most of their strings
    (messages, rule ids, the places of defined terms) repeat, and are
    encoded once here. ``data`` is described in the module's docstring."""
    if analysis.diagnostics_json is not None and analysis.diagnostics_json[0] == uri:
        return analysis.diagnostics_json[1]
    kept = previous.kept_diagnostics if previous is not None else None
    text = _JsonWriter(uri, analysis, kept).diagnostics()
    analysis.diagnostics_json = (uri, text)
    return text


class _JsonWriter:
    """A finding as a diagnostic: ``range``, ``severity``, ``code`` (the rule),
    ``codeDescription`` (the cited provision's page, when known), ``source``,
    ``message``, ``relatedInformation`` (the places the finding names, then
    the definition in force of each defined term it underlines) and ``data``
    (``version``, ``rule``, ``offsets``). A notice: the same without code
    description or related places, its ``data`` marked ``notice``. Compact,
    as ``json.dumps`` with no spaces."""

    def __init__(self, uri: str, analysis: Analysis, previous: KeptDiagnostics | None = None):
        self.analysis = analysis
        self.index = analysis.index
        self.strings: dict = {}
        self.uri = self.string(uri)
        self.version = json.dumps(analysis.version)
        self.defined_here: dict[int, str] = {}
        # (rule, severity, message, link) -> the JSON around a finding's range,
        # places and offsets: most findings repeat their rule's.
        self.said: dict[tuple, tuple[str, str]] = {}
        draft = analysis.draft
        self.terms = term_spans(analysis) if draft.terms else None
        terms, longest = terms_of(draft), self.terms.longest_use if self.terms is not None else 0
        self.kept = analysis.kept_diagnostics = KeptDiagnostics(uri, self.index.encoding, draft.text,
                                                               self.index.line_count, terms, longest)
        self.previous = previous
        self.shift = shift_from(previous, uri, draft.text, self.index, terms, longest)

    def string(self, value) -> str:
        encoded = self.strings.get(value)
        if encoded is None:
            encoded = self.strings[value] = json.dumps(value)
        return encoded

    def range(self, start: int, end: int) -> str:
        (sl, sc), (el, ec) = self.index.line_column(start), self.index.line_column(max(start, end))
        return f'{{"start":{{"line":{sl},"character":{sc}}},"end":{{"line":{el},"character":{ec}}}}}'

    def related(self, start: int, end: int, message: str) -> str:
        return f'{{"location":{{"uri":{self.uri},"range":{self.range(start, end)}}},"message":{self.string(message)}}}'

    def diagnostics(self) -> str:
        analysis = self.analysis
        out = [self.finding(f) for f in analysis.result.findings]
        out.extend(self.notice(n) for n in analysis.result.notices)
        return "[" + ",".join(out) + "]"

    def finding(self, finding: Finding) -> str:
        related = finding.related
        related = tuple([(r.start, r.end, r.message) for r in related]) if related else ()
        key = finding_key(finding, finding.start, finding.end, related)
        pieces = None
        if self.shift is not None:
            pieces = kept_pieces(self.shift, self.previous.pieces, finding, related, key)
            if pieces is not None:
                self.kept.reused += 1
        if pieces is None:
            pieces = self.pieces(finding, related)
        self.kept.pieces[key] = pieces
        return f'{pieces[0]}{self.version}{pieces[1]}{finding.start},{finding.end}]}}}}'

    def pieces(self, finding: Finding, related_places: tuple) -> tuple[str, str, tuple, tuple]:
        """The diagnostic of a finding up to its version, from there to its
        offsets, the phrases of the defined terms used in its span, and the
        places whose lines it gives (see kept_diagnostics.py)."""
        string = self.string
        related = [self.related(s, e, message) for s, e, message in related_places]
        start, end = finding.start, finding.end
        places = [start, max(start, end)]
        for s, e, _ in related_places:
            places += (s, max(s, e))
        terms = self.terms
        phrases: tuple = ()
        if terms is not None:
            phrases = tuple({phrase(group[0].term) for group in terms.terms_over(start, end)})
            for term, count in terms.in_force(start, end):
                entry = self.defined_here.get(id(term))
                if entry is None:
                    entry = self.defined_here[id(term)] = self.related(term.start, term.end,
                                                                       defined_here(term.term, count))
                related.append(entry)
                places += (term.start, max(term.start, term.end))
        key = (finding.rule_id, finding.severity, finding.message, finding.url)
        said = self.said.get(key)
        if said is None:  # what the findings of a rule share, written once
            said = self.said[key] = (
                "," + self.fields(diagnostic_fields(finding)) + ",",
                f',"rule":{string(finding.rule_id)},"offsets":[')
        head, data = said
        where = f'"relatedInformation":[{",".join(related)}],' if related else ""
        return (f'{{"range":{self.range(start, end)}{head}{where}"data":{{"version":', data, phrases,
                tuple(places))

    def notice(self, notice: Notice) -> str:
        return (f'{{"range":{self.range(notice.start, notice.end)},{self.fields(notice_fields(notice))},'
                f'"data":{{"version":{self.version},"notice":true}}}}')

    def fields(self, fields: dict) -> str:
        """The members of ``fields`` (finding_shapes.py), without braces."""
        return ",".join(f"{self.string(name)}:{self.string(value) if isinstance(value, str) else json.dumps(value)}"
                        for name, value in fields.items())


def diagnostics_for(uri: str, analysis: Analysis, previous: Analysis | None = None) -> list[types.Diagnostic]:
    """The diagnostics as protocol objects, for the replies pygls serialises
    (pulled diagnostics), made once (``previous``: see diagnostics_json)."""
    if analysis.diagnostic_objects is not None and analysis.diagnostic_objects[0] == uri:
        return analysis.diagnostic_objects[1]
    out = [_structure(data) for data in diagnostic_data(uri, analysis, previous)]
    analysis.diagnostic_objects = (uri, out)
    return out


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
        # a ConfigWarning (a rule id naming no rule) does not stop a check: a warning
        severity = (types.DiagnosticSeverity.Warning if getattr(error, "severity", "error") == "warning"
                    else types.DiagnosticSeverity.Error)
        out.append(
            types.Diagnostic(range=rng, message=message, severity=severity, source=SOURCE, code="SG-RULE-FILE")
        )
    return out


def file_uri(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()

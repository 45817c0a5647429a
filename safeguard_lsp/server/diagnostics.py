"""Findings and notices as LSP diagnostics.

Each diagnostic carries in ``data`` the version it was made for, its rule and
the offsets of its finding, so that a code action finds the finding again
(and can tell when the diagnostic is stale: see features/quick_fixes.py). The edits of the
fixes are not in it: they are made when a code action asks (most never are),
and a long draft's diagnostics were a third model clauses, re-read by the
editor at every keystroke.
"""

from __future__ import annotations

import bisect
import json
import operator
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from safeguard_lsp.finding_shapes import SOURCE, diagnostic_fields, notice_fields
from safeguard_lsp.findings import Finding, Notice
from safeguard_lsp.ruleset import LoadError

from .documents import Analysis
from .positions import LineIndex

_converter = None


def _structure(data: dict) -> types.Diagnostic:
    global _converter
    if _converter is None:
        from pygls.protocol import default_converter

        _converter = default_converter()
    return _converter.structure(data, types.Diagnostic)


class _TermSpans:
    """Where defined terms are used, to point a finding at the definition of a
    term it underlines (the meaning of "computer system" often decides whether
    a safeguard applies).

    Kept per phrase (a draft may define one term many times: the uses are
    the same, less those inside each definition), its uses sorted by start,
    and so by end (each has the same number of words), and searched by
    bisection. One sorted list of every use of every term cost ~0.1 s to
    build for a 1 MB draft, and a search per definition rather than per
    phrase ~40 ms for its 800 findings. Which phrases a span overlaps at all
    is found first in the uses of all of them, merged (a bisection per
    finding, not one per phrase: most findings underline no defined term)."""

    def __init__(self, analysis: Analysis):
        draft = analysis.draft
        phrases: dict[int, tuple[list[int], list[int], list]] = {}
        for term in draft.terms:
            uses = draft.phrase_uses(term.term)  # one list per phrase, kept by the draft
            group = phrases.get(id(uses))
            if group is None:
                group = phrases[id(uses)] = ([s for s, _ in uses], [e for _, e in uses], [])
            group[2].append(term)
        self.phrases = [group for group in phrases.values() if group[0]]
        # Per phrase, its definitions by where they start, those starts, and
        # the furthest end among the first i of them: whether a use lies in
        # any definition is one bisection.
        self._by_start: list[tuple[list, list[int], list[int]]] = []
        for _, _, terms in self.phrases:
            ordered = sorted(terms, key=_DEFINITION_START)
            reach, furthest = [], -1
            for term in ordered:
                furthest = max(furthest, term.definition_end)
                reach.append(furthest)
            self._by_start.append((ordered, [t.definition_start for t in ordered], reach))
        every = sorted((s, e, k) for k, (starts, ends, _) in enumerate(self.phrases) for s, e in zip(starts, ends))
        self._starts = [s for s, _, _ in every]
        self._ends = [e for _, e, _ in every]
        self._phrase = [k for _, _, k in every]
        self._longest = max((e - s for s, e, _ in every), default=0)

    def _phrases_at(self, start: int, end: int) -> list[int]:
        """The phrases (indices into ``self.phrases``, ascending) with a use
        overlapping ``[start, end)``: uses no longer than the longest start
        after ``start - longest``."""
        starts, ends, phrase = self._starts, self._ends, self._phrase
        i = bisect.bisect_left(starts, start - self._longest)
        found: list[int] = []
        while i < len(starts) and starts[i] < end:
            if ends[i] > start and phrase[i] not in found:
                found.append(phrase[i])
            i += 1
        found.sort()
        return found

    def _first_uses(self, start: int, end: int, phrases: list[int] | None = None):
        """For each definition of each phrase with a use overlapping
        ``[start, end)`` (of ``phrases``, when given): (phrase, use start,
        use end, term), its first such use outside its own definition."""
        for k in self._phrases_at(start, end) if phrases is None else phrases:
            starts, ends, terms = self.phrases[k]
            first = bisect.bisect_right(ends, start)  # the first use ending after start
            for term in terms:
                i = first
                while i < len(ends) and starts[i] < end:
                    if not (starts[i] < term.definition_end and ends[i] > term.definition_start):
                        yield k, starts[i], ends[i], term
                        break
                    i += 1

    def overlapping(self, start: int, end: int):
        """The terms with a use (outside their own definition) overlapping
        ``[start, end)``, in the order of those uses in the text; a term
        defined twice, in the order of its definitions."""
        found = [(s, e, term) for _, s, e, term in self._first_uses(start, end)]
        found.sort(key=_BY_SPAN)
        return [term for _, _, term in found]

    def in_force(self, start: int, end: int) -> list[tuple[object, int]]:
        """Of the terms :meth:`overlapping` names, one definition per phrase:
        the last one before the use (else the first), with the number of
        definitions of that phrase. A draft that defines a term again (a
        protocol after its convention) is governed there by the nearer
        definition; naming all of them made each finding on a term defined
        16 times carry 16 places, half of what a long draft publishes."""
        chosen: dict[int, tuple] = {}
        slow: list[int] = []
        for k in self._phrases_at(start, end):
            uses_start, uses_end, terms = self.phrases[k]
            first = bisect.bisect_right(uses_end, start)  # the first use overlapping the span
            s, e = uses_start[first], uses_end[first]
            ordered, starts, reach = self._by_start[k]
            inside = bisect.bisect_left(starts, e)  # the definitions starting before the use ends
            if inside and reach[inside - 1] > s:
                slow.append(k)  # the use lies in a definition: each definition's own first use
                continue
            # Every definition's first use is this one: the last definition
            # before it, else the first (no two start at one place: a
            # definition starts at its quoted term).
            i = bisect.bisect_right(starts, s) - 1
            term = ordered[max(i, 0)]
            chosen[k] = (s, e, term, len(terms))
        if slow:
            for k, s, e, term in self._first_uses(start, end, slow):
                best = chosen.get(k)
                if best is None or _nearer(term, best[2], s):
                    chosen[k] = (s, e, term, len(self.phrases[k][2]))
        found = sorted(chosen.values(), key=_BY_SPAN)
        return [(term, count) for _, _, term, count in found]


_BY_SPAN = operator.itemgetter(0, 1)
_DEFINITION_START = operator.attrgetter("definition_start")


def _nearer(term, other, at: int) -> bool:
    """Whether ``term``'s definition governs a use at ``at`` rather than
    ``other``'s: the later of those before it, else the earlier."""
    if term.definition_start <= at:
        return other.definition_start > at or term.definition_start > other.definition_start
    return other.definition_start > at and term.definition_start < other.definition_start


def defined_here(term: str, definitions: int) -> str:
    """The message of a related place: the definition of a term the finding
    underlines."""
    if definitions == 1:
        return f"“{term}” is defined here"
    more = definitions - 1
    return f"“{term}” is defined here, and {more} more time{'s' if more > 1 else ''} in this draft"


def term_spans(analysis: Analysis) -> _TermSpans:
    if analysis.term_spans is None:
        analysis.term_spans = _TermSpans(analysis)
    return analysis.term_spans


def diagnostic_data(uri: str, analysis: Analysis) -> list[dict]:
    """The diagnostics of an analysis as the protocol's JSON data (for the
    pulled diagnostics), read back from the published text: one writer, so
    that both ways give the same diagnostics."""
    if analysis.diagnostics is not None and analysis.diagnostics[0] == uri:
        return analysis.diagnostics[1]
    out = json.loads(diagnostics_json(uri, analysis))
    analysis.diagnostics = (uri, out)
    return out


def diagnostics_json(uri: str, analysis: Analysis) -> str:
    """The diagnostics as the protocol's JSON text, for publishing, made once
    (the worker thread makes it with the check, so that publishing does not
    hold up the editor's requests).

    Written directly rather than made as dicts and then dumped: making 800
    diagnostics (1.5 MB) that way took ~35 ms; most of their strings
    (messages, rule ids, the places of defined terms) repeat, and are
    encoded once here. ``data`` is described in the module's docstring."""
    if analysis.diagnostics_json is not None and analysis.diagnostics_json[0] == uri:
        return analysis.diagnostics_json[1]
    text = _JsonWriter(uri, analysis).diagnostics()
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

    def __init__(self, uri: str, analysis: Analysis):
        self.analysis = analysis
        self.index = analysis.index
        self.strings: dict = {}
        self.uri = self.string(uri)
        self.version = json.dumps(analysis.version)
        self.defined_here: dict[int, str] = {}
        # (rule, severity, message, link) -> the JSON around a finding's range,
        # places and offsets: most findings repeat their rule's.
        self.said: dict[tuple, tuple[str, str]] = {}

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
        terms = term_spans(analysis) if analysis.draft.terms else None
        out = [self.finding(f, terms) for f in analysis.result.findings]
        out.extend(self.notice(n) for n in analysis.result.notices)
        return "[" + ",".join(out) + "]"

    def finding(self, finding: Finding, terms: _TermSpans | None) -> str:
        string = self.string
        related = [self.related(r.start, r.end, r.message) for r in finding.related]
        if terms is not None:
            for term, count in terms.in_force(finding.start, finding.end):
                entry = self.defined_here.get(id(term))
                if entry is None:
                    entry = self.defined_here[id(term)] = self.related(term.start, term.end,
                                                                       defined_here(term.term, count))
                related.append(entry)
        key = (finding.rule_id, finding.severity, finding.message, finding.url)
        said = self.said.get(key)
        if said is None:  # what the findings of a rule share, written once
            said = self.said[key] = (
                "," + self.fields(diagnostic_fields(finding)) + ",",
                f'"data":{{"version":{self.version},"rule":{string(finding.rule_id)},"offsets":[')
        head, data = said
        places = f'"relatedInformation":[{",".join(related)}],' if related else ""
        return f'{{"range":{self.range(finding.start, finding.end)}{head}{places}{data}{finding.start},{finding.end}]}}}}'

    def notice(self, notice: Notice) -> str:
        return (f'{{"range":{self.range(notice.start, notice.end)},{self.fields(notice_fields(notice))},'
                f'"data":{{"version":{self.version},"notice":true}}}}')

    def fields(self, fields: dict) -> str:
        """The members of ``fields`` (finding_shapes.py), without braces."""
        return ",".join(f"{self.string(name)}:{self.string(value) if isinstance(value, str) else json.dumps(value)}"
                        for name, value in fields.items())


def diagnostics_for(uri: str, analysis: Analysis) -> list[types.Diagnostic]:
    """The diagnostics as protocol objects, for the replies pygls serialises
    (pulled diagnostics), made once."""
    if analysis.diagnostic_objects is not None and analysis.diagnostic_objects[0] == uri:
        return analysis.diagnostic_objects[1]
    out = [_structure(data) for data in diagnostic_data(uri, analysis)]
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

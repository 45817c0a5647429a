"""A finding (or a notice) in each shape it is shown in: a JSON object, a
SARIF result, a line of text, the plain fields of an LSP diagnostic, and the
edits of its fixes.

Findings hold offsets into the draft's text; they stay offsets until the last
step, where the caller's converter turns them into positions: the draft's own
(`Draft.position`, code points) for the command line, the editor's (its
encoding, `server/positions.py`) for the language server. A converter is
``position(offset) -> (line, character)``, both counted from 0, or a
``range_of(start, end)`` that makes the protocol's range object.

Nothing here knows lsprotocol or pygls: the server wraps these plain values.
"""

from __future__ import annotations

from dataclasses import dataclass

from safeguard_lsp.draft.term_spans import defined_here_places
from safeguard_lsp.findings import Finding, Notice
from safeguard_lsp.reading import reading_line
from safeguard_lsp.textsafe import one_line

# The source every diagnostic names, and the protocol's DiagnosticSeverity
# numbers (the same in every version of the protocol).
SOURCE = "safeguard"
LSP_SEVERITY = {"error": 1, "warning": 2, "information": 3, "hint": 4}
SARIF_LEVEL = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}


@dataclass(frozen=True)
class Entry:
    """A finding or a notice, as the lists of findings show it."""

    start: int
    end: int
    severity: str
    code: str  # the rule's id, or the notice's code
    message: str
    unit: object = None  # the unit a finding concerns; None for a notice


def entries(findings, notices) -> list[Entry]:
    """The findings, then the notices, in one list in the order of the text."""
    out = [Entry(f.start, f.end, f.severity, f.rule_id, f.message, f.unit) for f in findings]
    out += [Entry(n.start, n.end, n.severity, n.code, n.message) for n in notices]
    out.sort(key=lambda e: e.start)
    return out


def where(unit) -> str:
    """The part of the instrument a finding concerns, as a reader names it."""
    article = unit.enclosing("article")
    if article is not None:
        return article.label
    if unit.kind == "document":
        return "the whole instrument"
    return unit.label


def document_place(source, start: int, unit) -> str:
    """"Article 7, page 2": where a reader of the Word, PDF or OpenDocument
    file ``source`` (documents.Document) finds a finding."""
    if unit.kind == "document":
        return "the whole instrument"
    return f"{where(unit)}, {source.place(start)}"


# -- positions -------------------------------------------------------------
def point(position, offset: int) -> dict:
    line, character = position(offset)
    return {"line": line, "character": character}


def lsp_range(position, start: int, end: int) -> dict:
    """The protocol's range object (also the JSON output's) for ``[start, end)``."""
    return {"start": point(position, start), "end": point(position, max(start, end))}


def range_maker(position):
    """``range_of(start, end)`` for a ``position`` converter."""
    return lambda start, end: lsp_range(position, start, end)


def sarif_region(position, start: int, end: int) -> dict:
    """SARIF's region: lines and columns counted from 1."""
    (start_line, start_column), (end_line, end_column) = position(start), position(end)
    return {"startLine": start_line + 1, "startColumn": start_column + 1,
            "endLine": end_line + 1, "endColumn": end_column + 1}


# -- fixes -------------------------------------------------------------------
def fix_dicts(finding: Finding, range_of) -> list[dict]:
    """A finding's fixes: title, whether preferred, and edits (range and new
    text), the ranges made by ``range_of`` (the JSON output's and the code
    actions' shape)."""
    return [
        {
            "title": fix.title,
            "preferred": fix.preferred,
            "edits": [{"range": range_of(e.start, e.end), "newText": e.new_text} for e in fix.edits],
        }
        for fix in finding.fixes
    ]


def sarif_fixes(finding: Finding, artifact: dict, position) -> list[dict]:
    return [
        {
            "description": {"text": fix.title},
            "artifactChanges": [{
                "artifactLocation": dict(artifact),
                "replacements": [{"deletedRegion": sarif_region(position, e.start, e.end),
                                  "insertedContent": {"text": e.new_text}} for e in fix.edits],
            }],
        }
        for fix in finding.fixes
    ]


# -- JSON ----------------------------------------------------------------------
def unit_info(unit) -> dict:
    info = {"kind": unit.kind, "number": unit.number, "title": unit.title}
    article = unit.enclosing("article")
    if article is not None and article is not unit:
        info["article"] = {"number": article.number, "title": article.title}
    return info


def finding_dict(path: str, draft, finding: Finding, source=None, position=None) -> dict:
    """The JSON object of a finding (``position``: the draft's by default)."""
    range_of = range_maker(position or draft.position)
    info = {
        "path": path,
        "rule": finding.rule_id,
        "severity": finding.severity,
        "message": finding.message,
        "title": finding.title,
        "category": finding.category,
        "range": range_of(finding.start, finding.end),
        "unit": unit_info(finding.unit),
        "citations": list(finding.citations),
        "url": finding.url,
        "reading": finding.reading or reading_line(draft, finding.unit),
        "safeguard": list(finding.safeguard),
        "fixes": fix_dicts(finding, range_of),
        "related": [{"range": range_of(r.start, r.end), "message": r.message} for r in finding.related]
        + [{"range": range_of(start, end), "message": message}
           for start, end, message in defined_here_places(draft, finding.start, finding.end)],
    }
    if source is not None:
        # The range is in the text read from the document; this is where
        # a reader of the document finds it.
        info["location"] = source.location(finding.start)
    return info


def notice_dict(path: str, draft, notice: Notice, position=None) -> dict:
    return {
        "path": path,
        "rule": notice.code,
        "severity": notice.severity,
        "message": notice.message,
        "title": "",
        "category": "notice",
        "range": lsp_range(position or draft.position, notice.start, notice.end),
        "unit": unit_info(draft.root),
        "citations": [],
        "url": None,
        "fixes": [],
        "related": [],
    }


# -- text ------------------------------------------------------------------------
def text_line(path: str, entry: Entry, position) -> str:
    """`path:line:column: severity code message` (for editors' problem
    matchers), on one line whatever the draft or its name holds."""
    line, column = position(entry.start)
    return one_line(f"{path}:{line + 1}:{column + 1}: {entry.severity} {entry.code} {entry.message}")


def document_text_line(path: str, entry: Entry, place: str) -> str:
    """The line of a Word, PDF or OpenDocument draft, which has no lines an
    editor could jump to: the article and the page or paragraph instead."""
    return one_line(f"{path}: {place}: {entry.severity} {entry.code} {entry.message}")


# -- SARIF -------------------------------------------------------------------------
def sarif_result(finding: Finding, artifact: dict, position, *, rule_index: int | None = None,
                 place: str | None = None, location_properties: dict | None = None) -> dict:
    """A finding as a SARIF result. ``place`` ("Article 7, page 2") for a
    finding in a Word or PDF file: no lines to point at, so the message and
    ``location_properties`` name the place, the region is the file's top
    (code scanning asks for a line) and no fix is offered."""
    location: dict = {"physicalLocation": {"artifactLocation": dict(artifact)}}
    message = finding.message
    if place is None:
        location["physicalLocation"]["region"] = sarif_region(position, finding.start, finding.end)
    else:
        message = f"{message} ({place})"
        location["physicalLocation"]["region"] = {"startLine": 1}
        location["properties"] = location_properties
    article = finding.unit.enclosing("article")
    if article is not None:
        location["logicalLocations"] = [{"name": article.label, "kind": "article"}]
    result = {
        "ruleId": finding.rule_id,
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [location],
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if finding.fixes and place is None:
        result["fixes"] = sarif_fixes(finding, artifact, position)
    return result


# -- LSP diagnostics -------------------------------------------------------------------
def diagnostic_fields(finding: Finding) -> dict:
    """The fields of a finding's diagnostic besides its range, related places
    and data, in the protocol's order: severity, code (the rule),
    codeDescription (the cited provision's page, when known), source and
    message. The same for every finding of a rule with one message."""
    fields: dict = {"severity": LSP_SEVERITY.get(finding.severity, 2), "code": finding.rule_id}
    if finding.url:
        fields["codeDescription"] = {"href": finding.url}
    fields["source"] = SOURCE
    fields["message"] = finding.message
    return fields


def notice_fields(notice: Notice) -> dict:
    """As :func:`diagnostic_fields`, for a notice."""
    return {"severity": LSP_SEVERITY.get(notice.severity, 3), "code": notice.code, "source": SOURCE,
            "message": notice.message}

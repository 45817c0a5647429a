"""Findings as text, JSON and SARIF 2.1.0 (the command line's formats)."""

from __future__ import annotations

from dataclasses import dataclass

from safeguard_lsp import __version__
from safeguard_lsp.draft import Draft, Unit
from safeguard_lsp.draft.term_spans import defined_here_places
from safeguard_lsp.findings import Finding, Notice
from safeguard_lsp.ruleset import RuleSet
from safeguard_lsp.reading import reading_line
from safeguard_lsp.textsafe import one_line



@dataclass
class Checked:
    """One checked file: its path as shown, the draft and what was found."""

    path: str
    draft: Draft
    findings: list[Finding]
    notices: list[Notice]
    # The Word, PDF or OpenDocument file the text was read from
    # (safeguard_lsp.documents.Document), None for a text draft.
    source: object = None


def where(unit: Unit) -> str:
    """The part of the instrument a finding concerns, as a reader names it."""
    article = unit.enclosing("article")
    if article is not None:
        return article.label
    if unit.kind == "document":
        return "the whole instrument"
    return unit.label


def document_place(item: Checked, start: int, unit: Unit) -> str:
    """"Article 7, page 2": where a reader of the document finds a finding."""
    if unit.kind == "document":
        return "the whole instrument"
    return f"{where(unit)}, {item.source.place(start)}"


def _position(draft: Draft, offset: int) -> dict:
    line, character = draft.position(offset)
    return {"line": line, "character": character}


def _range(draft: Draft, start: int, end: int) -> dict:
    return {"start": _position(draft, start), "end": _position(draft, end)}


def unit_info(unit: Unit) -> dict:
    info = {"kind": unit.kind, "number": unit.number, "title": unit.title}
    article = unit.enclosing("article")
    if article is not None and article is not unit:
        info["article"] = {"number": article.number, "title": article.title}
    return info


def finding_dict(path: str, draft: Draft, finding: Finding, source=None) -> dict:
    info = {
        "path": path,
        "rule": finding.rule_id,
        "severity": finding.severity,
        "message": finding.message,
        "title": finding.title,
        "category": finding.category,
        "range": _range(draft, finding.start, finding.end),
        "unit": unit_info(finding.unit),
        "citations": list(finding.citations),
        "url": finding.url,
        "reading": finding.reading or reading_line(draft, finding.unit),
        "safeguard": list(finding.safeguard),
        "fixes": [
            {
                "title": fix.title,
                "preferred": fix.preferred,
                "edits": [
                    {"range": _range(draft, e.start, e.end), "newText": e.new_text} for e in fix.edits
                ],
            }
            for fix in finding.fixes
        ],
        "related": [
            {"range": _range(draft, r.start, r.end), "message": r.message} for r in finding.related
        ] + [
            {"range": _range(draft, start, end), "message": message}
            for start, end, message in defined_here_places(draft, finding.start, finding.end)
        ],
    }
    if source is not None:
        # The range is in the text read from the document; this is where
        # a reader of the document finds it.
        info["location"] = source.location(finding.start)
    return info


def notice_dict(path: str, draft: Draft, notice: Notice) -> dict:
    return {
        "path": path,
        "rule": notice.code,
        "severity": notice.severity,
        "message": notice.message,
        "title": "",
        "category": "notice",
        "range": _range(draft, notice.start, notice.end),
        "unit": unit_info(draft.root),
        "citations": [],
        "url": None,
        "fixes": [],
        "related": [],
    }


def as_json(checked: list[Checked]) -> str:
    items = []
    for item in checked:
        items.extend(finding_dict(item.path, item.draft, f, item.source) for f in item.findings)
        items.extend(notice_dict(item.path, item.draft, n) for n in item.notices)
    import json  # only for --format json/sarif: text output does not pay its import

    return json.dumps(items, ensure_ascii=False, indent=2)


def as_text(checked: list[Checked]) -> str:
    lines = []
    for item in checked:
        entries = [(f.start, f.severity, f.rule_id, f.message) for f in item.findings]
        entries += [(n.start, n.severity, n.code, n.message) for n in item.notices]
        if item.source is not None:
            # A document has no lines an editor could jump to: the article
            # and the page or paragraph a reader finds it at.
            units = [(f.start, f.unit) for f in item.findings] + [(n.start, item.draft.root) for n in item.notices]
            for (start, severity, code, message), (_, unit) in sorted(zip(entries, units), key=lambda e: e[0][0]):
                lines.append(one_line(f"{item.path}: {document_place(item, start, unit)}: {severity} {code} {message}"))
            continue
        for start, severity, code, message in sorted(entries, key=lambda e: e[0]):
            line, column = item.draft.position(start)
            # One line a finding, whatever the draft or its name holds.
            lines.append(one_line(f"{item.path}:{line + 1}:{column + 1}: {severity} {code} {message}"))
    return "\n".join(lines)


_SARIF_LEVEL = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}
SRCROOT = "%SRCROOT%"


def repository_root(paths: list[str], cwd: str | None = None) -> str:
    """The folder SARIF locations are relative to: the git repository of the
    working folder, else that of the first draft, else the working folder.
    Code-scanning services resolve %SRCROOT% to their checkout, so the
    locations hold from whatever folder the check was run in."""
    import os

    cwd = os.path.abspath(cwd or os.getcwd())
    starts = [cwd] + [os.path.dirname(os.path.abspath(p)) for p in paths[:1]]
    for start in starts:
        folder = start
        while True:
            if os.path.exists(os.path.join(folder, ".git")):
                return folder
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return cwd


def artifact_location(path: str, root: str) -> dict:
    """{"uri": "drafts/law.md", "uriBaseId": "%SRCROOT%"} for a draft inside
    ``root``; an absolute file: URI for one outside it."""
    import os
    from pathlib import Path
    from urllib.parse import quote

    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, root)
    if relative.startswith(".." + os.sep) or relative == ".." or os.path.isabs(relative):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(Path(relative).as_posix()), "uriBaseId": SRCROOT}


def _logical(finding: Finding) -> list[dict]:
    article = finding.unit.enclosing("article")
    if article is None:
        return []
    return [{"name": article.label, "kind": "article"}]


def as_sarif(checked: list[Checked], ruleset: RuleSet, root: str | None = None) -> str:
    from pathlib import Path

    root = root or repository_root([c.path for c in checked])
    rules = []
    index = {}
    for rule in ruleset.rules:
        index[rule.id] = len(rules)
        cites = [ruleset.citations[c] for c in rule.cites]
        help_text = rule.explanation + "\n\nCites: " + "; ".join(f"{c.instrument}, {c.article}" for c in cites)
        help_uri = rule.url or next((c.url for c in cites if c.url), None)
        entry = {
                "id": rule.id,
                "name": rule.id.title().replace("-", ""),
                "shortDescription": {"text": rule.title},
                "fullDescription": {"text": rule.message},
                "help": {"text": help_text, "markdown": help_text},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
                "properties": {"category": rule.category, "tags": [rule.category, "human-rights"], "citations": list(rule.cites)},
        }
        if help_uri:
            entry["helpUri"] = help_uri
        rules.append(entry)
    results = []
    for item in checked:
        artifact = artifact_location(item.path, root)
        for finding in item.findings:
            start_line, start_col = item.draft.position(finding.start)
            end_line, end_col = item.draft.position(finding.end)
            location = {"physicalLocation": {"artifactLocation": dict(artifact)}}
            message = finding.message
            if item.source is None:
                location["physicalLocation"]["region"] = {
                    "startLine": start_line + 1,
                    "startColumn": start_col + 1,
                    "endLine": end_line + 1,
                    "endColumn": end_col + 1,
                }
            else:
                # A Word or PDF file has no lines to point at: the message
                # and the properties name the article and the page or
                # paragraph; code scanning asks for a line: the top of the
                # file, where the editor shows these findings too.
                message = f"{message} ({document_place(item, finding.start, finding.unit)})"
                location["physicalLocation"]["region"] = {"startLine": 1}
                location["properties"] = item.source.location(finding.start)
            logical = _logical(finding)
            if logical:
                location["logicalLocations"] = logical
            result = {
                "ruleId": finding.rule_id,
                "level": _SARIF_LEVEL[finding.severity],
                "message": {"text": message},
                "locations": [location],
            }
            if finding.rule_id in index:
                result["ruleIndex"] = index[finding.rule_id]
            if finding.fixes and item.source is None:
                result["fixes"] = [
                    {
                        "description": {"text": fix.title},
                        "artifactChanges": [
                            {
                                "artifactLocation": dict(artifact),
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "startLine": item.draft.position(e.start)[0] + 1,
                                            "startColumn": item.draft.position(e.start)[1] + 1,
                                            "endLine": item.draft.position(e.end)[0] + 1,
                                            "endColumn": item.draft.position(e.end)[1] + 1,
                                        },
                                        "insertedContent": {"text": e.new_text},
                                    }
                                    for e in fix.edits
                                ],
                            }
                        ],
                    }
                    for fix in finding.fixes
                ]
            results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "safeguard-lsp",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {
                    SRCROOT: {
                        "uri": Path(root).as_uri().rstrip("/") + "/",
                        "description": {"text": "The root of the repository checked (else the folder the check ran in)."},
                    }
                },
                "results": results,
            }
        ],
    }
    import json

    return json.dumps(sarif, ensure_ascii=False, indent=2)

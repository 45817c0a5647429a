"""Findings as text, JSON and SARIF 2.1.0 (the command line's formats)."""

from __future__ import annotations

from dataclasses import dataclass

from safeguard_lsp import __version__
from safeguard_lsp.draft import Draft, Unit
from safeguard_lsp.findings import Finding, Notice
from safeguard_lsp.ruleset import RuleSet
from safeguard_lsp.reading import reading_line



@dataclass
class Checked:
    """One checked file: its path as shown, the draft and what was found."""

    path: str
    draft: Draft
    findings: list[Finding]
    notices: list[Notice]


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


def finding_dict(path: str, draft: Draft, finding: Finding) -> dict:
    return {
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
        ],
    }


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
        items.extend(finding_dict(item.path, item.draft, f) for f in item.findings)
        items.extend(notice_dict(item.path, item.draft, n) for n in item.notices)
    import json  # only for --format json/sarif: text output does not pay its import

    return json.dumps(items, ensure_ascii=False, indent=2)


def as_text(checked: list[Checked]) -> str:
    lines = []
    for item in checked:
        entries = [(f.start, f.severity, f.rule_id, f.message) for f in item.findings]
        entries += [(n.start, n.severity, n.code, n.message) for n in item.notices]
        for start, severity, code, message in sorted(entries, key=lambda e: e[0]):
            line, column = item.draft.position(start)
            lines.append(f"{item.path}:{line + 1}:{column + 1}: {severity} {code} {message}")
    return "\n".join(lines)


_SARIF_LEVEL = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}


def as_sarif(checked: list[Checked], ruleset: RuleSet) -> str:
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
        for finding in item.findings:
            start_line, start_col = item.draft.position(finding.start)
            end_line, end_col = item.draft.position(finding.end)
            result = {
                "ruleId": finding.rule_id,
                "level": _SARIF_LEVEL[finding.severity],
                "message": {"text": finding.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": item.path},
                            "region": {
                                "startLine": start_line + 1,
                                "startColumn": start_col + 1,
                                "endLine": end_line + 1,
                                "endColumn": end_col + 1,
                            },
                        }
                    }
                ],
            }
            if finding.rule_id in index:
                result["ruleIndex"] = index[finding.rule_id]
            if finding.fixes:
                result["fixes"] = [
                    {
                        "description": {"text": fix.title},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": item.path},
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
                "results": results,
            }
        ],
    }
    import json

    return json.dumps(sarif, ensure_ascii=False, indent=2)

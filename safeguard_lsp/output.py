"""Checked drafts as text, JSON and SARIF 2.1.0 (the command line's formats).

Each finding's shape is finding_shapes.py's; here the drafts' findings are
put together into one output.
"""

from __future__ import annotations

from safeguard_lsp import __version__
from safeguard_lsp.checking import Checked
from safeguard_lsp.finding_shapes import (SARIF_LEVEL, document_place, document_text_line, entries, finding_dict,
                                          notice_dict, sarif_result, text_line)
from safeguard_lsp.ruleset import RuleSet

SRCROOT = "%SRCROOT%"


def as_json(checked: list[Checked]) -> str:
    items = []
    for item in checked:
        items.extend(finding_dict(item.path, item.draft, f, item.source) for f in item.findings)
        items.extend(notice_dict(item.path, item.draft, n) for n in item.notices)
    from safeguard_lsp import jsontext  # only for --format json/sarif: text output does not pay its import

    return jsontext.dumps(items)


def as_text(checked: list[Checked]) -> str:
    lines = []
    for item in checked:
        for entry in entries(item.findings, item.notices):
            if item.source is None:
                lines.append(text_line(item.path, entry, item.draft.position))
            else:
                place = document_place(item.source, entry.start, entry.unit or item.draft.root)
                lines.append(document_text_line(item.path, entry, place))
    return "\n".join(lines)


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


def _sarif_rule(rule, ruleset: RuleSet) -> dict:
    cites = [ruleset.citations[c] for c in rule.cites]
    help_text = rule.explanation + "\n\nCites: " + "; ".join(f"{c.instrument}, {c.article}" for c in cites)
    help_uri = rule.url or next((c.url for c in cites if c.url), None)
    entry = {
        "id": rule.id,
        "name": rule.id.title().replace("-", ""),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.message},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category, "human-rights"], "citations": list(rule.cites)},
    }
    if help_uri:
        entry["helpUri"] = help_uri
    return entry


def _sarif_results(item: Checked, root: str, index: dict[str, int]) -> list[dict]:
    artifact = artifact_location(item.path, root)
    results = []
    for finding in item.findings:
        place = properties = None
        if item.source is not None:
            place = document_place(item.source, finding.start, finding.unit)
            properties = item.source.location(finding.start)
        results.append(sarif_result(finding, artifact, item.draft.position, rule_index=index.get(finding.rule_id),
                                    place=place, location_properties=properties))
    return results


def as_sarif(checked: list[Checked], ruleset: RuleSet, root: str | None = None) -> str:
    from pathlib import Path

    root = root or repository_root([c.path for c in checked])
    rules = [_sarif_rule(rule, ruleset) for rule in ruleset.rules]
    index = {rule.id: number for number, rule in enumerate(ruleset.rules)}
    results = [result for item in checked for result in _sarif_results(item, root, index)]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "safeguard-lsp", "version": __version__, "rules": rules}},
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
    from safeguard_lsp import jsontext

    return jsontext.dumps(sarif)

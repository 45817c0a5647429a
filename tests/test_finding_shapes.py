"""One finding, one place: the command line's text, JSON and SARIF, and the
language server's diagnostics, all put each finding of a draft at the same
line and column (finding_shapes.py makes every shape from the same offsets)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from safeguard_lsp.checking import check_source
from safeguard_lsp.config import Config
from safeguard_lsp.ruleset import RuleSet

# A character outside the Basic Multilingual Plane before the findings on
# their lines: after it the editor's UTF-16 columns and the command line's
# code points differ, and each must stay in its own count.
DRAFT = """# Draft Convention

## Article 1 – Offences

Each State Party (𝐀) shall establish as a criminal offence the dissemination of false information, where appropriate.

## Article 2 – Interception

The police (𝐀) may intercept communications.
"""


def _check(path: Path, fmt: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "safeguard_lsp", "check", path.name, "--format", fmt],
                          capture_output=True, text=True, cwd=path.parent, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


def test_text_json_and_sarif_name_the_same_places(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    text = [line.split(": ", 1)[0] for line in _check(draft, "text").splitlines()]
    found = json.loads(_check(draft, "json"))
    sarif = json.loads(_check(draft, "sarif"))["runs"][0]["results"]
    assert len(found) >= 2
    def place(f):
        return f"draft.md:{f['range']['start']['line'] + 1}:{f['range']['start']['character'] + 1}"

    assert sorted(text) == sorted(place(f) for f in found)
    regions = sorted(f"draft.md:{r['locations'][0]['physicalLocation']['region']['startLine']}:"
                     f"{r['locations'][0]['physicalLocation']['region']['startColumn']}" for r in sarif)
    assert regions == sorted(place(f) for f in found if f["category"] != "notice")
    assert any("𝐀" in DRAFT.splitlines()[f["range"]["start"]["line"]] for f in found)


def test_the_editor_gets_the_same_findings_in_its_own_columns():
    from safeguard_lsp.server.diagnostics import diagnostic_data
    from safeguard_lsp.server.documents import Analysis
    from safeguard_lsp.server.positions import LineIndex

    ruleset = RuleSet.load()
    checked = check_source(DRAFT, config=Config(), ruleset=ruleset, path="draft.md")
    index = LineIndex(DRAFT, "utf-16", checked.draft.line_bounds)
    analysis = Analysis(1, checked.draft, checked.result, ruleset, checked.config, index)
    diagnostics = diagnostic_data("file:///draft.md", analysis)
    findings = checked.findings
    assert [d["code"] for d in diagnostics[:len(findings)]] == [f.rule_id for f in findings]
    for diagnostic, finding in zip(diagnostics, findings):
        line, character = checked.draft.position(finding.start)
        assert diagnostic["range"]["start"]["line"] == line
        # UTF-16: the emoji counts two units on its line, one code point in the draft's count
        before = DRAFT.splitlines()[line][:character]
        assert diagnostic["range"]["start"]["character"] == len(before.encode("utf-16-le")) // 2
        assert diagnostic["message"] == finding.message
        assert diagnostic["data"]["offsets"] == [finding.start, finding.end]

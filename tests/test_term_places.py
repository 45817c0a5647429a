"""`check --format json` names, for a finding on a defined term, where the
term is defined, as the language server's related information does (one
core function gives both: safeguard_lsp/draft/term_spans.py)."""

from __future__ import annotations

import json
import subprocess
import sys

DRAFT = (
    "Convention on cooperation\n\n"
    "Article 1 – Use of terms\n\n"
    'For the purposes of this Convention, "intercept" means to acquire the content of a communication.\n\n'
    "Article 2 – Interception\n\n"
    "Each Party shall empower its competent authorities to intercept communications in real time.\n"
)


def test_json_findings_on_a_defined_term_name_its_definition(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "safeguard_lsp", "check", "--format", "json", str(draft)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    items = json.loads(proc.stdout)
    lines = DRAFT.split("\n")
    definition_line = next(k for k, line in enumerate(lines) if '"intercept" means' in line)
    column = lines[definition_line].index('"intercept"') + 1
    on_term = [f for f in items if f["range"]["start"]["line"] == 8
               and lines[8][f["range"]["start"]["character"]:f["range"]["end"]["character"]] == "intercept"]
    assert on_term, items
    for finding in on_term:
        assert {"range": {"start": {"line": definition_line, "character": column},
                          "end": {"line": definition_line, "character": column + len("intercept")}},
                "message": "“intercept” is defined here"} in finding["related"]
    # a finding on the title underlines no defined term: no such place
    assert all("defined here" not in r["message"] for f in items if f["range"]["start"]["line"] == 0
               for r in f["related"])

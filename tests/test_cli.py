"""The command line as a user runs it: real files, the command's arguments,
output and exit status; in this process (clirun), but for the tests about
the process itself (what it imports, the README's command as typed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import run_cli
from conftest import BUDAPEST, EXAMPLES, need_shared

PACK = Path(__file__).parent / "fixtures" / "pack"
DRAFT = """Draft Convention

Article 1 – Offences

1. Each State Party shall establish as a criminal offence the dissemination of false information.

Article 2 – Interception

1. The police may intercept communications.
"""


def run(*args, stdin: bytes | None = None, cwd: Path | None = None, env=None):
    return run_cli(args, input=stdin, cwd=cwd, env=env)


def run_process(*args, stdin: bytes | None = None, cwd: Path | None = None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "safeguard_lsp", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_text_format_is_path_line_col_severity_rule_message(draft, tmp_path):
    proc = run("check", draft, "--rules", PACK, "--select", "TEST-", cwd=tmp_path)
    out = proc.stdout.decode()
    assert "draft.txt:5:80: error TEST-TERM An offence built on \"false information\" is too vague." in out
    assert "draft.txt:9:19: warning TEST-REQUIRE Interception is not authorised by a judge." in out
    assert proc.returncode == 1  # an error-level finding reaches the default fail level


def test_fail_level_and_select_ignore(draft, tmp_path):
    proc = run("check", draft, "--rules", PACK, "--select", "TEST-REQUIRE", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = run("check", draft, "--rules", PACK, "--select", "TEST-REQUIRE", "--fail-level", "warning", cwd=tmp_path)
    assert proc.returncode == 1
    proc = run("check", draft, "--rules", PACK, "--select", "TEST-", "--ignore", "TEST-TERM,TEST-REQUIRE,TEST-DOCUMENT", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == b""


def test_json_format(draft, tmp_path):
    proc = run("check", draft, "--rules", PACK, "--select", "TEST-", "--format", "json", cwd=tmp_path)
    items = json.loads(proc.stdout)
    by_rule = {i["rule"]: i for i in items}
    term = by_rule["TEST-TERM"]
    assert term["path"] == "draft.txt"
    assert term["severity"] == "error"
    assert term["range"] == {"start": {"line": 4, "character": 79}, "end": {"line": 4, "character": 96}}
    assert term["unit"]["kind"] == "paragraph" and term["unit"]["article"] == {"number": "1", "title": "Offences"}
    assert term["citations"] == ["test-privacy"]
    assert term["fixes"][0]["edits"][0]["newText"] == "defamation of a private person"
    document = by_rule["TEST-DOCUMENT"]
    assert document["unit"]["kind"] == "document"
    assert document["range"]["start"] == {"line": 0, "character": 0}


def test_sarif_format(draft, tmp_path):
    proc = run("check", draft, "--rules", PACK, "--select", "TEST-", "--format", "sarif", cwd=tmp_path)
    sarif = json.loads(proc.stdout)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["TEST-TERM"]["helpUri"] == "https://example.org/test-covenant"
    assert rules["TEST-TERM"]["help"]["text"].startswith("Vague.")
    result = next(r for r in run_["results"] if r["ruleId"] == "TEST-TERM")
    assert result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (5, 80)
    assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "TEST-TERM"


def test_stdin(tmp_path):
    proc = run("check", "-", "--rules", PACK, "--select", "TEST-TERM", "--stdin-filename", "pasted.txt",
               stdin=DRAFT.encode(), cwd=tmp_path)
    assert b"pasted.txt:5:80: error TEST-TERM" in proc.stdout


def test_broken_pack_exits_2_with_file_line_key_and_still_checks(draft, tmp_path):
    broken = tmp_path / "broken"
    (broken / "packs").mkdir(parents=True)
    (broken / "packs" / "bad.yaml").write_text("rules:\n  - id: SG-BAD\n    titel: x\n", encoding="utf-8")
    proc = run("check", draft, "--rules", PACK, "--rules", broken, "--select", "TEST-", cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "bad.yaml:3: SG-BAD.titel: unknown key (did you mean 'title'?)" in err
    assert b"TEST-TERM" in proc.stdout  # the good packs still work


def test_binary_and_undecodable_files_are_reported_and_others_checked(draft, tmp_path):
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "latin.txt").write_bytes("Article 1\n\ncaf\xe9 false information criminal offence".encode("latin-1"))
    proc = run("check", tmp_path, "--rules", PACK, "--select", "TEST-TERM", cwd=tmp_path)
    err = proc.stderr.decode()
    assert "junk.txt: this looks like a binary file" in err
    assert "latin.txt:3: the file is not UTF-8 text" in err
    assert b"draft.txt:5:80" in proc.stdout
    assert proc.returncode == 2


def test_config_file_found_upward(draft, tmp_path):
    (tmp_path / ".safeguard.yaml").write_text("rules:\n  TEST-TERM: off\n", encoding="utf-8")
    proc = run("check", draft, "--rules", PACK, "--select", "TEST-", cwd=tmp_path)
    assert b"TEST-TERM" not in proc.stdout and b"TEST-REQUIRE" in proc.stdout


def test_usage_errors_exit_2(tmp_path):
    assert run("check", tmp_path / "missing.txt").returncode == 2
    assert run("check", "--format", "xml", "x").returncode == 2
    assert run().returncode == 2


def test_rules_list_show_and_test_on_a_user_pack():
    listing = run("rules", "list", "--rules", PACK)
    assert b"TEST-REQUIRE" in listing.stdout
    show = run("rules", "show", "TEST-REQUIRE", "--rules", PACK)
    assert b"Interception without a judge" in show.stdout and b"Test Covenant on Privacy" in show.stdout
    test = run("rules", "test", PACK)
    assert test.returncode == 0, test.stdout.decode() + test.stderr.decode()
    assert b"5 rules" in test.stdout and b"0 failed" in test.stdout


def test_rules_test_names_the_failing_rule_and_example(tmp_path):
    pack = tmp_path / "pack"
    for sub in ("citations", "lexicon", "clauses"):
        (pack / sub).mkdir(parents=True)
        (pack / sub / "test.yaml").write_text((PACK / sub / "test.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (pack / "packs").mkdir()
    text = (PACK / "packs" / "test.yaml").read_text(encoding="utf-8")
    text = text.replace('pass: ["Spreading false information is regrettable.",', 'pass: ["Fake news is a criminal offence.",')
    (pack / "packs" / "test.yaml").write_text(text, encoding="utf-8")
    proc = run("rules", "test", pack)
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "TEST-TERM: pass example 1 is flagged" in out and "Fake news is a criminal offence." in out


def test_check_never_imports_pygls(draft, tmp_path):
    env = dict(os.environ, PYTHONVERBOSE="")
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "safeguard_lsp", "check", str(draft), "--rules", str(PACK)],
        capture_output=True, cwd=tmp_path, env=env, timeout=120,
    )
    imported = proc.stderr.decode()
    assert "safeguard_lsp.engine" in imported
    assert "pygls" not in imported and "lsprotocol" not in imported


def test_budapest_json_names_the_article_of_every_finding(tmp_path):
    path = need_shared(BUDAPEST)
    proc = run("check", path, "--format", "json", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    items = json.loads(proc.stdout)
    assert items
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for item in items:
        unit = item["unit"]
        if unit["kind"] == "document":
            continue
        article = unit if unit["kind"] == "article" else unit.get("article")
        assert article and article["number"], item
        # The underlined line lies after that article's heading and before the next one.
        line = item["range"]["start"]["line"]
        headings = [i for i, l in enumerate(lines) if l.strip() == f"Article {article['number']}"]
        following = [i for i, l in enumerate(lines) if l.strip() == f"Article {int(article['number']) + 1}"]
        assert headings and headings[0] <= line, item
        if following:
            assert line < following[0], item


def test_example_draft_has_findings():
    example = EXAMPLES / "weak-draft-convention.md"
    if not example.exists():
        pytest.skip("the example draft is not written yet")
    proc = run_process("check", example)  # the README's first command, as a new process
    assert proc.stdout.count(b"\n") >= 10

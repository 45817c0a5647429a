"""`check` for a person at a terminal: grouped by article, colour on a
terminal only, plain and stable when piped or with NO_COLOR, a summary by
severity on stdout, --min-severity; `--format text` unchanged."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from clirun import run_cli
from conftest import EXAMPLES

DRAFT = """# Draft

## Article 1. Offences

Each State Party shall criminalise false information, false information about elections and false information about health.

## Article 2. Interception

Each State Party shall empower its competent authorities to collect or record in real time content data of specified communications.
"""
CLI = [sys.executable, "-m", "safeguard_lsp"]


def run(*args, env=None, cwd=None):
    return run_cli(args, env=env, cwd=cwd, text=True)


def on_terminal(*args, env: dict, both=False) -> str:
    """The command's output as a terminal shows it (stdout, and stderr when ``both``, on a pty)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([*CLI, *map(str, args)], stdout=slave, stderr=slave if both else subprocess.DEVNULL,
                            env={**os.environ, "COLUMNS": "90", **env})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(master)
    return out.decode()


def test_pretty_output_groups_by_article_and_counts_repeats(tmp_path):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    proc = run("check", "draft.md", "--format", "pretty", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert lines[0] == "draft.md"
    assert "  The instrument as a whole" in lines and "  Article 1 – Offences" in lines
    assert "  Article 2 – Interception" in lines
    false_info = [line for line in lines if "SG-CONTENT-FALSE-INFO" in line]
    assert len(false_info) == 1 and "SG-CONTENT-FALSE-INFO ×3" in false_info[0]
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)
    assert "\x1b[" not in proc.stdout  # piped: no colour
    # the summary, by severity, on stdout: the counts of every finding, repeats included
    import json
    from collections import Counter

    found = Counter(f["severity"] for f in json.loads(run("check", "draft.md", "--format", "json", cwd=tmp_path).stdout))
    assert found["error"] == 3
    expected = (f"{sum(found.values())} findings in 1 draft: 3 errors, {found['warning']} warnings, "
                f"{found['information']} information.")
    assert lines[-1] == expected
    assert proc.returncode == 1


def test_min_severity_hides_lower_levels(tmp_path):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    full = run("check", "draft.md", "--format", "text", cwd=tmp_path).stdout
    assert " warning " in full
    errors_only = run("check", "draft.md", "--format", "text", "--min-severity", "error", cwd=tmp_path)
    assert errors_only.stdout.strip() and all(" error " in line for line in errors_only.stdout.splitlines())
    assert errors_only.returncode == 1


def test_text_format_is_the_default_when_piped(tmp_path):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    piped = run("check", "draft.md", cwd=tmp_path)
    explicit = run("check", "draft.md", "--format", "text", cwd=tmp_path)
    assert piped.stdout == explicit.stdout
    assert piped.stdout.startswith("draft.md:1:1: warning SG-HR-CLAUSE ")


def test_colour_on_a_terminal_and_none_with_no_color(tmp_path):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    coloured = on_terminal("check", tmp_path / "draft.md", env={})
    assert "\x1b[" in coloured and "Article 1 – Offences" in coloured
    plain = on_terminal("check", tmp_path / "draft.md", env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "Article 1 – Offences" in plain
    assert all(len(line) <= 90 for line in plain.splitlines())


def test_rich_is_not_imported_when_piped(tmp_path):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    code = ("import sys; from safeguard_lsp.cli import main; main(['check', 'draft.md', '--format', 'pretty']); "
            "print('rich loaded' if 'rich' in sys.modules else 'rich not loaded', file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert "rich not loaded" in proc.stderr


def test_rules_show_is_rendered_on_a_terminal_and_markdown_when_piped():
    piped = run("rules", "show", "SG-WEAK-MAY").stdout
    assert "**Message.**" in piped
    shown = on_terminal("rules", "show", "SG-WEAK-MAY", env={})
    assert "Message." in shown and "**Message.**" not in shown


def test_progress_on_a_folder_of_many_drafts(tmp_path):
    for n in range(7):
        (tmp_path / f"draft-{n}.md").write_text(DRAFT, encoding="utf-8")
    shown = on_terminal("check", tmp_path, env={}, both=True)
    assert "checking" in shown  # the bar, on standard error
    assert "in 7 drafts" in shown


def test_examples_in_text_format_keep_their_problem_matcher_lines():
    proc = run("check", EXAMPLES / "weak-draft-convention.md", "--format", "text", cwd=Path(EXAMPLES).parent)
    first = proc.stdout.splitlines()[0]
    assert first.startswith("examples/weak-draft-convention.md:1:1: ")

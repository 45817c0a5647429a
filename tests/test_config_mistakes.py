"""Configuration mistakes a new user makes (item 3 of the December 2026
newcomer trial): each is a located warning with a suggestion, and --strict
turns them into exit status 2, so that a CI job cannot look green while
ignoring nothing."""

from __future__ import annotations

from pathlib import Path

from clirun import run_cli
import pytest

DRAFT = """# Draft Convention

### Article 3. Illegal access

1. Each State Party shall establish as a criminal offence the access to the whole or any part of an information and communications technology system without right.

### Article 7. Dissemination of false information

<!-- safeguard: ignore SG-CONTENT-FALSE-INFOO reason="decided in plenary" -->
1. Each State Party shall establish as a criminal offence the dissemination of false information.
"""


def run(*args, cwd: Path):
    return run_cli(args, cwd=cwd, text=True)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def write_config(folder: Path, text: str) -> None:
    (folder / ".safeguard.yaml").write_text(text, encoding="utf-8")


def test_ignore_with_a_typo_is_a_located_warning(workspace):
    write_config(workspace, "# ours\nignore: [SG-WEAK-MAYY]\n")
    proc = run("check", "draft.md", cwd=workspace)
    # the file as the user would type it (relative to the folder the command runs in)
    assert ("warning: .safeguard.yaml:2: ignore: 'SG-WEAK-MAYY' names no rule "
            "(did you mean 'SG-WEAK-MAY'?)") in proc.stderr
    assert proc.returncode == 1  # findings at error level; the warning alone does not fail
    strict = run("check", "draft.md", "--strict", cwd=workspace)
    assert strict.returncode == 2
    assert "error: " in strict.stderr and "'SG-WEAK-MAYY' names no rule" in strict.stderr


def test_select_prefix_that_names_rules_is_accepted(workspace):
    write_config(workspace, "select: [SG-CONTENT-]\nignore:\n  - SG-WEAK-\n")
    (workspace / "draft.md").write_text(DRAFT.replace("SG-CONTENT-FALSE-INFOO", "SG-CONTENT-EXTREMISM"), encoding="utf-8")
    proc = run("check", "draft.md", "--strict", cwd=workspace)
    assert "names no rule" not in proc.stderr
    assert proc.returncode == 1


def test_silence_for_a_misspelt_rule(workspace):
    write_config(workspace, 'silence:\n  - rule: SG-ACESS-INTENT\n    article: "3"\n    reason: Intent is in Article 2.\n')
    proc = run("check", "draft.md", cwd=workspace)
    assert ":2: silence[0].rule: 'SG-ACESS-INTENT' names no rule (did you mean 'SG-ACCESS-INTENT'?)" in proc.stderr
    assert run("check", "draft.md", "--strict", cwd=workspace).returncode == 2


def test_silence_for_an_article_that_does_not_exist(workspace):
    write_config(workspace, 'silence:\n  - rule: SG-ACCESS-INTENT\n    article: "33"\n    reason: Intent is in Article 2.\n')
    proc = run("check", "draft.md", cwd=workspace)
    assert ":3: silence[0].article: there is no article 33 in draft.md (articles: 3, 7)" in proc.stderr
    assert proc.stderr.startswith("warning: ")
    assert run("check", "draft.md", "--strict", cwd=workspace).returncode == 2


def test_inline_comment_with_a_misspelt_rule(workspace):
    proc = run("check", "draft.md", cwd=workspace)
    assert ("draft.md:9:1: warning SG-SILENCE-UNKNOWN SG-CONTENT-FALSE-INFOO names no rule "
            "(did you mean 'SG-CONTENT-FALSE-INFO'?): this comment silences nothing.") in proc.stdout
    # and the finding it meant to silence is still there
    assert "SG-CONTENT-FALSE-INFO " in proc.stdout
    assert run("check", "draft.md", "--strict", cwd=workspace).returncode == 2


def test_rules_entry_with_a_typo_names_its_line_and_the_nearest_id(workspace):
    write_config(workspace, "rules:\n  SG-WEAK-MAY: off\n  SG-WEAK-APROPRIATE: off\n")
    proc = run("check", "draft.md", cwd=workspace)
    assert ":3: rules.SG-WEAK-APROPRIATE: unknown rule id (did you mean 'SG-WEAK-APPROPRIATE'?)" in proc.stderr
    assert proc.returncode == 2  # an error without --strict, as it always was


def test_unknown_key_inside_a_silence(workspace):
    write_config(workspace, 'silence:\n  - rule: SG-ACCESS-INTENT\n    article: "3"\n    reasn: Intent is in Article 2.\n')
    proc = run("check", "draft.md", cwd=workspace)
    assert ":4: silence[0].reasn: unknown key (did you mean 'reason'?)" in proc.stderr
    assert run("check", "draft.md", "--strict", cwd=workspace).returncode == 2


def test_command_line_ids_are_checked_too(workspace):
    proc = run("check", "draft.md", "--ignore", "SG-WEAK-MAYY", cwd=workspace)
    assert "warning: command line: --ignore: 'SG-WEAK-MAYY' names no rule (did you mean 'SG-WEAK-MAY'?)" in proc.stderr


def test_exclude_and_include_globs_when_checking_a_folder(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "notes.md").write_text(DRAFT, encoding="utf-8")
    write_config(tmp_path, 'include: ["drafts/**"]\n')
    proc = run("check", ".", cwd=tmp_path)
    assert "drafts/a.md:" in proc.stdout and "notes.md" not in proc.stdout
    write_config(tmp_path, 'exclude: ["a.md"]\n')
    proc = run("check", ".", cwd=tmp_path)
    assert "drafts/a.md" not in proc.stdout and "notes.md:" in proc.stdout
    # a file named on the command line is checked whatever the globs say
    assert "drafts/a.md:" in run("check", "drafts/a.md", cwd=tmp_path).stdout


def test_unknown_key_inside_a_rule_setting(workspace):
    write_config(workspace, "rules:\n  SG-WEAK-MAY:\n    severty: error\n")
    proc = run("check", "draft.md", cwd=workspace)
    assert "rules.SG-WEAK-MAY.severty: unknown setting (did you mean 'severity'?)" in proc.stderr
    assert proc.returncode == 2


def test_unknown_top_level_key(workspace):
    write_config(workspace, "ignor: [SG-WEAK-MAY]\n")
    proc = run("check", "draft.md", cwd=workspace)
    assert ":1: ignor: unknown setting (did you mean 'ignore'?)" in proc.stderr
    assert proc.returncode == 2


def test_a_folder_walk_skips_files_that_are_not_drafts(tmp_path):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Our drafts\n\n" + DRAFT, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Minutes of the meeting. We discussed the false information offence.\n",
                                        encoding="utf-8")
    proc = run("check", ".", cwd=tmp_path)
    assert "draft.md:" in proc.stdout
    assert "README.md:" not in proc.stdout and "notes.txt:" not in proc.stdout
    assert "note: skipped 2 files that do not read as a draft: README.md, notes.txt" in proc.stderr
    # named, a file is checked whatever it looks like
    assert "README.md:" in run("check", "README.md", cwd=tmp_path).stdout
    # and include: makes a file a draft
    write_config(tmp_path, 'include: ["*.md", "*.txt"]\n')
    included = run("check", ".", cwd=tmp_path)
    assert "README.md:" in included.stdout and "skipped" not in included.stderr

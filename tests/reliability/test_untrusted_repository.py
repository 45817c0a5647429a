"""A repository cannot hang the checker or the editor (issue 23, item 4): its
`.safeguard.yaml` and the rule folders it names are untrusted input.

- the file's size and number of values are bounded while it is read;
- the search for it stops at the workspace folder, the current folder of a
  command or the repository's root (a file above with `ignore: ["SG-"]`
  once silenced everything);
- it may name rule folders only inside the repository or the user's own
  configuration folder, and a rule folder is walked within bounds;
- a pattern of a pack that is too slow on a probe text is refused with its
  file and line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safeguard_lsp.ruleset import RuleSet

from .rawlsp import RawServer

CLI = [sys.executable, "-m", "safeguard_lsp"]
DRAFT = "Article 1\n\nEach Party shall criminalise the spreading of false information.\n"
HEAVY = r"(?:\w+\W+){0,1000}court"
TEST_RULES = Path(__file__).resolve().parents[1] / "server" / "fixtures" / "rules"


def check(cwd: Path, *args, env=None) -> tuple[subprocess.CompletedProcess, float]:
    environ = {**os.environ, "SAFEGUARD_NO_CACHE": "1", "XDG_CONFIG_HOME": str(cwd / "no-user-config"), **(env or {})}
    started = time.monotonic()
    proc = subprocess.run(CLI + ["check", *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=120)
    return proc, time.monotonic() - started


def repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "law.txt").write_text(DRAFT, encoding="utf-8")
    return repo


@pytest.mark.parametrize("body", [
    "ignore: [" + "a, " * 660_000 + "]\n",  # 2 MB flat list: over the size bound
    "ignore:\n" + "  - a\n" * 40_000,  # 240 KB: under the size bound, over the count of values
])
def test_a_huge_config_is_refused_quickly_with_its_file_and_line(tmp_path, body):
    repo = repository(tmp_path)
    (repo / ".safeguard.yaml").write_text(body, encoding="utf-8")
    proc, elapsed = check(repo, "law.txt")
    assert proc.returncode == 2, proc.stderr
    assert ".safeguard.yaml" in proc.stderr and ("larger than 256 KB" in proc.stderr or "more than 20000 values" in proc.stderr)
    assert "law.txt:3:" in proc.stdout, "the draft is still checked"
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_a_config_above_the_repository_is_not_used(tmp_path):
    repo = repository(tmp_path)
    (tmp_path / ".safeguard.yaml").write_text('ignore: ["SG-"]\n', encoding="utf-8")
    proc, _ = check(repo, "law.txt")
    assert "SG-CONTENT-FALSE-INFO" in proc.stdout, "a file above the repository's root silenced the findings"
    # Without a repository, the search stops at the current folder.
    loose = tmp_path / "loose" / "drafts"
    loose.mkdir(parents=True)
    (loose / "law.txt").write_text(DRAFT, encoding="utf-8")
    proc, _ = check(loose, "law.txt")
    assert "SG-CONTENT-FALSE-INFO" in proc.stdout


def test_the_server_does_not_search_above_the_workspace_folder(tmp_path):
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (tmp_path / ".safeguard.yaml").write_text('ignore: ["SG-"]\n', encoding="utf-8")
    server = RawServer(cwd=workspace)
    try:
        server.request(1, "initialize", {"processId": None, "rootUri": workspace.as_uri(),
                                         "capabilities": {"textDocument": {"diagnostic": {}}}})
        server.response(1, timeout=30)
        server.notify("initialized", {})
        uri = (workspace / "law.txt").as_uri()
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": DRAFT}})
        server.request(2, "textDocument/diagnostic", {"textDocument": {"uri": uri}})
        codes = [d["code"] for d in server.response(2, timeout=30)["result"]["items"]]
        assert "SG-CONTENT-FALSE-INFO" in codes, codes
    finally:
        server.kill()


@pytest.mark.parametrize("folder", ["/usr", "/", pytest.param("../elsewhere", marks=pytest.mark.slow)])
def test_rule_folders_outside_the_repository_are_refused_with_file_and_line(tmp_path, folder):
    repo = repository(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (repo / ".safeguard.yaml").write_text(f"select: [SG-]\npacks:\n  - {folder}\n", encoding="utf-8")
    proc, elapsed = check(repo, "law.txt")
    assert proc.returncode == 2
    shown = folder if folder.startswith("/") else str(tmp_path / "elsewhere")
    assert f".safeguard.yaml:3: packs: {shown} is outside this repository" in proc.stderr, proc.stderr
    assert "SG-CONTENT-FALSE-INFO" in proc.stdout
    assert elapsed < 10


@pytest.mark.slow
def test_rule_folders_inside_the_repository_or_the_users_config_are_read(tmp_path):
    repo = repository(tmp_path)
    user = tmp_path / "user-config"
    (user / "safeguard-lsp").mkdir(parents=True)
    os.symlink(TEST_RULES, user / "safeguard-lsp" / "coalition")  # the user's own link
    shutil.copytree(TEST_RULES, repo / "rules-copy")
    for packs in (f"[{user / 'safeguard-lsp' / 'coalition'}]", "[rules-copy]"):
        (repo / ".safeguard.yaml").write_text(f"packs: {packs}\n", encoding="utf-8")
        proc, _ = check(repo, "law.txt", env={"XDG_CONFIG_HOME": str(user)})
        assert "outside" not in proc.stderr, proc.stderr
        assert "TEST-FAKE-NEWS" in proc.stdout, "the pack's rules apply"
    os.symlink(TEST_RULES, repo / "our-rules")
    (repo / ".safeguard.yaml").write_text("packs: [our-rules]\n", encoding="utf-8")
    proc, _ = check(repo, "law.txt")
    assert "outside this repository" in proc.stderr, "a link inside the repository to a folder outside it"
    assert "TEST-FAKE-NEWS" not in proc.stdout


def test_a_rule_folder_is_walked_within_bounds(tmp_path):
    deep = tmp_path / "pack"
    (deep.joinpath(*["d"] * 12)).mkdir(parents=True)
    ruleset = RuleSet.load([TEST_RULES, deep])
    assert any("nested more than 8 deep" in str(e) and "pack" in str(e) for e in ruleset.errors), ruleset.errors
    assert any(r.id == "TEST-FAKE-NEWS" for r in ruleset.rules), "the other folders are still read"


def write_terms(folder: Path, patterns: list[str]) -> Path:
    (folder / "lexicon").mkdir(parents=True, exist_ok=True)
    path = folder / "lexicon" / "heavy-terms.yaml"
    lines = ["terms:", "  heavy-words:"] + [f"    - re: '{p}'" for p in patterns]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_pattern_too_slow_on_the_probe_is_refused_with_file_and_line(tmp_path):
    path = write_terms(tmp_path / "pack", [r"cyber\s+crime", HEAVY])
    started = time.monotonic()
    ruleset = RuleSet.load([TEST_RULES, tmp_path / "pack"])
    assert time.monotonic() - started < 10
    [error] = [e for e in ruleset.errors if "heavy-terms.yaml" in str(e)]
    assert f"heavy-terms.yaml:4: terms.heavy-words[1].re" in str(error).replace(str(path.parent) + os.sep, "")
    assert "takes more than 40 ms" in str(error)
    assert any(r.id == "TEST-FAKE-NEWS" for r in ruleset.rules)


def test_the_patterns_of_one_file_share_a_budget(tmp_path, monkeypatch):
    import safeguard_lsp.patternbudget as patternbudget

    monkeypatch.setattr(patternbudget, "PACK_BUDGET", 1e-9)
    write_terms(tmp_path / "pack", [r"cyber\s+crime", r"data\s+retention"])
    ruleset = RuleSet.load([tmp_path / "pack"], shipped=False)
    assert any("the most a file's patterns may" in str(e) for e in ruleset.errors), ruleset.errors


@pytest.mark.slow
def test_the_shipped_patterns_are_well_within_their_budget():
    """The shipped set is trusted at load (not measured); here each of its
    lexicon files is measured as a pack from elsewhere would be."""
    import yaml

    from safeguard_lsp.patternbudget import PackBudget
    from safeguard_lsp.ruleset import shipped_rules_dir

    files = sorted(shipped_rules_dir().rglob("*.yaml"))
    measured = 0
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "terms" not in data:
            continue
        budget = PackBudget()
        for name, entries in data["terms"].items():
            for entry in entries:
                if isinstance(entry, dict) and "re" in entry:
                    assert budget.refusal(entry["re"]) is None, f"{path.name}: {name}: {entry['re']}"
                    measured += 1
        assert budget.spent < patternbudget_pack_share(), f"{path.name} spends {budget.spent * 1000:.0f} ms"
    assert measured > 100


def patternbudget_pack_share() -> float:
    """Half the budget of a file: the shipped files keep room to spare."""
    from safeguard_lsp.patternbudget import PACK_BUDGET

    return PACK_BUDGET / 2


@pytest.mark.slow
def test_many_files_of_costly_patterns_cannot_make_a_load_long(tmp_path):
    """Each file has its own budget; measuring across a load has one too."""
    for n in range(40):
        folder = tmp_path / "pack" / f"part{n:02}" / "lexicon"
        folder.mkdir(parents=True)
        (folder / "heavy.yaml").write_text(
            f"terms:\n  heavy-{n}:\n    - re: '{HEAVY}{n}a'\n    - re: '{HEAVY}{n}b'\n", encoding="utf-8")
    started = time.monotonic()
    ruleset = RuleSet.load([tmp_path / "pack"])
    elapsed = time.monotonic() - started
    refused = [e for e in ruleset.errors if "heavy.yaml" in str(e)]
    assert len(refused) == 80, "every pattern is refused, by its cost or by the load's budget"
    assert any("the most a load may spend" in str(e) for e in refused)
    assert elapsed < 30, f"{elapsed:.1f} s"


@pytest.mark.slow
def test_a_rule_reload_runs_off_the_request_path(tmp_path):
    """Rules reloaded after a pack changed (their patterns measured, up to
    the load's budget) do not hold up the editor's requests."""
    pack = tmp_path / "coalition"
    shutil.copytree(TEST_RULES, pack)
    server = RawServer(cwd=tmp_path)
    try:
        server.request(1, "initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {},
                                         "initializationOptions": {"safeguard": {"rulePaths": [str(pack)]}}})
        server.response(1, timeout=30)
        server.notify("initialized", {})
        uri = (tmp_path / "law.txt").as_uri()
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": DRAFT}})
        hover = {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 50}}
        server.request(2, "textDocument/hover", hover)
        assert "result" in server.response(2, timeout=30)
        for n in range(80):
            (pack / "lexicon" / f"heavy-{n:02}.yaml").write_text(
                f"terms:\n  heavy-{n}:\n    - re: '{HEAVY}{n}'\n", encoding="utf-8")
        started = time.monotonic()
        server.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": (pack / "lexicon" / "heavy-00.yaml").as_uri(), "type": 1}]})
        slowest = 0.0
        for n in range(3, 13):
            sent = time.monotonic()
            server.request(n, "workspace/symbol", {"query": ""})
            assert "result" in server.response(n, timeout=30)
            slowest = max(slowest, time.monotonic() - sent)
            time.sleep(0.1)
        assert slowest < 1.0, f"a request waited {slowest:.1f} s behind the reload"
        assert time.monotonic() - started < 30
    finally:
        server.kill()

"""The compiled rule-set cache: a second load comes from it and equals the
first; an edited pack, a corrupt entry or an untrusted folder never serve a
stale or foreign rule set; SAFEGUARD_NO_CACHE=1 writes nothing."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import safeguard_lsp.yamlload
from safeguard_lsp.cli import main
from safeguard_lsp.ruleset import RuleSet

from packtexts import CITATIONS
from packtexts import LEXICON as BASE_LEXICON

LEXICON = BASE_LEXICON + """\
  surveillance:
    - surveillance
"""
CLAUSES = """\
clauses:
  - id: judge
    title: Judicial authorisation
    text: when authorised by a judge
    draws_on: [test-17]
"""


def rule(rule_id: str, when: str = "interception", message: str = "Interception is not authorised by a judge.") -> str:
    return textwrap.dedent(
        f"""\
          - id: {rule_id}
            title: Interception without a judge
            category: procedural-powers
            severity: warning
            kind: require
            when: [{when}]
            require: {{any: [judicial-authorisation], within: [unit]}}
            message: {message}
            explanation: Interception must be authorised by a judge.
            cites: [test-17]
            fixes:
              - title: Require a judge
                insert: {{clause: judge}}
            examples:
              flag: ["The police may intercept communications."]
              pass: ["The police may intercept communications when authorised by a judge."]
        """
    )


DRAFT = "Article 1\n\nThe police may intercept communications.\n\nArticle 2\n\nThe police may order surveillance.\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("SAFEGUARD_NO_CACHE", raising=False)
    return folder / "safeguard-lsp"


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    for name, text in {
        "citations.yaml": CITATIONS,
        "lexicon.yaml": LEXICON,
        "clauses.yaml": CLAUSES,
        "rules.yaml": "pack: {id: test, title: Test}\nrules:\n" + rule("SG-TEST-ONE"),
        # A broken pack: its errors must come out of the cache unchanged.
        "broken.yaml": "rules:\n" + rule("SG-TEST-BROKEN", when="intercepton"),
    }.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The rule files parsed as YAML, in order (none when the cache served)."""
    seen: list[str] = []
    real = safeguard_lsp.yamlload.load_yaml_bytes

    def counting(raw, path):
        seen.append(Path(path).name)
        return real(raw, path)

    monkeypatch.setattr(safeguard_lsp.yamlload, "load_yaml_bytes", counting)
    return seen


def load(packs: Path) -> RuleSet:
    return RuleSet.load([packs], shipped=False)


def summary(ruleset: RuleSet) -> dict:
    return {
        "rules": ruleset.rules,
        "citations": ruleset.citations,
        "clauses": ruleset.clauses,
        "terms": ruleset.terms,
        "packs": ruleset.packs,
        "errors": ruleset.errors,
        "sources": ruleset.sources,
    }


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle")) if cache.is_dir() else []


def check_output(draft: Path, packs: Path, capsys) -> tuple[int, str, str]:
    status = main(["check", str(draft), "--rules", str(packs), "--select", "SG-TEST-"])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_second_load_comes_from_the_cache_and_equals_the_first(cache, packs, parses):
    first = load(packs)
    assert [r.id for r in first.rules] == ["SG-TEST-ONE"]
    assert any("intercepton" in str(e) for e in first.errors)
    assert sorted(parses) == ["broken.yaml", "citations.yaml", "clauses.yaml", "lexicon.yaml", "rules.yaml"]
    [entry] = entries(cache)
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    parses.clear()
    second = load(packs)
    assert parses == []  # nothing parsed: it came from the cache
    assert second is not first
    assert summary(second) == summary(first)
    assert [str(e) for e in second.errors] == [str(e) for e in first.errors]
    # The lexicon is compiled again from the cached terms, and matches.
    assert second.lexicon.scan("The police intercepted it.").spans == first.lexicon.scan("The police intercepted it.").spans
    assert entries(cache) == [entry]


def test_shipped_set_from_the_cache_equals_a_fresh_load(cache, parses):
    fresh = RuleSet.load()
    assert parses and not fresh.errors
    parses.clear()
    cached = RuleSet.load()
    assert parses == []
    assert summary(cached) == summary(fresh)


def test_a_cached_check_imports_no_yaml(cache, packs, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    code = (
        "import sys\n"
        "from safeguard_lsp.cli import main\n"
        f"status = main(['check', {str(draft)!r}, '--rules', {str(packs)!r}])\n"
        "print(sorted(m for m in sys.modules if m == 'yaml' or m == 'safeguard_lsp.yamlload'))\n"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(cache.parent))

    def modules() -> str:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
        return proc.stdout.strip().splitlines()[-1]

    assert modules() == "['safeguard_lsp.yamlload', 'yaml']"  # the first run parses and writes
    assert entries(cache)
    assert modules() == "[]"


@pytest.mark.slow
def test_editing_a_pack_invalidates_the_entry(cache, packs, parses, tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    before = check_output(draft, packs, capsys)
    assert "SG-TEST-ONE" in before[1] and "SG-TEST-TWO" not in before[1]
    parses.clear()
    assert check_output(draft, packs, capsys) == before and parses == []
    rules = packs / "rules.yaml"
    # An edit that keeps the size of the file: the key is the bytes, not the size.
    text = rules.read_text(encoding="utf-8")
    edited = text.replace("message: Interception is not authorised by a judge.", "message: Interception is not approved by any judge.")
    assert len(edited) == len(text) and edited != text
    rules.write_text(edited, encoding="utf-8")
    reworded = check_output(draft, packs, capsys)
    assert "not approved by any judge" in reworded[1] and "authorised" not in reworded[1]
    # A new rule: its finding appears at once.
    rules.write_text(rules.read_text(encoding="utf-8") + rule("SG-TEST-TWO", when="surveillance"), encoding="utf-8")
    after = check_output(draft, packs, capsys)
    assert "rules.yaml" in parses
    assert "draft.txt:7:" in after[1] and "SG-TEST-TWO" in after[1]
    # A new error: reported at once, and the pack's rules are skipped.
    rules.write_text(rules.read_text(encoding="utf-8").replace("category: procedural-powers", "categroy: x", 1), encoding="utf-8")
    status, out, err = check_output(draft, packs, capsys)
    assert status == 2 and "categroy" in err and "SG-TEST-ONE" not in out
    # A pack added to the folder is read too.
    (packs / "more.yaml").write_text("rules:\n" + rule("SG-TEST-MORE", message="Another finding."), encoding="utf-8")
    assert any(r.id == "SG-TEST-MORE" for r in RuleSet.load([packs]).rules)  # as the command line loads
    # One entry for the folders, rewritten each time, not one per edit.
    assert len(entries(cache)) == 1


@pytest.mark.parametrize("damage", ["garbage", *(pytest.param(d, marks=pytest.mark.slow)
                                                 for d in ("truncated", "empty", "other-key"))])
def test_a_corrupt_entry_is_ignored_and_rewritten(cache, packs, parses, tmp_path, capsys, damage):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    expected = check_output(draft, packs, capsys)
    [entry] = entries(cache)
    data = entry.read_bytes()
    header, _, body = data.partition(b"\n")
    damaged = {
        "garbage": b"\x80\x05not a pickle at all" * 10,
        "truncated": header + b"\n" + body[: len(body) // 2],
        "empty": b"",
        "other-key": b"0" * len(header) + b"\n" + body,
    }[damage]
    entry.write_bytes(damaged)
    parses.clear()
    assert check_output(draft, packs, capsys) == expected
    assert parses  # loaded from the YAML again
    assert entry.read_bytes() == data  # and the entry written again
    parses.clear()
    assert check_output(draft, packs, capsys) == expected and parses == []


def test_an_entry_that_is_no_rule_set_is_ignored(cache, packs, parses):
    load(packs)
    [entry] = entries(cache)
    header = entry.read_bytes().partition(b"\n")[0]
    entry.write_bytes(header + b"\n" + pickle.dumps({"rules": []}))
    parses.clear()
    assert [r.id for r in load(packs).rules] == ["SG-TEST-ONE"] and parses


def test_no_cache_variable_writes_nothing(cache, packs, parses, monkeypatch):
    monkeypatch.setenv("SAFEGUARD_NO_CACHE", "1")
    load(packs)
    parses.clear()
    assert [r.id for r in load(packs).rules] == ["SG-TEST-ONE"]
    assert parses  # parsed again
    assert not cache.exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_writable_by_others_is_not_used(cache, packs, parses):
    load(packs)
    assert entries(cache)
    cache.chmod(0o777)
    try:
        parses.clear()
        load(packs)
        assert parses  # the entry there was not trusted
    finally:
        cache.chmod(0o700)
    parses.clear()
    load(packs)
    assert parses == []


def test_an_unwritable_cache_folder_is_no_error(tmp_path, packs, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv("SAFEGUARD_NO_CACHE", raising=False)
    assert [r.id for r in load(packs).rules] == ["SG-TEST-ONE"]
    assert blocker.is_file()


def test_a_rule_set_with_its_lexicon_compiled_still_pickles(packs, cache):
    ruleset = load(packs)
    assert ruleset.lexicon.scan("intercept").spans  # compiles the RE2 programs
    clone = pickle.loads(pickle.dumps(ruleset))
    assert clone._lexicon is None and ruleset._lexicon is not None
    assert clone.lexicon.scan("intercept").spans == ruleset.lexicon.scan("intercept").spans


def test_paths_are_shown_as_from_the_working_folder_of_each_load(cache, packs, monkeypatch):
    # Rules and errors name their files relative to the working folder; a
    # rule set cached from one folder must not be served to another.
    monkeypatch.chdir(packs)
    assert {e.path for e in load(packs).errors} == {"broken.yaml"}
    monkeypatch.chdir(packs.parent)
    assert {e.path for e in load(packs).errors} == {os.path.join("packs", "broken.yaml")}
    assert {r.path for r in load(packs).rules} == {os.path.join("packs", "rules.yaml")}


def test_the_language_server_reads_the_cache_but_never_writes_it(cache, packs, parses):
    """The server writes no file but the documents it is asked to edit: it
    loads without writing an entry, and uses one the command line wrote."""
    from safeguard_lsp.server.rule_loading import RuleSets

    RuleSets().get((str(packs),))
    assert "rules.yaml" in parses and entries(cache) == []
    RuleSet.load([packs.resolve()])  # as the command line loads it, writing the entry
    [entry] = entries(cache)
    written = entry.stat().st_mtime_ns
    parses.clear()
    served = RuleSets().get((str(packs),))
    assert parses == [] and [r.id for r in served.rules if r.id.startswith("SG-TEST")] == ["SG-TEST-ONE"]
    assert entries(cache) == [entry] and entry.stat().st_mtime_ns == written


def test_the_cache_keeps_the_entries_written_last(cache):
    """Each package version, code change or set of rule folders writes an
    entry of its own: beyond rulecache.KEEP, those written longest ago go
    when one is written (and are written again when next needed)."""
    from safeguard_lsp import rulecache

    entries = [rulecache.Entry(cache, f"entry{i:02}", f"key{i}") for i in range(rulecache.KEEP + 4)]
    for i, one in enumerate(entries):
        one.write({"n": i})
        os.utime(one.path, ns=(10**18 + i * 10**9, 10**18 + i * 10**9))  # written one second apart
    kept = sorted(p.stem for p in cache.glob("*.pickle"))
    assert kept == [f"entry{i:02}" for i in range(4, rulecache.KEEP + 4)]
    assert entries[0].read() is None and entries[4].read() == {"n": 4}
    entries[0].write({"n": 0})  # needed again: written again, and the oldest kept goes
    kept = sorted(p.stem for p in cache.glob("*.pickle"))
    assert "entry00" in kept and "entry04" not in kept and len(kept) == rulecache.KEEP

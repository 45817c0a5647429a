"""Any text is safe to check, and rule packs are data: the core and the
loader under inputs meant to break them (complementing tests/test_engine.py,
tests/test_patterns.py, tests/test_ruleset_loading.py and tests/test_cli.py)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguard_lsp.config import Config
from safeguard_lsp.checking import check_source
from safeguard_lsp.ruleset import RuleSet
from safeguard_lsp.yamlload import YamlProblem, load_yaml_text

from .conftest import FUZZ_EXAMPLES

PACKAGE = Path(__file__).resolve().parents[2] / "safeguard_lsp"
TEST_RULES = Path(__file__).resolve().parents[1] / "server" / "fixtures" / "rules"
RULESET = RuleSet.load([TEST_RULES])
WORDS = ["Article 1.", "## Article 2", "# Chapter I", "1.", "(a)", "shall", "may", "fake news", "intercept",
         "\"term\" means", "as appropriate", "<!-- safeguard: ignore TEST-FAKE-NEWS -->", "<!--", "-->",
         "\n", "\r\n", "\r", " ", "- ", "> ", "|", "```", "\x00", "\ud800", "\udfff", "😀", "e\u0301"]
any_text = st.one_of(
    st.text(alphabet=st.characters(codec=None), max_size=300),  # any code point, lone surrogates included
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=60).map("".join),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)


def _check(text: str, syntax: str | None, **config):
    result = check_source(text, config=Config(**config), ruleset=RULESET, syntax=syntax).result
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text), finding
        for fix in finding.fixes:
            for edit in fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text), edit
    return result


@pytest.mark.slow
@settings(max_examples=FUZZ_EXAMPLES * 8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, syntax=st.sampled_from([None, "markdown", "text"]))
def test_the_engine_never_raises_on_any_text(text, syntax):
    result = _check(text, syntax)
    assert not [n for n in result.notices if n.code == "SG-RULE-FAILED"]


def test_lone_surrogates_arriving_through_json():
    text = json.loads('"## Article 1. Offences\\n\\nEach Party shall criminalise \\ud83d fake news \\udfff."')
    result = _check(text, "markdown")
    assert [f.rule_id for f in result.findings].count("TEST-FAKE-NEWS") == 1


@pytest.mark.parametrize("name, text", [
    ("empty", ""),
    ("only newlines", "\r\n" * 1000 + "\r" * 1000),
    pytest.param("a single 1 MB line", "Each Party shall criminalise fake news, as appropriate; " * 18_000,
                 marks=pytest.mark.slow),
    pytest.param("deeply nested lists", "".join("  " * i + "- item\n" for i in range(2_000)), marks=pytest.mark.slow),
    ("deeply nested quotes", "> " * 50_000 + "fake news\n"),
    ("unbalanced brackets", "(" * 100_000 + "[" * 100_000),
    pytest.param("binary junk", bytes(range(256)).decode("latin-1") * 4_000, marks=pytest.mark.slow),
    ("a long unbroken token", "x" * 1_000_000),
])
def test_hostile_drafts_are_checked_quickly(name, text):
    started = time.monotonic()
    _check(text, "markdown")
    assert time.monotonic() - started < 30, name


@pytest.mark.slow
def test_a_ten_megabyte_draft_gets_one_size_notice_not_a_hang():
    article = ("## Article {n}. Measures\n\nEach Party shall adopt measures on fake news in case {n}, "
               "as appropriate, and may intercept content data.\n\n")
    text = "".join(article.format(n=n) for n in range(1, 10_000_000 // len(article) + 2))
    assert len(text) >= 10_000_000
    started = time.monotonic()
    result = _check(text, "markdown", max_size=1_000_000)
    notices = [n for n in result.notices if n.code == "SG-SIZE-LIMIT"]
    assert len(notices) == 1 and notices[0].severity == "information" and "max_size" in notices[0].message
    assert all(f.start < 1_000_000 for f in result.findings)
    assert time.monotonic() - started < 60


# -- rule packs are data -------------------------------------------------------
@pytest.mark.parametrize("text", ["[" * 50_000 + "]" * 50_000, "{a: " * 20_000 + "1" + "}" * 20_000,
                                  "- " * 5_000 + "x"])
def test_deeply_nested_yaml_is_refused_with_a_message(text):
    """Regression: PyYAML composes recursively, and `[[[[…` raised
    RecursionError out of the loader (a crash of `check` and of the server's
    rule loading) instead of a problem naming the file."""
    try:
        load_yaml_text(text, "pack.yaml")
    except YamlProblem as problem:
        assert "pack.yaml" in str(problem)


def test_a_deeply_nested_pack_does_not_stop_the_other_packs(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "bomb.yaml").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    ruleset = RuleSet.load([TEST_RULES, tmp_path])
    assert any("too deeply" in str(e) for e in ruleset.errors)
    assert any(r.id == "TEST-FAKE-NEWS" for r in ruleset.rules)


def test_an_oversized_pack_is_refused_before_parsing(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "huge.yaml").write_text("rules:\n" + "# padding\n" * 300_000, encoding="utf-8")
    started = time.monotonic()
    ruleset = RuleSet.load([tmp_path], shipped=False)
    assert any("larger than" in str(e) for e in ruleset.errors)
    assert time.monotonic() - started < 5


@pytest.mark.slow
@settings(max_examples=FUZZ_EXAMPLES * 8, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("[]{}:,-&*!|>'\"# \nab1\t?%@`")), max_size=200))
def test_the_yaml_loader_answers_any_text_with_data_or_a_problem(text):
    try:
        load_yaml_text(text, "fuzz.yaml")
    except YamlProblem:
        pass


def test_no_code_path_of_the_package_writes_files():
    """The server and the checker only read: fixes are WorkspaceEdits the
    editor applies. The only writers allowed are the CLI's explicit outputs
    (the rule reference and reports the user asks for), the log file, and the
    compiled rule-set cache in the user's own cache folder (rulecache.py)."""
    allowed = {"cli.py", "main.py", "rulecache.py"}
    writes = re.compile(r"\.write_text\(|\.write_bytes\(|open\([^)]*['\"][wax]b?\+?['\"]|os\.(remove|unlink|rename|replace)\(|shutil\.")
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if writes.search(line) and path.name not in allowed:
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []

"""The parser's and the reading's ``re`` patterns are built from programs an
earlier process kept (keptpatterns.py): each must be the pattern
``re.compile`` makes, match for match."""

from __future__ import annotations

import re

import pytest

import safeguard_lsp.draft  # noqa: F401  (registers the parser's patterns)
import safeguard_lsp.reading  # noqa: F401  (registers the reading's)
from conftest import EXAMPLES
from safeguard_lsp import keptpatterns


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """A cache folder of its own, and the module as a new process has it."""
    monkeypatch.delenv("SAFEGUARD_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(keptpatterns, "_PROGRAMS", None)
    monkeypatch.setattr(keptpatterns, "_TRIED", set())
    monkeypatch.setattr(keptpatterns, "_WRITING", True)  # as `check` does (keep_for_next_run)
    return tmp_path


def _texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.md"))] + [
        "ARTICLE 5 – Search\n§\u00a012(a)(1)(A) The police … may “intercept” data.\n\n1. Short title This Act …"]


def test_the_registered_patterns_cover_the_parser_and_the_reading():
    patterns = {pattern for pattern, _ in keptpatterns._REGISTERED}
    assert len(patterns) >= 60
    from safeguard_lsp.draft import headings
    from safeguard_lsp.reading import cues

    assert headings._ARTICLE_HEAD.pattern in patterns  # (a lazy pattern compiles on reading it)
    assert cues.AUTHORISING_BEFORE.pattern in patterns


def test_a_pattern_from_its_kept_program_matches_as_re_compile_does(fresh, monkeypatch):
    registered = list(keptpatterns._REGISTERED)
    first = {key: keptpatterns.compiled(*key) for key in registered}  # builds and writes the programs
    # A new process: the programs come from disk, nothing is parsed.
    monkeypatch.setattr(keptpatterns, "_PROGRAMS", None)
    monkeypatch.setattr(keptpatterns, "_TRIED", set())

    def no_parsing(pattern, flags):
        raise AssertionError(f"parsed again: {pattern[:60]!r}")

    monkeypatch.setattr(keptpatterns, "_program", no_parsing)
    texts = _texts()
    for key in registered:
        kept = keptpatterns.compiled(*key)
        plain = re.compile(*key)
        assert first[key].pattern == plain.pattern
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (
            plain.pattern, plain.flags, plain.groups, plain.groupindex), key
        for text in texts:
            assert [m.span() + m.groups() for m in kept.finditer(text)] == [
                m.span() + m.groups() for m in plain.finditer(text)], key


def test_without_a_cache_the_patterns_are_compiled_from_source(fresh, monkeypatch):
    monkeypatch.setenv("SAFEGUARD_NO_CACHE", "1")
    key = next(iter(keptpatterns._REGISTERED))
    assert keptpatterns.compiled(*key) is re.compile(*key)  # re's own cache: compiled by re
    assert not any(fresh.rglob("*.pickle"))


def test_a_process_that_writes_nothing_keeps_no_program(fresh, monkeypatch):
    """The language server writes no file: only `check` keeps the programs."""
    monkeypatch.setattr(keptpatterns, "_WRITING", False)
    key = next(iter(keptpatterns._REGISTERED))
    assert keptpatterns.compiled(*key).pattern == key[0]
    assert not any(fresh.rglob("*.pickle"))


def test_what_check_keeps_for_its_next_run_includes_the_programs(fresh, monkeypatch):
    from safeguard_lsp.reading import disk

    monkeypatch.setattr(keptpatterns, "_WRITING", False)
    monkeypatch.setattr(disk, "_WRITING", False)
    disk.keep_for_next_run()  # what the `check` command calls first
    key = next(iter(keptpatterns._REGISTERED))
    keptpatterns.compiled(*key)
    assert any(fresh.rglob("*.pickle"))

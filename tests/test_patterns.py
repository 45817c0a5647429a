"""Matching is case-insensitive, white-space-flexible, whole-word with Unicode
boundaries, and reports str offsets even in text with multi-byte characters."""

from __future__ import annotations

import pytest

from safeguard_lsp.patterns import Lexicon, PatternError, check_inner, phrase_to_regex


def scan(terms: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    lexicon = Lexicon({name: [phrase_to_regex(p) for p in phrases] for name, phrases in terms.items()})
    return {name: [text[s:e] for s, e in spans] for name, spans in lexicon.scan(text).spans.items()}


def test_whole_words_with_accented_neighbours():
    text = "A Party may act; the mayor may not; émay and mayé are not words here. MAY."
    assert scan({"modal": ["may"]}, text) == {"modal": ["may", "may", "MAY"]}


def test_adjacent_occurrences_are_all_found():
    assert scan({"modal": ["may"]}, "may may may") == {"modal": ["may", "may", "may"]}


def test_whitespace_hyphen_and_quote_variants():
    text = "co-operation, cooperation and co operation; the Party’s “data” and dishonest\n   intent"
    found = scan({"coop": ["co-operation"], "quoted": ["Party's \"data\""], "intent": ["dishonest intent"]}, text)
    assert found["coop"] == ["co-operation", "cooperation", "co operation"]
    assert found["quoted"] == ["Party’s “data”"]
    assert found["intent"] == ["dishonest\n   intent"]


def test_offsets_are_code_points_after_emoji_and_cjk():
    text = "😀 网络 false information ✓ — false  information"
    found = Lexicon({"fi": [phrase_to_regex("false information")]}).scan(text).spans["fi"]
    assert [text[s:e] for s, e in found] == ["false information", "false  information"]


def test_lone_surrogate_does_not_break_scanning():
    text = "a \ud800 false information"
    found = Lexicon({"fi": [phrase_to_regex("false information")]}).scan(text).spans["fi"]
    assert [text[s:e] for s, e in found] == ["false information"]


@pytest.mark.parametrize("pattern", ["", "a*", "x|", ".", "(?:the)?", "\\w+"])
def test_trivial_patterns_are_refused(pattern):
    with pytest.raises(PatternError):
        check_inner(pattern)


def test_broken_pattern_is_refused_with_re2_reason():
    with pytest.raises(PatternError, match="RE2 cannot compile"):
        check_inner("(unclosed")


def test_catastrophic_pattern_is_linear():
    # (a+)+b backtracks exponentially in re; RE2 answers at once.
    lexicon = Lexicon({"evil": ["(a+)+b"]})
    assert lexicon.scan("a" * 50_000 + "c").spans.get("evil") is None

"""Matching is case-insensitive, white-space-flexible, whole-word with Unicode
boundaries, and reports str offsets even in text with multi-byte characters."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
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


# -- word boundaries listed per text instead of RE2's Unicode tables ----------
# The lexicon's boundary class lists the word characters of the blocks a text
# draws on (patterns.py, _ASCII_WORD); every match must be the one the Unicode
# class [^\pL\pN\pM_] gives.

# Characters where "word or not" is easy to get wrong: letters of other
# scripts, titlecase and case-folding oddities (Kelvin sign, long s, dotted
# and dotless i, final sigma, ﬀ), combining marks, numbers that are not
# digits, symbols that have case (Ⓐ ⓐ), spaces, quotes and dashes.
TRICKY = (
    "aAzZ09_ -.,;:'\"\n\t"
    "éÉßẞœŒçÇñøÅµªº²³¹¼"
    "\u212a\u017f\u0130\u0131Σσςﬀǅ\u0345\u0301\u20dd"
    "٣०Ⅻ①ⅰ\u24b6\u24d0\u00a0\u2009\u2028“”‘’–—…§¶€"
    "网络データ𝐀𝟘😀\ufffd"
)
WORDS = ["may", "false information", "données", "straße", "σύστημα", "网络", "k", "s"]
TERMS = {
    "words": [phrase_to_regex(w) for w in WORDS],
    "pattern": ["intercept(s|ed|ing)?", "\\pL+ung", "d[^.;]{0,20}x"],
}


def unicode_scan(terms, text, bounds=None):
    return Lexicon(terms, unicode_boundaries=True).scan(text, bounds).spans


def test_the_ascii_word_characters_are_those_of_the_unicode_class():
    import re2

    from safeguard_lsp.patterns import _ASCII_WORD, _NOT_WORD, _options

    unicode_class = re2.compile(_NOT_WORD, _options())
    listed = re2.compile(f"[^{_ASCII_WORD}]", _options())
    for point in range(128):
        char = chr(point)
        assert (unicode_class.fullmatch(char) is None) == (listed.fullmatch(char) is None), repr(char)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(["_", "may", " ", "may", "_"])
@example(["é", "may", "\u00a0", "may", "²", " ", "straße", "ß"])
@example(["\u212a", " k ", "\u017f", "s ", "ǅ", "σύστημα", "ς"])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=TRICKY, max_size=4)), max_size=30))
def test_listed_boundaries_match_exactly_as_the_unicode_class(pieces):
    text = "".join(pieces)
    assert Lexicon(TERMS).scan(text).spans == unicode_scan(TERMS, text)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_listed_boundaries_on_any_text(text):
    assert Lexicon(TERMS).scan(text).spans == unicode_scan(TERMS, text)


def test_a_lexicon_grows_its_class_across_texts_and_stays_exact():
    """One lexicon for many texts (the server's, a folder of drafts): each text
    with word characters of new blocks compiles the class again, and past
    the limit of blocks the Unicode class takes over."""
    from safeguard_lsp import patterns

    lexicon = Lexicon(TERMS)
    texts = [
        "The police may intercept data; false information.",
        "“Quoted” – dashed – may ² intercepted",  # seeded blocks: no new compile
        "Les données may; straße may ǅmay Kmay ſmay",
        "σύστημα may; Σmay σ-may; данные may",
        "网络 may; データ may; 𝐀may 😀 may \ud800 may",
    ]
    compiled = []
    for text in texts:
        assert lexicon.scan(text).spans == unicode_scan(TERMS, text), text
        compiled.append(lexicon._state[1])
    assert compiled[0] is compiled[1]  # curly quotes and dashes are in the first class
    assert compiled[2] is not compiled[1]
    letters = "".join(chr(block << 7 | 0x41) + " may " for block in range(0x100, 0x100 + patterns._MAX_BLOCKS))
    assert lexicon.scan(letters).spans == unicode_scan(TERMS, letters)
    assert lexicon._state[0] is None  # too many blocks: the Unicode class
    for text in texts:
        assert lexicon.scan(text).spans == unicode_scan(TERMS, text)


@pytest.mark.slow
def test_the_shipped_lexicon_matches_as_with_the_unicode_class(shipped, budapest_text):
    variants = (
        budapest_text,
        budapest_text.upper(),
        budapest_text.replace(" ", "\u00a0"),  # non-ASCII spaces as boundaries
        budapest_text.replace(" the ", " thé").replace(" of ", " ofǅ"),  # words run into accented ones
        budapest_text.replace(" s", " \u017f").replace(" k", " \u212a"),  # long s and Kelvin sign fold to s and k
        budapest_text.replace("data", "dàta").replace("-", "\u2011"),
    )
    for text in variants:
        # Every shipped term, not only those the rules name (the lexicon a check scans).
        assert Lexicon(shipped.terms).scan(text).spans == Lexicon(shipped.terms, unicode_boundaries=True).scan(text).spans


# A term is the alternation of its patterns; the lexicon searches each
# distinct pattern on its own and derives the alternation's matches from
# theirs (patterns._TermMatches). The reference below compiles each term's
# alternation whole, as RE2 would search it, with groups reported.


def alternation_scan(terms: dict[str, list[str]], text: str, bounds: list[int] | None = None):
    import re2

    from safeguard_lsp.patterns import OffsetMap, _options, encode_for_scan, wrap

    starts = [0] + [b for b in (bounds or ()) if 0 < b < len(text)]
    ends = starts[1:] + [len(text)]
    programs = {name: re2.compile(wrap("|".join(f"(?:{p})" for p in inners)).encode("utf-8"), _options(64 << 20))
                for name, inners in terms.items() if inners}
    spans: dict[str, list[tuple[int, int]]] = {}
    for lo, hi in zip(starts, ends):
        segment = text[lo:hi]
        data, offsets = encode_for_scan(segment), OffsetMap(segment)
        for name, program in programs.items():
            pos = 0
            while pos <= len(data):
                groups = program._regexp.Match(re2._Anchor.UNANCHORED, data, pos, len(data))
                if groups[0] == re2._NULL_SPAN:
                    break
                start, end = groups[1]
                spans.setdefault(name, []).append((offsets.to_char(start) + lo, offsets.to_char(end) + lo))
                pos = end if end > pos else pos + 1
    return spans


# Patterns that overlap, share words, are listed by several terms or twice by
# one, reach further than one another from the same start, and begin or end
# with characters that are no part of a word (so that at a segment's start
# or end the boundary may or may not be the term's own).
OVERLAPPING = {
    "powers": ["intercept(s|ed|ing)?", "search", "(order|compel)\\w*[^.;]{0,30}data", "data[^.;]{0,20}located",
               "stored data", "search and seiz\\w*", "intercept(s|ed|ing)?"],
    "data": ["data", "stored data", "data[^.;]{0,20}located", "computer data"],
    "marks": ["\\[\\s*x\\s*\\]", "x\\]?", "\\.\\.\\.", "data", "-\\s*data", "data\\s*-", "\\s+search"],
    "either": ["a b", "b c|c d", "c\\b"],
    "longer": ["a b c", "b", "d"],
}
OVERLAPPING_WORDS = ["intercept", "intercepted", "search", "seize", "seizure", "and", "order", "compel", "compels",
                     "data", "stored", "computer", "located", "[x]", "[ x", "x]", "x", "...", "-", "a", "b", "c", "d",
                     "é", "\u00a0", " ", " ", " ", ".", ";", "\n"]


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(words=["[x]", " ", "x]"], cuts=[])
@example(words=["-", "data", "-", " ", "-", "data", "-"], cuts=[6])
@example(words=["a", " ", "b", " ", "c"], cuts=[])
@example(words=["a", " ", "b", " ", "c", " ", "d"], cuts=[])  # "c d" is found searching again after "a b"
@example(words=["-", "data", " "], cuts=[])  # at the start, "-data" before "data" after a boundary "-"
@example(words=["order", " ", "stored", " ", "data", " ", "located", " ", "data"], cuts=[])
@example(words=["\u00a0", "search", " ", "and", " ", "seize", "\u00a0"], cuts=[])
@given(st.lists(st.sampled_from(OVERLAPPING_WORDS), max_size=40), st.lists(st.integers(0, 120), max_size=4))
def test_terms_match_as_their_alternations_compiled_whole(words, cuts):
    text = "".join(words)
    bounds = sorted(set(cuts))
    assert Lexicon(OVERLAPPING).scan(text, bounds).spans == alternation_scan(OVERLAPPING, text, bounds)
    assert Lexicon(OVERLAPPING, unicode_boundaries=True).scan(text).spans == alternation_scan(OVERLAPPING, text)


@pytest.mark.slow
def test_the_shipped_terms_match_as_their_alternations(shipped, budapest_text):
    """The shipped lexicon, its patterns shared among terms, on the
    Budapest Convention and the example drafts, article by article and whole,
    finds what each term's alternation compiled whole finds."""
    from safeguard_lsp.draft import Draft

    texts = [budapest_text, budapest_text.upper()] + [path.read_text(encoding="utf-8")
                                                        for path in sorted(EXAMPLES.glob("*.md"))]
    lexicon = Lexicon(shipped.terms)  # every shipped term, not only those the rules name
    for text in texts:
        bounds = [article.start for article in Draft.parse(text).articles]
        assert lexicon.scan(text, bounds).spans == alternation_scan(shipped.terms, text, bounds)
        assert lexicon.scan(text).spans == alternation_scan(shipped.terms, text)

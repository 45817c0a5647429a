"""The RE2 gate in front of each cue never changes what a cue finds.

Every cue of reading/cues.py is run gated and on Python's engine alone, on the
paragraphs of our own drafts (every drafting style, the examples) and on
strings built to probe where RE2 and Python differ (Unicode word characters
beside a word, no-break spaces, case folds), over whole pieces and windows:
each call must return the same matches.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import re2

from safeguard_lsp.reading import cues
from safeguard_lsp.reading.gates import PYTHON_SPACE, gate_source
from safeguard_lsp.reading.prefilter import _CLOSED, CASE_FOLD_EXTRA, Cue, _bytes, _options

ROOT = Path(__file__).resolve().parent.parent
CUES = sorted((name, value) for name, value in vars(cues).items() if isinstance(value, Cue))

# Where the engines could disagree, written around words the cues read.
PROBES = [
    "A person who intentionally accesses a computer system without right commits an offence.",
    "éaccess a computer système; accesséd; intercepté; the jugé may issue a warrant",
    "real\u00a0time collection of traffic\u202fdata; traffic\u2009data in real\u2003time",
    "\u0130NTERCEPT the communications; \u0131ntercept; mi\u017fuse; \u212aNOWINGLY; ſearch and ſeize",
    "It is a defence\u2014for a journalist\u2014that the disclosure was in the public interest.\n",
    "“computer data” means any representation; ‘service provider’ includes",
    "shall be punished by imprisonment of up to 3 (three) years, or a fine\n",
    "Art. 12 bis – Whoever, with intent to obtain an unlawful gain, deletes data",
    "The judge shall issue the order; the Minister may direct the provider to block access to the website",
    "a person whose communications were intercepted shall be notified and may apply to the court",
    "no person shall be liable unless the contrary is proved; nothing in this section",
    "refuse assistance where the request concerns a political offence or the death penalty",
    "data stored in another State may be obtained without the consent of that State",
    "x" * 50 + " with intent to defraud " + "y" * 50,
    "",
    " ",
    "Ǆ ǅ ǆ ﬀ ß ẞ σ ς Σ µ Μ",  # other case folds, none of them an ASCII letter
    "A PERSON WHO INTENTIONALLY INTERCEPTS DATA WITHOUT RIGHT COMMITS AN OFFENCE; The Judge May Issue A Warrant",
]


def _pieces() -> list[str]:
    texts = []
    for folder in (ROOT / "tests" / "drafts", ROOT / "examples"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".txt", ".md") and path.is_file():
                texts.append(path.read_text(encoding="utf-8"))
    pieces = [p for text in texts for p in re.split(r"\n\s*\n", text) if p.strip()]
    assert len(pieces) > 200, "the style drafts and examples should give many paragraphs"
    return pieces + PROBES


_PLAIN: dict[str, re.Pattern] = {}


def _same(cue: Cue, text: str, pos: int, end: int) -> None:
    # Against a pattern compiled afresh: the gate and the program kept on disk both checked.
    plain = _PLAIN.get(cue.pattern)
    if plain is None:
        plain = _PLAIN[cue.pattern] = re.compile(cue.pattern, cue.flags)

    def key(m):
        return None if m is None else (m.span(), m.lastgroup)

    assert key(cue.search(text, pos, end)) == key(plain.search(text, pos, end)), (cue, text[pos:end][:120])
    assert [key(m) for m in cue.finditer(text, pos, end)] == [key(m) for m in plain.finditer(text, pos, end)]
    assert key(cue.match(text, pos, end)) == key(plain.match(text, pos, end))
    assert key(cue.fullmatch(text, pos, end)) == key(plain.fullmatch(text, pos, end))


@pytest.mark.slow  # every cue against every test draft: CI runs it (the reading's tests cover the cues meanwhile)
@pytest.mark.parametrize("name,cue", CUES, ids=[name for name, _ in CUES])
def test_a_gated_cue_finds_what_python_finds(name, cue):
    rng = random.Random(name)
    for text in _pieces():
        _same(cue, text, 0, len(text))
        for _ in range(2):
            pos = rng.randrange(len(text) + 1)
            _same(cue, text, pos, rng.randrange(pos, len(text) + 1))
    # Titles, as the reading matches them whole.
    for title in ("Definitions", "Short title and commencement", "Reservations", "Jurisdiction", "Interception"):
        _same(cue, title, 0, len(title))


@pytest.mark.slow  # every cue against every test draft: CI runs it
def test_a_cue_checked_where_its_gate_found_a_place_finds_what_python_finds(monkeypatch):
    # Each cue's check (what may follow the gate's prefix, made once Python has
    # often found nothing where the gate sent it) made at once, and nothing
    # kept from the other tests: every search goes through the check.
    from safeguard_lsp.reading import prefilter

    monkeypatch.setattr(prefilter, "_MISSES_BEFORE_CHECK", 1)
    monkeypatch.setattr(prefilter, "_FOUND", {})
    checked = []
    for name, cue in CUES:
        monkeypatch.setattr(cue, "_check", None)
        monkeypatch.setattr(cue, "_misses", 0)
        for text in _pieces():
            _same(cue, text, 0, len(text))
        if cue._check is not None:
            checked.append(name)
    assert {"CONDUCT", "MEASURE", "AUTHORITY_MAY"} <= set(checked)


@pytest.mark.slow  # every cue against every test draft: CI runs it
def test_a_search_and_the_matches_asked_in_either_order_find_what_python_finds(monkeypatch):
    # A search answers from the matches kept for the same words, and the
    # matches go on from a kept search's match: each order, nothing else kept.
    from safeguard_lsp.reading import prefilter

    def key(m):
        return None if m is None else (m.span(), m.lastgroup)

    pieces = _pieces()
    for name, cue in CUES:
        plain = re.compile(cue.pattern, cue.flags)
        for text in pieces:
            expected = (key(plain.search(text)), [key(m) for m in plain.finditer(text)])
            monkeypatch.setattr(prefilter, "_FOUND", {})
            matches = [key(m) for m in cue.finditer(text)]
            assert (key(cue.search(text)), matches) == expected, (name, text[:120])
            monkeypatch.setattr(prefilter, "_FOUND", {})
            first = key(cue.search(text))
            assert (first, [key(m) for m in cue.finditer(text)]) == expected, (name, text[:120])


@pytest.mark.slow  # every cue against every test draft: CI runs it
def test_a_cue_read_in_a_span_alone_finds_what_it_finds_in_the_whole_text():
    # read._span_words reads a span's own words where nothing before it can
    # change a match: the same matches, at the same places, for every cue,
    # over spans that start after a space, a word, a bracket or a non-ASCII letter.
    from safeguard_lsp.reading.read import _span_words

    def places(cue, text, s, e):
        string, pos, endpos, shift = _span_words(cue, text, s, e)
        return [(m.start() + shift, m.end() + shift, m.lastgroup) for m in cue.finditer(string, pos, endpos)]

    rng = random.Random(18)
    texts = "\n\n".join(_pieces())
    sliced = 0
    for name, cue in CUES:
        for _ in range(300):
            s = rng.randrange(len(texts))
            e = min(len(texts), s + rng.randrange(1, 600))
            expected = [(m.start(), m.end(), m.lastgroup) for m in cue.python.finditer(texts, s, e)]
            assert places(cue, texts, s, e) == expected, (name, texts[max(0, s - 20):e][:160])
            sliced += _span_words(cue, texts, s, e)[3] == s > 0
        # A span that starts inside a word, just where a match of the cue begins.
        for m in list(cue.python.finditer(texts))[:5]:
            glued = "x" + texts[m.start():m.end() + 40]
            expected = [(f.start(), f.end(), f.lastgroup) for f in cue.python.finditer(glued, 1, len(glued))]
            assert places(cue, glued, 1, len(glued)) == expected, (name, glued)
    assert sliced > 1000  # most spans were read alone
    assert not any(_span_words(cue, "ab", 1, 2)[3] for _, cue in CUES)  # after a word character: never


def test_every_cue_has_a_gate():
    closed = [name for name, cue in CUES if cue._program() is _CLOSED]
    assert not closed, f"cues running without their RE2 gate: {closed}"


def test_the_gate_keeps_each_alternative_up_to_its_first_loop():
    gate = gate_source(r"\b(?:intercept\w*|collect\w*[^.;]{0,40}content data|real\s+time)", re.IGNORECASE)
    assert gate == r"(?:\bintercept|\bcollect|\breal[" + PYTHON_SPACE + "]+time)"
    # A lookaround passes every position; a counted class is kept once, then cut.
    assert gate_source(r"(?<!x)a(?!b)c[^.]{1,9}d", re.IGNORECASE) == r"ac(?:[^\x{2e}])"


def test_a_word_boundary_is_kept_only_beside_an_ascii_word_character():
    # Beside an ASCII letter, "\\b" says the other side is no word character,
    # for Python and for RE2 alike; elsewhere (before "(" or a non-ASCII
    # letter, before an optional or repeated item) RE2 could refuse a place
    # Python accepts, and it is dropped.
    assert gate_source(r"\bwarrant\b", re.IGNORECASE) == r"\bwarrant\b"
    assert gate_source(r"\b\(a\)|\b\u00e9t\u00e9|\bx?y|\b(?:ab)+c", re.IGNORECASE) == r"(?:\x{28}a\x{29}|\x{80}t\x{80}|(?:x)?y|(?:ab))"
    # No place inside a word: "on" in "conditionally" is none for the gate either.
    gate = re2.compile(gate_source(r"\b(?:on|upon) (?:demand|request)", re.IGNORECASE).encode("ascii"), _options())

    def starts(text):
        data = _bytes(text)
        found = gate._regexp.Match(re2._Anchor.UNANCHORED, data, 0, len(data))[0]
        return None if found == re2._NULL_SPAN else found[0]

    assert starts("conditionally on demand") == 14
    assert starts("conditionally") is None
    assert starts("\u00e9on demand") == 1  # a non-ASCII letter before: a place, which Python refuses


def test_python_white_space_is_all_listed():
    # Each white-space character of Python's, as a gate reads it (one byte a
    # character), is in the gates' white space.
    import re2

    listed = re2.compile(("[" + PYTHON_SPACE + "]").encode("ascii"), _options())
    space = re.compile(r"\s")
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        if space.match(chr(code)):
            assert listed.fullmatch(_bytes(chr(code))), hex(code)


def test_a_gate_reads_one_byte_per_character():
    # Offsets in what the gate reads are the text's: a match after non-ASCII
    # words starts where Python's does.
    text = "Le juge d\u2019instruction \u2014 l\u2019acc\u00e8s: the judge may intercept\u00a0data"
    assert len(_bytes(text)) == len(text)
    assert cues.MEASURE.search(text).start() == re.compile(cues.MEASURE.pattern, cues.MEASURE.flags).search(text).start()
    assert _bytes("\u212aNOWINGLY") is None  # a case fold Python makes and RE2 may not: Python alone


def test_the_case_folds_python_adds_are_all_listed():
    # Python equates these with ASCII letters when ignoring case; RE2 may not,
    # so a text holding one is searched by Python alone.
    letter = re.compile("[a-z]", re.IGNORECASE)
    found = {chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF and letter.fullmatch(chr(c))}
    assert found <= CASE_FOLD_EXTRA


_USE_EVERY_CUE = """
import sys
from safeguard_lsp.reading import cuecache, cues
from safeguard_lsp.reading.prefilter import MADE
if sys.argv[1] == "kept":
    def refuse(*args):
        raise AssertionError("compiled again: the kept forms were not read")
    cuecache._compiled = refuse
kept = sum(1 for form in cuecache._forms().values() if form[1] is not None)
for cue in MADE:
    assert cue.python.groupindex == __import__("re").compile(cue.pattern, cue.flags).groupindex
    cue.search("A person who intentionally intercepts data commits an offence.")
print(kept)
"""


def test_the_compiled_cues_are_kept_for_the_next_process(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    env.pop("SAFEGUARD_NO_CACHE", None)
    first = subprocess.run([sys.executable, "-c", _USE_EVERY_CUE, "build"], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert int(first.stdout) == len(CUES)
    assert list((tmp_path / "safeguard-lsp").glob("*.pickle")), "no entry written"
    second = subprocess.run([sys.executable, "-c", _USE_EVERY_CUE, "kept"], env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert int(second.stdout) == len(CUES)
    # Without a cache each cue is compiled from its source, to the same effect.
    off = subprocess.run([sys.executable, "-c", _USE_EVERY_CUE, "build"], env=dict(env, SAFEGUARD_NO_CACHE="1"),
                         capture_output=True, text=True)
    assert off.returncode == 0, off.stderr
    assert int(off.stdout) == 0

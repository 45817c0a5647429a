"""Compile lexicon wording into RE2 patterns and find it in a draft.

RE2 matches in time linear in the text whatever the pattern, so a pattern from
someone else's rule pack cannot hang the checker. Its ``\\b`` only knows ASCII
letters, so whole-word boundaries are written out as classes of Unicode word
characters: a pattern is wrapped as ``(?:^|[^word])(inner)(?:[^word]|$)`` and
the inner group is the match (the class is listed per text; see ``Lexicon``). The boundary characters are consumed, so iteration restarts at
the end of the inner group, where the trailing boundary character can serve as
the next match's leading one.

The text is encoded to UTF-8 once per draft; RE2 reports byte offsets, which a
:class:`OffsetMap` turns back into ``str`` offsets.
"""

from __future__ import annotations

import bisect
import re

import re2

_WORD = r"\pL\pN\pM_"
_NOT_WORD = rf"[^{_WORD}]"  # one character that is no part of a word

# Probes a sensible legal term can never match: a pattern that matches any of
# them would underline nearly every word of a draft.
_TRIVIAL_PROBES = ("", "a", "Z", "é", "1", " ", ".", "\n", "ab", "the")


class PatternError(ValueError):
    pass


def _options(max_mem: int = 8 << 20) -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.longest_match = True
    options.max_mem = max_mem
    # A bad user pattern is reported with its file and line; RE2's own log line
    # on stderr would only confuse.
    options.log_errors = False
    return options


_HYPHEN = r"(?:[-\x{2010}-\x{2013}]\s*|\s+)?"
_QUOTE_CLASSES = {"'": r"['\x{2018}\x{2019}]", '"': r'["\x{201c}\x{201d}]', "\u2019": r"['\x{2018}\x{2019}]"}


def phrase_to_regex(phrase: str) -> str:
    """A plain phrase as an RE2 pattern: any white space between words,
    hyphenated words also written solid or spaced, either style of quotes."""
    out: list[str] = []
    for token in re.split(r"(\s+|-|['\"\u2019])", phrase.strip()):
        if not token:
            continue
        if token.isspace():
            out.append(r"\s+")
        elif token == "-":
            out.append(_HYPHEN)
        elif token in _QUOTE_CLASSES:
            out.append(_QUOTE_CLASSES[token])
        else:
            out.append(re2.escape(token))
    return "".join(out)


def check_inner(inner: str) -> None:
    """Raise PatternError when RE2 cannot compile ``inner`` or it is trivial."""
    try:
        compiled = re2.compile(inner, _options())
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise PatternError(f"RE2 cannot compile it ({detail})") from None
    for probe in _TRIVIAL_PROBES:
        if compiled.fullmatch(probe):
            shown = "the empty string" if probe == "" else repr(probe)
            raise PatternError(f"it matches {shown}, so it would flag nearly any text")


def wrap(inner: str, not_word: str = _NOT_WORD) -> str:
    return f"(?:^|{not_word})({inner})(?:{not_word}|$)"


class OffsetMap:
    """Byte offsets of the UTF-8 encoding ↔ ``str`` offsets."""

    def __init__(self, text: str):
        self.ascii = text.isascii()
        self._bytes: list[int] = []  # byte offset where each non-ASCII char starts
        self._extra: list[int] = []  # extra bytes of all non-ASCII chars before and including it
        if self.ascii:
            return
        extra = 0
        for match in re.finditer(r"[^\x00-\x7f]", text):
            index = match.start()
            self._bytes.append(index + extra)
            code = ord(match.group())
            extra += 1 if code < 0x800 else 2 if code < 0x10000 else 3
            self._extra.append(extra)

    def to_char(self, byte_offset: int) -> int:
        if self.ascii:
            return byte_offset
        # Chars starting strictly before byte_offset contribute their extra bytes.
        i = bisect.bisect_left(self._bytes, byte_offset)
        return byte_offset - (self._extra[i - 1] if i else 0)


def encode_for_scan(text: str) -> bytes:
    """UTF-8 of the text; lone surrogates (which JSON can carry) become U+FFFD,
    one character for one, so offsets do not move."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return re.sub("[\ud800-\udfff]", "\ufffd", text).encode("utf-8")


class _Programs:
    """The lexicon compiled with one word-boundary class: a RE2 program per
    term, and the literal prefilter over all of them."""

    def __init__(self, inners: list[str], not_word: str):
        patterns = [wrap(inner, not_word).encode("utf-8") for inner in inners]
        self.filter = None
        regexes: list = []
        if patterns:
            try:
                prefilter = re2.Filter()
                for pattern in patterns:
                    prefilter.Add(pattern, _options(64 << 20))
                prefilter.Compile()
                regexes = [prefilter.re(i) for i in range(len(patterns))]
                self.filter = prefilter
            except re2.error:  # pragma: no cover - every pattern then scanned everywhere
                regexes = [re2.compile(p, _options(64 << 20)) for p in patterns]
        self.regexps = [regex._regexp for regex in regexes]

    def candidates(self, data: bytes) -> list[int] | range:
        """Indices of the terms that may occur in ``data`` (never misses one)."""
        if self.filter is None:
            return range(len(self.regexps))
        return self.filter.Match(data, True) or ()


# Word boundaries without RE2's Unicode tables. ``[^\pL\pN\pM_]`` costs ~1.2 ms
# to compile, twice in each of ~76 terms (~0.2 s a process), and its large
# UTF-8 automaton makes building the DFAs on a fresh process's first scan
# about twice the work (~0.3 s more on a 200 KB draft). So the class is
# written out instead: ``[^`` the word characters ``]``, listing the ASCII
# ones and those of each 128-code-point block that the text draws on. RE2
# folds the case of a negated class's members before negating it, so such a
# class rejects exactly the listed characters and what folds to them; as only
# characters the Unicode class rejects are listed, and all of those the text
# contains, both classes give the same verdict on every character of the
# text, and every match is the same (tests/test_patterns.py compares them).
# Which characters are word characters is RE2's own verdict, block by block.
_ASCII_WORD = "0-9A-Z_a-z"  # what the Unicode class leaves out of ASCII (a test checks it)
_BLOCK_BITS = 7
# U+0080-U+00FF (Latin-1: no-break space, accented letters) and U+2000-U+207F
# (curly quotes, dashes, a few superscripts): the blocks of nearly every
# draft, listed from the start so that a lexicon that has scanned a plain
# ASCII draft is not compiled again for the next one with “quotes”.
_SEEDED_BLOCKS = frozenset({0x80 >> _BLOCK_BITS, 0x2000 >> _BLOCK_BITS})
# Beyond this many blocks (a draft in Greek, Russian or Chinese, say) the
# Unicode class is used: a longer list would cost more than it saves.
_MAX_BLOCKS = 16
_block_words: dict[int, tuple[int, ...]] = {}  # block -> its word characters (code points)
_classifier: list = []  # the compiled Unicode boundary class, once


def _word_points(block: int) -> tuple[int, ...]:
    """The code points of ``block`` that the Unicode boundary class does not
    accept (letters, numbers, marks and what folds to them), as RE2 decides."""
    found = _block_words.get(block)
    if found is None:
        if not _classifier:
            _classifier.append(re2.compile(_NOT_WORD.encode("utf-8"), _options()))
        classifier = _classifier[0]
        points = []
        for point in range(block << _BLOCK_BITS, (block + 1) << _BLOCK_BITS):
            if 0xD800 <= point <= 0xDFFF:
                continue  # surrogates are never scanned (encode_for_scan)
            if classifier.fullmatch(chr(point).encode("utf-8")) is None:
                points.append(point)
        found = _block_words[block] = tuple(points)
    return found


def _not_word_class(blocks: frozenset[int] | None) -> str:
    if blocks is None:
        return _NOT_WORD
    points = sorted(p for block in blocks for p in _word_points(block))
    parts = [_ASCII_WORD]
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        parts.append(f"\\x{{{points[i]:x}}}" + (f"-\\x{{{points[j]:x}}}" if j > i else ""))
        i = j + 1
    return "[^" + "".join(parts) + "]"


def _blocks_of(text: str) -> set[int]:
    """The blocks of the non-ASCII characters of ``text``. (A lone surrogate
    is scanned as U+FFFD, which is no word character: no block to list.)"""
    return {ord(c) >> _BLOCK_BITS for c in set(text) if c > "\x7f"}


class Lexicon:
    """All lexicon terms compiled once; :meth:`scan` finds them in a text.

    A text is scanned segment by segment (a segment is the text from one
    article heading to the next), so that wording never runs from one article
    into the next and the matches of an unchanged article can be reused after
    an edit elsewhere (see :class:`SegmentCache`). In each segment a
    ``re2.Filter`` (FilteredRE2) first finds which terms can match at all, from
    the literal strings each pattern needs; only those terms are searched.

    Neither one combined alternation nor a ``re2.Set`` of all terms is used:
    RE2 builds its DFA lazily, and the proximity patterns ("order … service
    provider … located in another State") give a combined automaton so many
    states that a fresh process spent 3–4 s per megabyte building them and its
    memory grew past 150 MB (see benchmarks/README.md). The literal prefilter
    is a small automaton; the per-term DFAs stay small too.

    The programs are compiled with a word-boundary class that lists the word
    characters of ASCII, Latin-1 and U+2000-U+207F (see ``_ASCII_WORD``
    above); a text with word characters from other blocks compiles them again,
    with those blocks added, and past ``_MAX_BLOCKS`` with the Unicode class.
    """

    def __init__(self, terms: dict[str, list[str]], *, unicode_boundaries: bool = False):
        # terms: name -> list of inner RE2 patterns (already validated)
        self.names: list[str] = []
        self._inners: list[str] = []
        for name, inners in terms.items():
            if not inners:
                continue
            self._inners.append("|".join(f"(?:{p})" for p in inners))
            self.names.append(name)
        # Off: every term is searched in every segment (tests compare).
        self.prefilter = True
        # (blocks listed in the boundary class, or None for the Unicode class;
        # the programs compiled for them), replaced as one so that a scan on
        # another thread never pairs one's blocks with the other's programs.
        blocks = None if unicode_boundaries else _SEEDED_BLOCKS
        # Compiled now, not on the first scan: the server builds a lexicon
        # when it loads a rule set, before the user's first keystroke.
        self._state: tuple[frozenset[int] | None, _Programs] = (
            blocks, _Programs(self._inners, _not_word_class(blocks)))

    def _programs(self, text: str) -> _Programs:
        """Programs whose boundary class covers every character of ``text``."""
        blocks, programs = self._state
        if blocks is not None and not text.isascii():
            new = {b for b in _blocks_of(text) - blocks if _word_points(b)}
            if new:
                blocks = blocks | new
                if len(blocks) > _MAX_BLOCKS:
                    blocks = None
                programs = _Programs(self._inners, _not_word_class(blocks))
                self._state = (blocks, programs)
        return programs

    def scan_segment(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Matches of every term in ``text`` alone, in offsets into ``text``."""
        programs = self._programs(text)
        data = encode_for_scan(text)
        offsets: OffsetMap | None = None
        spans: dict[str, list[tuple[int, int]]] = {}
        end = len(data)
        unanchored = re2._Anchor.UNANCHORED
        null = re2._NULL_SPAN
        regexps = programs.regexps
        candidates = programs.candidates(data) if self.prefilter else range(len(regexps))
        for index in candidates:
            regexp = regexps[index]
            found: list[tuple[int, int]] = []
            pos = 0
            while pos <= end:
                groups = regexp.Match(unanchored, data, pos, end)
                if groups[0] == null:
                    break
                start_b, end_b = groups[1]
                found.append((start_b, end_b))
                # Restart at the trailing boundary so "may may" yields both.
                pos = end_b if end_b > pos else pos + 1
            if found:
                if offsets is None:
                    offsets = OffsetMap(text)
                if not offsets.ascii:
                    found = [(offsets.to_char(s), offsets.to_char(e)) for s, e in found]
                spans[self.names[index]] = found
        return spans

    def scan(self, text: str, bounds: list[int] | None = None,
             cache: "SegmentCache | None" = None, segments: list[str] | None = None) -> "Matches":
        """Matches in ``text``, scanned in the segments that start at
        ``bounds`` (sorted offsets; the whole text is one segment without them).
        ``segments``: the texts of those segments, when the caller has them
        (those unchanged since the last scan are replaced in it by the last
        scan's equal strings).
        With a cache, unchanged segments are not scanned again, and the runs
        of segments the last scan had at the start and at the end of its text
        take their matches from it in one piece (an edit changes one or two
        segments of ~1,000; moving their matches segment by segment and term
        by term was ~10 ms of each 1 MB re-check)."""
        starts = [0] + [b for b in (bounds or ()) if 0 < b < len(text)]
        ends = starts[1:] + [len(text)]
        if segments is None:
            segments = [text[lo:hi] for lo, hi in zip(starts, ends)]
        count = len(segments)
        head = tail = 0
        last = cache.last if cache is not None else None
        if last is not None:
            head, tail = _same_ends(segments, last.segments)
            # The caller's list takes the last scan's strings for the unchanged
            # segments: their hashes are kept, and the check cache looks up
            # each segment by its text (hashing ~1 MB of new slices at every
            # re-check was ~1.5 ms).
            segments[:head] = last.segments[:head]
            if tail:
                segments[count - tail:] = last.segments[len(last.segments) - tail:]
        middle: dict[str, list[tuple[int, int]]] = {}
        for k in range(head, count - tail):
            segment, lo = segments[k], starts[k]
            found = cache.get(segment) if cache is not None else None
            if found is None:
                found = self.scan_segment(segment)
                if cache is not None:
                    cache.put(segment, found)
            for name, local in found.items():
                target = middle.setdefault(name, [])
                if lo:
                    target.extend([(s + lo, e + lo) for s, e in local])
                else:
                    target.extend(local)
        if head or tail:
            spans = _joined(last, middle, starts[head] if head < count else len(text), head, tail,
                            len(text) - last.length)
            for k in range(head):
                cache.keep(segments[k])
            for k in range(count - tail, count):
                cache.keep(segments[k])
        else:
            spans = middle
        matches = Matches(spans)
        if cache is not None:
            cache.sweep()
            cache.last = _LastScan(segments, starts, matches, len(text))
        return matches


class _LastScan:
    """What a scan found, for the next one (see Lexicon.scan)."""

    __slots__ = ("segments", "starts", "matches", "length")

    def __init__(self, segments: list[str], starts: list[int], matches: "Matches", length: int):
        self.segments, self.starts, self.matches, self.length = segments, starts, matches, length


def _same_ends(segments: list[str], before: list[str]) -> tuple[int, int]:
    """How many segments at the start, and then at the end, are the same
    texts as before (those at the start then lie where they were)."""
    limit = min(len(segments), len(before))
    head = 0
    while head < limit and segments[head] == before[head]:
        head += 1
    tail = 0
    while tail < limit - head and segments[-1 - tail] == before[-1 - tail]:
        tail += 1
    return head, tail


def _joined(last: _LastScan, middle: dict[str, list[tuple[int, int]]], cut: int, head: int, tail: int,
            delta: int) -> dict[str, list[tuple[int, int]]]:
    """Per term: the last scan's matches in its first ``head`` segments (those
    before ``cut``), the middle's, then the last scan's in its final ``tail``
    segments moved by ``delta``. A match never crosses from one segment into
    the next: each is found within its segment."""
    old = last.matches
    tail_from = last.starts[len(last.starts) - tail] if tail else last.length
    spans: dict[str, list[tuple[int, int]]] = {}
    for name in old.spans.keys() | middle.keys():
        found = old.spans.get(name, ())
        old_starts = old._starts.get(name, ())
        i = bisect.bisect_left(old_starts, cut) if head else 0
        j = bisect.bisect_left(old_starts, tail_from) if tail else len(found)
        joined = list(found[:i])
        joined.extend(middle.get(name, ()))
        if j < len(found):
            if delta:
                joined.extend([(s + delta, e + delta) for s, e in found[j:]])
            else:
                joined.extend(found[j:])
        if joined:
            spans[name] = joined
    return spans


class SegmentCache:
    """Matches of segments by their text, kept from one scan to the next:
    what the last scan did not use is dropped, so memory follows the draft.
    ``last``: the last scan's segments and matches (see Lexicon.scan)."""

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, list[tuple[int, int]]]] = {}
        self._used: dict[str, dict[str, list[tuple[int, int]]]] = {}
        self.last: _LastScan | None = None
        self.hits = 0
        self.misses = 0

    def get(self, segment: str):
        found = self._used.get(segment)
        if found is None:
            found = self._entries.get(segment)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used[segment] = found
        return found

    def put(self, segment: str, found) -> None:
        self._used[segment] = found

    def keep(self, segment: str) -> None:
        """A segment the scan took from the last one: its entry stays."""
        found = self._entries.get(segment)
        if found is not None:
            self._used[segment] = found
        self.hits += 1

    def sweep(self) -> None:
        self._entries, self._used = self._used, {}


class Matches:
    """Where each lexicon term occurs in one text: sorted (start, end) spans."""

    def __init__(self, spans: dict[str, list[tuple[int, int]]]):
        self.spans = spans
        self._starts = {name: [s for s, _ in found] for name, found in spans.items()}

    def within(self, name: str, start: int, end: int) -> list[tuple[int, int]]:
        found = self.spans.get(name)
        if not found:
            return []
        starts = self._starts[name]
        i = bisect.bisect_left(starts, start)
        out = []
        while i < len(found) and found[i][0] < end:
            if found[i][1] <= end:
                out.append(found[i])
            i += 1
        return out

    def any_within(self, name: str, start: int, end: int) -> bool:
        found = self.spans.get(name)
        if not found:
            return False
        starts = self._starts[name]
        i = bisect.bisect_left(starts, start)
        while i < len(found) and found[i][0] < end:
            if found[i][1] <= end:
                return True
            i += 1
        return False

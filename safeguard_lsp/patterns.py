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
from collections.abc import Iterable

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


_ASCII_WORD_BYTES = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")


def _utf8_length(lead: int) -> int:
    """Bytes of the UTF-8 character that starts with byte ``lead``."""
    return 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


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


def _search_options() -> re2.Options:
    options = _options(64 << 20)
    # Parentheses group and do not capture: RE2 then finds a match with its
    # automata alone, not with the slower engines that report groups (a
    # fifth of a scan). Where the term lies inside the match is read from the
    # match's ends (see _TermMatches._search), or asked of `capturing`.
    options.never_capture = True
    return options


class _Programs:
    """The lexicon compiled with one word-boundary class: a RE2 program per
    pattern, and the literal prefilter over all of them."""

    def __init__(self, inners: list[str], not_word: str):
        patterns = [wrap(inner, not_word).encode("utf-8") for inner in inners]
        self._patterns = patterns
        self._capturing: dict[int, object] = {}
        self.filter = None
        regexes: list = []
        if patterns:
            try:
                prefilter = re2.Filter()
                for pattern in patterns:
                    prefilter.Add(pattern, _search_options())
                prefilter.Compile()
                regexes = [prefilter.re(i) for i in range(len(patterns))]
                self.filter = prefilter
            except re2.error:  # pragma: no cover - every pattern then scanned everywhere
                regexes = [re2.compile(p, _search_options()) for p in patterns]
        self.regexps = [regex._regexp for regex in regexes]

    def capturing(self, index: int):
        """Pattern ``index`` compiled to report its groups (rarely needed)."""
        found = self._capturing.get(index)
        if found is None:
            found = self._capturing[index] = re2.compile(self._patterns[index], _options(64 << 20))._regexp
        return found

    def candidates(self, data: bytes) -> list[int] | range:
        """Indices of the patterns that may occur in ``data`` (never misses one)."""
        if self.filter is None:
            return range(len(self.regexps))
        return self.filter.Match(data, True) or ()


# Word boundaries without RE2's Unicode tables. ``[^\pL\pN\pM_]`` is slow
# to compile, twice in each term, and its large UTF-8 automaton makes
# building the DFAs on a fresh process's first scan about twice the work
# (benchmarks/README.md). So the class is
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
    an edit elsewhere (see :class:`SegmentCache`). Each distinct pattern of
    the terms is a program of its own, and in each segment a ``re2.Filter``
    (FilteredRE2) first finds which patterns can match at all, from the
    literal strings each needs; only those are searched, and each term's
    matches are derived from its patterns' (see :class:`_TermMatches`).

    Neither one combined alternation nor a ``re2.Set`` of all terms is used,
    nor a program per term: RE2 builds its DFA lazily, and the proximity
    patterns ("order … service provider … located in another State") give a
    combined automaton so many states that a fresh process spent 3–4 s per
    megabyte building them and its memory grew past 150 MB (see
    benchmarks/README.md); a term's alternation of ten such patterns still
    built more states than its patterns apart. The literal prefilter is a
    small automaton; the per-pattern DFAs stay small too.

    The programs are compiled with a word-boundary class that lists the word
    characters of ASCII, Latin-1 and U+2000-U+207F (see ``_ASCII_WORD``
    above); a text with word characters from other blocks compiles them again,
    with those blocks added, and past ``_MAX_BLOCKS`` with the Unicode class.
    """

    def __init__(self, terms: dict[str, list[str]], *, unicode_boundaries: bool = False):
        # terms: name -> list of inner RE2 patterns (already validated). Each
        # distinct pattern is one program, however many terms list it (the
        # search powers share most of theirs): see _TermMatches.
        self.names: list[str] = []
        self._pieces: list[str] = []
        self._term_pieces: list[tuple[int, ...]] = []  # per term, its patterns in the order listed
        index: dict[str, int] = {}
        for name, inners in terms.items():
            if not inners:
                continue
            listed: list[int] = []
            for inner in inners:
                piece = index.setdefault(inner, len(index))
                if piece == len(self._pieces):
                    self._pieces.append(inner)
                if piece not in listed:
                    listed.append(piece)
            self.names.append(name)
            self._term_pieces.append(tuple(listed))
        self._piece_terms: list[list[int]] = [[] for _ in self._pieces]
        for term, pieces in enumerate(self._term_pieces):
            for piece in pieces:
                self._piece_terms[piece].append(term)
        # Off: every pattern is searched in every segment (tests compare).
        self.prefilter = True
        # (blocks listed in the boundary class, or None for the Unicode class;
        # the programs compiled for them), replaced as one so that a scan on
        # another thread never pairs one's blocks with the other's programs.
        blocks = None if unicode_boundaries else _SEEDED_BLOCKS
        # Compiled now, not on the first scan: the server builds a lexicon
        # when it loads a rule set, before the user's first keystroke.
        self._state: tuple[frozenset[int] | None, _Programs] = (
            blocks, _Programs(self._pieces, _not_word_class(blocks)))

    def _programs(self, text: str) -> _Programs:
        """Programs whose boundary class covers every character of ``text``."""
        blocks, programs = self._state
        if blocks is not None and not text.isascii():
            new = {b for b in _blocks_of(text) - blocks if _word_points(b)}
            if new:
                blocks = blocks | new
                if len(blocks) > _MAX_BLOCKS:
                    blocks = None
                programs = _Programs(self._pieces, _not_word_class(blocks))
                self._state = (blocks, programs)
        return programs

    def scan_segment(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Matches of every term in ``text`` alone, in offsets into ``text``."""
        programs = self._programs(text)
        data = encode_for_scan(text)
        regexps = programs.regexps
        candidates = programs.candidates(data) if self.prefilter else range(len(regexps))
        if not candidates:
            return {}
        found = _TermMatches(programs, data)
        spans: dict[str, list[tuple[int, int]]] = {}
        piece_terms = self._piece_terms
        if len(candidates) == 1:
            terms: Iterable[int] = piece_terms[candidates[0]]
        else:
            terms = sorted({term for piece in candidates for term in piece_terms[piece]})
        chosen = set(candidates)
        offsets: OffsetMap | None = None
        for term in terms:
            pieces = [piece for piece in self._term_pieces[term] if piece in chosen]
            inner = found.of(pieces)
            if inner:
                if offsets is None:
                    offsets = OffsetMap(text)
                if not offsets.ascii:
                    inner = [(offsets.to_char(s), offsets.to_char(e)) for s, e in inner]
                spans[self.names[term]] = inner
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
        by term cost more than the scan of the changed segments)."""
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
            # each segment by its text (otherwise every re-check hashes
            # the whole text again, in new slices).
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


class _TermMatches:
    """A term's matches in one segment, from the matches of its patterns.

    A term is the alternation of its patterns, searched leftmost-longest and
    again from the end of each match; it is not compiled as one program.
    Each distinct pattern is searched once per segment, for every term that
    lists it, and its small automaton is built once: the alternations, ten
    or more proximity patterns each, built many more states (more memory,
    and a fresh process's first scan is mostly the building of states).

    The alternation's matches are derived exactly. Searched from a position,
    it matches where the first of its patterns does; of the patterns matching
    there, the one reaching furthest gives the match; of those reaching as
    far, RE2 reports the first path by priority: a match at the very start of
    the text before one after a boundary character, then the pattern listed
    first. A pattern's own matches (each searched from the end of the one
    before) are what a search from another position would find, as long as
    that position lies between the start of the search that found a match
    and the match; past it, the pattern is searched again from there.
    ``tests/test_patterns.py`` compares with the alternations compiled whole.
    """

    __slots__ = ("_programs", "_data", "_own")

    def __init__(self, programs: _Programs, data: bytes):
        self._programs, self._data = programs, data
        # pattern -> (its matches (s0, e0, s1, e1), where each was searched
        # from, where the search after the last one started)
        self._own: dict[int, tuple[list[tuple[int, int, int, int]], list[int], int]] = {}

    def _search(self, piece: int, pos: int) -> tuple[int, int, int, int] | None:
        """The match of pattern ``piece`` searched from ``pos``: its span with
        the boundary characters (s0, e0) and without (s1, e1)."""
        data = self._data
        end = len(data)
        found = self._programs.regexps[piece].Match(re2._Anchor.UNANCHORED, data, pos, end)[0]
        if found == re2._NULL_SPAN:
            return None
        s0, e0 = found
        # Past the text's start the match begins with one boundary character;
        # before its end, it ends with one. At the very start (or end) an
        # ASCII word character cannot be a boundary: the term starts (ends)
        # there. Otherwise either reading may hold: RE2 says which.
        if s0:
            s1 = s0 + _utf8_length(data[s0])
        elif data[0] in _ASCII_WORD_BYTES:
            s1 = 0
        else:
            s1 = -1
        if e0 < end:
            e1 = e0 - 1
            while data[e1] & 0xC0 == 0x80:  # back over the last character's continuation bytes
                e1 -= 1
        elif data[end - 1] in _ASCII_WORD_BYTES:
            e1 = end
        else:
            e1 = -1
        if s1 < 0 or e1 < 0:
            s1, e1 = self._programs.capturing(piece).Match(re2._Anchor.ANCHOR_START, data, s0, end)[1]
        return s0, e0, s1, e1

    def _matches(self, piece: int):
        own = self._own.get(piece)
        if own is None:
            found: list[tuple[int, int, int, int]] = []
            origins: list[int] = []
            pos, end = 0, len(self._data)
            while pos <= end:
                match = self._search(piece, pos)
                if match is None:
                    break
                found.append(match)
                origins.append(pos)
                # Restart at the trailing boundary so "may may" yields both.
                pos = match[3] if match[3] > pos else pos + 1
            own = self._own[piece] = (found, origins, pos)
        return own

    def of(self, pieces: list[int]) -> list[tuple[int, int]]:
        """The inner spans of the alternation of ``pieces`` (in priority order)."""
        if len(pieces) == 1:
            return [(m[2], m[3]) for m in self._matches(pieces[0])[0]]
        owns = [self._matches(piece) for piece in pieces]
        # Nearly always the patterns' matches lie apart, each after the point
        # where the search resumes past the one before: they are then the
        # alternation's matches (each was searched from a point the merged
        # search also passes).
        every = sorted([match for own in owns for match in own[0]])
        if all(every[k][0] >= every[k - 1][3] for k in range(1, len(every))):
            return [(match[2], match[3]) for match in every]
        cursors = [0] * len(pieces)
        again: list[tuple[int, tuple[int, int, int, int] | None] | None] = [None] * len(pieces)
        out: list[tuple[int, int]] = []
        pos, end = 0, len(self._data)
        while pos <= end:
            best = None
            for i, (found, origins, final) in enumerate(owns):
                j = cursors[i]
                while j < len(found) and found[j][0] < pos:
                    j += 1
                cursors[i] = j
                if (origins[j] if j < len(found) else final) <= pos:
                    match = found[j] if j < len(found) else None
                else:  # its own search skipped this position: search from it
                    last = again[i]
                    if last is not None and last[0] <= pos and (last[1] is None or last[1][0] >= pos):
                        match = last[1]
                    else:
                        match = self._search(pieces[i], pos)
                        again[i] = (pos, match)
                if match is None:
                    continue
                if best is None or match[0] < best[0]:
                    best = match
                elif match[0] == best[0] and (match[1] > best[1] or (
                        # the same span: the text's start before a boundary character
                        match[1] == best[1] and match[2] == match[0] and best[2] != best[0])):
                    best = match
            if best is None:
                break
            out.append((best[2], best[3]))
            pos = best[3] if best[3] > pos else pos + 1
        return out


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

"""Cue patterns that ask RE2 first where they can match at all.

A cue family is a long alternation of Python ``re`` patterns (lookarounds,
Unicode ``\\b`` and ``\\w``); Python's engine tries every alternative at every
word of a provision, and most families match nothing in most provisions. Each
cue is therefore paired with a *gate*: an RE2 pattern that matches wherever
the cue does, at the same start, and possibly elsewhere (each alternative cut
before its first loop over a broad class, lookarounds dropped, ``\\b`` kept
only beside an ASCII word character the cue requires, ``\\w`` and ``\\d``
widened to any non-ASCII character). RE2 lists the starts
in time linear in the text, and Python's ``re`` is tried only there. The gate
reads the text one byte per character, every non-ASCII character as the same
byte (gates.py, ``_bytes``): its offsets are the text's, and its program is a
fraction of what UTF-8 classes of non-ASCII characters made. Where the gate
keeps only prefixes, and Python has often found nothing where it sent it (a
stem, then no object within the words allowed), a second RE2 program, the
whole cue with loops of any count (gates.check_of), tells at each place
whether the rest can follow before Python tries. Every
match returned is Python's own, so a reading is the same with or without the
gate (tests/test_reading_prefilter.py compares them on every cue and many
texts).

Both programs are compiled on first use (a process that reads no provision
compiles no cue), from forms kept on disk between processes (cuecache.py).
"""

from __future__ import annotations

import re
import threading

import re2

from safeguard_lsp.reading import cuecache
from safeguard_lsp.reading.gates import OTHER, Untranslatable

# Characters that Python's case-insensitive matching equates with an ASCII
# letter and RE2's case folding may not ("İ" with "i"): a text holding one is
# searched by Python alone. tests/test_reading_prefilter.py derives the set again.
CASE_FOLD_EXTRA = frozenset("\u0130\u0131\u017f\u212a")
_OTHER_CHAR = chr(OTHER)

def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = True  # the text is lowered (_bytes), and the gate's letters are: it compiles faster
    options.never_capture = True
    options.log_errors = False
    options.encoding = re2.Options.Encoding.LATIN1  # one byte per character: see _bytes
    return options


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _bytes(piece: str) -> bytes | None:
    """A text as its gate reads it: one byte per character, ASCII lowered,
    any other character as gates.OTHER (so a match's offsets are the text's).
    None where Python's case folding may equate a character with an ASCII
    letter: such a text is searched by Python alone."""
    if piece.isascii():
        return piece.encode("ascii").lower()
    if not CASE_FOLD_EXTRA.isdisjoint(piece):
        return None
    return _NON_ASCII.sub(_OTHER_CHAR, piece).encode("latin-1").lower()


# The last text made bytes (string, pos, end, bytes): a part's words are asked
# about by one cue after another. One tuple, replaced whole: the server's
# worker and a hover may read at once.
_LAST_READ: tuple = (None, 0, 0, None)

_UNANCHORED = re2._Anchor.UNANCHORED
_ANCHOR_START = re2._Anchor.ANCHOR_START
_NULL_SPAN = re2._NULL_SPAN
_CLOSED = object()  # no gate: the cue runs on Python's engine alone
MADE = cuecache.MADE  # every cue made, for cuecache to compile them together

# What each cue found, by (cue, how it was asked, the string, its bounds): an
# article's reading asks the same cue of the same words several times (a
# part's role, then its elements; a part whose words are also its lead-in's).
# Match objects are immutable, so a kept one can be handed out again. Emptied
# when full: the entries of the article being read are the ones asked again.
_FOUND: dict = {}
_FOUND_MAX = 4096
_SEARCH, _FINDALL, _MATCH, _FULLMATCH = range(4)
# How many places the gate found and Python's match refused before a cue
# makes its check (Cue._missed).
_MISSES_BEFORE_CHECK = 64
_UNASKED = object()  # no answer kept (None is an answer: no match)



class Cue:
    """A compiled cue with the interface of ``re.Pattern`` that reading uses
    (``search``, ``finditer``, ``match``, ``fullmatch``, ``pattern``)."""

    __slots__ = ("pattern", "flags", "_python", "_gate", "_check", "_misses", "reads_alone")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags
        self._python: re.Pattern | None = None
        self._gate = None
        self._check = None  # gates.check_of, compiled once Python has often found nothing at the gate's places
        self._misses = 0
        # Whether its matches in string[pos:endpos] are those in that slice alone, where the
        # character before pos is no word character: nothing in it looks behind or anchors at
        # the start (told from its text, conservatively). reading/read._span_words uses it.
        self.reads_alone = "(?<" not in pattern and "\\A" not in pattern and "^" not in pattern.replace("[^", "")
        MADE.append(self)

    @property
    def python(self) -> re.Pattern:
        if self._python is None:
            self._python = cuecache.python_pattern(self.pattern, self.flags)
        return self._python

    def _program(self):
        gate = self._gate
        if gate is None:
            try:
                gate = re2.compile(cuecache.gate(self.pattern, self.flags).encode("ascii"), _options())._regexp
            except (Untranslatable, re2.error):
                gate = _CLOSED
            self._gate = gate
        return gate

    def _missed(self):
        """Python found no match where the gate sent it: after enough such
        places, the check is made (a cue whose gate is precise enough, or
        rarely asked, never pays for compiling it). The check, or None."""
        self._misses += 1
        if self._misses == _MISSES_BEFORE_CHECK:
            try:
                source = cuecache.check(self.pattern, self.flags)
                self._check = None if source is None else re2.compile(source.encode("ascii"), _options())._regexp
            except (Untranslatable, re2.error):
                self._check = None
        return self._check

    def _start(self, string: str, pos: int, end: int, anchor) -> int | None:
        """Where a match may start in ``string[pos:end]`` at the earliest
        (``pos`` when the gate cannot tell), or None where none can."""
        gate = self._program()
        if gate is _CLOSED:
            return pos
        data = _bytes(string[pos:end])
        if data is None:
            return pos
        found = gate.Match(anchor, data, 0, len(data))[0]
        return None if found == _NULL_SPAN else pos + found[0]

    @staticmethod
    def _bounds(string: str, pos: int, endpos: int | None) -> tuple[int, int]:
        n = len(string)
        end = n if endpos is None else max(0, min(endpos, n))
        return max(0, min(pos, n)), end

    def _gate_bytes(self, string: str, pos: int, end: int) -> bytes | None:
        """``string[pos:end]`` as the gate reads it (``_bytes``), where the
        gate can list every possible start; else None."""
        if pos > end or self._program() is _CLOSED:
            return None
        global _LAST_READ
        last = _LAST_READ
        if last[0] is string and last[1] == pos and last[2] == end:
            return last[3]
        data = _bytes(string[pos:end])
        _LAST_READ = (string, pos, end, data)
        return data

    def _matches(self, string: str, pos: int, end: int, data: bytes, at: int = 0):
        """Python's matches, tried only where the gate says one may start: the
        first that matches at a start is the one Python's search finds there,
        and no match starts where the gate finds none. (``at``: from there on,
        after a match that ended there.)"""
        gate, check, match = self._gate, self._check, self.python.match
        n = len(data)
        while at <= n:
            found = gate.Match(_UNANCHORED, data, at, n)[0]
            if found == _NULL_SPAN:
                return
            if check is not None and check.Match(_ANCHOR_START, data, found[0], n)[0] == _NULL_SPAN:
                at = found[0] + 1  # the rest of the cue cannot follow from here
                continue
            start = pos + found[0]
            m = match(string, start, end)
            if m is None:
                at = found[0] + 1
                if check is None:
                    check = self._missed()
            elif m.end() == start:  # an empty match: Python's own rules for what follows
                yield from self.python.finditer(string, start, end)
                return
            else:
                yield m
                at = m.end() - pos

    def _search(self, string: str, pos: int, endpos: int | None):
        # _bounds and _gate_bytes, inlined: a reading asks a few thousand questions, most answered "none".
        n = len(string)
        end = n if endpos is None else max(0, min(endpos, n))
        pos = max(0, min(pos, n))
        last = _LAST_READ
        if last[0] is string and last[1] == pos and last[2] == end and self._gate is not None \
                and self._gate is not _CLOSED:
            data = last[3]
        else:
            data = self._gate_bytes(string, pos, end)
        if data is not None:
            # _matches, inlined: most calls find nothing, and a generator costs more than the search.
            gate, check, match = self._gate, self._check, self.python.match
            at, n = 0, len(data)
            while at <= n:
                found = gate.Match(_UNANCHORED, data, at, n)[0]
                if found == _NULL_SPAN:
                    return None
                if check is not None and check.Match(_ANCHOR_START, data, found[0], n)[0] == _NULL_SPAN:
                    at = found[0] + 1  # the rest of the cue cannot follow from here
                    continue
                m = match(string, pos + found[0], end)
                if m is not None:
                    return m
                at = found[0] + 1
                if check is None:
                    check = self._missed()
            return None
        start = self._start(string, pos, end, _UNANCHORED) if pos <= end else pos
        return None if start is None else self.python.search(string, start, end)

    def _finditer(self, string: str, pos: int, endpos: int | None):
        pos, end = self._bounds(string, pos, endpos)
        data = self._gate_bytes(string, pos, end)
        if data is not None:
            return self._matches(string, pos, end, data)
        start = self._start(string, pos, end, _UNANCHORED) if pos <= end else pos
        return iter(()) if start is None else self.python.finditer(string, start, end)

    def _match(self, string: str, pos: int, endpos: int | None):
        pos, end = self._bounds(string, pos, endpos)
        if pos <= end and self._start(string, pos, end, _ANCHOR_START) is None:
            return None
        return self.python.match(string, pos, end)

    def _fullmatch(self, string: str, pos: int, endpos: int | None):
        pos, end = self._bounds(string, pos, endpos)
        # The gate may be a prefix of the cue: it must match at ``pos``, not to the end.
        if pos <= end and self._start(string, pos, end, _ANCHOR_START) is None:
            return None
        return self.python.fullmatch(string, pos, end)

    def _asked(self, how: int, find, string: str, pos: int, endpos: int | None):
        """What ``find`` answers, kept (_FOUND) for the next to ask the same."""
        key = (self, how, string, pos, endpos)
        found = _FOUND.get(key, _UNASKED)
        return found if found is not _UNASKED else _kept(key, find(string, pos, endpos))

    def search(self, string: str, pos: int = 0, endpos: int | None = None):
        key = (self, _SEARCH, string, pos, endpos)
        found = _FOUND.get(key, _UNASKED)
        if found is _UNASKED:
            # The first of the matches, where they were asked for the same words (a part's
            # role asks for a cue's matches, the list it is an item of whether it has one).
            matches = _FOUND.get((self, _FINDALL, string, pos, endpos))
            found = _kept(key, matches.first() if matches is not None else self._search(string, pos, endpos))
        return found

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None):
        key = (self, _FINDALL, string, pos, endpos)
        found = _FOUND.get(key)
        if found is None:
            first = _FOUND.get((self, _SEARCH, string, pos, endpos), _UNASKED)
            found = _kept(key, _Matches(self._finditer(string, pos, endpos)) if first is _UNASKED
                          else self._after(first, string, pos, endpos))
        return iter(found)

    def _after(self, first, string: str, pos: int, endpos: int | None) -> "_Matches":
        """The matches of a search already made: none where it found none,
        else its match, then those the gate finds after it, as _matches goes on."""
        if first is None:
            return _Matches(None)
        pos, end = self._bounds(string, pos, endpos)
        data = self._gate_bytes(string, pos, end)
        if data is None or first.end() == first.start():
            return _Matches(self._finditer(string, pos, endpos))
        return _Matches(self._matches(string, pos, end, data, first.end() - pos), [first])

    def match(self, string: str, pos: int = 0, endpos: int | None = None):
        return self._asked(_MATCH, self._match, string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None):
        return self._asked(_FULLMATCH, self._fullmatch, string, pos, endpos)

    def __repr__(self) -> str:
        return f"Cue({self.pattern[:40]!r}…)"


def _kept(key: tuple, found):
    if len(_FOUND) >= _FOUND_MAX:
        _FOUND.clear()
    _FOUND[key] = found
    return found


class _Matches:
    """A cue's matches in a string, found as far as a caller has asked (most
    stop at the first that suits them) and kept for the next caller."""

    __slots__ = ("found", "rest", "lock")

    def __init__(self, rest, found: list | None = None):
        self.found: list = found or []
        self.rest = rest
        # The server's worker and a hover may ask for the same matches at once:
        # one of them runs the search (a generator runs in one thread at a time).
        self.lock = threading.Lock()

    def first(self):
        return next(iter(self), None)

    def __iter__(self):
        found = self.found
        at = 0
        while True:
            if at < len(found):
                yield found[at]
                at += 1
                continue
            with self.lock:
                if at < len(found):
                    continue  # found meanwhile by the other
                if self.rest is None:
                    return
                m = next(self.rest, None)
                if m is None:
                    self.rest = None
                    return
                found.append(m)

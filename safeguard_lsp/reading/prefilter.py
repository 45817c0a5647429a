"""Cue patterns that ask RE2 first where they can match at all.

A cue family is a long alternation of Python ``re`` patterns (lookarounds,
Unicode ``\\b`` and ``\\w``); Python's engine tries every alternative at every
word of a provision, and most families match nothing in most provisions. Each
cue is therefore paired with a *gate*: an RE2 pattern that matches wherever
the cue does, at the same start, and possibly elsewhere (each alternative cut
before its first loop over a broad class, lookarounds and ``\\b`` dropped,
``\\w`` and ``\\d`` widened to any non-ASCII character). RE2 lists the starts
in time linear in the text, and Python's ``re`` is tried only there. Every
match returned is Python's own, so a reading is the same with or without the
gate (tests/test_reading_prefilter.py compares them on every cue and many
texts).

Both programs are compiled on first use (a process that reads no provision
compiles no cue), from forms kept on disk between processes (cuecache.py).
"""

from __future__ import annotations

import re
from re import _parser  # Python's own parse of a pattern (3.11+)

import re2

from safeguard_lsp.reading import cuecache

# Characters that Python's case-insensitive matching equates with an ASCII
# letter and RE2's case folding may not ("İ" with "i"): a text holding one is
# searched by Python alone. tests/test_reading_prefilter.py derives the set again.
CASE_FOLD_EXTRA = frozenset("\u0130\u0131\u017f\u212a")

_ANY_NON_ASCII = r"\x{80}-\x{10ffff}"
# Python's white space, listed (tests/test_reading_prefilter.py derives it
# again): widened to every non-ASCII character, as \w is, it made RE2 compile
# the gates twice as slowly (a cue puts \s+ between every two words).
PYTHON_SPACE = r"\t\n\x{0b}\f\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
# What a class escape may match in a gate: at least every character Python's
# Unicode class does (RE2's classes are ASCII); in a negated class only the
# ASCII part is excluded, which excludes no more than Python does.
_WIDE = {"CATEGORY_WORD": r"\w" + _ANY_NON_ASCII, "CATEGORY_SPACE": PYTHON_SPACE,
         "CATEGORY_DIGIT": "0-9" + _ANY_NON_ASCII}
_NARROW = {"CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s", "CATEGORY_DIGIT": "0-9"}


class Untranslatable(ValueError):
    """A construct the gate cannot widen safely; the cue then runs ungated."""


def gate_source(source: str, flags: int = 0) -> str:
    """The gate of ``source`` (a Python pattern): an RE2 pattern that matches
    wherever ``source`` does, at the same start.

    Each alternative is kept up to its first loop over a broad class (``\\w*``,
    ``[^.;]{0,80}``): a match of the whole is a match of that prefix, and the
    prefixes make a small automaton where the loops made RE2 build thousands of
    states. Lookarounds and ``\\b`` are dropped (every position passes them)."""
    try:
        tree = _parser.parse(source, flags)
    except re.error as exc:
        raise Untranslatable(str(exc)) from None
    return gate_of(tree, flags)


def gate_of(tree, flags: int) -> str:
    """The gate of a pattern parsed by Python (see gate_source)."""
    if not flags & re.IGNORECASE or flags & ~(re.IGNORECASE | re.UNICODE):
        raise Untranslatable("flags")  # the gate is compiled to ignore case, and only that
    return _sequence(tree)[0]


def _sequence(items) -> tuple[str, bool]:
    """The gate of a sequence, and whether it is the whole sequence (not a prefix)."""
    out: list[str] = []
    for op, av in items:
        piece, whole = _item(str(op), av)
        out.append(piece)
        if not whole:
            return "".join(out), False
    return "".join(out), True


def _item(op: str, av) -> tuple[str, bool]:
    if op == "LITERAL":
        return _char(av), True
    if op == "NOT_LITERAL":
        return "[^" + _char(av) + "]", True
    if op == "ANY":
        return ".", True
    if op == "IN":
        return _class(av), True
    if op == "AT":
        at = str(av)
        if at in ("AT_BOUNDARY", "AT_NON_BOUNDARY"):
            return "", True
        if at in ("AT_BEGINNING", "AT_BEGINNING_STRING"):
            return "^", True
        if at == "AT_END":
            return r"(?:\n?$)", True  # Python's $ also matches before a final line break
        if at == "AT_END_STRING":
            return "$", True
        raise Untranslatable(at)
    if op in ("ASSERT", "ASSERT_NOT"):
        return "", True
    if op == "BRANCH":
        pieces = [_sequence(alternative) for alternative in av[1]]
        return "(?:" + "|".join(p for p, _ in pieces) + ")", all(w for _, w in pieces)
    if op == "SUBPATTERN":
        _group, add_flags, del_flags, body = av
        if add_flags or del_flags:
            raise Untranslatable("inline flags")
        piece, whole = _sequence(body)
        return "(?:" + piece + ")", whole
    if op in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, body = av
        if _is_space(body):
            return "[" + _WIDE["CATEGORY_SPACE"] + "]" + ("+" if low else "*"), True
        piece, whole = _sequence(body)
        if high == 1 and whole:
            return "(?:" + piece + ")" + ("" if low else "?"), True
        if low >= 1:
            return "(?:" + piece + ")", False  # once at least: what follows is cut
        return "", False
    raise Untranslatable(op)


def _char(code: int) -> str:
    return chr(code) if code < 0x80 and chr(code).isalnum() else f"\\x{{{code:x}}}"


def _class(items) -> str:
    negated = any(str(op) == "NEGATE" for op, _ in items)
    table = _NARROW if negated else _WIDE
    out = []
    for op, av in items:
        op = str(op)
        if op == "NEGATE":
            continue
        if op == "LITERAL":
            out.append(_char(av))
        elif op == "RANGE":
            out.append(_char(av[0]) + "-" + _char(av[1]))
        elif op == "CATEGORY" and str(av) in table:
            out.append(table[str(av)])
        else:
            raise Untranslatable(f"{op} {av}")
    return ("[^" if negated else "[") + "".join(out) + "]"


def _is_space(body) -> bool:
    return (len(body) == 1 and str(body[0][0]) == "IN" and len(body[0][1]) == 1
            and str(body[0][1][0][0]) == "CATEGORY" and str(body[0][1][0][1]) == "CATEGORY_SPACE")


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.never_capture = True
    options.log_errors = False
    return options


_UNANCHORED = re2._Anchor.UNANCHORED
_ANCHOR_START = re2._Anchor.ANCHOR_START
_NULL_SPAN = re2._NULL_SPAN
_CLOSED = object()  # no gate: the cue runs on Python's engine alone
MADE: list["Cue"] = []  # every cue made, for cuecache to compile them together




class Cue:
    """A compiled cue with the interface of ``re.Pattern`` that reading uses
    (``search``, ``finditer``, ``match``, ``fullmatch``, ``pattern``)."""

    __slots__ = ("pattern", "flags", "_python", "_gate")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags
        self._python: re.Pattern | None = None
        self._gate = None
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
                gate = re2.compile(cuecache.gate(self.pattern, self.flags), _options())._regexp
            except (Untranslatable, re2.error):
                gate = _CLOSED
            self._gate = gate
        return gate

    def _start(self, string: str, pos: int, end: int, anchor) -> int | None:
        """Where a match may start in ``string[pos:end]`` at the earliest
        (``pos`` when the gate cannot tell), or None where none can."""
        gate = self._program()
        if gate is _CLOSED:
            return pos
        piece = string[pos:end]
        if piece.isascii():
            found = gate.Match(anchor, piece.encode("ascii"), 0, len(piece))[0]
            return None if found == _NULL_SPAN else pos + found[0]
        if not CASE_FOLD_EXTRA.isdisjoint(piece):
            return pos
        try:
            data = piece.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: Python alone
            return pos
        found = gate.Match(anchor, data, 0, len(data))[0]
        if found == _NULL_SPAN:
            return None
        return pos + len(data[:found[0]].decode("utf-8"))

    @staticmethod
    def _bounds(string: str, pos: int, endpos: int | None) -> tuple[int, int]:
        n = len(string)
        end = n if endpos is None else max(0, min(endpos, n))
        return max(0, min(pos, n)), end

    def _ascii(self, string: str, pos: int, end: int) -> bytes | None:
        """``string[pos:end]`` as bytes whose offsets are its characters',
        where the gate can list every possible start; else None."""
        if pos > end or self._program() is _CLOSED:
            return None
        piece = string[pos:end]
        return piece.encode("ascii") if piece.isascii() else None

    def _matches(self, string: str, pos: int, end: int, data: bytes):
        """Python's matches, tried only where the gate says one may start: the
        first that matches at a start is the one Python's search finds there,
        and no match starts where the gate finds none."""
        gate, match = self._gate, self.python.match
        at, n = 0, len(data)
        while at <= n:
            found = gate.Match(_UNANCHORED, data, at, n)[0]
            if found == _NULL_SPAN:
                return
            start = pos + found[0]
            m = match(string, start, end)
            if m is None:
                at = found[0] + 1
            elif m.end() == start:  # an empty match: Python's own rules for what follows
                yield from self.python.finditer(string, start, end)
                return
            else:
                yield m
                at = m.end() - pos

    def search(self, string: str, pos: int = 0, endpos: int | None = None):
        pos, end = self._bounds(string, pos, endpos)
        data = self._ascii(string, pos, end)
        if data is not None:
            # _matches, inlined: most calls find nothing, and a generator costs more than the search.
            gate, match = self._gate, self.python.match
            at, n = 0, len(data)
            while at <= n:
                found = gate.Match(_UNANCHORED, data, at, n)[0]
                if found == _NULL_SPAN:
                    return None
                m = match(string, pos + found[0], end)
                if m is not None:
                    return m
                at = found[0] + 1
            return None
        start = self._start(string, pos, end, _UNANCHORED) if pos <= end else pos
        return None if start is None else self.python.search(string, start, end)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None):
        pos, end = self._bounds(string, pos, endpos)
        data = self._ascii(string, pos, end)
        if data is not None:
            return self._matches(string, pos, end, data)
        start = self._start(string, pos, end, _UNANCHORED) if pos <= end else pos
        return iter(()) if start is None else self.python.finditer(string, start, end)

    def match(self, string: str, pos: int = 0, endpos: int | None = None):
        pos, end = self._bounds(string, pos, endpos)
        if pos <= end and self._start(string, pos, end, _ANCHOR_START) is None:
            return None
        return self.python.match(string, pos, end)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None):
        pos, end = self._bounds(string, pos, endpos)
        # The gate may be a prefix of the cue: it must match at ``pos``, not to the end.
        if pos <= end and self._start(string, pos, end, _ANCHOR_START) is None:
            return None
        return self.python.fullmatch(string, pos, end)

    def __repr__(self) -> str:
        return f"Cue({self.pattern[:40]!r}…)"

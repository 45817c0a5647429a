"""A cue's gate: the RE2 pattern that matches wherever a Python cue pattern
does, at the same start, and possibly elsewhere (prefilter.py explains why;
cuecache.py keeps the gates made). Apart from both, so that neither imports
the other.
"""

from __future__ import annotations

import re
from re import _parser  # Python's own parse of a pattern (3.11+)

# A gate reads a text one byte per character (prefilter.py): an ASCII
# character as itself, any other as this one byte, so that its offsets are the
# text's own and its program is small (a class of non-ASCII characters in
# UTF-8 is a tree of byte ranges; here it is one byte). The gate is compiled
# for Latin-1, and wherever a Python pattern may match a non-ASCII character
# its gate matches this byte.
OTHER = 0x80
_OTHER = r"\x{80}"
# Python's white space: the ASCII ones listed, the others (no-break spaces,
# U+2000-U+200A, ...) all read as OTHER (tests/test_reading_prefilter.py
# derives them again).
PYTHON_SPACE = r"\t\n\x{0b}\f\r\x{1c}-\x{20}" + _OTHER
# What a class escape may match in a gate: at least every character Python's
# Unicode class does (RE2's classes are ASCII); in a negated class only the
# ASCII part is excluded, which excludes no more than Python does.
_WIDE = {"CATEGORY_WORD": r"\w" + _OTHER, "CATEGORY_SPACE": PYTHON_SPACE,
         "CATEGORY_DIGIT": "0-9" + _OTHER}
_NARROW = {"CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s", "CATEGORY_DIGIT": "0-9"}


class Untranslatable(ValueError):
    """A construct the gate cannot widen safely; the cue then runs ungated."""


def gate_source(source: str, flags: int = 0) -> str:
    """The gate of ``source`` (a Python pattern): an RE2 pattern that matches
    wherever ``source`` does, at the same start.

    Each alternative is kept up to its first loop over a broad class (``\\w*``,
    ``[^.;]{0,80}``): a match of the whole is a match of that prefix, and the
    prefixes make a small automaton where the loops made RE2 build thousands of
    states. Lookarounds are dropped (every position passes them), and so is
    ``\\b`` but beside an ASCII word character the pattern requires (_item)."""
    try:
        tree = _parser.parse(source, flags)
    except re.error as exc:
        raise Untranslatable(str(exc)) from None
    return gate_of(tree, flags)


def check_source(source: str, flags: int = 0) -> str | None:
    """check_of, from a Python pattern's source."""
    try:
        tree = _parser.parse(source, flags)
    except re.error as exc:
        raise Untranslatable(str(exc)) from None
    return check_of(tree, flags)


def check_of(tree, flags: int) -> str | None:
    """The whole of a pattern parsed by Python, as RE2 can run it from a
    given place (its loops of any count, its lookarounds dropped): where the
    gate keeps only prefixes, this tells at a place the gate found whether
    the rest can follow, before Python tries (None where the gate is whole)."""
    gate = gate_of(tree, flags)
    if _sequence(tree, False)[1]:
        return None
    checked = _sequence(tree, True)[0]
    return checked if checked != gate else None


def gate_of(tree, flags: int) -> str:
    """The gate of a pattern parsed by Python (see gate_source)."""
    if not flags & re.IGNORECASE or flags & ~(re.IGNORECASE | re.UNICODE):
        raise Untranslatable("flags")  # the gate ignores case (lowered text and letters), and only that
    return _sequence(tree)[0]


def _sequence(items, loops: bool = False, boundary: bool = False) -> tuple[str, bool]:
    """The gate of a sequence, and whether it is the whole sequence (not a
    prefix). ``boundary``: a word boundary (``\\b``) stands before it."""
    out: list[str] = []
    after_word = False  # the last item kept is one ASCII word character
    for op, av in items:
        op = str(op)
        if op == "AT" and str(av) == "AT_BOUNDARY":
            if after_word:
                out.append(r"\b")  # after an ASCII word character: kept (_WORD_BOUNDARY)
            else:
                boundary = True
            after_word = False
            continue
        piece, whole = _item(op, av, loops, boundary)
        boundary = False
        after_word = op == "LITERAL" and _is_word(av)
        out.append(piece)
        if not whole:
            return "".join(out), False
    return "".join(out), True


# A word boundary (``\b``) beside an ASCII word character the pattern
# requires is kept in the gate: it then says that the character on the other
# side is not a word character, and one that is not for Python (Unicode) is
# not for RE2 either (ASCII, every other character read as OTHER). Elsewhere
# RE2's ``\b`` could refuse a place Python's accepts ("é " is a boundary for
# Python, two non-word bytes for RE2), so it is dropped. Most cues begin with
# ``\b`` and a letter: the gate then finds no place inside a word ("on" in
# "conditionally").
def _item(op: str, av, loops: bool = False, boundary: bool = False) -> tuple[str, bool]:
    if op == "LITERAL":
        return (r"\b" if boundary and _is_word(av) else "") + _char(av), True
    if op == "NOT_LITERAL":
        # Not one non-ASCII character: any other may be read as OTHER too.
        return ("[^" + _char(av) + "]" if av < OTHER else r"[\x{00}-\x{ff}]"), True
    if op == "ANY":
        return ".", True
    if op == "IN":
        return (r"\b" if boundary and _all_word(av) else "") + _class(av), True
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
        pieces = [_sequence(alternative, loops, boundary) for alternative in av[1]]
        return "(?:" + "|".join(p for p, _ in pieces) + ")", all(w for _, w in pieces)
    if op == "SUBPATTERN":
        _group, add_flags, del_flags, body = av
        if add_flags or del_flags:
            raise Untranslatable("inline flags")
        piece, whole = _sequence(body, loops, boundary)
        return "(?:" + piece + ")", whole
    if op in ("MAX_REPEAT", "MIN_REPEAT"):
        # (a boundary before a repeated item is dropped: it holds before the first time only)
        low, high, body = av
        if _is_space(body):
            return "[" + _WIDE["CATEGORY_SPACE"] + "]" + ("+" if low else "*"), True
        piece, whole = _sequence(body, loops)
        if high == 1 and whole:
            return "(?:" + piece + ")" + ("" if low else "?"), True
        if loops and whole:
            return "(?:" + piece + ")" + ("+" if low else "*"), True  # any count: no more states than the loop
        if low >= 1:
            return "(?:" + piece + ")", False  # once at least: what follows is cut
        return "", False
    raise Untranslatable(op)


def _is_word(code: int) -> bool:
    """An ASCII word character (Python's and RE2's alike)."""
    return code < OTHER and (chr(code).isalnum() or code == 0x5F)


def _all_word(items) -> bool:
    """A class (not negated) of ASCII word characters only."""
    for op, av in items:
        op = str(op)
        if op == "LITERAL" and _is_word(av):
            continue
        if op == "RANGE" and any(low <= av[0] and av[1] <= high for low, high in ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A))):
            continue
        return False
    return bool(items)


def _char(code: int) -> str:
    if code >= OTHER:
        return _OTHER
    # Lower case: the gate reads the text lowered, and is compiled to match case.
    return chr(code).lower() if chr(code).isalnum() else f"\\x{{{code:x}}}"


def _class(items) -> str:
    negated = any(str(op) == "NEGATE" for op, _ in items)
    table = _NARROW if negated else _WIDE
    out = []
    for op, av in items:
        op = str(op)
        if op == "NEGATE":
            continue
        if op == "LITERAL":
            if not (negated and av >= OTHER):  # excluding OTHER would exclude every non-ASCII character
                out.append(_char(av))
        elif op == "RANGE":
            low, high = av
            if negated:
                high = min(high, OTHER - 1)
            if low <= high:
                out.append(_char(low) + "-" + _char(high) if low != high else _char(low))
            upper_low, upper_high = max(low, 0x41), min(high, 0x5A)  # its capitals, as the lowered text has them
            if upper_low <= upper_high:
                out.append(_char(upper_low) + "-" + _char(upper_high))
        elif op == "CATEGORY" and str(av) in table:
            out.append(table[str(av)])
        else:
            raise Untranslatable(f"{op} {av}")
    if not out:
        return r"[\x{00}-\x{ff}]" if negated else "[^\\x{00}-\\x{ff}]"
    return ("[^" if negated else "[") + "".join(out) + "]"


def _is_space(body) -> bool:
    return (len(body) == 1 and str(body[0][0]) == "IN" and len(body[0][1]) == 1
            and str(body[0][1][0][0]) == "CATEGORY" and str(body[0][1][0][1]) == "CATEGORY_SPACE")

"""Reading a draft's text by offset: its lines, its blanks, its words, and
the patterns the parser compiles only when first used.

Offsets are Python ``str`` indices (code points) into the draft's text.
"""

from __future__ import annotations

import re

from safeguard_lsp import keptpatterns


def is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a ``str`` pattern."""
    return char.isalnum() or char == "_"


class LazyPattern:
    """A pattern compiled where it is first used, which then takes its place
    in the namespace of the module that defines it: the parser's patterns
    are needed only once a draft is opened, not before the language
    server's first reply (benchmarks/README.md, start-up). It is built from
    the program kept by an earlier process where there is one
    (keptpatterns.py)."""

    __slots__ = ("_namespace", "_name", "_args", "_compiled")

    def __init__(self, namespace: dict, name: str, *args):
        self._namespace = namespace
        self._name = name
        self._args = args
        self._compiled = None
        keptpatterns.register(*args)

    def __getattr__(self, attr: str):
        compiled = self._compiled
        if compiled is None:
            # (A module that imported the name keeps this object: it reads
            # the compiled pattern through it.)
            compiled = self._compiled = keptpatterns.compiled(*self._args)
            self._namespace[self._name] = compiled
        return getattr(compiled, attr)


def _lazy(name: str, *args) -> LazyPattern:
    return LazyPattern(globals(), name, *args)


NEWLINE = _lazy("NEWLINE", r"\r\n|\r|\n")
_LEAD = _lazy("_LEAD", r"[\s\ufeff]*")


def lstrip_at(text: str, a: int, b: int) -> int:
    """Offset of the first character of text[a:b] that is not blank."""
    # Most lines start with a word: answered without the pattern (``\s`` and
    # str.isspace() agree), the parser asks this of nearly every line.
    if a < min(b, len(text)) and not text[a].isspace() and text[a] != "\ufeff":
        return a
    return _LEAD.match(text, a, b).end()  # type: ignore[union-attr]


def rstrip_at(text: str, a: int, b: int) -> int:
    """Offset just after the last character of text[a:b] that is not blank."""
    if a < b <= len(text) and not text[b - 1].isspace():
        return b
    return a + len(text[a:b].rstrip())


def norm_number(number: str) -> str:
    """An article's number as looked up: '12 bis' and '12bis' alike."""
    return "".join(number.split()).lower()


def line_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of each line; lines end at \\r\\n, \\r or \\n, as
    the Language Server Protocol counts them."""
    starts = [0]
    ends = []
    for m in NEWLINE.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends

"""JSON indented by two spaces, as ``json.dumps(value, ensure_ascii=False,
indent=2)`` writes it, character for character.

With ``indent`` the standard library encodes in pure Python, through nested
generators, one per level; `check --format json` writes a few hundred
kilobytes of findings, which cost it twice what this single recursive pass
does (benchmarks/README.md, issue 18). Strings go through the standard
library's own C escaping; anything else than dicts with string keys, lists,
tuples, strings, integers, booleans and None (a float, another type) is left
to ``json.dumps`` whole, so the text is always the same as its
(tests/test_jsontext.py).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring


class _Other(Exception):
    """A value this pass does not write itself."""


def dumps(value) -> str:
    out: list[str] = []
    try:
        _write(value, "\n", out.append)
    except (_Other, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(out)


def _write(value, newline: str, write) -> None:
    # (bool before int: True is an int.)
    if isinstance(value, str):
        write(encode_basestring(value))
    elif value is None:
        write("null")
    elif value is True:
        write("true")
    elif value is False:
        write("false")
    elif type(value) is int:
        write(int.__repr__(value))
    elif type(value) is dict:
        if not value:
            write("{}")
            return
        inner = newline + "  "
        opening = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Other
            write(opening + encode_basestring(key) + ": ")
            opening = "," + inner
            _write(item, inner, write)
        write(newline + "}")
    elif type(value) in (list, tuple):
        if not value:
            write("[]")
            return
        inner = newline + "  "
        opening = "[" + inner
        for item in value:
            write(opening)
            opening = "," + inner
            _write(item, inner, write)
        write(newline + "]")
    else:
        raise _Other

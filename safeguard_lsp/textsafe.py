"""Text from a draft, made safe to print on one line of a terminal.

A draft (or its file name) can hold control characters: an escape sequence
would be run by the user's terminal, a carriage return or line break would
forge or hide a line of the report, a bidirectional override would show the
words in another order than they have. Each is shown as an escape instead.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\e"}


def _escape(match: re.Match) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with every control character (but tab) and every line or
    direction mark shown as an escape such as ``\\n``, ``\\e`` or ``\\u202e``."""
    return _UNSAFE.sub(_escape, text)

"""Every conversion between core offsets and editor positions happens here.

The core counts in Unicode code points (Python ``str`` indices). Editors count
columns in the units of the position encoding negotiated at start-up: UTF-16
code units by default (VS Code), UTF-8 bytes or code points when the client
offers them (Neovim). Lines end at ``\\r\\n``, ``\\r`` or ``\\n`` exactly as the
LSP specification says (``str.splitlines`` would also split at form feeds and
U+2028, which editors do not, and every range after them would be off).

We count units with pygls' own codec tables, but do the line bookkeeping
ourselves: pygls clamps a column past the end of a line to one unit short of
it, which would cut the last character of a line out of an edit.
"""

from __future__ import annotations

import bisect
import codecs
import re

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from safeguard_lsp.draft import line_bounds


def _counter(encoding):
    return PositionCodec(encoding).impl


_SURROGATE = re.compile("[\ud800-\udfff]")


def _chars_within(piece: str, units: int, encoding) -> int:
    """How many characters of ``piece`` the first ``units`` code units
    cover, a character cut by the limit counted in (a column inside a
    surrogate pair or a UTF-8 sequence means after that character). Decoded
    by the codec, not counted a character at a time in Python: a position at
    column 1,000 of a long line is converted at every keystroke there."""
    codec, width = ("utf-8", 1) if encoding == types.PositionEncodingKind.Utf8 else ("utf-16-le", 2)
    if _SURROGATE.search(piece):
        # Lone surrogates (JSON can carry them) could pair up when decoded:
        # count those rare lines a character at a time.
        count = _counter(encoding).code_units_for_char
        i = total = 0
        while i < len(piece) and total < units:
            total += count(piece[i])
            i += 1
        return i
    data = piece.encode(codec, "surrogatepass")
    if units * width >= len(data):
        return len(piece)
    decoder = codecs.getincrementaldecoder(codec)("surrogatepass")
    whole = len(decoder.decode(data[:units * width], final=False))
    return whole + 1 if decoder.getstate()[0] else whole


class LineIndex:
    """Line starts of one text, and conversions for one position encoding."""

    def __init__(self, text: str, encoding: str | None = types.PositionEncodingKind.Utf16,
                 lines: tuple[list[int], list[int]] | None = None):
        """``lines``: the text's line bounds when already known (a parsed
        draft has them), instead of finding them again."""
        self.text = text
        self.encoding = encoding or types.PositionEncodingKind.Utf16
        self._units = _counter(self.encoding)
        self._utf32 = self.encoding == types.PositionEncodingKind.Utf32
        self.starts, self.ends = lines if lines is not None else line_bounds(text)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def _count(self, start: int, end: int) -> int:
        if self._utf32:
            return end - start
        piece = self.text[start:end]
        # ASCII is one unit a character in every encoding; otherwise the
        # codec's own length (a per-character count in Python cost seconds for
        # the thousands of ranges of a long draft's diagnostics).
        if piece.isascii():
            return end - start
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(piece.encode("utf-8", "surrogatepass"))
        return len(piece.encode("utf-16-le", "surrogatepass")) // 2

    def line_of(self, offset: int) -> int:
        offset = max(0, min(offset, len(self.text)))
        return bisect.bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        # An offset between \r and \n belongs to the end of the line.
        column_end = min(offset, self.ends[line])
        return types.Position(line=line, character=self._count(self.starts[line], column_end))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of an editor position. A column past the end of
        its line means the end of the line; a line past the end, the end of text;
        a column inside a character (half a surrogate pair) rounds up to after it."""
        line = position.line
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.ends[line]
        wanted = max(position.character, 0)
        if self._utf32:
            return min(start + wanted, end)
        piece = self.text[start:end]
        if piece.isascii():
            return start + min(wanted, end - start)
        return start + _chars_within(piece, wanted, self.encoding)

    def point(self, offset: int) -> dict:
        """:meth:`position` as plain JSON, without building a protocol object
        (thousands of them made the diagnostics of a long draft slow)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return {"line": line, "character": self._count(self.starts[line], min(offset, self.ends[line]))}

    def line_column(self, offset: int) -> tuple[int, int]:
        """:meth:`point` as a pair."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, self._count(self.starts[line], min(offset, self.ends[line]))

    def range_dict(self, start: int, end: int) -> dict:
        """:meth:`range` as plain JSON."""
        return {"start": self.point(start), "end": self.point(max(start, end))}

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def offsets(self, rng: types.Range) -> tuple[int, int]:
        start = self.offset(rng.start)
        return start, max(start, self.offset(rng.end))


def range_from_json(data) -> types.Range | None:
    try:
        return types.Range(
            start=types.Position(line=int(data["start"]["line"]), character=int(data["start"]["character"])),
            end=types.Position(line=int(data["end"]["line"]), character=int(data["end"]["character"])),
        )
    except (KeyError, TypeError, ValueError):
        return None

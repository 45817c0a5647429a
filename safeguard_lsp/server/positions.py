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

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from safeguard_lsp.draft import line_bounds


def _counter(encoding):
    return PositionCodec(encoding).impl


class LineIndex:
    """Line starts of one text, and conversions for one position encoding."""

    def __init__(self, text: str, encoding: str | None = types.PositionEncodingKind.Utf16):
        self.text = text
        self.encoding = encoding or types.PositionEncodingKind.Utf16
        self._units = _counter(self.encoding)
        self._utf32 = self.encoding == types.PositionEncodingKind.Utf32
        self.starts, self.ends = line_bounds(text)

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
        units = 0
        i = start
        text = self.text
        counter = self._units.code_units_for_char
        while i < end and units < wanted:
            units += counter(text[i])
            i += 1
        return i

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def offsets(self, rng: types.Range) -> tuple[int, int]:
        start = self.offset(rng.start)
        return start, max(start, self.offset(rng.end))


def range_json(rng: types.Range) -> dict:
    """A range as plain JSON, for ``Diagnostic.data``."""
    return {
        "start": {"line": rng.start.line, "character": rng.start.character},
        "end": {"line": rng.end.line, "character": rng.end.character},
    }


def range_from_json(data) -> types.Range | None:
    try:
        return types.Range(
            start=types.Position(line=int(data["start"]["line"]), character=int(data["start"]["character"])),
            end=types.Position(line=int(data["end"]["line"]), character=int(data["end"]["character"])),
        )
    except (KeyError, TypeError, ValueError):
        return None


class LineStarts:
    """Where the lines of a ``\n``-only text begin, found only as far as a
    request needs and kept across edits: an edit moves only the lines after
    it, so typing in one place of a long draft costs the same on line 10 as
    on line 20,000 (indexing the whole text at every keystroke of a 1 MB draft
    held up every request behind a burst of them)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]

    def start_of(self, line: int) -> int | None:
        starts, text = self.starts, self.text
        while len(starts) <= line:
            found = text.find("\n", starts[-1])
            if found == -1:
                return None
            starts.append(found + 1)
        return starts[line]

    def edited(self, text: str, at: int) -> None:
        """The text after an edit that begins at offset ``at``."""
        keep = bisect.bisect_right(self.starts, at)
        del self.starts[max(keep, 1):]
        self.text = text


def _offset_without_cr(text: str, position: types.Position, encoding, starts: LineStarts | None = None) -> int:
    """``LineIndex(text).offset(position)`` for a text whose lines all end in
    ``\n``, without indexing every line."""
    line = position.line
    if line < 0:
        return 0
    if starts is None or starts.text is not text:
        starts = LineStarts(text)
    start = starts.start_of(line)
    if start is None:
        return len(text)
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    return start + LineIndex(text[start:end], encoding).offset(types.Position(line=0, character=position.character))


def apply_change(text: str, change, encoding: str | None, starts: LineStarts | None = None) -> str:
    """Apply one ``didChange`` content change (incremental or whole text).
    ``starts``, when given, is kept in step with the new text."""
    rng = getattr(change, "range", None)
    if rng is None:
        if starts is not None:
            starts.text, starts.starts = change.text, [0]
        return change.text
    if "\r" in text:
        start, end = LineIndex(text, encoding).offsets(rng)
    else:
        start = _offset_without_cr(text, rng.start, encoding, starts)
        end = max(start, _offset_without_cr(text, rng.end, encoding, starts))
    new = text[:start] + change.text + text[end:]
    if starts is not None:
        starts.edited(new, start)
    return new

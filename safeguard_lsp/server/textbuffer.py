"""The text of an open document, kept in chunks so that an edit costs the
size of one chunk, not of the whole draft.

Rebuilding a 1 MB ``str`` at every keystroke (three copies of up to 4 MB for
a text with non-ASCII characters) cost more than the rest of the edit
(benchmarks/README.md): a burst of typing queued hundreds of them before the
next hover could be read. Here an edit rebuilds one chunk of CHUNK
characters; the whole text is joined only when something
asks for it (a check, a hover on a changed line), once per version.

Every chunk but the last ends with ``\\n``, so a line never spans two chunks
and ``\\r\\n`` is never cut in two: line numbers are counted per chunk, as the
Language Server Protocol counts them (``\\r\\n``, ``\\r`` or ``\\n``).
"""

from __future__ import annotations

import bisect
from itertools import accumulate, repeat

from lsprotocol import types

from safeguard_lsp.draft import line_bounds

from .positions import LineIndex

CHUNK = 4 * 1024


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _split(text: str) -> list[str]:
    """``text`` cut after a ``\\n`` every ``CHUNK`` characters or so."""
    size = CHUNK
    chunks: list[str] = []
    start = 0
    n = len(text)
    while n - start > size:
        cut = text.find("\n", start + size)
        if cut == -1:
            break
        chunks.append(text[start:cut + 1])
        start = cut + 1
    chunks.append(text[start:])
    return chunks


def _bounds(chunk: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the lines of one chunk. Without ``\\r``, from
    the lengths of ``split("\\n")``, all in C: the line index of a 4 KB
    chunk is rebuilt after each edit of it, and a loop in Python over its
    lines cost half a millisecond."""
    if "\r" in chunk:
        return line_bounds(chunk)
    steps = list(accumulate(map((1).__add__, map(len, chunk.split("\n")))))
    starts = [0, *steps[:-1]]
    ends = list(map(int.__sub__, steps, repeat(1)))
    ends[-1] = len(chunk)
    return starts, ends


class TextBuffer:
    def __init__(self, text: str):
        self._set(text)

    def _set(self, text: str) -> None:
        self._chunks = _split(text)
        self._breaks = [_line_breaks(chunk) for chunk in self._chunks]
        self._joined: str | None = text
        self._head: tuple[int, str] | None = None  # (size, the text's first `size` characters)
        self._reindex()

    def _reindex(self) -> None:
        # Offsets and first line numbers of the chunks: a few dozen additions
        # a megabyte, redone after each edit.
        self._offsets = list(accumulate(map(len, self._chunks), initial=0))
        self._length = self._offsets.pop()
        self._first_lines = list(accumulate(self._breaks, initial=0))
        self._first_lines.pop()
        self._lines: dict[int, tuple[list[int], list[int]]] = {}  # chunk -> its line bounds

    @property
    def text(self) -> str:
        if self._joined is None:
            self._joined = "".join(self._chunks)
        return self._joined

    def head(self, size: int) -> str:
        """The first ``size`` characters: the same string object until an
        edit reaches them (typing further on leaves it as it is), joined
        from the chunks that hold them, never from the whole text."""
        if self._head is not None and self._head[0] == size:
            return self._head[1]
        if self._joined is not None:
            head = self._joined[:size]
        else:
            head = "".join(self._chunks[:bisect.bisect_left(self._offsets, size)])[:size]
        self._head = (size, head)
        return head

    def __len__(self) -> int:
        return self._length

    @property
    def line_count(self) -> int:
        return self._first_lines[-1] + self._breaks[-1] + 1

    def _chunk_of_line(self, line: int) -> int:
        return max(0, bisect.bisect_right(self._first_lines, line) - 1)

    def _line_span(self, number: int) -> tuple[int, int, int] | None:
        """(chunk, start, end) of line ``number`` inside its chunk."""
        if number < 0 or number >= self.line_count:
            return None
        i = self._chunk_of_line(number)
        bounds = self._lines.get(i)
        if bounds is None:
            bounds = self._lines[i] = _bounds(self._chunks[i])
        local = number - self._first_lines[i]
        return i, bounds[0][local], bounds[1][local]

    def offset(self, position: types.Position, encoding) -> int:
        """The code-point offset of an editor position, clamped as
        :meth:`LineIndex.offset` clamps it."""
        if position.line < 0:
            return 0
        span = self._line_span(position.line)
        if span is None:
            return self._length  # past the last line: the end of the text
        i, start, end = span
        column = LineIndex(self._chunks[i][start:end], encoding).offset(
            types.Position(line=0, character=position.character))
        return self._offsets[i] + start + column

    def line_offsets(self, number: int) -> tuple[int, int] | None:
        """Where line ``number`` starts and ends (before its line break)."""
        span = self._line_span(number)
        if span is None:
            return None
        i, start, end = span
        return self._offsets[i] + start, self._offsets[i] + end

    def line(self, number: int) -> str | None:
        """Line ``number`` without its line break; None past the end."""
        span = self._line_span(number)
        if span is None:
            return None
        i, start, end = span
        return self._chunks[i][start:end]

    def apply(self, change, encoding) -> None:
        """Apply one ``didChange`` content change (incremental or whole text)."""
        rng = getattr(change, "range", None)
        if rng is None:
            self._set(change.text)
            return
        start = self.offset(rng.start, encoding)
        end = max(start, self.offset(rng.end, encoding))
        self.replace(start, end, change.text)

    def replace(self, start: int, end: int, new: str) -> None:
        """Replace the code points ``start:end`` by ``new``."""
        offsets, chunks = self._offsets, self._chunks
        start = max(0, min(start, self._length))
        end = max(start, min(end, self._length))
        first = max(0, bisect.bisect_right(offsets, start) - 1)
        last = max(first, bisect.bisect_right(offsets, end) - 1)
        merged = chunks[first][:start - offsets[first]] + new + chunks[last][end - offsets[last]:]
        # Every chunk but the last still ends in \n: ``merged`` ends with a
        # non-empty tail of chunk ``last`` (a range that ends where a chunk
        # begins takes in that whole chunk), so no line, and no \r\n pair,
        # is cut between two chunks.
        pieces = _split(merged) if len(merged) > 2 * CHUNK else [merged]
        if len(pieces) > 1 and not pieces[-1]:
            pieces.pop()
        chunks[first:last + 1] = pieces
        self._breaks[first:last + 1] = [_line_breaks(piece) for piece in pieces]
        self._joined = None
        if self._head is not None and start < self._head[0]:
            self._head = None
        self._reindex()

"""A document's plain text and the way back from the text to the document.

The checker reads plain text; a drafter reads pages (PDF) or paragraphs
(Word, OpenDocument). A ``Document`` keeps, beside the text it was turned
into, the pieces of that text each page or paragraph gave, so that a finding
can name the place a reader will find it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Piece:
    """``text[start:end]`` came from one page or paragraph of the document.

    ``origin`` is what the reader of that format needs to find the place
    again (the Word paragraph, for `annotate`); ``prefix`` is how many
    characters at ``start`` are automatic numbering, shown in the text as
    the reader sees it but absent from the paragraph's own runs."""

    start: int
    end: int
    kind: str  # "page" or "paragraph"
    number: int
    origin: object = field(default=None, compare=False, repr=False)
    prefix: int = 0

    @property
    def label(self) -> str:
        # "document paragraph": a draft's own paragraphs are numbered too
        # ("paragraph 2 of Article 15"); this is the count a reader makes.
        if self.kind == "paragraph":
            return f"document paragraph {self.number}"
        return f"{self.kind} {self.number}"


@dataclass
class Document:
    """The text of a .docx, .pdf or .odt file and where each part came from."""

    path: str
    format: str  # "docx", "pdf" or "odt"
    text: str
    pieces: list[Piece]
    # What the reader of the format left out or could not read, for the user.
    notes: list[str] = field(default_factory=list)
    # The python-docx document the text was read from (`annotate` edits it).
    source: object = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._starts = [p.start for p in self.pieces]

    def piece_at(self, offset: int) -> Piece | None:
        """The page or paragraph ``offset`` falls in (the one before, when it
        falls on a separator between two)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return self.pieces[0] if self.pieces else None
        return self.pieces[index]

    def place(self, offset: int) -> str:
        """"page 3" or "document paragraph 14"."""
        piece = self.piece_at(offset)
        return piece.label if piece is not None else ""

    def location(self, offset: int) -> dict:
        """{"page": 3} or {"paragraph": 14}, for JSON and SARIF."""
        piece = self.piece_at(offset)
        return {piece.kind: piece.number} if piece is not None else {}


class DocumentError(Exception):
    """A document that cannot be read; the message names the file and says why."""


class NoTextError(DocumentError):
    """A PDF without a text layer (a scan), or a document with no text at all."""


class TextBuilder:
    """Text assembled piece by piece, one line each, with the map kept."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.pieces: list[Piece] = []

    def add(self, text: str, kind: str, number: int, origin: object = None, prefix: int = 0) -> None:
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        self.pieces.append(Piece(self._length, self._length + len(text), kind, number, origin, prefix))
        self._parts.append(text)
        self._length += len(text)

    @property
    def length(self) -> int:
        return self._length

    def text(self) -> str:
        return "".join(self._parts) + ("\n" if self._parts else "")

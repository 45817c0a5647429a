"""PDF documents as text: the lines of each page in reading order, running
headers and footers, page numbers and margin line numbers removed, lines
joined into paragraphs and words hyphenated at line ends joined again.

pdfminer.six is imported here only, and this module only when a PDF is read.

What a PDF holds is glyphs at positions, not paragraphs: every step here is
a reading of the layout. The map back to pages is exact (each character of
the text comes from one page); the paragraphs are the layout's best reading.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from safeguard_lsp.documents.source import Document, DocumentError, NoTextError, Piece

# The share of the page height, at the top and at the bottom, where running
# headers, footers and page numbers are looked for.
_MARGIN_BAND = 0.12
# A symbol of a UN document ("A/AC.291/22", "CTOC/COP/2020/3") or a job
# number ("V.23-01234", "GE.22-12345", "23-01234 (E)").
_SYMBOL = re.compile(r"^(?:[A-Z]{1,6}(?:/[A-Z0-9.\-]+){1,6}|(?:[A-Z]{1,2}\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?)"
                     r"(?:\s+(?:\d{1,3}/\d{1,3}|\S{1,12}))?$")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$",
                          re.IGNORECASE)
_STARTS_UNIT = re.compile(r"^(?:article|art\.|chapter|section|part|annex|§|\(?[0-9]{1,3}[.)]|\([a-z]{1,4}\)|[a-z][.)]\s)",
                          re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.;:!?][\"'”’)]*$")
# Words that make compounds with a hyphen, kept when a line ends on them.
_COMPOUND_LEFT = {"non", "cross", "real", "self", "co", "anti", "pre", "post", "inter", "multi", "sub",
                  "counter", "well", "long", "short", "high", "low", "full", "part", "third", "ex",
                  "e", "cyber", "state", "law", "good"}


@dataclass
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float
    note: bool = False  # a footnote at the foot of its page

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


def read_pdf(data: bytes, shown: str) -> Document:
    pages = _pages(data, shown)
    if not any(lines for _, lines in pages):
        raise NoTextError(
            f"{shown}: this PDF has no text to check, only images of pages (a scan?); "
            "make a PDF with text (OCR, for example `ocrmypdf in.pdf out.pdf`) or ask for the Word version"
        )
    notes = []
    empty = [str(i + 1) for i, (_, lines) in enumerate(pages) if not lines]
    if empty:
        notes.append(f"{shown}: page{'s' * (len(empty) > 1)} {', '.join(empty)} "
                     f"{'have' if len(empty) > 1 else 'has'} no text (a scanned page?) and {'were' if len(empty) > 1 else 'was'} not checked")
    kept = _drop_running_lines(pages)
    _mark_notes(kept, [height for (_, height), _ in pages])
    ordered = [line for page in kept for line in _reading_order(page)]
    text, pieces = _paragraphs(ordered)
    return Document(shown, "pdf", text, pieces, notes=notes)


def _pages(data: bytes, shown: str) -> list[tuple[tuple[float, float], list[Line]]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

    out = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
            lines = []
            for element in page:
                if not isinstance(element, LTTextContainer):
                    continue
                for line in (element if not isinstance(element, LTTextLine) else [element]):
                    if not isinstance(line, LTTextLine):
                        continue
                    sizes = [c.size for c in line if isinstance(c, LTChar)]
                    size = statistics.median(sizes) if sizes else line.height
                    text = _without_superscripts(line, size, LTChar).strip()
                    if not text:
                        continue
                    lines.append(Line(number, line.x0, line.y0, line.x1, line.y1, text, size))
            out.append(((page.width, page.height), lines))
    except Exception as exc:  # pdfminer raises many kinds: a damaged or encrypted file
        kind = type(exc).__name__
        if "Password" in kind or "Encrypt" in kind:
            raise DocumentError(f"{shown}: this PDF is protected by a password; save an unprotected copy and check that") from None
        raise DocumentError(f"{shown}: cannot be read as a PDF ({kind}: {exc})") from None
    return out


def _without_superscripts(line, size: float, LTChar) -> str:
    """The line's text less footnote marks: small characters raised above
    the line ("information¹" would not read as "information")."""
    chars = [c for c in line if isinstance(c, LTChar)]
    full = [c.y0 for c in chars if c.size >= 0.9 * size]
    if not full:
        return line.get_text()
    base = min(full)
    out = []
    for item in line:
        text = item.get_text()
        if (isinstance(item, LTChar) and item.size < 0.8 * size and item.y0 > base + 0.2 * size
                and (text.isalnum() or text in "*†‡§")):
            continue
        out.append(text)
    return "".join(out)


def _mark_notes(pages: list[list[Line]], heights: list[float]) -> None:
    """Mark the footnotes of each page: lines in a smaller type than the
    text, below all of it, in the lower part of the page. They are read
    after the paragraph the page break falls in, not inside it."""
    sizes: Counter = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size)] += len(line.text)
    if not sizes:
        return
    body = sizes.most_common(1)[0][0]
    for lines, height in zip(pages, heights):
        text_lines = [ln for ln in lines if ln.size >= 0.9 * body]
        if not text_lines:
            continue
        lowest = min(ln.y0 for ln in text_lines)
        for line in lines:
            if line.size <= 0.85 * body and line.y1 <= lowest + 1 and line.y1 < 0.4 * height:
                line.note = True


def _shape(text: str) -> str:
    """A running line with its numbers blanked ("Page 3 of 9" → "Page # of #")."""
    return re.sub(r"\d+", "#", text.lower())


def _drop_running_lines(pages) -> list[list[Line]]:
    """Each page's lines less running headers and footers, page numbers,
    document symbols and line numbers in the margin."""
    in_band: list[list[Line]] = []
    shapes: Counter = Counter()
    for (width, height), lines in pages:
        band = [ln for ln in lines if ln.y0 > height * (1 - _MARGIN_BAND) or ln.y1 < height * _MARGIN_BAND]
        in_band.append(band)
        shapes.update({_shape(ln.text) for ln in band})
    count = len(pages)
    kept = []
    for ((width, height), lines), band in zip(pages, in_band):
        running = set()
        for line in band:
            repeated = count >= 2 and shapes[_shape(line.text)] >= max(2, count / 2)
            if repeated or _PAGE_NUMBER.match(line.text) or _SYMBOL.match(line.text):
                running.add(id(line))
        body = [ln for ln in lines if id(ln) not in running]
        kept.append(_drop_line_numbers(body))
    return kept


def _drop_line_numbers(lines: list[Line]) -> list[Line]:
    """Margin line numbers: lines of a number alone, left of where the text
    of the page begins."""
    worded = [round(ln.x0) for ln in lines if re.search(r"[^\W\d_]", ln.text)]
    if not worded:
        return lines
    left = Counter(worded).most_common(1)[0][0]
    return [ln for ln in lines if not (re.fullmatch(r"\d{1,4}", ln.text) and ln.x1 < left - 2)]


def _reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; on a page set in two columns, the left column of each
    band before the right one (a band ends at a line crossing the middle)."""
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: (-ln.y1, ln.x0))
    left_edge = min(ln.x0 for ln in lines)
    right_edge = max(ln.x1 for ln in lines)
    middle = (left_edge + right_edge) / 2
    left = [ln for ln in lines if ln.x1 <= middle + 2]
    right = [ln for ln in lines if ln.x0 >= middle - 2]
    if len(right) < 3 or len(left) < 3 or len(right) < 0.2 * len(lines):
        return lines
    out: list[Line] = []
    band_left: list[Line] = []
    band_right: list[Line] = []
    for line in lines:
        if line.x1 <= middle + 2:
            band_left.append(line)
        elif line.x0 >= middle - 2:
            band_right.append(line)
        else:
            out.extend(band_left + band_right)
            band_left, band_right = [], []
            out.append(line)
    out.extend(band_left + band_right)
    return out


def _new_paragraph(prev: Line, line: Line) -> bool:
    ended = bool(_ENDS_SENTENCE.search(prev.text))
    if _STARTS_UNIT.match(line.text) and ended:
        return True
    if abs(line.size - prev.size) > 0.15 * max(line.size, prev.size):
        return True
    if line.page != prev.page or line.y1 > prev.y0 + prev.height:
        # A new page or column: the paragraph runs on unless it had ended.
        return ended
    gap = prev.y0 - line.y1
    if gap > 0.45 * min(prev.height, line.height):
        return True
    # A first-line indent after a finished sentence.
    return ended and line.x0 > prev.x0 + 8 and line.x0 - prev.x0 < 60


class _Written:
    """The text made so far, and where each page starts in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.length = 0
        self.page = None

    def add(self, joint: str, line: Line) -> None:
        self.parts.append(joint)
        self.length += len(joint)
        if line.page != self.page:
            self.page = line.page
            self.pieces.append(Piece(self.length, self.length, "page", line.page + 1))
        self.parts.append(line.text)
        self.length += len(line.text)


def _paragraphs(lines: list[Line]) -> tuple[str, list[Piece]]:
    words = _word_forms(lines)
    out = _Written()
    parts = out.parts
    prev: Line | None = None
    notes: list[Line] = []
    # Footnotes wait for the end of the paragraph the page break falls in.
    stream = [(line, False) for line in lines] + [(None, True)]
    for line, last in stream:
        if line is not None and line.note:
            notes.append(line)
            continue
        starts = prev is None or last or _new_paragraph(prev, line)
        if notes and starts and prev is not None:
            held, notes = notes, []
            for note in held:
                joint = "\n" if prev.note is False or _new_paragraph(prev, note) else " "
                out.add(joint, note)
                prev = note
        if last:
            break
        if prev is None:
            joint = ""
        elif _new_paragraph(prev, line):
            joint = "\n"
        else:
            drop, joint = _joint(parts[-1], line.text, words)
            if drop:  # the hyphen that split a word at the end of the line
                parts[-1] = parts[-1][:-1]
                out.length -= 1
        out.add(joint, line)
        prev = line
    text = "".join(parts) + "\n"
    pieces = out.pieces
    for i, piece in enumerate(pieces):
        end = pieces[i + 1].start if i + 1 < len(pieces) else len(text)
        pieces[i] = Piece(piece.start, end, piece.kind, piece.number)
    return text, pieces


def _word_forms(lines: list[Line]) -> set[str]:
    return {w.lower() for ln in lines for w in re.findall(r"[^\W\d_][\w'’-]*", ln.text)}


def _joint(before: str, after: str, words: set[str]) -> tuple[bool, str]:
    """How two lines of one paragraph join: (drop the line's last character,
    what goes between). A space; or, after a hyphen, nothing, the hyphen
    dropped where it split a word and kept where it makes a compound
    ("cross-border"): the document's own spelling of the word decides,
    else whether the first half is a word that makes compounds."""
    if before.endswith("\xad"):  # a soft hyphen is only ever a split
        return True, ""
    if not (before.endswith("-") and len(before) > 1 and before[-2].isalpha() and after[:1].islower()):
        return False, " "
    left = re.search(r"([^\W\d_][\w'’-]*)-$", before)
    right = re.match(r"[\w'’]+", after)
    if not left or not right:
        return False, " "
    left_word, right_word = left.group(1).lower(), right.group(0).lower()
    if f"{left_word}-{right_word}" in words:
        return False, ""
    if left_word + right_word in words:
        return True, ""
    return left_word.split("-")[-1] not in _COMPOUND_LEFT, ""

"""OpenDocument text (.odt) as text: headings, paragraphs, lists with their
numbers as the reader sees them, tables, and notes after the paragraph that
calls them. Read with the standard library (an .odt is a zip of XML)."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from safeguard_lsp.documents.numbering import format_number
from safeguard_lsp.documents.source import Document, DocumentError, NoTextError, TextBuilder

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


def _t(tag: str) -> str:
    return f"{{{TEXT}}}{tag}"


def read_odt(data: bytes, shown: str) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
            styles = archive.read("styles.xml") if "styles.xml" in archive.namelist() else b""
        root = ElementTree.fromstring(content)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise DocumentError(f"{shown}: cannot be read as an OpenDocument text (.odt): {exc}") from None
    list_styles = _list_styles(root)
    if styles:
        try:
            list_styles = {**_list_styles(ElementTree.fromstring(styles)), **list_styles}
        except ElementTree.ParseError:
            pass
    reader = _Reader(list_styles)
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if body is not None:
        reader.block(body, [])
    if not reader.out.pieces:
        raise NoTextError(f"{shown}: this OpenDocument file has no text to check")
    return Document(shown, "odt", reader.out.text(), reader.out.pieces)


def _list_styles(root) -> dict[str, dict[int, tuple[str, str, str, int]]]:
    """List style name → level → (format, prefix, suffix, start)."""
    out = {}
    for style in root.iter(_t("list-style")):
        levels = {}
        for level in style:
            number = int(level.get(_t("level"), "1"))
            if level.tag == _t("list-level-style-number"):
                levels[number] = (_FORMATS.get(level.get(f"{{{STYLE}}}num-format", "1"), "decimal"),
                                  level.get(f"{{{STYLE}}}num-prefix", ""), level.get(f"{{{STYLE}}}num-suffix", ""),
                                  int(level.get(_t("start-value"), "1")))
            elif level.tag == _t("list-level-style-bullet"):
                levels[number] = ("bullet", "", "", 1)
        out[style.get(f"{{{STYLE}}}name")] = levels
    return out


class _Reader:
    def __init__(self, list_styles):
        self.list_styles = list_styles
        self.out = TextBuilder()
        self.number = 0
        self.notes = 0
        self.last_count: dict[str, int] = {}

    def block(self, element, lists: list) -> None:
        for child in element:
            tag = child.tag
            if tag in (_t("p"), _t("h")):
                self.paragraph(child, "")
            elif tag == _t("list"):
                self.list(child, lists)
            elif tag == f"{{{TABLE}}}table":
                for cell in child.iter(f"{{{TABLE}}}table-cell"):
                    self.block(cell, lists)
            elif tag in (_t("section"), f"{{{TABLE}}}table-row", _t("index-body")):
                self.block(child, lists)

    def list(self, element, lists: list) -> None:
        style = element.get(_t("style-name")) or (lists[-1][0] if lists else "")
        level = len(lists) + 1
        fmt, prefix, suffix, start = self.list_styles.get(style, {}).get(level, ("bullet", "", "", 1))
        count = self.last_count.get(style, start - 1) if element.get(_t("continue-numbering")) == "true" else start - 1
        for item in element.findall(_t("list-item")):
            count += 1
            label = "•" if fmt == "bullet" else f"{prefix}{format_number(count, fmt)}{suffix}"
            first = True
            for child in item:
                if child.tag in (_t("p"), _t("h")):
                    self.paragraph(child, label if first else "")
                    first = False
                elif child.tag == _t("list"):
                    self.list(child, lists + [(style, count)])
        self.last_count[style] = count

    def paragraph(self, element, label: str) -> None:
        notes: list[str] = []
        text = "".join(self.inline(element, notes)).strip()
        if text:
            self.number += 1
            prefix = f"{label} " if label else ""
            self.out.add(prefix + text, "paragraph", self.number, prefix=len(prefix))
        for note in notes:
            self.notes += 1
            self.out.add(f"[Footnote {self.notes}: {note}]", "footnote", self.notes)

    def inline(self, element, notes: list[str]):
        if element.text:
            yield element.text
        for child in element:
            tag = child.tag
            if tag == _t("s"):
                yield " " * int(child.get(_t("c"), "1"))
            elif tag == _t("tab"):
                yield "\t"
            elif tag == _t("line-break"):
                yield "\n"
            elif tag == _t("note"):
                body = child.find(_t("note-body"))
                if body is not None:
                    note = " ".join(" ".join(self.inline(p, [])).strip() for p in body.iter(_t("p")))
                    if note.strip():
                        notes.append(note.strip())
            elif tag in (_t("bookmark"), _t("bookmark-start"), _t("bookmark-end"), f"{{{OFFICE}}}annotation"):
                pass
            else:
                yield from self.inline(child, notes)
            if child.tail:
                yield child.tail

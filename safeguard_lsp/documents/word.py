"""Word (.docx) documents as text: paragraphs and tables in reading order,
automatic numbering as the reader sees it, footnotes after the paragraph
that calls them.

python-docx is imported here only, and this module only when a .docx is
read, so that checking a text draft never loads it.
"""

from __future__ import annotations

import io

from safeguard_lsp.documents.numbering import Numbering
from safeguard_lsp.documents.source import Document, DocumentError, NoTextError, TextBuilder

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def open_docx(data: bytes, shown: str):
    """The python-docx document of ``data``, or DocumentError saying why not."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError(f"{shown}: cannot be read as a Word document (.docx): {exc}") from None
    except Exception as exc:  # a damaged zip or XML: lxml and zipfile raise their own kinds
        raise DocumentError(f"{shown}: cannot be read as a Word document (.docx): {type(exc).__name__}: {exc}") from None


def read_docx(data: bytes, shown: str) -> Document:
    return document_text(open_docx(data, shown), shown)


def document_text(doc, shown: str) -> Document:
    """The text of a python-docx document, one line per paragraph.

    Paragraphs are numbered as a reader counts them: the paragraphs with
    text, table cells included, in reading order. A footnote follows, on a
    line of its own, the paragraph that calls it, so that it stays within
    the article it belongs to."""
    numbering = Numbering.of(doc)
    footnotes = _footnotes(doc)
    out = TextBuilder()
    number = 0
    called = 0
    for paragraph in _paragraphs(doc):
        prefix = numbering.label(paragraph._p)
        text = paragraph.text
        if not text.strip():
            continue
        number += 1
        if prefix:
            prefix += " "
        out.add(prefix + text, "paragraph", number, origin=paragraph, prefix=len(prefix))
        for ref in paragraph._p.iter(f"{{{W}}}footnoteReference"):
            note = footnotes.get(ref.get(f"{{{W}}}id"))
            if note:
                called += 1
                out.add(f"[Footnote {called}: {note}]", "footnote", called)
    if not out.pieces:
        raise NoTextError(f"{shown}: this Word document has no text to check")
    notes = []
    if doc.element.body.find(f".//{{{W}}}ins") is not None or doc.element.body.find(f".//{{{W}}}del") is not None:
        notes.append(f"{shown}: the document has tracked changes not yet accepted or rejected; the text checked "
                     "leaves out both what they insert and what they delete: accept or reject them for a full check")
    return Document(shown, "docx", out.text(), out.pieces, notes=notes, source=doc)


def _paragraphs(doc):
    """Every paragraph of the document in reading order: those of tables (row
    by row, a merged cell once) and of content controls included."""
    return _in(doc.element.body, doc._body)


def _in(element, parent):
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    for child in element:
        tag = child.tag.rpartition("}")[2]
        if tag == "p":
            yield Paragraph(child, parent)
        elif tag == "tbl":
            table = Table(child, parent)
            seen = set()
            for tr in child.iterchildren(f"{{{W}}}tr"):
                for tc in tr.iterchildren(f"{{{W}}}tc"):
                    if tc.vMerge == "continue":
                        continue  # the rest of a cell merged down: read once, at its top
                    if id(tc) not in seen:
                        seen.add(id(tc))
                        yield from _in(tc, _Cell(tc, table))
        elif tag == "sdt":  # a content control (a template's field, a clause block)
            content = child.find(f"{{{W}}}sdtContent")
            if content is not None:
                yield from _in(content, parent)
        elif tag == "customXml":
            yield from _in(child, parent)


def _footnotes(doc) -> dict[str, str]:
    """Footnote id → its text (python-docx has no footnote API: the part's XML)."""
    try:
        part = doc.part.part_related_by(_FOOTNOTES)
    except KeyError:
        return {}
    from lxml import etree

    root = etree.fromstring(part.blob) if not hasattr(part, "element") else part.element
    notes = {}
    for note in root.iter(f"{{{W}}}footnote"):
        if note.get(f"{{{W}}}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paragraphs = []
        for p in note.iter(f"{{{W}}}p"):
            paragraphs.append("".join(t.text or "" for t in p.iter(f"{{{W}}}t")).strip())
        text = " ".join(p for p in paragraphs if p)
        if text:
            notes[note.get(f"{{{W}}}id")] = text
    return notes

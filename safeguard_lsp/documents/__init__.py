"""Drafts in the formats they arrive in: Word (.docx), PDF and OpenDocument
(.odt), turned into plain text with a map back to pages or paragraphs.

Each format has its module, imported only when a file of that format is
read: checking a .txt or .md draft loads no document library.
"""

from __future__ import annotations

from safeguard_lsp.documents.source import Document, DocumentError, NoTextError, Piece

__all__ = ["DOCUMENT_SUFFIXES", "Document", "DocumentError", "NoTextError", "Piece", "document_format", "read_document"]

DOCUMENT_SUFFIXES = (".docx", ".pdf", ".odt")

_ZIP = b"PK\x03\x04"


def document_format(name: str, data: bytes) -> str | None:
    """"docx", "pdf" or "odt" when the file is one (by its first bytes, else
    by its name), None for anything else."""
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    lowered = name.lower()
    if data.startswith(_ZIP):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in data[:200]:
            return "odt"
        if b"word/" in data or lowered.endswith(".docx"):
            return "docx"
        if lowered.endswith(".odt"):
            return "odt"
    for suffix in DOCUMENT_SUFFIXES:
        if lowered.endswith(suffix):
            return suffix[1:]
    return None


def read_document(data: bytes, shown: str, fmt: str | None = None) -> Document:
    """The text of a document and its map; DocumentError (NoTextError for a
    PDF without text) with a message naming the file and saying why not."""
    fmt = fmt or document_format(shown, data)
    if fmt == "docx":
        from safeguard_lsp.documents.word import read_docx

        return read_docx(data, shown)
    if fmt == "pdf":
        from safeguard_lsp.documents.pdf import read_pdf

        return read_pdf(data, shown)
    if fmt == "odt":
        from safeguard_lsp.documents.odt import read_odt

        return read_odt(data, shown)
    raise DocumentError(f"{shown}: not a Word, PDF or OpenDocument file")


def binary_hint(data: bytes) -> str:
    """What to do with a binary file that is none of the formats read."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "it looks like an old Word document (.doc): save it as .docx (Word: File → Save As) and check that"
    if data.startswith(b"{\\rtf"):
        return "it looks like an RTF document: save it as .docx and check that"
    return ("drafts are read as plain text (.txt, .md, .markdown, .rst), Word (.docx), PDF (.pdf) "
            "or OpenDocument (.odt); save it in one of these")

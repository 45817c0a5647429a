"""What Word's "Accept All" and "Reject All" do to tracked changes, done on
the XML with python-docx and lxml, so that the tests can check both outcomes
without an office suite (tests/libreoffice.py does it in LibreOffice).

Accepting keeps what ``w:ins`` wraps and drops what ``w:del`` wraps;
rejecting does the opposite. A paragraph whose mark (its end) is tracked as
deleted (accepting) or inserted (rejecting) goes away: what is left of its
content joins the next paragraph, which keeps its own properties, as in Word.
"""

from __future__ import annotations

from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _unwrap(element) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for child in list(element):
        parent.insert(index, child)
        index += 1
    parent.remove(element)


def _resolve(body, keep: str, drop: str) -> None:
    for dropped in body.xpath(f".//w:{drop}[not(parent::w:rPr)]"):
        dropped.getparent().remove(dropped)
    for kept in body.xpath(f".//w:{keep}[not(parent::w:rPr)]"):
        for text in kept.iter(_w("delText")):
            text.tag = _w("t")
        _unwrap(kept)
    # Paragraph marks: the kept kind loses its mark; the dropped kind joins its paragraph to the next.
    for mark in body.xpath(f".//w:pPr/w:rPr/w:{keep}"):
        mark.getparent().remove(mark)
    for mark in body.xpath(f".//w:pPr/w:rPr/w:{drop}"):
        p = mark.getparent().getparent().getparent()
        following = p.getnext()
        while following is not None and following.tag != _w("p"):
            following = following.getnext()
        content = [c for c in p if c.tag != _w("pPr")]
        if following is not None:
            ppr = following.find(_w("pPr"))
            at = following.index(ppr) + 1 if ppr is not None else 0
            for child in content:
                following.insert(at, child)
                at += 1
        p.getparent().remove(p)


def _resolved(source: Path, out: Path, keep: str, drop: str) -> Path:
    from docx import Document as open_docx

    doc = open_docx(str(source))
    _resolve(doc.element.body, keep, drop)
    doc.save(str(out))
    return out


def accept_all(source: Path, out: Path) -> Path:
    return _resolved(source, out, keep="ins", drop="del")


def reject_all(source: Path, out: Path) -> Path:
    return _resolved(source, out, keep="del", drop="ins")

"""Documents for the tests, built from the Markdown drafts of examples/.

Word: python-docx, with headings in Word's heading styles and the numbered
paragraphs ("1.", "(a)") typed with Word's automatic numbering, each list
restarting at its article, as a drafter's document is. PDF: the same draft
as HTML, printed by headless Chromium (or LibreOffice from the .docx).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

from docx import Document as new_document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

_DECIMAL = re.compile(r"^(\d+)\.\s+")
_LETTER = re.compile(r"^\(([a-z])\)\s+")

# Two list definitions: "1." and "(a)", as a drafter's template has them.
_ABSTRACT = """<w:abstractNum {ns} w:abstractNumId="{id}">
  <w:multiLevelType w:val="singleLevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>
</w:abstractNum>"""


class _Lists:
    def __init__(self, doc):
        self.numbering = doc.part.numbering_part.element
        self.next_num = 100
        first_num = self.numbering.find(f"{{{self.numbering.nsmap['w']}}}num")
        for abstract_id, fmt, text in ((90, "decimal", "%1."), (91, "lowerLetter", "(%1)")):
            element = parse_xml(_ABSTRACT.format(ns=nsdecls("w"), id=abstract_id, fmt=fmt, text=text))
            if first_num is not None:
                first_num.addprevious(element)
            else:
                self.numbering.append(element)

    def new_list(self, abstract_id: int) -> int:
        """A list that starts again at 1 (a new w:num with a start override)."""
        self.next_num += 1
        self.numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{self.next_num}"><w:abstractNumId w:val="{abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return self.next_num


def _number(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def markdown_to_docx(markdown: str, out: Path, auto_numbering: bool = True) -> Path:
    doc = new_document()
    lists = _Lists(doc) if auto_numbering else None
    current: dict[int, int] = {}
    for block in markdown.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        heading = re.match(r"^(#+)\s+(.*)$", block)
        if heading:
            doc.add_heading(heading.group(2), level=len(heading.group(1)) - 1)
            current = {}
            continue
        text = block.strip("*") if block.startswith("*") and block.endswith("*") else block
        for abstract_id, pattern in ((90, _DECIMAL), (91, _LETTER)):
            match = pattern.match(text)
            if match and lists is not None:
                if abstract_id not in current:
                    current[abstract_id] = lists.new_list(abstract_id)
                paragraph = doc.add_paragraph(text[match.end():])
                _number(paragraph, current[abstract_id])
                break
        else:
            paragraph = doc.add_paragraph(text)
            if block.startswith("*"):
                for run in paragraph.runs:
                    run.italic = True
    doc.save(out)
    return out


def markdown_to_html(markdown: str) -> str:
    parts = ['<!doctype html><meta charset="utf-8"><style>body{font:12pt serif;margin:0}'
             'h1{font-size:16pt}h2{font-size:14pt}h3{font-size:12pt}'
             '@page{size:A4;margin:25mm}</style>']
    for block in markdown.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        heading = re.match(r"^(#+)\s+(.*)$", block)
        if heading:
            level = len(heading.group(1))
            parts.append(f"<h{level}>{html.escape(heading.group(2))}</h{level}>")
        else:
            parts.append(f"<p>{html.escape(block.strip('*'))}</p>")
    return "\n".join(parts)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def html_to_pdf(page: str, out: Path) -> Path:
    source = out.with_suffix(".html")
    source.write_text(page, encoding="utf-8")
    subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={out}", source.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    return out


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(path: Path, fmt: str, outdir: Path) -> Path:
    """``path`` converted by LibreOffice headless ("pdf", "odt"); its own
    profile folder, so that tests running at once do not share one."""
    profile = outdir / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
         "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    return outdir / (path.stem + "." + fmt)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def commented_words(path: Path) -> dict[str, str]:
    """Comment id → the text its range covers, read from the document's XML."""
    from docx import Document as open_docx

    body = open_docx(str(path)).element.body
    open_ids: list[str] = []
    words: dict[str, list[str]] = {}
    for element in body.iter():
        tag = element.tag.split("}")[-1]
        if tag == "commentRangeStart":
            open_ids.append(element.get(f"{{{W}}}id"))
            words.setdefault(open_ids[-1], [])
        elif tag == "commentRangeEnd":
            if element.get(f"{{{W}}}id") in open_ids:
                open_ids.remove(element.get(f"{{{W}}}id"))
        elif tag == "t":
            for i in open_ids:
                words[i].append(element.text or "")
    return {i: "".join(parts) for i, parts in words.items()}


def heading_numbered_docx(out: Path, articles: list[tuple[str, str]]) -> Path:
    """A Word draft whose articles Word numbers itself: "Article %1." on
    the Heading 3 style, as drafting templates do. ``articles``: (title, text)."""
    doc = new_document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="70"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="Article %1."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
    style = doc.styles["Heading 3"].element
    style.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="70"/></w:numPr>'))
    for title, text in articles:
        doc.add_heading(title, level=3)
        doc.add_paragraph(text)
    doc.save(out)
    return out

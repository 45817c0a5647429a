"""Drafts as they circulate: Word and PDF files, checked from the command line.

Every document is built here from the Markdown example (python-docx for
Word; headless Chromium, or LibreOffice, for PDF), so the findings expected
are those of the Markdown: the same rule in the same article.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import article_of, run_cli
from clirun import check_json as findings
from conftest import EXAMPLES
from docbuild import (chromium, convert_with_libreoffice, heading_numbered_docx, html_to_pdf, markdown_to_docx,
                      markdown_to_html, soffice)

WEAK = EXAMPLES / "weak-draft-convention.md"


def run(*args, cwd: Path | None = None):
    return run_cli(args, cwd=cwd)


def by_article(items: list[dict]) -> set[tuple[str, str | None]]:
    """(rule, article number) of each finding: what a reader compares."""
    return {(item["rule"], article_of(item)) for item in items}


@pytest.fixture(scope="module")
def markdown_findings():
    return findings(WEAK)


@pytest.fixture(scope="module")
def weak_docx(tmp_path_factory) -> Path:
    return markdown_to_docx(WEAK.read_text(encoding="utf-8"), tmp_path_factory.mktemp("docx") / "weak.docx")


@pytest.fixture(scope="module")
def weak_pdf(tmp_path_factory) -> Path:
    if chromium() is None:
        pytest.skip("chromium is not installed: the PDF tests print their PDF with headless Chromium")
    return html_to_pdf(markdown_to_html(WEAK.read_text(encoding="utf-8")), tmp_path_factory.mktemp("pdf") / "weak.pdf")


def _plain(markdown: str) -> list[str]:
    """The Markdown's paragraphs as a reader of the document sees them."""
    out = []
    for block in markdown.split("\n\n"):
        block = re.sub(r"^#+\s+", "", block.strip()).strip("*")
        if block:
            out.append(block)
    return out


# -- Word -------------------------------------------------------------------
def test_docx_text_shows_automatic_numbers_as_the_reader_sees_them(weak_docx):
    from safeguard_lsp.documents import read_document

    document = read_document(weak_docx.read_bytes(), "weak.docx")
    # "1." and "(a)" are Word's automatic numbering in the document, not text.
    from docx import Document as open_docx

    typed = [p.text for p in open_docx(str(weak_docx)).paragraphs]
    assert "Dual criminality shall not be required for cooperation under this chapter." in typed
    assert "2. Dual criminality shall not be required for cooperation under this chapter." not in typed
    assert document.text.splitlines() == _plain(WEAK.read_text(encoding="utf-8"))


def test_docx_gives_the_markdown_findings_each_with_article_and_paragraph(weak_docx, markdown_findings):
    items = findings(weak_docx)
    assert by_article(items) == by_article(markdown_findings)
    assert len(items) == len(markdown_findings)
    from docx import Document as open_docx

    paragraphs = [p.text for p in open_docx(str(weak_docx)).paragraphs if p.text.strip()]
    false_info = [i for i in items if i["rule"] == "SG-CONTENT-FALSE-INFO"]
    assert false_info and all(article_of(i) == "7" for i in false_info)
    for item in items:
        assert set(item["location"]) == {"paragraph"}
    # The paragraph named is the one that holds the words found.
    named = {paragraphs[i["location"]["paragraph"] - 1] for i in false_info}
    assert any("false information that threatens public order" in p for p in named), named


def test_docx_text_output_names_article_and_paragraph(weak_docx):
    proc = run("check", weak_docx, cwd=weak_docx.parent)
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert re.search(r"^weak\.docx: Article 7, document paragraph \d+: error SG-CONTENT-FALSE-INFO ", out, re.M), out
    assert "weak.docx: the whole instrument: warning SG-HR-CLAUSE " in out


def test_docx_tables_and_footnotes_are_read(tmp_path):
    from docx import Document as new_document

    doc = new_document()
    doc.add_paragraph("Article 1. Offences")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Article 2. Dissemination"
    table.cell(0, 1).text = ("Each State Party shall establish as a criminal offence the dissemination "
                             "of false information through an ICT system.")
    doc.add_paragraph("Article 3. Final provisions")
    doc.add_paragraph("This Convention shall enter into force on signature.")
    _add_footnote(doc, doc.paragraphs[-1], "This clause is in square brackets pending agreement.")
    path = tmp_path / "table.docx"
    doc.save(path)

    from safeguard_lsp.documents import read_document

    document = read_document(path.read_bytes(), "table.docx")
    lines = document.text.splitlines()
    assert lines[1:3] == ["Article 2. Dissemination", table.cell(0, 1).text]
    assert lines[-1] == "[Footnote 1: This clause is in square brackets pending agreement.]"
    items = findings(path)
    false_info = [i for i in items if i["rule"] == "SG-CONTENT-FALSE-INFO"]
    assert false_info and false_info[0]["location"] == {"paragraph": 3}
    assert article_of(false_info[0]) == "2"


def _add_footnote(doc, paragraph, text: str) -> None:
    """A footnote, written into the package as Word writes one (python-docx
    has no footnote API)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    xml = (f'<w:footnotes {nsdecls("w")}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
           '</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode(), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))


@pytest.mark.slow
# -- PDF --------------------------------------------------------------------
def test_pdf_gives_the_markdown_findings_each_with_article_and_page(weak_pdf, markdown_findings):
    from pdfminer.high_level import extract_text

    items = findings(weak_pdf)
    assert by_article(items) == by_article(markdown_findings)
    for item in items:
        assert set(item["location"]) == {"page"}
    body = [i for i in items if i["rule"] == "SG-CONTENT-FALSE-INFO"][-1]
    page = body["location"]["page"]
    # The page named holds the words, read by pdfminer's own extraction.
    assert "false information that threatens" in " ".join(extract_text(str(weak_pdf), page_numbers=[page - 1]).split())
    out = run("check", weak_pdf, cwd=weak_pdf.parent).stdout.decode()
    assert f"weak.pdf: Article 7, page {page}: error SG-CONTENT-FALSE-INFO " in out


LAYOUT = """<!doctype html><meta charset="utf-8"><style>
@page {{ size: A4; margin: 25mm 25mm 25mm 25mm;
        @top-right {{ content: "A/AC.999/L.7"; font: 10pt serif }}
        @bottom-left {{ content: "V.26-04711"; font: 9pt serif }}
        @bottom-center {{ content: "- " counter(page) " -"; font: 10pt serif }} }}
body {{ font: 11pt serif; margin: 0 }}
.cols {{ columns: 2; column-gap: 12mm }}
.l {{ position: relative; white-space: nowrap; padding-left: 12mm }}
.n {{ position: absolute; left: 0; font: 8pt serif }}
h2 {{ font-size: 13pt }}
</style>
<h2>Draft Law on Offences against Information Systems</h2>
{numbered}
<div class="cols">{columns}</div>
"""


def _numbered_lines(lines: list[str]) -> str:
    return "\n".join(f'<div class="l"><span class="n">{i}</span>{line}</div>' for i, line in enumerate(lines, 1))


@pytest.fixture(scope="module")
def layout_pdf(tmp_path_factory) -> Path:
    """Our own small law, set as printed drafts are: a document symbol at
    the top of each page, a job number and a page number at the bottom,
    numbered lines with words hyphenated at their ends, then two columns."""
    if chromium() is None:
        pytest.skip("chromium is not installed: the PDF tests print their PDF with headless Chromium")
    numbered = _numbered_lines([
        "Article 1. Dissemination of false information",
        "Whoever publishes false information through an infor-",
        "mation system that threatens public order commits an of-",
        "fence and is liable to imprisonment; this applies to cross-",
        "border publication.",
    ])
    filler = " ".join(["The Minister shall publish an annual report on the application of this Law."] * 3)
    articles = []
    for number in range(2, 14):
        articles.append(f"<h3>Article {number}. Reports</h3><p>{filler}</p>")
    articles.append("<h3>Article 14. Extremism</h3><p>Whoever distributes extremist materials commits an offence.</p>")
    page = LAYOUT.format(numbered=numbered, columns="".join(articles))
    return html_to_pdf(page, tmp_path_factory.mktemp("layout") / "layout.pdf")


@pytest.mark.slow
def test_pdf_layout_is_read_as_a_reader_reads_it(layout_pdf):
    from safeguard_lsp.documents import read_document

    from pdfminer.high_level import extract_text

    raw = extract_text(str(layout_pdf))
    # What the reading must remove is there in the PDF.
    assert raw.count("A/AC.999/L.7") >= 2 and raw.count("V.26-04711") >= 2 and "- 2 -" in raw, raw
    assert re.search(r"^4$", raw, re.M) and "infor-" in raw, raw
    document = read_document(layout_pdf.read_bytes(), "layout.pdf")
    text = document.text
    assert len(document.pieces) >= 2, "the test document must run over more than one page"
    # Running lines, page numbers and line numbers are gone.
    assert "A/AC.999/L.7" not in text and "V.26-04711" not in text
    assert not re.search(r"^- \d+ -$", text, re.M)
    # Hyphenated words are whole again, a compound keeps its hyphen, and the
    # numbered lines are one paragraph.
    assert ("Whoever publishes false information through an information system that threatens public order "
            "commits an offence and is liable to imprisonment; this applies to cross-border publication.") in text
    # Two columns are read column by column: every article follows the one before.
    numbers = [int(n) for n in re.findall(r"^Article (\d+)\.", text, re.M)]
    assert numbers == list(range(1, 15))
    assert "Whoever distributes extremist materials commits an offence." in text


@pytest.mark.slow
def test_pdf_layout_findings_name_article_and_page(layout_pdf):
    items = findings(layout_pdf)
    rules = by_article(items)
    assert ("SG-CONTENT-FALSE-INFO", "1") in rules
    assert ("SG-CONTENT-EXTREMISM", "14") in rules
    extremism = [i for i in items if i["rule"] == "SG-CONTENT-EXTREMISM"]
    assert extremism[-1]["location"]["page"] >= 2


@pytest.mark.slow
def test_pdf_printed_by_libreoffice_from_the_docx(weak_docx, markdown_findings, tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed (apt: libreoffice-writer-nogui)")
    pdf = convert_with_libreoffice(weak_docx, "pdf", tmp_path)
    assert by_article(findings(pdf)) == by_article(markdown_findings)


# -- what cannot be read ------------------------------------------------------
_EMPTY_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj
4 0 obj << /Length 22 >> stream
0 0 0 rg 0 0 100 100 re f
endstream endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def test_a_pdf_without_text_says_so_and_exits_2(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_EMPTY_PDF)
    proc = run("check", scan)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "scan.pdf: this PDF has no text to check" in err and "OCR" in err
    assert proc.stdout == b""


def test_a_small_file_that_only_claims_to_be_a_pdf_is_not_read_as_text(tmp_path):
    fake = tmp_path / "tiny.pdf"
    fake.write_bytes(b"%PDF-1.4\nArticle 1. The dissemination of false information is an offence.\n%%EOF\n")
    proc = run("check", fake)
    assert proc.returncode == 2
    assert "tiny.pdf:" in proc.stderr.decode()
    assert proc.stdout == b""


def test_a_binary_file_gets_a_hint_about_the_formats_read(tmp_path):
    old = tmp_path / "draft.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    err = run("check", old).stderr.decode()
    assert "draft.doc: this looks like a binary file, not a draft; it looks like an old Word document (.doc): save it as .docx" in err
    blob = tmp_path / "image.bin"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    err = run("check", blob).stderr.decode()
    assert "Word (.docx), PDF (.pdf) or OpenDocument (.odt)" in err


def test_a_folder_includes_documents_and_skips_word_lock_files(tmp_path, weak_docx):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "weak.docx").write_bytes(weak_docx.read_bytes())
    (folder / "~$weak.docx").write_bytes(b"\x00lock")
    proc = run("check", folder, "--format", "json")
    assert proc.returncode == 1, proc.stderr.decode()
    assert {i["path"] for i in json.loads(proc.stdout)} == {str(Path("drafts") / "weak.docx")} or \
        all(i["path"].endswith("weak.docx") for i in json.loads(proc.stdout))


def test_checking_text_loads_no_document_library(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Article 1. Offences\n\nThe dissemination of false information is an offence.\n")
    code = ("import sys\nfrom safeguard_lsp.cli import main\nstatus = main(['check', sys.argv[1]])\n"
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'pdfminer', 'lxml'))\n"
            "print('LOADED', loaded, status)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, timeout=120)
    assert b"LOADED [] 1" in proc.stdout, proc.stdout + proc.stderr


# -- OpenDocument ---------------------------------------------------------------
_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0">
 <office:automatic-styles>
  <text:list-style style:name="L1">
   <text:list-level-style-number text:level="1" style:num-prefix="(" style:num-suffix=")" style:num-format="a"/>
  </text:list-style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">Draft Law on Offences</text:h>
  <text:h text:outline-level="2">Article 1. Offences</text:h>
  <text:p>Each State Party shall establish as criminal offences:</text:p>
  <text:list text:style-name="L1">
   <text:list-item><text:p>the dissemination of<text:s/>false information;<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Bracketed text.</text:p></text:note-body></text:note></text:p></text:list-item>
   <text:list-item><text:p>the <text:span>distribution</text:span> of extremist materials.</text:p></text:list-item>
  </text:list>
  <table:table><table:table-row><table:table-cell><text:p>Article 2. Entry into force</text:p></table:table-cell>
   <table:table-cell><text:p>This Law shall take effect on publication.</text:p></table:table-cell></table:table-row></table:table>
 </office:text></office:body>
</office:document-content>
"""


def test_odt_text_lists_tables_and_notes(tmp_path):
    import zipfile

    path = tmp_path / "law.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", _ODT_CONTENT)
    from safeguard_lsp.documents import read_document

    document = read_document(path.read_bytes(), "law.odt")
    assert document.text.splitlines() == [
        "Draft Law on Offences",
        "Article 1. Offences",
        "Each State Party shall establish as criminal offences:",
        "(a) the dissemination of false information;",
        "[Footnote 1: Bracketed text.]",
        "(b) the distribution of extremist materials.",
        "Article 2. Entry into force",
        "This Law shall take effect on publication.",
    ]
    items = findings(path)
    assert {(i["rule"], article_of(i), tuple(i["location"].items())) for i in items
            if i["rule"] in ("SG-CONTENT-FALSE-INFO", "SG-CONTENT-EXTREMISM")} == {
        ("SG-CONTENT-FALSE-INFO", "1", (("paragraph", 4),)),
        ("SG-CONTENT-EXTREMISM", "1", (("paragraph", 5),)),
    }


@pytest.mark.slow
def test_odt_saved_by_libreoffice_from_the_docx(weak_docx, markdown_findings, tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed (apt: libreoffice-writer-nogui)")
    odt = convert_with_libreoffice(weak_docx, "odt", tmp_path)
    from safeguard_lsp.documents import read_document

    assert read_document(odt.read_bytes(), "weak.odt").text.splitlines() == _plain(WEAK.read_text(encoding="utf-8"))
    assert by_article(findings(odt)) == by_article(markdown_findings)


def test_report_reads_a_word_draft(weak_docx, tmp_path):
    out = tmp_path / "report.md"
    proc = run("report", weak_docx, "-o", out)
    assert proc.returncode == 0, proc.stderr.decode()
    report = out.read_text(encoding="utf-8")
    assert "Dissemination of false information" in report and "SG-CONTENT-FALSE-INFO" in report


def test_a_damaged_word_file_says_so(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a whole zip archive")
    proc = run("check", broken)
    assert proc.returncode == 2
    assert "broken.docx: cannot be read as a Word document (.docx)" in proc.stderr.decode()


_FOOTNOTED = """<!doctype html><meta charset="utf-8"><style>
@page { size: A4; margin: 25mm }
body { font: 11pt serif; margin: 0 }
.page { position: relative; height: 240mm; page-break-after: always }
.l { white-space: nowrap }
.note { position: absolute; bottom: 0; font: 8pt serif; border-top: 1px solid black; width: 60mm }
sup { font-size: 7pt }
</style>
<div class="page">
<h3>Article 1. Dissemination of false information</h3>
<div class="l">Whoever publishes false information<sup>1</sup> through an information system in a way that</div>
<div class="l">threatens</div>
<div class="note"><sup>1</sup> The term is defined in article 2.</div>
</div>
<div class="l">public order commits an offence.</div>
<h3>Article 2. Use of terms</h3>
<p>"False information" means information that a court has found to be false.</p>
"""


@pytest.mark.slow
def test_pdf_footnotes_wait_for_the_paragraph_the_page_break_falls_in(tmp_path):
    if chromium() is None:
        pytest.skip("chromium is not installed: the PDF tests print their PDF with headless Chromium")
    from pdfminer.high_level import extract_text

    from safeguard_lsp.documents import read_document

    pdf = html_to_pdf(_FOOTNOTED, tmp_path / "footnoted.pdf")
    raw = extract_text(str(pdf))
    assert "information1" in raw.replace(" ", "") and raw.count("\f") >= 2, raw
    document = read_document(pdf.read_bytes(), "footnoted.pdf")
    lines = document.text.splitlines()
    sentence = ("Whoever publishes false information through an information system in a way that threatens "
                "public order commits an offence.")
    assert lines[1] == sentence, lines
    assert lines[2] == "1 The term is defined in article 2."
    assert lines[3] == "Article 2. Use of terms"
    # The sentence starts on page 1 and ends on page 2.
    start = document.text.index(sentence)
    assert document.place(start) == "page 1"
    assert document.place(start + len(sentence) - 2) == "page 2"


def test_docx_article_numbers_from_the_heading_style(tmp_path):
    """Articles numbered by Word itself ("Article %1." on the heading style),
    as drafting templates do: the number is read as the reader sees it."""
    path = heading_numbered_docx(tmp_path / "numbered.docx", [
        ("Offences", "Each Party shall criminalise the dissemination of false information."),
        ("Procedural powers", "The police may intercept communications without a warrant."),
    ])
    from safeguard_lsp.documents import read_document

    text = read_document(path.read_bytes(), "numbered.docx").text
    assert text.splitlines()[0] == "Article 1. Offences" and text.splitlines()[2] == "Article 2. Procedural powers"
    items = findings(path)
    assert ("SG-CONTENT-FALSE-INFO", "1") in by_article(items)
    assert ("SG-POWER-NECESSITY", "2") in by_article(items)


def test_docx_content_controls_and_merged_cells_are_read_once(tmp_path):
    from docx import Document as new_document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = new_document()
    doc.add_paragraph("Article 1. Offences")
    # A clause inside a content control, as templates hold them.
    doc.element.body.insert(len(doc.element.body) - 1, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Each State Party shall establish as a '
        'criminal offence the dissemination of false information.</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    table = doc.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = "Article 2. Extremism"
    table.cell(0, 1).text = "The distribution of extremist materials is an offence."
    table.cell(1, 1).text = "This applies to online distribution."
    path = tmp_path / "controls.docx"
    doc.save(path)
    from safeguard_lsp.documents import read_document

    assert read_document(path.read_bytes(), "controls.docx").text.splitlines() == [
        "Article 1. Offences",
        "Each State Party shall establish as a criminal offence the dissemination of false information.",
        "Article 2. Extremism",
        "The distribution of extremist materials is an offence.",
        "This applies to online distribution.",
    ]

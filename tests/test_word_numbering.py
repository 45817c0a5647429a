"""Word's automatic numbering read as Word and LibreOffice show it, for
lists restarted the way LibreOffice writes them: the first paragraph of the
restarted list in a list (w:num) of its own with a start override, the next
paragraphs in another list of the same definition without one. Read as
separate counters, such a draft's paragraphs came out "1, 3, 4" and every
article got a false numbering warning once LibreOffice had saved it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document as new_document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from conftest import EXAMPLES
from docbuild import convert_with_libreoffice, markdown_to_docx, soffice
from libreoffice import LibreOffice


def _lists_as_libreoffice_writes_them(out: Path) -> Path:
    doc = new_document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    for num_id, restart in ((81, True), (82, False), (83, False), (84, True), (85, False)):
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="80"/>'
                                   f'{override}</w:num>'))
    for title, nums in (("Article 1. Scope", (81, 82, 83)), ("Article 2. Safeguards", (84, 85))):
        doc.add_heading(title, level=2)
        for i, num_id in enumerate(nums):
            paragraph = doc.add_paragraph(f"Each State Party shall ensure paragraph {i + 1} of {title[:9]}.")
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    doc.save(str(out))
    return out


def test_a_restarted_list_continues_in_the_lists_after_it(tmp_path):
    from safeguard_lsp.documents import read_document

    draft = _lists_as_libreoffice_writes_them(tmp_path / "restarted.docx")
    lines = read_document(draft.read_bytes(), draft.name).text.splitlines()
    assert [line.split(" ", 1)[0] for line in lines if not line.startswith("Article")] == \
        ["1.", "2.", "3.", "1.", "2."], lines


@pytest.mark.slow
def test_a_draft_saved_by_libreoffice_reads_as_libreoffice_shows_it(tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed (apt: libreoffice-writer-nogui)")
    from safeguard_lsp.documents import read_document

    draft = markdown_to_docx((EXAMPLES / "weak-draft-convention.md").read_text(encoding="utf-8"),
                             tmp_path / "weak.docx")
    saved_dir = tmp_path / "saved"
    saved_dir.mkdir()
    saved = convert_with_libreoffice(draft, "docx", saved_dir)
    shown = LibreOffice(tmp_path).save_as(saved, tmp_path / "shown.txt").read_text(encoding="utf-8-sig")
    read = read_document(saved.read_bytes(), saved.name).text
    assert read.splitlines() == [line.strip() for line in shown.splitlines() if line.strip()]
    proc = subprocess.run([sys.executable, "-m", "safeguard_lsp", "check", str(saved), "--format", "json"],
                          capture_output=True, timeout=180)
    assert "DR-NUMBERING" not in {item["rule"] for item in json.loads(proc.stdout)}

"""A Word or PDF draft opened in the editor: the server reads the file from
disk (the text an editor sends for it is not the document's text) and gives
its findings at the top of the file, each naming article and paragraph."""

from __future__ import annotations

from lsprotocol import types

from .helpers import by_rule


def _word_draft(path):
    from docx import Document as new_document

    doc = new_document()
    doc.add_heading("Draft Law on Offences", level=1)
    doc.add_paragraph("Article 1. Offences")
    doc.add_paragraph("Each Party shall criminalise fake news.")
    doc.save(path)
    return path


async def test_a_word_file_is_read_from_disk_and_its_findings_named_by_paragraph(session):
    path = _word_draft(session.root / f"opened-{session.profile}.docx")
    uri = path.as_uri()
    # What a client may send for a binary file: its bytes decoded as best it can.
    session.open(uri, path.read_bytes().decode("latin-1"), language="plaintext")
    diagnostics = await session.diagnostics(uri)
    [fake] = by_rule(diagnostics, "TEST-FAKE-NEWS")
    assert fake.message.startswith("Article 1, document paragraph 3: ")
    assert fake.range == types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    assert fake.source == "safeguard"
    session.close(uri)


async def test_an_unreadable_document_gets_one_diagnostic_saying_why(session):
    path = session.root / f"scan-{session.profile}.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    uri = path.as_uri()
    session.open(uri, "%PDF-1.4\n%%EOF\n", language="plaintext")
    [problem] = await session.diagnostics(uri)
    assert problem.code == "SG-DOCUMENT"
    assert problem.message.startswith(f"scan-{session.profile}.pdf: ")
    session.close(uri)

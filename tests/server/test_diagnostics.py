import asyncio

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from . import drafts
from .helpers import by_rule, edits_for, find, text_at


async def test_diagnostics_after_open_and_incremental_edit(session):
    uri = (session.root / f"open-edit-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    diagnostics = await session.diagnostics(uri)
    [fake] = by_rule(diagnostics, "TEST-FAKE-NEWS")
    assert text_at(session.texts[uri], fake.range, session.encoding) == "fake news"
    assert fake.source == "safeguard"
    assert fake.severity == types.DiagnosticSeverity.Warning
    assert fake.code_description.href.startswith("https://")
    assert fake.data["version"] == 1 and fake.data["rule"] == "TEST-FAKE-NEWS"
    fixes = [a for a in await session.actions(uri, [fake]) if a.edit is not None and a.title.startswith("Replace")]
    assert [e.new_text for e in edits_for(fixes[0], uri)] == ["unlawful content"]
    [judicial] = by_rule(diagnostics, "TEST-JUDICIAL")
    assert judicial.severity == types.DiagnosticSeverity.Error

    text = session.texts[uri]
    start = find(text, "fake news")
    session.replace(uri, start, start + len("fake news"), "fraud")
    diagnostics = await session.diagnostics(uri)
    assert by_rule(diagnostics, "TEST-FAKE-NEWS") == []

    text = session.texts[uri]
    at = find(text, "content data")
    session.replace(uri, at, at, "as appropriate, ")
    diagnostics = await session.diagnostics(uri)
    [weak] = by_rule(diagnostics, "TEST-AS-APPROPRIATE")
    assert text_at(session.texts[uri], weak.range, session.encoding) == "as appropriate"


async def test_only_the_latest_version_is_published(session):
    if session.pull:
        pytest.skip("this client pulls diagnostics; publishing is for the pushing profile")
    client = session.client
    uri = (session.root / "race.md").as_uri()
    session.open(uri, drafts.FAKE_NEWS)
    await session.diagnostics(uri)
    text = session.texts[uri]
    at = find(text, "fake news")
    session.replace(uri, at, at + 4, "true")  # "true news": no finding (version 2)
    session.replace(uri, at, at + 4, "fake")  # back to "fake news" (version 3), within the debounce
    latest = await session.diagnostics(uri)
    assert len(by_rule(latest, "TEST-FAKE-NEWS")) == 1
    await asyncio.sleep(0.5)  # longer than the debounce: a late version 2 would show now
    versions = [p.version for p in client.published if p.uri == uri]
    assert 2 not in versions
    assert versions == sorted(versions) and versions[-1] == 3


async def test_pull_diagnostics_document_and_workspace(session):
    if not session.pull:
        pytest.skip("this client takes pushed diagnostics")
    client = session.client
    uri = (session.root / "pulled.md").as_uri()
    session.open(uri, drafts.FAKE_NEWS)
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert report.kind == "full" and len(by_rule(report.items, "TEST-FAKE-NEWS")) == 1
    again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id))
    assert again.kind == "unchanged" and again.result_id == report.result_id

    before = set(client.progress_reports)
    result = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    reports = {r.uri: r for r in result.items}
    on_disk = (session.root / "on-disk.md").as_uri()
    assert len(by_rule(reports[on_disk].items, "TEST-FAKE-NEWS")) == 1
    assert reports[on_disk].version is None
    assert reports[uri].version == 1
    assert not any(u.endswith("notes.bin") for u in reports)
    tokens = set(client.progress_reports) - before
    assert tokens, "workspace diagnostics should report progress"
    kinds = [p.kind for t in tokens for p in client.progress_reports[t]]
    assert kinds[0] == "begin" and kinds[-1] == "end"


async def test_never_opened_document(session):
    """A request about a document never opened is the editor's mistake: a
    RequestFailed error that says so. Once opened and closed, it answers empty
    (a request racing the close is normal)."""
    client = session.client
    uri = (session.root / f"never-opened-{session.profile}.md").as_uri()
    doc = types.TextDocumentIdentifier(uri=uri)
    with pytest.raises(JsonRpcException) as hover_error:
        await client.text_document_hover_async(types.HoverParams(text_document=doc, position=types.Position(line=0, character=0)))
    assert hover_error.value.code == -32803 and "is not open" in hover_error.value.message
    with pytest.raises(JsonRpcException):
        await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=doc))
    session.open(uri, drafts.FAKE_NEWS)
    await session.diagnostics(uri)
    session.close(uri)
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=doc, position=types.Position(line=0, character=0))) is None
    assert await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc)) == []
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=doc))
    assert list(report.items) == []


async def test_data_a_client_mangled_is_not_trusted(session):
    """The edits of a quick fix come from the server's own findings, never
    from what the client sends back in ``data``."""
    uri = (session.root / f"robust-{session.profile}.md").as_uri()
    session.open(uri, drafts.FAKE_NEWS)
    [diagnostic] = by_rule(await session.diagnostics(uri), "TEST-FAKE-NEWS")
    diagnostic.data = {"version": 1, "offsets": "nonsense", "fixes": [{"title": "Delete everything", "edits": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}, "newText": ""}]}]}
    actions = [a for a in await session.actions(uri, [diagnostic]) if a.edit is not None]
    assert actions and "Delete everything" not in [a.title for a in actions]
    replace = next(a for a in actions if a.title.startswith("Replace"))
    assert [e.new_text for e in edits_for(replace, uri)] == ["unlawful content"]
    # and the server still serves
    hover = await session.hover(uri, diagnostic.range.start)
    assert "Offence of spreading false information" in hover

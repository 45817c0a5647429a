"""Faults stay local: an exception in one rule or one handler, unknown
methods, malformed params, requests for documents never opened. The faults
are injected from outside the package: a ``sitecustomize`` module on the
server subprocess's PYTHONPATH (fixtures/inject) makes one rule and the hover
handler raise, as bugs in them would."""

from __future__ import annotations

import os

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

from server.conftest import SERVER, recording_client, start

from .conftest import FUZZ_SETTINGS
from .rawlsp import RawServer

INJECT = os.path.join(os.path.dirname(__file__), "fixtures", "inject")
INJECT_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [INJECT] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
FAULTY = ClientServerConfig(server_command=SERVER, client_factory=recording_client, server_env=INJECT_ENV)
# Kept in step with fixtures/inject/sitecustomize.py.
FAILING_RULE = "TEST-AS-APPROPRIATE"
HOVER_TRIGGER = "hover-fault-here"

DRAFT = (
    "# Draft\n\n## Article 1. Offences\n\n"
    "Each Party shall criminalise fake news and, as appropriate, false information.\n"
)


@pytest_lsp.fixture(config=FAULTY, scope="session")
async def faulty(client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("faulty")
    session = await start(client, "neovim", root, dict(FUZZ_SETTINGS))
    session.root = root
    client.session = session
    yield
    await client.shutdown_session()


async def test_a_failing_rule_is_reported_and_logged_and_the_other_rules_still_report(faulty):
    session = faulty.session
    uri = (session.root / "rule-fault.md").as_uri()
    session.open(uri, DRAFT)
    diagnostics = await session.diagnostics(uri)
    codes = [d.code for d in diagnostics]
    assert "TEST-FAKE-NEWS" in codes, "the other rules' findings must still be delivered"
    assert FAILING_RULE not in codes
    failed = [d for d in diagnostics if d.code == "SG-RULE-FAILED"]
    assert len(failed) == 1 and FAILING_RULE in failed[0].message
    logged = [m.message for m in faulty.log_messages if m.type == types.MessageType.Error]
    assert any(FAILING_RULE in m and "injected fault" in m for m in logged), logged
    # Logged once, not at every keystroke.
    session.replace(uri, 0, 0, "<!-- edited -->\n")
    await session.diagnostics(uri)
    assert sum(FAILING_RULE in m.message for m in faulty.log_messages if m.type == types.MessageType.Error) == 1
    # And the server goes on serving.
    position = session.position(uri, "fake news", 2)
    assert "fake news" in (await session.hover(uri, position)).lower() or await session.hover(uri, position)


async def test_a_failing_handler_answers_an_error_and_the_server_keeps_serving(faulty):
    session = faulty.session
    bad = (session.root / "handler-fault.md").as_uri()
    good = (session.root / "handler-fine.md").as_uri()
    session.open(bad, DRAFT + f"\n{HOVER_TRIGGER}\n")
    session.open(good, DRAFT)
    await session.diagnostics(bad)
    await session.diagnostics(good)
    with pytest.raises(JsonRpcException):
        await session.hover(bad, session.position(bad, "fake news", 2))
    assert any("on_hover failed" in m.message and "ZeroDivisionError" in m.message
               for m in faulty.log_messages), "the handler's exception is logged with its traceback"
    assert await session.hover(good, session.position(good, "fake news", 2))
    assert [d.code for d in await session.diagnostics(good)]


# -- protocol errors, on the shared servers -----------------------------------
async def test_unknown_methods_get_method_not_found(rel):
    with pytest.raises(JsonRpcException) as unknown:
        await rel.client.protocol.send_request_async("safeguard/noSuchMethod", {"x": 1})
    assert unknown.value.code == -32601  # MethodNotFound
    rel.client.protocol.notify("safeguard/noSuchNotification", {"x": 1})
    assert await rel.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="")) is not None


def test_malformed_params_and_junk_get_protocol_errors_not_silence(tmp_path):
    """pygls dropped a request whose params it could not read, unanswered:
    the editor would wait for ever. Each now gets InvalidParams."""
    server = RawServer(cwd=tmp_path)
    try:
        server.initialize()
        malformed = [{"textDocument": 5}, None, [1, 2],
                     {"textDocument": {"uri": "file:///x.md"}, "position": {"line": -1, "character": "x"}}]
        for n, params in enumerate(malformed, start=10):
            server.request(n, "textDocument/hover", params)
        server.process.stdin.write(b"Content-Length: 7\r\n\r\n{{{{{{{")  # not JSON
        server.process.stdin.write(b"Garbage-Header: 1\r\n\r\n")
        # 2 MB of binary junk with no line break: longer than any header line
        # the reader accepts (it is skipped, and reading goes on after it).
        server.process.stdin.write(bytes(range(256)).replace(b"\n", b"") * 8_000 + b"\r\n")
        server.notify("textDocument/didChange", {"textDocument": {"uri": 3}, "contentChanges": "junk"})
        server.request(20, "safeguard/noSuchMethod", {})
        server.request(21, "workspace/symbol", {"query": ""})
        for n, _ in enumerate(malformed, start=10):
            assert server.response(n)["error"]["code"] == -32602
        assert server.response(20)["error"]["code"] == -32601
        assert "result" in server.response(21), "the server goes on serving"
        server.request(22, "shutdown")
        server.response(22)
        server.notify("exit")
        assert server.wait(10) == 0
    finally:
        server.kill()


async def test_requests_for_documents_never_opened_are_protocol_errors_and_harm_nothing(rel):
    uri = (rel.root / "never-opened.md").as_uri()
    doc = types.TextDocumentIdentifier(uri=uri)
    zero = types.Position(line=0, character=0)
    client = rel.client
    requests = [
        client.text_document_hover_async(types.HoverParams(text_document=doc, position=zero)),
        client.text_document_code_action_async(types.CodeActionParams(
            text_document=doc, range=types.Range(start=zero, end=zero), context=types.CodeActionContext(diagnostics=[]))),
        client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc)),
        client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=zero)),
        client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc)),
        client.text_document_references_async(types.ReferenceParams(
            text_document=doc, position=zero, context=types.ReferenceContext(include_declaration=True))),
        client.text_document_completion_async(types.CompletionParams(text_document=doc, position=zero)),
        client.text_document_code_lens_async(types.CodeLensParams(text_document=doc)),
    ]
    if rel.pull:
        requests.append(client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=doc)))
    for request in requests:
        with pytest.raises(JsonRpcException) as error:
            await request
        assert error.value.code == -32803, error.value  # RequestFailed
        assert "never-opened.md is not open" in error.value.message
    # Edits and closes for it are ignored.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="x")]))
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc))
    other = (rel.root / "after-unopened.md").as_uri()
    rel.open(other, DRAFT)
    try:
        assert any(d.code == "TEST-FAKE-NEWS" for d in await rel.diagnostics(other))
    finally:
        rel.close(other)


async def test_a_draft_over_the_size_limit_gets_one_information_diagnostic(rel):
    folder = rel.root / f"size-limit-{rel.profile}"
    folder.mkdir(exist_ok=True)
    (folder / ".safeguard.yaml").write_text("max_size: 300\n", encoding="utf-8")
    uri = (folder / "long.md").as_uri()
    rel.open(uri, DRAFT * 20)
    try:
        diagnostics = await rel.diagnostics(uri)
        notices = [d for d in diagnostics if d.code == "SG-SIZE-LIMIT"]
        assert len(notices) == 1 and notices[0].severity == types.DiagnosticSeverity.Information
        assert "max_size" in notices[0].message
        last_line = (DRAFT * 20)[:300].count("\n")
        assert all(d.range.start.line <= last_line for d in diagnostics), "nothing past the limit is checked"
    finally:
        rel.close(uri)

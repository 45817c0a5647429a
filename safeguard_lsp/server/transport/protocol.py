"""The protocol class, and every use of pygls' private internals, in one place.

Each override below exists because a test failed without it; the test is
named with the reason. Everything else in the server uses pygls' public API
(and the methods here).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import threading

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from .lifecycle import Lifecycle

log = logging.getLogger("safeguard_lsp.server")


class _Unreadable:
    jsonrpc = None  # handle_message ignores it (already answered)


_UNREADABLE = _Unreadable()


class SafeguardProtocol(LanguageServerProtocol):
    """pygls' protocol without pygls' own copy of each open document.

    That copy is never read here (``Documents`` keeps ours), it doubles the
    memory of every draft and re-splits it at every keystroke, and updating
    it rewrote the change's range *in place* before our handler saw it: pygls
    splits lines at U+2028, form feeds and the like, which the protocol does
    not, and clamps a column past its idea of the line end, so text was lost
    (tests/reliability/test_lsp_edits.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lifecycle = Lifecycle()

    def send_error(self, msg_id, error: JsonRpcException) -> None:
        """Answer request ``msg_id`` with ``error``, outside pygls' dispatch:
        for messages pygls would drop unanswered (framing faults,
        tests/reliability/test_lsp_framing.py; requests out of the lifecycle's
        order, tests/reliability/test_lsp_lifecycle.py)."""
        self._send_response(msg_id, error=error.to_response_error())

    def structure_message(self, data):
        """pygls drops a request whose params it cannot read without
        answering it, so the editor would wait for ever: answer InvalidParams
        (tests/reliability/test_lsp_faults.py, malformed params)."""
        try:
            return super().structure_message(data)
        except JsonRpcException:
            if not (isinstance(data, dict) and "id" in data and "method" in data and "error" not in data):
                raise
            self.send_error(data["id"], JsonRpcInvalidParams(
                f"the params of {data.get('method')!r} do not match the protocol"))
            return _UNREADABLE

    def handle_message(self, message):
        """Typing sends one didChange a keystroke; pygls' general dispatch
        (a context copy, a runtime Protocol check, two random ids, a
        generator) cost more than applying the edit, and a hover sent during
        a burst waited behind hundreds of them (measured, not asserted:
        benchmarks/editor_latency.py, hover p95 while editing; the hovers of
        tests/reliability/test_lsp_load.py check that the answers stay right).
        didChange goes straight to its handler, in order, with the params
        pygls has already checked. Messages out of the lifecycle's order are
        answered first (tests/reliability/test_lsp_lifecycle.py)."""
        if self.lifecycle.refuses(self, message):
            return
        if (type(message) is types.DidChangeTextDocumentNotification and not self._shutdown
                and (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None):
            result = handler(message.params)
            if inspect.isawaitable(result):
                asyncio.ensure_future(result)
            return
        super().handle_message(message)

    def notify_json(self, method: str, params_json: str) -> None:
        """Send a notification whose params are JSON text already (made on
        the checker's thread, server/diagnostics.py), framed as pygls frames
        every message: pygls would structure them into lsprotocol objects and
        back on the event loop (benchmarks/editor_latency.py)."""
        if self.writer is None:
            return
        body = f'{{"jsonrpc": "2.0", "method": {json.dumps(method)}, "params": {params_json}}}'.encode("utf-8")
        header = (f"Content-Length: {len(body)}\r\n"
                  f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n").encode("ascii")
        try:
            self.writer.write(header + body)
        except BrokenPipeError:
            raise
        except Exception as error:  # as pygls' own _send_data: logged, the server goes on
            log.exception("sending %s failed", method)
            self._server._report_server_error(error, JsonRpcInternalError)

    # pygls' own didOpen/didChange/didClose update its copy of the document
    # (see the class's docstring); these call only our handlers.
    def _user(self, method: str, params):
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        yield from self._user(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        yield from self._user(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        yield from self._user(types.TEXT_DOCUMENT_DID_CLOSE, params)


def stop_event_for(server) -> threading.Event:
    """The event that ends our read loops (stdio.py, tcp.py), set where
    pygls' ``start_io`` sets it so that pygls' ``shutdown()`` (on ``exit``)
    stops them: they replace pygls' loops, whose framing trusted every
    Content-Length (tests/reliability/test_lsp_framing.py)."""
    server._stop_event = event = threading.Event()
    return event

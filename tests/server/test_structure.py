"""The server's layout, as docs/architecture.md describes it: one module per
LSP feature, each registering its own handlers; ``app.py`` only assembles;
what the editor can do is read in one place; pygls' private internals are
touched in one place. A newcomer relies on this map, so it is checked."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from lsprotocol import types

SERVER = Path(__file__).resolve().parents[2] / "safeguard_lsp" / "server"
MAX_FUNCTION_LINES = 80
MAX_APP_LINES = 200
# pygls' private attributes and the protocol methods we override.
PYGLS_INTERNALS = re.compile(r"\._send_response\b|\._shutdown\b|\.fm\.|\._server\b|\._stop_event\b"
                             r"|_report_server_error|def structure_message|def handle_message|lsp_text_document__")


def _modules():
    return sorted(SERVER.rglob("*.py"))


def test_app_only_assembles():
    assert len((SERVER / "app.py").read_text().splitlines()) < MAX_APP_LINES


def test_no_function_in_the_server_is_longer_than_80_lines():
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SERVER)}:{node.lineno} {node.name}")
    assert not long


def test_every_method_the_server_answers_is_registered_by_a_feature_module():
    from safeguard_lsp.server import app

    server = app.create_server()
    registered = set(server.protocol.fm.features)
    # The requests an editor relies on; each is registered by features/*.register.
    for method in (types.INITIALIZE, types.TEXT_DOCUMENT_DID_CHANGE, types.TEXT_DOCUMENT_HOVER,
                   types.TEXT_DOCUMENT_CODE_ACTION, types.TEXT_DOCUMENT_DIAGNOSTIC, types.WORKSPACE_SYMBOL,
                   types.TEXT_DOCUMENT_COMPLETION, types.TEXT_DOCUMENT_CODE_LENS,
                   types.WORKSPACE_DID_CHANGE_CONFIGURATION, types.WORKSPACE_DID_CHANGE_WATCHED_FILES):
        assert method in registered
    app_source = (SERVER / "app.py").read_text()
    assert ".feature(" not in app_source, "handlers are registered by their feature module, not app.py"
    for module in app.FEATURES:
        assert callable(getattr(module, "register", None)), module.__name__


def test_client_capabilities_are_read_in_one_place():
    readers = [path.relative_to(SERVER) for path in _modules()
               if re.search(r"get_capability|client_capabilities\.", path.read_text())]
    assert readers == [Path("capabilities.py")]


def test_pygls_internals_are_touched_in_one_place():
    touching = [path.relative_to(SERVER) for path in _modules() if PYGLS_INTERNALS.search(path.read_text())]
    assert touching == [Path("transport/protocol.py")]

"""The server process's life: the specification's exit codes, exit when
standard input closes or when the editor's process (``processId``) dies, and
``$/cancelRequest`` on a long workspace check."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from .rawlsp import RawServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_shutdown_then_exit_exits_0(tmp_path):
    server = RawServer(cwd=tmp_path)
    try:
        server.initialize()
        server.request(2, "shutdown")
        assert server.response(2)["result"] is None
        server.notify("exit")
        assert server.wait(10) == 0
    finally:
        server.kill()


@pytest.mark.slow
def test_exit_without_shutdown_exits_1(tmp_path):
    """Regression: pygls's exit code was swallowed and the server exited 0."""
    server = RawServer(cwd=tmp_path)
    try:
        server.initialize()
        server.notify("exit")
        assert server.wait(10) == 1
    finally:
        server.kill()


@pytest.mark.slow
def test_the_server_exits_when_its_input_closes(tmp_path):
    server = RawServer(cwd=tmp_path)
    try:
        server.initialize()
        server.process.stdin.close()
        assert server.wait(10) is not None, "still running after standard input closed"
    finally:
        server.kill()


@pytest.mark.slow
def test_the_server_exits_when_the_editors_process_dies(tmp_path):
    """Regression: processId was ignored; an editor that crashed left the
    server running for ever (its input pipe may stay open in a grandchild)."""
    editor = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    server = RawServer(cwd=tmp_path)
    try:
        server.initialize(process_id=editor.pid)
        server.request(2, "workspace/symbol", {"query": ""})
        server.response(2)
        assert server.wait(1.5) is None, "the server must keep running while the editor lives"
        editor.kill()
        editor.wait()
        started = time.monotonic()
        code = server.wait(5)
        assert code is not None, "the server outlived the editor's process by 5 s"
        assert code == 1  # no shutdown request came
        assert time.monotonic() - started < 5
    finally:
        editor.kill()
        server.kill()


@pytest.mark.slow
def test_cancel_request_cancels_a_long_workspace_check(tmp_path):
    source = (EXAMPLES / "weak-draft-convention.md").read_text(encoding="utf-8")
    for n in range(300):
        (tmp_path / f"draft-{n:03}.md").write_text(source.replace("# ", f"# Copy {n} of ", 1), encoding="utf-8")
    server = RawServer(cwd=tmp_path)
    try:
        server.request(1, "initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {
            "textDocument": {"diagnostic": {}}, "general": {"positionEncodings": ["utf-16"]}}})
        server.response(1, timeout=30)
        server.notify("initialized", {})
        uri = (tmp_path / "draft-000.md").as_uri()
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": source}})
        server.request(2, "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}})
        server.response(2, timeout=30)  # the server is ready
        server.request(3, "workspace/diagnostic", {"previousResultIds": []})
        time.sleep(0.5)
        sent = time.monotonic()
        server.notify("$/cancelRequest", {"id": 3})
        answer = server.response(3, timeout=10)
        elapsed = time.monotonic() - sent
        assert "error" in answer and answer["error"]["code"] == -32800, answer.get("error") or "a full result came"
        assert elapsed < 3, f"the cancellation took {elapsed:.1f} s"
        server.request(4, "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}})
        started = time.monotonic()
        assert "result" in server.response(4, timeout=10)
        assert time.monotonic() - started < 2, "the cancelled check went on in the background"
    finally:
        server.kill()


# -- issue 23, item 3 ------------------------------------------------------------
def test_a_request_before_initialize_is_refused_at_once_with_server_not_initialized(tmp_path):
    server = RawServer(cwd=tmp_path)
    try:
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": (tmp_path / "early.md").as_uri(), "languageId": "markdown", "version": 1, "text": "# Early\n"}})
        started = time.monotonic()
        server.request(7, "workspace/symbol", {"query": ""})
        answer = server.response(7, timeout=15)
        assert answer.get("error", {}).get("code") == -32002, answer
        assert time.monotonic() - started < 2, "the refusal must not wait"
        server.initialize()
        server.request(8, "workspace/symbol", {"query": ""})
        assert server.response(8)["result"] == [], "the notification sent before initialize was dropped"
    finally:
        server.kill()


def test_a_request_after_shutdown_is_answered_invalid_request(tmp_path):
    server = RawServer(cwd=tmp_path)
    try:
        server.initialize()
        server.request(2, "shutdown")
        assert server.response(2)["result"] is None
        server.request(3, "workspace/symbol", {"query": ""})
        assert server.response(3, timeout=5).get("error", {}).get("code") == -32600
        server.notify("exit")
        assert server.wait(10) == 0
    finally:
        server.kill()


@pytest.mark.slow
def test_an_editor_that_never_sends_its_settings_delays_requests_once_then_never(tmp_path):
    server = RawServer(cwd=tmp_path)
    try:
        server.request(1, "initialize", {"processId": None, "rootUri": tmp_path.as_uri(),
                                         "capabilities": {"workspace": {"configuration": True}}})
        server.response(1, timeout=30)
        server.notify("initialized", {})  # the server asks for the settings; no answer ever comes
        uri = (tmp_path / "draft.md").as_uri()
        text = (EXAMPLES / "weak-draft-convention.md").read_text(encoding="utf-8")
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        hover = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}
        started = time.monotonic()
        server.request(2, "textDocument/hover", hover)
        assert "result" in server.response(2, timeout=15)
        assert time.monotonic() - started < 5, "the first request waited more than the settings' timeout"
        for n in range(3, 6):
            started = time.monotonic()
            server.request(n, "textDocument/hover", hover)
            assert "result" in server.response(n, timeout=15)
            assert time.monotonic() - started < 1, f"request {n} waited for the settings again"
        assert any("did not send its settings" in m for m in server.logs), server.logs
    finally:
        server.kill()

"""`serve --tcp` does not let any local process read the user's drafts
(issue 23, item 8): it listens on the loopback interface only, refuses an
initialize without its token (and every request before one with it), and
serves one editor: once that editor is in, no other connection is taken."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

SERVE = [sys.executable, "-m", "safeguard_lsp", "serve", "--tcp"]
TOKEN = "a-token-only-the-editor-knows"


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream) -> dict | None:
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        elif line in (b"\r\n", b"\n"):
            break
    return json.loads(stream.read(length))


def answer(stream, id_) -> dict:
    while True:
        message = read_message(stream)
        assert message is not None, f"the connection closed before the answer to {id_}"
        if message.get("id") == id_ and "method" not in message:
            return message


def initialize(id_, token=None) -> dict:
    params = {"processId": None, "rootUri": None, "capabilities": {}}
    if token is not None:
        params["initializationOptions"] = {"token": token}
    return {"jsonrpc": "2.0", "id": id_, "method": "initialize", "params": params}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def connect(port: int, proc) -> socket.socket:
    deadline = time.monotonic() + 30
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.1)


@pytest.mark.parametrize("host", ["0.0.0.0", pytest.param("192.0.2.7", marks=pytest.mark.slow),
                                  pytest.param("example.org", marks=pytest.mark.slow)])
def test_only_the_loopback_interface_is_listened_on(host):
    proc = subprocess.run(SERVE + [f"{host}:2087"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "loopback" in proc.stderr


def test_the_editor_must_bring_the_token_and_is_served_alone():
    port = free_port()
    proc = subprocess.Popen(SERVE + [f"127.0.0.1:{port}"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, "SAFEGUARD_LSP_TOKEN": TOKEN})
    try:
        with connect(port, proc) as sock:
            stream = sock.makefile("rwb")
            stream.write(frame({"jsonrpc": "2.0", "id": 1, "method": "workspace/symbol", "params": {"query": ""}}))
            stream.write(frame(initialize(2)))
            stream.write(frame(initialize(3, "a-guess")))
            stream.write(frame({"jsonrpc": "2.0", "id": 4, "method": "workspace/symbol", "params": {"query": ""}}))
            stream.flush()
            assert answer(stream, 1)["error"]["code"] == -32002
            assert "token" in answer(stream, 2)["error"]["message"]
            assert "error" in answer(stream, 3)
            assert answer(stream, 4)["error"]["code"] == -32002, "no request is served without the token"
            stream.write(frame(initialize(5, TOKEN)))
            stream.flush()
            assert answer(stream, 5)["result"]["serverInfo"]["name"] == "safeguard-lsp"
            # Another process now finds no one listening, or is cut off at once.
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as other:
                    other.sendall(frame(initialize(1, TOKEN)))
                    other.settimeout(5)
                    assert other.recv(1) == b"", "a second connection was served"
            except (ConnectionRefusedError, ConnectionResetError):
                pass
            stream.write(frame({"jsonrpc": "2.0", "id": 6, "method": "shutdown"}))
            stream.write(frame({"jsonrpc": "2.0", "method": "exit"}))
            stream.flush()
            assert answer(stream, 6)["result"] is None
        assert proc.wait(timeout=20) == 0
    finally:
        proc.kill()
        proc.wait(timeout=20)


@pytest.mark.slow
def test_a_token_is_made_and_shown_when_none_is_set():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "SAFEGUARD_LSP_TOKEN"}
    proc = subprocess.Popen(SERVE + [f"127.0.0.1:{port}"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    try:
        line = proc.stderr.readline().decode()
        assert "initializationOptions.token" in line
        token = line.rsplit(" ", 1)[1].strip()
        with connect(port, proc) as sock:
            stream = sock.makefile("rwb")
            stream.write(frame(initialize(1, token)))
            stream.flush()
            assert "result" in answer(stream, 1)
    finally:
        proc.kill()
        proc.wait(timeout=20)

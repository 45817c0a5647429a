"""`safeguard-lsp serve` as an editor starts it: over standard input and
output with a log file, and over TCP for editors that connect to a socket."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body


def read_message(stream) -> dict:
    headers = {}
    while True:
        line = stream.readline()
        if not line:
            raise EOFError("the server closed the stream")
        line = line.decode("ascii").strip()
        if not line:
            break
        name, _, value = line.partition(":")
        headers[name.lower()] = value.strip()
    return json.loads(stream.read(int(headers["content-length"])))


def read_response(stream, request_id: int) -> dict:
    while True:
        message = read_message(stream)
        if message.get("id") == request_id and "method" not in message:
            return message


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"processId": None, "rootUri": None, "capabilities": {}}}
SESSION_END = [
    {"jsonrpc": "2.0", "method": "initialized", "params": {}},
    {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
]


def test_stdio_with_log_file(tmp_path):
    log = tmp_path / "server.log"
    proc = subprocess.Popen([sys.executable, "-m", "safeguard_lsp", "serve", "--log-file", str(log)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        proc.stdin.write(frame(INITIALIZE))
        proc.stdin.flush()
        reply = read_response(proc.stdout, 1)
        assert reply["result"]["serverInfo"]["name"] == "safeguard-lsp"
        assert reply["result"]["capabilities"]["hoverProvider"]
        for message in SESSION_END:
            proc.stdin.write(frame(message))
        proc.stdin.flush()
        assert read_response(proc.stdout, 2)["result"] is None
        proc.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        proc.stdin.flush()
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert log.read_text(encoding="utf-8").strip(), "the log file stays empty"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_tcp(tmp_path):
    port = free_port()
    # Over TCP the editor brings the server's token (tests/reliability/test_tcp.py).
    proc = subprocess.Popen([sys.executable, "-m", "safeguard_lsp", "serve", "--tcp", f"127.0.0.1:{port}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "SAFEGUARD_LSP_TOKEN": "test-token"})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        with connection:
            stream = connection.makefile("rwb")
            stream.write(frame({**INITIALIZE, "params": {**INITIALIZE["params"],
                                                          "initializationOptions": {"token": "test-token"}}}))
            stream.flush()
            reply = read_response(stream, 1)
            assert reply["result"]["serverInfo"]["name"] == "safeguard-lsp"
            for message in SESSION_END:
                stream.write(frame(message))
            stream.flush()
            assert read_response(stream, 2)["result"] is None
    finally:
        proc.kill()
        proc.wait(timeout=20)


def test_bad_tcp_address_is_a_usage_error():
    proc = subprocess.run([sys.executable, "-m", "safeguard_lsp", "serve", "--tcp", "localhost"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "HOST:PORT" in proc.stderr

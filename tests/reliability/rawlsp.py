"""A bare JSON-RPC client over the server's stdio, for what a polite client
library will not send (malformed params, junk bytes) and for the process's
own life (exit codes, stdin closed, the editor's process dying)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time

SERVER = [sys.executable, "-m", "safeguard_lsp", "serve"]


def frame(message) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawServer:
    def __init__(self, cwd=None, env=None):
        self.process = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        self.messages: queue.Queue = queue.Queue()
        self.logs: list[str] = []  # every window/logMessage, in order
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                elif line in (b"\r\n", b"\n"):
                    break
            message = json.loads(out.read(length))
            if message.get("method") == "window/logMessage":
                self.logs.append(message["params"]["message"])
            self.messages.put(message)

    def send(self, message) -> None:
        self.process.stdin.write(frame(message))
        self.process.stdin.flush()

    def request(self, id_, method, params=None) -> None:
        self.send({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})

    def notify(self, method, params=None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def response(self, id_, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if message.get("id") == id_ and "method" not in message:
                return message
        raise AssertionError(f"no answer to request {id_} within {timeout}s")

    def initialize(self, process_id=None, capabilities=None) -> dict:
        self.request(1, "initialize", {"processId": process_id, "rootUri": None, "capabilities": capabilities or {}})
        answer = self.response(1, timeout=30)
        self.notify("initialized", {})
        return answer

    def wait(self, timeout: float) -> int | None:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

"""Start the language server: ``safeguard-lsp serve [--tcp HOST:PORT] [--log-file PATH]``
(over TCP: loopback only, with a token; see transport/tcp.py).

Standard output belongs to the protocol: after the server takes it, anything
printed by accident goes to standard error instead.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from lsprotocol import types

LOGGER = "safeguard_lsp"


class ClientLogHandler(logging.Handler):
    """Sends our log records to the editor (window/logMessage)."""

    LEVELS = {
        logging.ERROR: types.MessageType.Error,
        logging.WARNING: types.MessageType.Warning,
        logging.INFO: types.MessageType.Info,
        logging.DEBUG: types.MessageType.Log,
    }

    def __init__(self, server) -> None:
        super().__init__(logging.INFO)
        self.server = server
        self._busy = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._busy or getattr(self.server.protocol, "writer", None) is None:
            return
        self._busy = True  # sending may log; do not loop
        try:
            kind = self.LEVELS.get(record.levelno, types.MessageType.Log)
            if record.levelno >= logging.ERROR:
                kind = types.MessageType.Error
            self.server.window_log_message(types.LogMessageParams(type=kind, message=self.format(record)))
        except Exception:
            pass
        finally:
            self._busy = False


def run(tcp: str | None = None, log_file: Path | None = None) -> int:
    from safeguard_lsp.gcpause import freeze_loaded

    from .app import create_server
    from .memory import keep_large_blocks_mapped

    # Checks run on a worker thread; the event loop answers the editor. With
    # CPython's default 5 ms switch interval, every message read while a check
    # runs waits up to 5 ms for the interpreter: a burst of keystrokes queues
    # up behind a long check. A shorter interval keeps the editor's requests
    # moving (measured by tests/reliability/test_lsp_load.py).
    sys.setswitchinterval(0.0005)

    server = create_server()
    freeze_loaded()  # before any draft: see gcpause.freeze_loaded
    keep_large_blocks_mapped()
    ours = logging.getLogger(LOGGER)
    ours.setLevel(logging.INFO)
    ours.addHandler(ClientLogHandler(server))
    root = logging.getLogger()
    if log_file is not None:
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    else:
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(logging.WARNING)
        root.addHandler(stderr)
    if tcp:
        from .transport.tcp import TOKEN_VARIABLE, loopback_refusal, parse_address, serve_tcp, token_from_environment

        try:
            host, port = parse_address(tcp)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        refused = loopback_refusal(host)
        if refused:
            print(f"error: {refused}", file=sys.stderr)
            return 2
        token, made = token_from_environment()
        if made:
            print(f"safeguard-lsp: the editor must send this token as initializationOptions.token: {token}\n"
                  f"(set {TOKEN_VARIABLE} to choose it)", file=sys.stderr, flush=True)
        serve_tcp(server, host, port, token)
        return server.exit_code
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol stream
    from .transport.stdio import serve_stdio

    serve_stdio(server, stdin, stdout)
    return server.exit_code

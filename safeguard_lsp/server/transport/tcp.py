"""Serve one editor over a TCP socket: ``safeguard-lsp serve --tcp HOST:PORT``.

Any process on the machine can connect to a TCP port, and the server reads
any draft its user can read (a hover, a workspace check). So the socket is
bound to the loopback interface only, and the editor must prove it was given
the server's token: ``initializationOptions.token`` in its ``initialize``
request. The token is ``$SAFEGUARD_LSP_TOKEN``, or one made at start and
printed on standard error. Until a connection has been initialized with the
token, every request on it is refused (ServerNotInitialized); once one has,
the server listens no more: it serves that editor alone, as over stdio.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import secrets
import socket

from .framing import STALL_SECONDS, serve_frames
from .protocol import stop_event_for
from .stdio import LINE_LIMIT, PipeReader

log = logging.getLogger(__name__)

TOKEN_VARIABLE = "SAFEGUARD_LSP_TOKEN"
# A connection that has not initialized with the token by then is closed.
AUTH_SECONDS = 10.0


def loopback_refusal(host: str) -> str | None:
    """Why ``host`` may not be listened on, or None for a loopback address."""
    if host == "localhost":
        return None
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return f"--tcp takes a loopback address (127.0.0.1 or ::1), not {host!r}"
    if not address.is_loopback:
        return (f"--tcp listens on the loopback interface only (127.0.0.1 or ::1), not {host}: any machine "
                "that could reach the port could read every draft you can read")
    return None


def token_from_environment() -> tuple[str, bool]:
    """The token, and whether it was made here (then it is shown to the user)."""
    token = os.environ.get(TOKEN_VARIABLE, "")
    if token:
        return token, False
    return secrets.token_urlsafe(24), True


def parse_address(value: str) -> tuple[str, int]:
    """``HOST:PORT`` (the host 127.0.0.1 when only ``:PORT`` is given)."""
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise ValueError(f"--tcp expects HOST:PORT, e.g. 127.0.0.1:2087, not {value!r}")
    return host or "127.0.0.1", int(port)


def serve_tcp(server, host: str, port: int, token: str) -> None:
    stop_event = stop_event_for(server)
    server.protocol.lifecycle.token = token
    state = {"active": False, "listener": None}

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        if state["active"]:
            log.warning("a second connection from %s refused: the server serves one editor", peer)
            writer.close()
            return
        state["active"] = True
        log.info("connection from %s; waiting for initialize with the token", peer)
        server.protocol.set_writer(writer)
        reading = asyncio.ensure_future(serve_frames(PipeReader(reader), server.protocol, stop_event,
                                                     error_handler=server.report_server_error,
                                                     stall=STALL_SECONDS))
        deadline = asyncio.get_running_loop().time() + AUTH_SECONDS
        while not server.protocol.lifecycle.initialize_seen and not reading.done():
            if asyncio.get_running_loop().time() > deadline:
                log.warning("the connection from %s did not initialize with the token in time; closed", peer)
                reading.cancel()
                writer.close()
                state["active"] = False
                return
            await asyncio.sleep(0.05)
        if server.protocol.lifecycle.initialize_seen:
            state["listener"].close()  # one editor: no one else may connect now
        try:
            await reading
        finally:
            stop_event.set()

    async def main() -> None:
        family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
        state["listener"] = listener = await asyncio.start_server(
            connection, host.strip("[]"), port, family=family, limit=LINE_LIMIT)
        log.info("listening on %s", ", ".join(str(s.getsockname()) for s in listener.sockets))
        while not stop_event.is_set():
            await asyncio.sleep(0.1)

    try:
        asyncio.run(main())
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()

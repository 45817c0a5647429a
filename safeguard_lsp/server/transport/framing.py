"""Read the editor's messages from a byte stream, and find the next one again
after a framing fault.

pygls' loop (``pygls.io_.run_async``) trusts every ``Content-Length``: one
that is too short, too long, not a number or missing leaves it reading the
middle of a message as headers, and the server never answers again. A
client that counts characters instead of bytes sends a length that is too
short on every draft with a non-ASCII character, so this is not rare.

Here a header is recognised wherever it starts in a line (the tail of a
message read short comes before it), a body is cut where the next message's
header begins (a length too long), and a body that is not JSON (cut short,
malformed, invalid UTF-8) is answered with ParseError (-32700) when the id
of the request can be read from it. Every fault is logged; the loop reads on.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from typing import Awaitable, Callable, Protocol

from pygls.exceptions import JsonRpcParseError

log = logging.getLogger(__name__)

# A Content-Length header, wherever it starts in the line. JSON text cannot
# hold a raw line break inside a string, so a match that ends in one is a
# real header, never words inside a message.
_HEADER = re.compile(rb"content-length[ \t]*:[ \t]*([^\r\n]*)\r?\n", re.IGNORECASE)
# The next message's header found inside a body (its length was too long):
# a number and a line break, which no JSON string can hold.
_NEXT_HEADER = re.compile(rb"content-length[ \t]*:[ \t]*\d+[ \t]*\r?\n", re.IGNORECASE)
_OVERLAP = 64  # a header cut between two reads is still found
_OTHER_HEADER = re.compile(rb"[A-Za-z][A-Za-z0-9-]*[ \t]*:[^\r\n]*\r?\n")
# The request's id, read from a body that is not JSON. Clients write
# ``"id"`` before ``"params"``, so the first one is the message's own.
_ID = re.compile(rb'"id"[ \t\r\n]*:[ \t\r\n]*(-?\d{1,15}|"(?:[^"\\\r\n]|\\.){0,200}")')
_METHOD = re.compile(rb'"method"[ \t\r\n]*:')

# A body whose length was claimed too long is taken as it is once no byte
# has come for this long and what came is one whole JSON value.
STALL_SECONDS = 0.5
# What is quoted of a fault in the log.
QUOTE = 80


class Source(Protocol):
    def readline(self) -> Awaitable[bytes]: ...  # up to and with b"\n"; b"" at the end

    def read(self, n: int) -> Awaitable[bytes]: ...  # up to n bytes; b"" at the end


class Framer:
    """Splits a byte source into message bodies; bytes read past a body's
    end are kept for the next one."""

    def __init__(self, source: Source, stall: float | None = STALL_SECONDS):
        self._source = source
        self._back = bytearray()
        # None for a source whose reads cannot be abandoned midway (a thread's).
        self._stall = stall

    def push_back(self, data: bytes) -> None:
        self._back[:0] = data

    async def _readline(self) -> bytes:
        if self._back:
            cut = self._back.find(b"\n")
            if cut >= 0:
                line = bytes(self._back[: cut + 1])
                del self._back[: cut + 1]
                return line
            head = bytes(self._back)
            self._back.clear()
            try:
                return head + await self._source.readline()
            except asyncio.CancelledError:
                self._back[:0] = head
                raise
        return await self._source.readline()

    async def _read(self, n: int) -> bytes:
        if self._back:
            data = bytes(self._back[:n])
            del self._back[:n]
            return data
        return await self._source.read(n)

    async def next_body(self, on_junk: Callable[[bytes], None]) -> bytes | None:
        """The next message's body, or None at the end of the stream. Bytes
        that belong to no message are given to ``on_junk``."""
        length: int | None = None
        seen_header = False
        while True:
            line = await self._readline()
            if not line:
                return None
            match = _HEADER.search(line)
            if match:
                if match.start():
                    on_junk(line[: match.start()])
                value = match.group(1).strip()
                seen_header = True
                if value.isdigit():
                    length = int(value)
                else:
                    length = None
                    log.warning("framing fault: Content-Length %r is not a number; the message is skipped",
                                value[:QUOTE].decode("ascii", "replace"))
                continue
            if not line.strip():
                if length is not None:
                    break
                if seen_header:
                    # Headers without a usable length: the body that follows
                    # has no known end; it is read as bytes outside any
                    # message up to the next header.
                    seen_header = False
                continue
            if _OTHER_HEADER.fullmatch(line):
                seen_header = True  # Content-Type and the like, in any order
                continue
            on_junk(line)
        return await self._read_body(length)

    async def _read_body(self, length: int) -> bytes | None:
        body = bytearray()
        while len(body) < length:
            read = self._read(length - len(body))
            try:
                if self._stall is None or not body:
                    # The first read returns what is buffered at once (the
                    # usual case: the whole body); a timer per message would
                    # cost more than the message.
                    chunk = await read
                else:
                    chunk = await asyncio.wait_for(read, self._stall)
            except asyncio.TimeoutError:
                if body and _is_json(body):
                    log.warning("framing fault: Content-Length %d is longer than the message (%d bytes)",
                                length, len(body))
                    return bytes(body)
                continue
            if not chunk:
                return None
            searched = max(0, len(body) - _OVERLAP)
            body += chunk
            match = _NEXT_HEADER.search(body, searched)  # the new bytes only: a long body stays linear
            if match:
                # The next message's header inside this one: the length was
                # too long; the message ends where that header starts.
                self.push_back(bytes(body[match.start():]))
                del body[match.start():]
                log.warning("framing fault: Content-Length %d is longer than the message (%d bytes)",
                            length, len(body))
                return bytes(body)
        return bytes(body)


def _is_json(data: bytes | bytearray) -> bool:
    try:
        json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def readable_id(data: bytes) -> int | str | None:
    """The id of the request in a body that is not JSON, when it can be read."""
    if not _METHOD.search(data):
        return None  # a response of the client's, or no message at all
    match = _ID.search(data)
    if match is None:
        return None
    try:
        return json.loads(match.group(1))
    except ValueError:
        return None


class Faults:
    """Answers what can be answered of bytes that are no message."""

    def __init__(self, protocol):
        self.protocol = protocol
        self.after_bad_body = False

    def parse_error(self, data: bytes, why: str) -> None:
        msg_id = readable_id(data)
        quoted = bytes(data[:QUOTE]).decode("utf-8", "replace")
        if msg_id is None:
            log.warning("framing fault: %s; no request id could be read (%r)", why, quoted)
            return
        log.warning("framing fault: %s; request %r answered with ParseError (%r)", why, msg_id, quoted)
        self.protocol.send_error(msg_id, JsonRpcParseError(f"the message could not be read: {why}"))

    def junk(self, data: bytes) -> None:
        if not data.strip():
            return
        if self.after_bad_body:
            # The rest of a message whose length was too short: it was
            # answered already.
            self.after_bad_body = False
            log.warning("framing fault: %d bytes after a message cut short skipped", len(data))
            return
        self.parse_error(data, "bytes outside any message (no Content-Length header)")


async def serve_frames(source: Source, protocol, stop_event: threading.Event, error_handler=None,
                       stall: float | None = STALL_SECONDS) -> None:
    """pygls' ``run_async`` loop, with resynchronisation after faults."""
    framer = Framer(source, stall)
    faults = Faults(protocol)
    while not stop_event.is_set():
        body = await framer.next_body(faults.junk)
        if body is None:
            break
        faults.after_bad_body = False
        try:
            message = json.loads(body, object_hook=protocol.structure_message)
        except UnicodeDecodeError:
            faults.after_bad_body = True
            faults.parse_error(body, "the body is not valid UTF-8")
            continue
        except json.JSONDecodeError as exc:
            faults.after_bad_body = True
            faults.parse_error(body, f"the body is not JSON ({exc.msg} at byte {exc.pos} of {len(body)})")
            continue
        except Exception as exc:
            log.exception("Unable to read message")
            if error_handler:
                error_handler(exc, type(exc))
            continue
        try:
            protocol.handle_message(message)
        except Exception as exc:
            log.exception("Unable to handle message")
            if error_handler:
                error_handler(exc, type(exc))
        if getattr(message, "id", None) is not None and getattr(message, "method", None):
            # A request's handler is a task, and its answer is sent by a
            # callback when it ends: both run only when this loop waits. While
            # a burst of edits filled the pipe it did not, and a hover sent
            # early in the burst was answered after its last edit. Two turns:
            # the handler's first step (a hover: all of it), then its answer.
            await asyncio.sleep(0)
            await asyncio.sleep(0)

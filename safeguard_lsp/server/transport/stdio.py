"""Serve over standard input and output, reading with the event loop itself.

pygls reads standard input on its thread pool: every header line and every
message body is a round trip to a worker thread and back (three a message).
In a burst of typing on a long draft that hand-over, not our handlers, was
most of the cost of a keystroke, and a hover sent during the burst waited
behind hundreds of them. Here the pipe is read by asyncio's own transport,
so a queued message costs only its parsing and its handler.

Messages are split by framing.serve_frames, which finds the next message
again after a framing fault; a standard input that asyncio cannot watch (a
regular file) is read on a thread instead.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import BinaryIO

from pygls.io_ import StdoutWriter

from .framing import STALL_SECONDS, serve_frames
from .protocol import stop_event_for

log = logging.getLogger(__name__)

# A header line longer than this is not a header: it is skipped.
LINE_LIMIT = 1 << 20


class PipeReader:
    """A framing.Source over an asyncio read-pipe transport."""

    def __init__(self, stream: asyncio.StreamReader):
        self._stream = stream

    async def readline(self) -> bytes:
        try:
            return await self._stream.readline()
        except ValueError:
            # Garbage with no line break for a megabyte: asyncio has dropped
            # it; give the loop a line that is no header, so it reads on.
            return b"?"

    async def read(self, n: int) -> bytes:
        return await self._stream.read(n)


class ThreadReader:
    """A framing.Source over a blocking stream, read on a worker thread."""

    def __init__(self, stdin: BinaryIO, executor):
        self._stdin = stdin
        self._executor = executor
        self._read = getattr(stdin, "read1", stdin.read)

    async def readline(self) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._stdin.readline)

    async def read(self, n: int) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._read, n)


async def _reader_for(stdin: BinaryIO, executor):
    loop = asyncio.get_running_loop()
    stream = asyncio.StreamReader(limit=LINE_LIMIT, loop=loop)
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream, loop=loop), stdin)
    except (ValueError, OSError) as exc:  # not a pipe, socket or terminal
        log.info("standard input is read on a thread (%s)", exc)
        return ThreadReader(stdin, executor)
    return PipeReader(stream)


def serve_stdio(server, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """What ``LanguageServer.start_io`` does, with :class:`PipeReader`."""
    stop_event = stop_event_for(server)
    server.protocol.set_writer(StdoutWriter(stdout))
    try:
        fd = stdin.fileno()
        blocking = os.get_blocking(fd)
    except (OSError, ValueError, AttributeError):
        fd, blocking = None, True

    async def main():
        reader = await _reader_for(stdin, server.thread_pool)
        await serve_frames(reader, server.protocol, stop_event, error_handler=server.report_server_error,
                           stall=None if isinstance(reader, ThreadReader) else STALL_SECONDS)

    try:
        asyncio.run(main())
    except BrokenPipeError:
        log.error("the connection to the editor is lost; stopping")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if fd is not None and blocking:
            # The transport made standard input non-blocking; a terminal's
            # would stay so for the shell after we exit.
            try:
                os.set_blocking(fd, True)
            except OSError:
                pass
        server.shutdown()

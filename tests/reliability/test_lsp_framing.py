"""Framing faults do not make the server deaf (issue 23, item 2).

A Content-Length too short (a client counting characters, not bytes, on a
draft with "é"), too long, not a number or missing, and a body that is not
JSON or not UTF-8: each request whose id can be read gets ParseError
(-32700), the fault is logged, and the next well-framed message is served.
"""

from __future__ import annotations

import json

from .rawlsp import RawServer

PARSE_ERROR = -32700


def body(id_, query="") -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": id_, "method": "workspace/symbol",
                       "params": {"query": query}}, ensure_ascii=False).encode("utf-8")


def well_framed(id_) -> bytes:
    data = body(id_)
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


def served(server: RawServer, id_) -> None:
    answer = server.response(id_, timeout=10)
    assert "result" in answer, f"request {id_} after the fault was not served: {answer}"


def parse_error(server: RawServer, id_) -> None:
    answer = server.response(id_, timeout=10)
    assert answer.get("error", {}).get("code") == PARSE_ERROR, answer


def write(server: RawServer, data: bytes) -> None:
    server.process.stdin.write(data)
    server.process.stdin.flush()


def test_each_framing_fault_is_answered_or_logged_and_the_server_reads_on(tmp_path):
    server = RawServer(cwd=tmp_path)
    try:
        server.initialize()
        # Too short: the length counts characters, the body has two-byte ones.
        data = body(2, "données pénales")
        write(server, b"Content-Length: %d\r\n\r\n" % len(data.decode("utf-8")) + data)
        parse_error(server, 2)
        write(server, well_framed(3))
        served(server, 3)

        # Too long, with the next message right behind it: both are served.
        data = body(4)
        write(server, b"Content-Length: %d\r\n\r\n" % (len(data) + 40) + data + well_framed(5))
        served(server, 4)
        served(server, 5)

        # Too long, and nothing follows: served once no byte comes.
        data = body(6)
        write(server, b"Content-Length: %d\r\n\r\n" % (len(data) + 40) + data)
        served(server, 6)

        # Not a number.
        write(server, b"Content-Length: twelve\r\n\r\n" + body(7) + well_framed(8))
        parse_error(server, 7)
        served(server, 8)

        # Missing.
        write(server, b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + body(9) + well_framed(10))
        parse_error(server, 9)
        served(server, 10)
        write(server, body(11) + well_framed(12))  # no header at all
        parse_error(server, 11)
        served(server, 12)

        # Malformed JSON and invalid UTF-8, each with a correct length.
        for id_, data in ((13, body(13)[:-7] + b",,}"), (14, body(14, "\u00e9").replace("\u00e9".encode(), b"\xff"))):
            write(server, b"Content-Length: %d\r\n\r\n" % len(data) + data)
            parse_error(server, id_)
        write(server, well_framed(15))
        served(server, 15)
        faults = len([m for m in server.logs if "framing fault" in m])

        # Headers in another order are no fault.
        data = body(16)
        write(server, b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
              % len(data) + data)
        served(server, 16)

        logged = [m for m in server.logs if "framing fault" in m]
        assert len(logged) >= 8, f"each fault is logged for the editor's log: {logged}"
        assert len(logged) == faults, logged[faults:]
        server.request(17, "shutdown")
        server.response(17)
        server.notify("exit")
        assert server.wait(10) == 0
    finally:
        server.kill()

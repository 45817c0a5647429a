"""Fixtures of the reliability suite: the real server (`python -m safeguard_lsp
serve`) driven by pytest-lsp, as in tests/server, plus helpers that check what
the issue asks to hold: ranges on valid boundaries of the negotiated encoding,
fixes that leave the rest of the text byte-identical.

``SAFEGUARD_FUZZ_EXAMPLES`` raises the number of Hypothesis examples per
property (the default is small, so that the normal suite stays quick).
"""

from __future__ import annotations

import os

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from server.conftest import SERVER, recording_client, start
from server.helpers import RULES

FUZZ_EXAMPLES = int(os.environ.get("SAFEGUARD_FUZZ_EXAMPLES", "25"))
# The shipped rules and the test pack together: many findings, many fixes.
FUZZ_SETTINGS = {"rulePaths": [str(RULES)], "debounce": 10}


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=recording_client)


@pytest.fixture(scope="session")
def rel_workspace(tmp_path_factory):
    return tmp_path_factory.mktemp("reliability")


@pytest_lsp.fixture(config=CONFIG, scope="session", params=["neovim", "vscode"])
async def rel_server(client: LanguageClient, request, rel_workspace):
    """One server per position encoding (neovim: UTF-8, vscode: UTF-16), shared
    by the reliability tests."""
    session = await start(client, request.param, rel_workspace, dict(FUZZ_SETTINGS))
    session.root = rel_workspace
    client.session = session
    yield
    await client.shutdown_session()


class Quiet:
    """The session, with a short repr: Hypothesis prints its arguments when
    an example fails, and the session's texts would fill the screen."""

    def __init__(self, session):
        object.__setattr__(self, "_session", session)

    def __getattr__(self, name):
        return getattr(self._session, name)

    def __setattr__(self, name, value):
        setattr(self._session, name, value)

    def __repr__(self) -> str:
        return f"<session {self._session.profile}>"


@pytest.fixture(scope="session")
def rel(rel_server):
    return Quiet(rel_server.session)


# -- what a client would do with the server's positions ----------------------
_CODEC = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}
_UNIT = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


def line_spans(text: str) -> list[tuple[int, int]]:
    from server.helpers import _lines

    return _lines(text)


def check_position(text: str, position: types.Position, encoding: str, what: str = "position") -> None:
    """The position is inside the document, and its column falls between two
    whole characters of the line in the encoding's units (never inside a
    surrogate pair or a UTF-8 sequence)."""
    lines = line_spans(text)
    assert 0 <= position.line < len(lines), f"{what} {position} is past the last line ({len(lines)} lines)"
    start, end = lines[position.line]
    data = text[start:end].encode(_CODEC[encoding], "surrogatepass")
    cut = position.character * _UNIT[encoding]
    assert 0 <= cut <= len(data), f"{what} {position} is past the end of its line ({len(data) // _UNIT[encoding]} units)"
    try:
        data[:cut].decode(_CODEC[encoding])
    except UnicodeDecodeError:
        raise AssertionError(f"{what} {position} falls inside a character in {encoding}") from None


def check_range(text: str, rng: types.Range, encoding: str, what: str = "range") -> None:
    check_position(text, rng.start, encoding, what + " start")
    check_position(text, rng.end, encoding, what + " end")
    assert (rng.start.line, rng.start.character) <= (rng.end.line, rng.end.character), f"{what} {rng} is reversed"


def splice_in_units(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    """Apply edits as an editor does: on the encoded text, by line and unit,
    then decode strictly (an edit splitting a character fails here). Asserts
    that everything outside the edited ranges is byte-identical."""
    lines = line_spans(text)
    codec, unit = _CODEC[encoding], _UNIT[encoding]

    def byte_offset(position: types.Position) -> int:
        start, _ = lines[position.line]
        return len(text[:start].encode(codec, "surrogatepass")) + position.character * unit

    data = text.encode(codec, "surrogatepass")
    spans = sorted(((byte_offset(e.range.start), byte_offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for (s1, e1, _), (s2, e2, _) in zip(spans, spans[1:]):
        assert e2 <= s1, "two edits of one fix overlap"
    out = data
    for s, e, new in spans:
        out = out[:s] + new.encode(codec, "surrogatepass") + out[e:]
    # Outside the edits, the bytes are those of the original.
    if spans:
        first, last = spans[-1], spans[0]
        assert out[: first[0]] == data[: first[0]]
        assert out[len(out) - (len(data) - last[1]):] == data[last[1]:]
    return out.decode(codec)

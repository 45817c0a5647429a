"""Client-side helpers for the end-to-end tests: an independent conversion of
editor positions (so the server's own positions module is not trusted to test
itself), and a session object that keeps the client's copy of each text."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types

LINE = re.compile(r"\r\n|\r|\n")
SERVER_TESTS = Path(__file__).resolve().parent
FIXTURES = SERVER_TESTS / "fixtures"
RULES = FIXTURES / "rules"
SHARED = Path(__file__).resolve().parents[3] / "shared"


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in LINE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _units(text: str, encoding: str) -> bytes:
    return text.encode("utf-16-le" if encoding == "utf-16" else "utf-32-le" if encoding == "utf-32" else "utf-8")


def _unit_size(encoding: str) -> int:
    return {"utf-16": 2, "utf-32": 4}.get(encoding, 1)


def offset_at(text: str, position: types.Position, encoding: str) -> int:
    """Code-point offset of an editor position, by encoding the line."""
    lines = _lines(text)
    if position.line >= len(lines):
        return len(text)
    start, end = lines[position.line]
    data = _units(text[start:end], encoding)
    cut = data[: position.character * _unit_size(encoding)]
    codec = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(encoding, "utf-8")
    return start + len(cut.decode(codec))


def position_at(text: str, offset: int, encoding: str) -> types.Position:
    for number, (start, end) in enumerate(_lines(text)):
        if offset <= end:
            return types.Position(line=number, character=len(_units(text[start:offset], encoding)) // _unit_size(encoding))
    raise ValueError(offset)


def text_at(text: str, rng: types.Range, encoding: str) -> str:
    return text[offset_at(text, rng.start, encoding):offset_at(text, rng.end, encoding)]


def apply_text_edits(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    spans = [(offset_at(text, e.range.start, encoding), offset_at(text, e.range.end, encoding), e.new_text) for e in edits]
    for start, end, new in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def find(text: str, needle: str, nth: int = 0) -> int:
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return index


@dataclass
class Session:
    client: object
    profile: str
    encoding: str
    pull: bool
    texts: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)

    def position(self, uri: str, needle: str, delta: int = 0, nth: int = 0) -> types.Position:
        text = self.texts[uri]
        return position_at(text, find(text, needle, nth) + delta, self.encoding)

    def open(self, uri: str, text: str, language: str = "markdown") -> None:
        self.texts[uri] = text
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))

    def replace(self, uri: str, start: int, end: int, new_text: str) -> int:
        """An incremental edit, sent in the client's position units."""
        text = self.texts[uri]
        rng = types.Range(start=position_at(text, start, self.encoding), end=position_at(text, end, self.encoding))
        self.texts[uri] = text[:start] + new_text + text[end:]
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new_text)]))
        return self.versions[uri]

    def apply(self, uri: str, edits: list[types.TextEdit]) -> int:
        """Apply a server's edits client-side, then tell the server (whole text,
        as editors do after a workspace edit they cannot describe incrementally)."""
        self.texts[uri] = apply_text_edits(self.texts[uri], edits, self.encoding)
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=self.texts[uri])]))
        return self.versions[uri]

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        self.texts.pop(uri, None)

    async def diagnostics(self, uri: str, timeout: float = 10.0) -> list[types.Diagnostic]:
        """The diagnostics of the latest version: pushed ones for a pushing
        client (waiting for that version), pulled ones otherwise."""
        if self.pull:
            report = await self.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
            return list(report.items)
        version = self.versions[uri]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for params in reversed(self.client.published):
                if params.uri == uri and params.version == version:
                    return list(params.diagnostics)
            await asyncio.sleep(0.01)
        raise AssertionError(f"no diagnostics for version {version} of {uri} within {timeout}s")

    async def hover(self, uri: str, position: types.Position) -> str:
        result = await self.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position))
        return result.contents.value if result else ""

    async def actions(self, uri: str, diagnostics: list[types.Diagnostic], only=None,
                      rng: types.Range | None = None) -> list[types.CodeAction]:
        rng = rng or (diagnostics[0].range if diagnostics else types.Range(
            start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)))
        return await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only)))


def edits_for(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    edit = action.edit
    if edit.document_changes:
        out = []
        for change in edit.document_changes:
            if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
                out.extend(change.edits)
        return out
    return list((edit.changes or {}).get(uri, []))


def by_rule(diagnostics, rule: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == rule]

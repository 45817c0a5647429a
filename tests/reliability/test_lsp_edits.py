"""Edits never lose text, over the protocol.

Hypothesis drives random incremental edit sequences (multi-line, CRLF, lone
CR, emoji, ZWJ sequences, combining characters, astral letters) through
``didChange`` in both negotiated encodings (UTF-8 for the neovim profile,
UTF-16 for the vscode one). The server's copy is compared with the client's
through what the server derives from it: the diagnostics and the outline of
the edited document must equal those of a fresh document opened with the
client's final text. Every diagnostic range must sit inside the document on
character boundaries of the encoding, and every fix, applied the way an editor
applies it (on encoded units), must change only its range.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from server.helpers import apply_text_edits, edits_for, position_at

from .conftest import FUZZ_EXAMPLES, check_range, splice_in_units

PIECES = [
    "a", "Z", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "é", "e\u0301", "\u0301", "😀", "👩\u200d👩\u200d👧",
    "𝒻", "公约", "\u2028", "\x0c", "\ufeff", "—", ".", "(a)", "1. ",
    "## Article 1. Offences\n\n", "## Article 2. Powers\n\n", "Article 3\n", "# Draft\n\n",
    "Each Party shall criminalise ", "fake news", "false information", "as appropriate",
    "may ", "intercept content data", "prior judicial authorisation", "\"computer system\" means any device",
    "in accordance with article 2", "extremism", "without right",
]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=25).map("".join)
change = st.tuples(st.integers(0, 10_000), st.integers(0, 40), texts)
edit_messages = st.lists(st.lists(change, min_size=1, max_size=3), min_size=1, max_size=6)

FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
_counter = itertools.count()


def _not_inside_crlf(text: str, offset: int) -> int:
    # A position cannot name the point between \r and \n (it is the end of the line).
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        return offset + 1
    return offset


def _key(diagnostic: types.Diagnostic):
    r = diagnostic.range
    return (r.start.line, r.start.character, r.end.line, r.end.character, str(diagnostic.code),
            diagnostic.severity, diagnostic.message)


def _symbols(symbols) -> list:
    out = []
    for symbol in symbols or []:
        r = getattr(symbol, "range", None) or symbol.location.range
        out.append((symbol.name, r.start.line, r.start.character, r.end.line, r.end.character,
                    _symbols(getattr(symbol, "children", None))))
    return out


async def _outline(session, uri):
    return _symbols(await session.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))))


@pytest.mark.slow
@FUZZ
@given(initial=texts, messages=edit_messages)
# Found by this test: pygls rewrote the change's range in place, clamping a
# column after U+2028 (a line end to pygls, not to the protocol); text was lost.
@example(initial="\u2028as appropriate", messages=[[(0, 2, "")]])
@example(initial="a\n\u2028a", messages=[[(2, 2, "")]])
@example(initial="x\x0cy test-fake-news\u2029z\x85", messages=[[(3, 4, "😀\r\n"), (0, 1, "e\u0301")]])
async def test_random_edit_sequences_keep_the_servers_copy_identical(rel, initial, messages):
    session = rel
    n = next(_counter)
    uri = (session.root / f"edited-{session.profile}-{n}.md").as_uri()
    fresh = (session.root / f"fresh-{session.profile}-{n}.md").as_uri()
    session.open(uri, initial)
    try:
        for message in messages:
            text = session.texts[uri]
            changes = []
            for start, length, new_text in message:
                start = _not_inside_crlf(text, start % (len(text) + 1))
                end = _not_inside_crlf(text, min(len(text), start + length))
                rng = types.Range(start=position_at(text, start, session.encoding),
                                  end=position_at(text, end, session.encoding))
                changes.append(types.TextDocumentContentChangePartial(range=rng, text=new_text))
                text = text[:start] + new_text + text[end:]
            session.texts[uri] = text
            session.versions[uri] += 1
            session.client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=session.versions[uri]),
                content_changes=changes))
        final = session.texts[uri]
        edited = await session.diagnostics(uri)
        session.open(fresh, final)
        expected = await session.diagnostics(fresh)
        assert sorted(map(_key, edited)) == sorted(map(_key, expected)), "the server's copy differs from the client's"
        assert await _outline(session, uri) == await _outline(session, fresh)
        for diagnostic in edited:
            check_range(final, diagnostic.range, session.encoding, f"{diagnostic.code} range")
            for related in diagnostic.related_information or []:
                if related.location.uri == uri:
                    check_range(final, related.location.range, session.encoding, "related range")
    finally:
        session.close(uri)
        session.close(fresh)


def _targets(edit: types.WorkspaceEdit) -> list[str]:
    out = list(edit.changes or {})
    for change in edit.document_changes or []:
        out.append(change.text_document.uri if isinstance(change, types.TextDocumentEdit) else change.uri)
    return out


def _allowed_other(draft_uri: str, target: str) -> bool:
    """Besides the draft, an action may only touch, by a WorkspaceEdit the
    editor applies: the .safeguard.yaml of the draft's folder (the "silence
    with a reason" quick fix) or the report beside the draft (a source action)."""
    from pygls.uris import to_fs_path

    draft, other = Path(to_fs_path(draft_uri)), Path(to_fs_path(target))
    if other.name == ".safeguard.yaml":
        return other.parent in draft.parents
    return other.parent == draft.parent and other.name == f"{draft.stem}.safeguard.html"


@FUZZ
@given(text=texts)
async def test_every_fix_changes_only_its_range(rel, text):
    session = rel
    uri = (session.root / f"fixes-{session.profile}-{next(_counter)}.md").as_uri()
    session.open(uri, text)
    try:
        diagnostics = await session.diagnostics(uri)
        for diagnostic in diagnostics:
            check_range(text, diagnostic.range, session.encoding, f"{diagnostic.code} range")
        findings = [d for d in diagnostics if isinstance(d.data, dict) and d.data.get("rule")][:6]
        for diagnostic in findings:
            actions = await session.actions(uri, [diagnostic])
            for action in actions:
                if not isinstance(action, types.CodeAction) or action.edit is None:
                    continue
                for target in _targets(action.edit):
                    assert target == uri or _allowed_other(uri, target), \
                        f"{action.title!r} writes outside the draft: {target}"
                edits = edits_for(action, uri)
                for edit in edits:
                    check_range(text, edit.range, session.encoding, f"edit of {action.title!r}")
                by_units = splice_in_units(text, edits, session.encoding)
                assert by_units == apply_text_edits(text, edits, session.encoding)
    finally:
        session.close(uri)


async def test_a_column_past_the_end_of_the_last_line_means_its_end(rel):
    """The specification: a character past the line's length is the line's
    length. pygls clamped it one unit short, cutting the last character."""
    session = rel
    uri = (session.root / f"past-end-{session.profile}.md").as_uri()
    session.open(uri, "Each Party shall criminalise fraud\u2028and false information")
    try:
        session.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=0, character=29),
                                  end=types.Position(line=0, character=999)), text="fake news")]))
        session.texts[uri] = "Each Party shall criminalise fake news"
        session.versions[uri] = 2
        found = [d for d in await session.diagnostics(uri) if d.code == "TEST-FAKE-NEWS"]
        assert [(d.range.start.character, d.range.end.character) for d in found] == [(29, 38)]
    finally:
        session.close(uri)

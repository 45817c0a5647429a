"""The server's drafts give the next version their units before an edit
(draft/reparse.py: each draft is freed once replaced, and its units before
the edited lines are the new draft's own, under the new draft's copies of
their divisions). Over the protocol, in UTF-8 (Neovim's profile) and UTF-16
(VS Code's), after edits early, late and in the middle of a long draft,
each checked in turn: the outline (built from the units' parents and
children), the folds and the diagnostics are those of the same text opened
afresh. (That each unit's parent is the new draft's own, which no label
shows, is proven in tests/test_reparse.py.)"""

from lsprotocol import types

from .test_kept_diagnostics import _everything, edits, long_draft


async def _outline(session, uri: str):
    document = types.TextDocumentIdentifier(uri=uri)
    symbols = await session.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=document))
    folds = await session.client.text_document_folding_range_async(types.FoldingRangeParams(text_document=document))
    return symbols, folds


async def test_after_edits_the_outline_and_diagnostics_are_a_fresh_documents(session):
    uri = (session.root / f"shared-{session.profile}.md").as_uri()
    fresh = (session.root / f"shared-fresh-{session.profile}.md").as_uri()
    session.open(uri, long_draft())
    await session.diagnostics(uri)
    try:
        for what, start, end, new in edits(long_draft()):
            text = session.texts[uri]
            start = min(start, len(text))
            session.replace(uri, start, end if end is not None else start, new)
            await session.diagnostics(uri, timeout=30)
            # Asked after each version: the outline walks the units from the
            # root down, through those the edits left to later versions.
            symbols, _ = await _outline(session, uri)
            assert symbols, what
        edited = await session.diagnostics(uri, timeout=30)
        session.open(fresh, session.texts[uri])
        expected = await session.diagnostics(fresh, timeout=30)
        assert [_everything(d, uri) for d in edited] == [_everything(d, fresh) for d in expected]
        assert await _outline(session, uri) == await _outline(session, fresh)
    finally:
        session.close(uri)
        session.close(fresh)

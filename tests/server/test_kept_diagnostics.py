"""After an edit, the diagnostics of the findings it left as they were are
kept from the previous version's (server/kept_diagnostics.py): the text
published must be the one a fresh writing gives, byte for byte, whatever the
edit (before, inside or after an article, in a definition, lines added or
removed) and in each position encoding."""

from pathlib import Path

import pytest
from lsprotocol import types

from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import CheckCache, Engine
from safeguard_lsp.server.diagnostics import diagnostics_json
from safeguard_lsp.server.documents import Analysis
from safeguard_lsp.server.positions import LineIndex

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
URI = "file:///convention.md"


def long_draft() -> str:
    """Two real drafts one after the other, with characters that count
    differently in UTF-16, UTF-8 and code points, long enough for an edit to
    leave findings far from it on both sides."""
    weak = (EXAMPLES / "weak-draft-convention.md").read_text(encoding="utf-8")
    strong = (EXAMPLES / "strong-draft-convention.md").read_text(encoding="utf-8")
    return weak.replace("State Party", "State Pärty 😀", 5) + "\n\n" + strong + "\n\n" + weak


def edits(text: str) -> list[tuple[str, int, int, str]]:
    """(what, start, end, new text), applied one after another."""
    weak_end = text.index("\n\n", len(text) // 3)
    definition = text.index('"electronic data" means')
    return [
        ("a letter early in an article", text.index("Each State Party shall adopt") + 5, None, "x"),
        ("a letter near the end", len(text) - 200, None, "e"),
        ("a paragraph added (lines after it move)", weak_end, None,
         "\n\n1. Each Party may order any person to disclose data, as appropriate.\n"),
        ("a word in a definition", definition + 1, definition + 9, "digital"),
        ("an article's heading removed", text.index("### Article 12"), text.index("### Article 12") + 4, ""),
        ("lines joined", text.index("\n\n", 3000), text.index("\n\n", 3000) + 2, " "),
        ("a space made a line break (as long, a line more)", text.index(" ", 5000), text.index(" ", 5000) + 1,
         "\n"),
        ("non-ASCII typed late", len(text) - 3000, None, "é — “x” 😀"),
        ("a definition added", definition, None, '(z) "judicial authority" means a court;\n\n'),
    ]


def analysed(text: str, version: int, ruleset, cache, previous: Draft | None, encoding: str) -> Analysis:
    draft = Draft.parse(text, syntax="markdown", previous=previous)
    result = Engine(ruleset, Config()).check(draft, cache=cache)
    return Analysis(version, draft, result, ruleset, Config(), LineIndex(text, encoding, draft.line_bounds))


@pytest.mark.parametrize("encoding", [types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf8,
                                      types.PositionEncodingKind.Utf32])
def test_kept_diagnostics_equal_a_fresh_writing_after_each_edit(shipped, encoding):
    text = long_draft()
    cache = CheckCache()
    previous = analysed(text, 1, shipped, cache, None, encoding)
    diagnostics_json(URI, previous)
    reused = {}
    for version, (what, start, end, new) in enumerate(edits(text), start=2):
        # Each edit is placed in the text as it is now: the offsets above
        # were found in the first version, and the edits before it moved little.
        start = min(start, len(text))
        text = text[:start] + new + text[end if end is not None else start:]
        analysis = analysed(text, version, shipped, cache, previous.draft, encoding)
        kept = diagnostics_json(URI, analysis, previous)
        fresh = analysed(text, version, shipped, CheckCache(), None, encoding)
        assert kept == diagnostics_json(URI, fresh), what
        assert len(analysis.result.findings) > 20
        reused[what] = analysis.kept_diagnostics.reused / len(analysis.result.findings)
        previous = analysis
    # Most findings lie far from each edit: their diagnostics were kept, also
    # those after lines added (their lines moved).
    assert reused["a letter near the end"] > 0.8, reused
    assert reused["a paragraph added (lines after it move)"] > 0.5, reused
    assert reused["lines joined"] > 0.5, reused
    assert reused["a space made a line break (as long, a line more)"] > 0.5, reused


def test_nothing_is_kept_for_another_document_or_encoding(shipped):
    text = long_draft()
    first = analysed(text, 1, shipped, CheckCache(), None, types.PositionEncodingKind.Utf16)
    diagnostics_json(URI, first)
    edited = text[:100] + "x" + text[100:]
    other_uri = analysed(edited, 2, shipped, CheckCache(), first.draft, types.PositionEncodingKind.Utf16)
    diagnostics_json("file:///other.md", other_uri, first)
    assert other_uri.kept_diagnostics.reused == 0
    other_encoding = analysed(edited, 2, shipped, CheckCache(), first.draft, types.PositionEncodingKind.Utf8)
    diagnostics_json(URI, other_encoding, first)
    assert other_encoding.kept_diagnostics.reused == 0


def _everything(diagnostic: types.Diagnostic, uri: str) -> tuple:
    """What a diagnostic says, its document's URI aside."""
    r = diagnostic.range
    related = tuple((x.location.uri == uri, x.location.range.start.line, x.location.range.start.character,
                     x.location.range.end.line, x.location.range.end.character, x.message)
                    for x in diagnostic.related_information or [])
    data = dict(diagnostic.data or {})
    data.pop("version", None)
    return (r.start.line, r.start.character, r.end.line, r.end.character, str(diagnostic.code),
            diagnostic.severity, diagnostic.message, related, sorted(data.items()))


async def test_the_server_publishes_after_edits_what_a_fresh_document_gets(session):
    """Over the protocol, each version published after the one before it (its
    kept diagnostics in use), then compared with the same text opened afresh."""
    uri = (session.root / f"kept-{session.profile}.md").as_uri()
    fresh = (session.root / f"kept-fresh-{session.profile}.md").as_uri()
    session.open(uri, long_draft())
    await session.diagnostics(uri)
    try:
        for what, start, end, new in edits(long_draft())[:5]:
            text = session.texts[uri]
            start = min(start, len(text))
            session.replace(uri, start, end if end is not None else start, new)
            await session.diagnostics(uri, timeout=30)
        edited = await session.diagnostics(uri, timeout=30)
        session.open(fresh, session.texts[uri])
        expected = await session.diagnostics(fresh, timeout=30)
        assert len(edited) > 5
        assert [_everything(d, uri) for d in edited] == [_everything(d, fresh) for d in expected]
    finally:
        session.close(uri)
        session.close(fresh)

"""Exact ranges whatever the characters before them: the UTF-8 client counts
bytes, the UTF-16 client counts code units (an emoji is two), the core counts
code points; CRLF line ends must not shift anything."""

import pytest

from .helpers import by_rule, find, text_at

LINES = [
    "# Projet de convention — 公约草案",
    "",
    "## Article 1. Infractions 😀",
    "",
    "Chaque État Partie érige en infraction les fake news diffusées (假新闻 👩‍👩‍👧 fake news), "
    "et la 𝒻𝒶𝓀ℯ fake news.",
    "",
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
async def test_exact_ranges_with_accents_cjk_emoji_and_crlf(session, newline):
    uri = (session.root / f"unicode-{len(newline)}-{session.profile}.md").as_uri()
    text = newline.join(LINES)
    session.open(uri, text)
    found = by_rule(await session.diagnostics(uri), "TEST-FAKE-NEWS")
    assert len(found) == 3
    for diagnostic in found:
        assert text_at(session.texts[uri], diagnostic.range, session.encoding) == "fake news"
        assert diagnostic.range.start.line == 4

    # an incremental edit after an emoji and a family emoji (ZWJ sequence) lands exactly
    at = find(text, "fake news", nth=1)
    session.replace(uri, at, at + len("fake news"), "rumeurs")
    found = by_rule(await session.diagnostics(uri), "TEST-FAKE-NEWS")
    assert len(found) == 2
    assert "(假新闻 👩‍👩‍👧 rumeurs)" in session.texts[uri]
    for diagnostic in found:
        assert text_at(session.texts[uri], diagnostic.range, session.encoding) == "fake news"

    # hover inside the last occurrence, just after mathematical letters (outside the BMP)
    last = found[-1]
    hover = await session.hover(uri, last.range.end)
    assert "Offence of spreading false information" in hover

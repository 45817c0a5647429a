"""The collector's full pass (gcpause) waits for a pause in the typing:
made before a check, it held up that edit's diagnostics for as long as it
took (on a 1 MB draft, longer than the check). A burst of edits, each
checked and published, makes none; a pause after enough checks makes one;
an edit during the wait puts it off; a burst long enough makes it all the
same, before a check."""

from __future__ import annotations

import asyncio
import gc
from types import SimpleNamespace

import pytest

from safeguard_lsp import gcpause
from safeguard_lsp.server import documents as documents_module
from safeguard_lsp.server.documents import Documents

URI = "file:///draft.md"


@pytest.fixture
def passes(monkeypatch) -> list[int]:
    """The collector's full passes made (each a gc.collect), counted."""
    made: list[int] = []
    real = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *args: made.append(1) or real(*args))
    monkeypatch.setattr(gcpause, "FULL_PASS_EVERY", 3)
    monkeypatch.setattr(gcpause, "OVERDUE", 30)
    monkeypatch.setattr(gcpause, "_checks", 0)
    monkeypatch.setattr(documents_module, "IDLE_SECONDS", 0.05)
    return made


def documents_checked_as_the_server_does() -> tuple[Documents, list[int]]:
    """Documents whose checks count themselves as the server's worker does
    (gcpause.collect_now_and_then before each), and the versions published."""
    published: list[int] = []

    async def analyse_async(document):
        gcpause.collect_now_and_then()
        await asyncio.sleep(0)
        return SimpleNamespace(version=document.version, draft=SimpleNamespace(text=document.text))

    def publish(document, analysis):
        published.append(analysis.version)

    docs = Documents(lambda document: None, publish, analyse_async)
    docs.ready.set()
    return docs, published


async def type_and_wait(docs: Documents, published: list[int], version: int) -> None:
    """One edit, checked and published before the next, as in a burst of typing."""
    document = docs.change(URI, [SimpleNamespace(text=f"Article {version}. Text.", range=None)], version, "utf-16")
    docs.schedule(document, 0)
    for _ in range(200):
        if published and published[-1] == version:
            return
        await asyncio.sleep(0.001)
    raise AssertionError(f"version {version} was not published")


async def test_a_burst_of_edits_makes_no_full_pass_and_a_pause_makes_one(passes):
    docs, published = documents_checked_as_the_server_does()
    docs.open(URI, "Article 1. Text.", 1, "markdown")
    for version in range(2, 12):  # more than FULL_PASS_EVERY checks, no pause
        await type_and_wait(docs, published, version)
    assert passes == []
    await asyncio.sleep(0.2)  # the typing pauses
    assert passes == [1]
    assert not gcpause.full_pass_due()
    await asyncio.sleep(0.2)  # a longer pause: nothing more is due
    assert passes == [1]


async def test_an_edit_during_the_wait_puts_the_pass_off(passes):
    docs, published = documents_checked_as_the_server_does()
    docs.open(URI, "Article 1. Text.", 1, "markdown")
    for version in range(2, 6):
        await type_and_wait(docs, published, version)
    for version in range(6, 12):  # edits closer together than the pause waited for
        await asyncio.sleep(0.02)
        await type_and_wait(docs, published, version)
    assert passes == []
    await asyncio.sleep(0.2)
    assert passes == [1]


async def test_a_burst_that_never_pauses_makes_the_pass_before_a_check(passes):
    docs, published = documents_checked_as_the_server_does()
    docs.open(URI, "Article 1. Text.", 1, "markdown")
    for version in range(2, 2 + gcpause.OVERDUE + 1):
        await type_and_wait(docs, published, version)
    assert passes == [1]

"""The server never asks the editor to write through a link or outside the
workspace folder (issue 23, item 1), over pytest-lsp with both profiles.
The same in a real Neovim: test_neovim_writes.py."""

from __future__ import annotations

import asyncio
import os

from lsprotocol import types

REPORT = "source.safeguard.report"
DRAFT = "# Draft\n\n## Article 1. Offences\n\nEach Party shall criminalise fake news.\n"
PLAIN = "Article 7\n\nOffences\n\nEach Party shall criminalise fake news.\n"
PRECIOUS = "a file outside the repository that must survive\n"


def reports(actions) -> list[types.CodeAction]:
    return [a for a in actions or [] if a.kind == REPORT]


def written_by(action: types.CodeAction) -> list[str]:
    """The files an action's edit creates or edits."""
    if action.edit is None or not action.edit.document_changes:
        return []
    return [getattr(c, "uri", None) or c.text_document.uri for c in action.edit.document_changes]


def draft_folder(rel, name: str):
    """A new folder of the workspace for one test, and the uri of its draft."""
    folder = rel.root / f"{name}-{rel.profile}"
    folder.mkdir()
    return folder, (folder / "draft.md").as_uri()


async def told(rel, words: str) -> bool:
    """Whether the editor was shown a message with ``words`` (waiting up to 5 s)."""
    for _ in range(100):
        if any(words in m.message for m in rel.client.messages):
            return True
        await asyncio.sleep(0.05)
    return False


async def test_no_report_is_offered_through_a_link(rel, tmp_path):
    folder, uri = draft_folder(rel, "report-link")
    outside = tmp_path / "precious.txt"
    outside.write_text(PRECIOUS, encoding="utf-8")
    os.symlink(outside, folder / "draft.safeguard.html")
    rel.open(uri, DRAFT)
    try:
        await rel.diagnostics(uri)
        offered = reports(await rel.actions(uri, [], only=[REPORT]))
        assert all(a.disabled is not None and a.edit is None for a in offered), offered
        assert outside.read_text(encoding="utf-8") == PRECIOUS
        assert await told(rel, "draft.safeguard.html is a symbolic link"), \
            "the user who asked for the report is told why there is none"
    finally:
        rel.close(uri)


async def test_a_link_made_after_the_report_was_listed_is_refused_when_it_is_chosen(rel, tmp_path):
    if rel.profile != "vscode":
        return  # only a client that resolves actions chooses after listing
    folder, uri = draft_folder(rel, "report-late-link")
    rel.open(uri, DRAFT)
    try:
        await rel.diagnostics(uri)
        [action] = reports(await rel.actions(uri, [], only=[REPORT]))
        outside = tmp_path / "precious.txt"
        outside.write_text(PRECIOUS, encoding="utf-8")
        os.symlink(outside, folder / "draft.safeguard.html")
        resolved = await rel.client.code_action_resolve_async(action)
        assert resolved.edit is None
        assert await told(rel, "draft.safeguard.html is a symbolic link")
    finally:
        rel.close(uri)


async def test_no_report_is_offered_for_a_draft_outside_the_workspace(rel, tmp_path):
    uri = (tmp_path / "elsewhere.md").as_uri()
    rel.open(uri, DRAFT)
    try:
        await rel.diagnostics(uri)
        offered = reports(await rel.actions(uri, [], only=[REPORT]))
        assert all(a.edit is None for a in offered)
        if rel.profile == "vscode" and offered:
            resolved = await rel.client.code_action_resolve_async(offered[0])
            assert resolved.edit is None
    finally:
        rel.close(uri)


async def test_a_report_is_still_offered_inside_the_workspace(rel):
    folder, uri = draft_folder(rel, "report-plain")
    rel.open(uri, DRAFT)
    try:
        await rel.diagnostics(uri)
        [action] = reports(await rel.actions(uri, [], only=[REPORT]))
        if action.edit is None:
            action = await rel.client.code_action_resolve_async(action)
        target = (folder / "draft.safeguard.html").as_uri()
        assert written_by(action) == [target, target]
        create = action.edit.document_changes[0]
        assert not create.options.overwrite, "no file yet: one that appears meanwhile is not overwritten"
    finally:
        rel.close(uri)


async def test_no_silence_is_written_through_a_linked_or_hard_linked_config(rel, tmp_path):
    for kind in ("symlink", "hardlink"):
        folder = rel.root / f"silence-{kind}-{rel.profile}"
        folder.mkdir()
        outside = tmp_path / f"precious-{kind}.yaml"
        outside.write_text("# " + PRECIOUS, encoding="utf-8")
        (os.symlink if kind == "symlink" else os.link)(outside, folder / ".safeguard.yaml")
        uri = (folder / "law.txt").as_uri()
        rel.open(uri, PLAIN, language="plaintext")
        try:
            diagnostics = [d for d in await rel.diagnostics(uri) if d.code == "TEST-FAKE-NEWS"]
            assert diagnostics
            actions = await rel.actions(uri, diagnostics[:1])
            silences = [a for a in actions if a.title.startswith("Silence TEST-FAKE-NEWS")]
            assert all(a.edit is None for a in silences), [written_by(a) for a in silences]
            assert outside.read_text(encoding="utf-8") == "# " + PRECIOUS
        finally:
            rel.close(uri)

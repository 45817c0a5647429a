"""Edits land where the user meant (issue 23, item 5): a change that comes
with a lower version is applied (and logged), a quick fix asked with a
stale diagnostic edits exactly that finding or nothing, and a draft whose
path is longer than the system allows is still checked from its text."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from server.helpers import by_rule, edits_for, find, text_at

from .rawlsp import RawServer

FAR = "# Draft\n\n## Article 1. Offences\n\nEach Party shall criminalise fake news.\n" + "\nFiller line.\n" * 20 + \
    "\n## Article 2. More offences\n\nEach Party shall also criminalise fake news.\n"


def fixes(actions, rule: str = "TEST-FAKE-NEWS") -> list[types.CodeAction]:
    return [a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.edit is not None
            and not a.title.startswith(("Silence", "Fix all"))
            and any(rule == getattr(d, "code", None) for d in a.diagnostics or [])]


async def test_a_change_with_a_lower_version_is_applied_and_logged(rel):
    uri = (rel.root / f"versions-{rel.profile}.md").as_uri()
    rel.open(uri, "# Draft\n\n## Article 1. Offences\n\nEach Party shall criminalise hacking.\n")
    try:
        await rel.diagnostics(uri)
        rel.versions[uri] = 9
        rel.replace(uri, 0, 0, "")  # version 10
        rel.versions[uri] = 4  # the next change comes as version 5
        text = rel.texts[uri]
        at = find(text, "hacking")
        rel.replace(uri, at, at + len("hacking"), "fake news")
        assert by_rule(await rel.diagnostics(uri), "TEST-FAKE-NEWS"), "the change with version 5 was dropped"
        for _ in range(100):
            if any("version 5 after version 10" in m.message for m in rel.client.log_messages):
                break
            await asyncio.sleep(0.05)
        assert any("version 5 after version 10" in m.message and "applied" in m.message
                   for m in rel.client.log_messages)
    finally:
        rel.close(uri)


async def test_a_stale_quick_fix_is_carried_over_to_its_own_finding_or_refused(rel):
    uri = (rel.root / f"stale-fix-{rel.profile}.md").as_uri()
    rel.open(uri, FAR)
    try:
        first, second = sorted(by_rule(await rel.diagnostics(uri), "TEST-FAKE-NEWS"), key=lambda d: d.range.start.line)
        assert second.range.start.line - first.range.start.line > 40

        # An edit above the finding: the fix is re-derived for it, moved down.
        rel.replace(uri, 0, 0, "Préambule 😀\n\n")
        [fix] = fixes(await rel.actions(uri, [first]))
        [edit] = edits_for(fix, uri)
        assert edit.range.start.line == first.range.start.line + 2
        assert text_at(rel.texts[uri], edit.range, rel.encoding) == "fake news"

        # An edit of the finding itself: nothing is offered for the stale
        # diagnostic, and above all no edit of the other finding 41 lines away.
        at = find(rel.texts[uri], "fake news")
        rel.replace(uri, at, at + len("fake news"), "fake reports")
        offered = await rel.actions(uri, [first])
        touched = [e.range.start.line for a in offered if a.edit is not None for e in edits_for(a, uri)]
        assert touched == [], f"a stale fix edited lines {touched}"
    finally:
        rel.close(uri)


@pytest.mark.slow
def test_a_draft_at_a_path_longer_than_the_system_allows_is_still_checked(tmp_path):
    server = RawServer(cwd=tmp_path)
    try:
        server.request(1, "initialize", {"processId": None, "rootUri": tmp_path.as_uri(),
                                         "capabilities": {"textDocument": {"diagnostic": {}}}})
        server.response(1, timeout=30)
        server.notify("initialized", {})
        uri = tmp_path.as_uri() + "/" + "/".join(["d" * 200] * 30) + "/draft.md"
        text = "# Draft\n\n## Article 1\n\nEach Party shall criminalise the spreading of false information.\n"
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        server.request(2, "textDocument/diagnostic", {"textDocument": {"uri": uri}})
        answer = server.response(2, timeout=30)
        assert "result" in answer, answer.get("error")
        assert "SG-CONTENT-FALSE-INFO" in [d["code"] for d in answer["result"]["items"]]
        server.request(3, "textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": {"line": 4, "character": 50}})
        assert "result" in server.response(3, timeout=30)
    finally:
        server.kill()

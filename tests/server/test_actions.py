import pytest
from lsprotocol import types

from . import drafts
from .helpers import apply_text_edits, by_rule, edits_for, offset_at, text_at


def quickfixes(actions, rule=None):
    return [a for a in actions if a.kind == types.CodeActionKind.QuickFix
            and not a.title.startswith(("Silence", "Fix all"))
            and (rule is None or any(d.code == rule for d in a.diagnostics or []))]


@pytest.mark.parametrize("rule, title", [
    ("TEST-FAKE-NEWS", 'Replace with "unlawful content"'),
    ("TEST-JUDICIAL", "Add a paragraph requiring prior judicial authorisation"),
    ("TEST-JUDICIAL", "Require prior judicial authorisation here"),
])
async def test_each_quick_fix_applied_then_rechecked(session, rule, title):
    uri = (session.root / f"fix-{rule}-{len(title)}-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    [diagnostic] = by_rule(await session.diagnostics(uri), rule)
    actions = await session.actions(uri, [diagnostic])
    [action] = [a for a in quickfixes(actions, rule) if a.title == title]
    preferred = title != "Require prior judicial authorisation here"
    assert bool(action.is_preferred) == preferred
    before = session.texts[uri]
    edits = edits_for(action, uri)
    assert action.edit.document_changes[0].text_document.version == session.versions[uri]
    spans = [(offset_at(before, e.range.start, session.encoding), offset_at(before, e.range.end, session.encoding))
             for e in edits]
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    session.apply(uri, edits)
    after = session.texts[uri]
    # nothing outside the edited ranges changed
    assert after[:first] == before[:first]
    assert after[len(after) - (len(before) - last):] == before[last:]
    assert by_rule(await session.diagnostics(uri), rule) == []


async def test_fix_all(session):
    uri = (session.root / f"fix-all-{session.profile}.md").as_uri()
    text = ("# Draft\n\n## Article 1. Offences\n\nEach Party shall criminalise fake news and false information, "
            "as appropriate.\n\n## Article 2. More\n\nAlso fake news.\n")
    session.open(uri, text)
    diagnostics = await session.diagnostics(uri)
    fake = by_rule(diagnostics, "TEST-FAKE-NEWS")
    assert len(fake) == 3
    actions = await session.actions(uri, [fake[0]])
    [rule_wide] = [a for a in actions if a.title == "Fix all «Offence of spreading false information» in this document"]
    assert len(edits_for(rule_wide, uri)) == 3
    source = await session.actions(uri, [], only=["source.fixAll"])
    [fix_all] = source
    assert fix_all.kind == "source.fixAll.safeguard"
    session.apply(uri, edits_for(fix_all, uri))
    assert session.texts[uri].count("unlawful content") == 3 and "in every case" in session.texts[uri]
    left = await session.diagnostics(uri)
    assert by_rule(left, "TEST-FAKE-NEWS") == [] and by_rule(left, "TEST-AS-APPROPRIATE") == []


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
async def test_silence_in_markdown(session, newline):
    uri = (session.root / f"silence-{len(newline)}-{session.profile}.md").as_uri()
    text = newline.join(["# Draft", "", "## Article 1. Offences", "", "  Each Party shall criminalise",
                         "  fake news.", "", "Other fake news here.", ""])
    session.open(uri, text)
    first = by_rule(await session.diagnostics(uri), "TEST-FAKE-NEWS")[0]
    actions = await session.actions(uri, [first])
    [silence] = [a for a in actions if a.title.startswith("Silence TEST-FAKE-NEWS")]
    session.apply(uri, edits_for(silence, uri))
    expected = f'  <!-- safeguard: ignore TEST-FAKE-NEWS reason="" -->{newline}  Each Party shall criminalise'
    assert expected in session.texts[uri]
    assert session.texts[uri].replace(f'  <!-- safeguard: ignore TEST-FAKE-NEWS reason="" -->{newline}', "") == text
    remaining = by_rule(await session.diagnostics(uri), "TEST-FAKE-NEWS")
    assert [text_at(session.texts[uri], d.range, session.encoding) for d in remaining] == ["fake news"]
    assert remaining[0].range.start.line == 8  # only the other paragraph's


async def test_silence_in_plain_text_edits_the_config(session):
    folder = session.root / f"plain-{session.profile}"
    folder.mkdir()
    draft = folder / "law.txt"
    uri = draft.as_uri()
    text = "Article 7\n\nOffences\n\nEach Party shall criminalise fake news.\n"
    session.open(uri, text, language="plaintext")
    [diagnostic] = by_rule(await session.diagnostics(uri), "TEST-FAKE-NEWS")
    actions = await session.actions(uri, [diagnostic])
    [silence] = [a for a in actions if a.title.startswith("Silence TEST-FAKE-NEWS")]
    assert "Article 7" in silence.title
    create, edit = silence.edit.document_changes
    config = folder / ".safeguard.yaml"
    assert isinstance(create, types.CreateFile) and create.uri == config.as_uri()
    assert create.options.ignore_if_exists
    assert edit.text_document.uri == config.as_uri()
    written = apply_text_edits("", edit.edits, session.encoding)
    assert written == 'silence:\n  - rule: TEST-FAKE-NEWS\n    article: "7"\n    reason: ""\n'
    config.write_text(written, encoding="utf-8")
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]))
    # the re-check is of the same version; ask again until the silence shows
    import asyncio
    for _ in range(100):
        left = by_rule(await _fresh_diagnostics(session, uri), "TEST-FAKE-NEWS")
        if not left:
            break
        await asyncio.sleep(0.05)
    assert left == []
    # a second silence appends to the existing list
    session.replace(uri, 0, 0, "")
    second = await session.actions(uri, [diagnostic])
    [again] = [a for a in second if a.title.startswith("Silence TEST-FAKE-NEWS")] or [None]
    if again is not None:  # the finding is silenced, so the stale diagnostic may find no finding
        [only_edit] = again.edit.document_changes[-1:]
        appended = apply_text_edits(written, only_edit.edits, session.encoding)
        assert appended.count("- rule: TEST-FAKE-NEWS") == 2


async def _fresh_diagnostics(session, uri):
    if session.pull:
        return await session.diagnostics(uri)
    latest = [p for p in session.client.published if p.uri == uri]
    return list(latest[-1].diagnostics) if latest else []


async def test_stale_diagnostic_data_is_recomputed(session):
    uri = (session.root / f"stale-{session.profile}.md").as_uri()
    session.open(uri, drafts.FAKE_NEWS)
    [old] = by_rule(await session.diagnostics(uri), "TEST-FAKE-NEWS")
    session.replace(uri, 0, 0, "Préambule 😀\n\n")  # shifts everything down two lines
    actions = await session.actions(uri, [old])
    [fix] = quickfixes(actions, "TEST-FAKE-NEWS")
    [edit] = edits_for(fix, uri)
    assert text_at(session.texts[uri], edit.range, session.encoding) == "fake news"


async def test_report_source_action_writes_the_scorecard_next_to_the_draft(session):
    uri = (session.root / f"report-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    await session.diagnostics(uri)
    [action] = await session.actions(uri, [], only=["source.safeguard.report"])
    assert action.kind == "source.safeguard.report"
    if session.profile == "vscode":
        # A client that resolves code actions gets the page only when it chooses the action.
        assert action.edit is None
        action = await session.client.code_action_resolve_async(action)
    create, fill = action.edit.document_changes
    assert isinstance(create, types.CreateFile) and create.uri.endswith(f"report-{session.profile}.safeguard.html")
    [edit] = fill.edits
    assert fill.text_document.uri == create.uri
    assert edit.new_text.startswith("<!DOCTYPE html>") and 'class="matrix"' in edit.new_text
    # Offered only when asked for source actions (or all actions), never as a quick fix.
    quick = await session.actions(uri, [], only=[types.CodeActionKind.QuickFix])
    assert not [a for a in quick if a.kind == "source.safeguard.report"]
    # Among all actions (at every cursor move), a client that cannot resolve is
    # not sent a whole rendered page.
    every = [a for a in await session.actions(uri, []) if a.kind == "source.safeguard.report"]
    assert len(every) == (1 if session.profile == "vscode" else 0)
    assert all(a.edit is None for a in every)


async def test_fix_all_among_every_action_is_resolved_when_chosen(session):
    uri = (session.root / f"fix-all-lazy-{session.profile}.md").as_uri()
    session.open(uri, "# Draft\n\n## Article 1. Offences\n\nEach Party shall criminalise fake news.\n")
    await session.diagnostics(uri)
    every = [a for a in await session.actions(uri, []) if a.kind == "source.fixAll.safeguard"]
    if session.profile != "vscode":
        assert every == []  # a client that cannot resolve asks for source.fixAll by name (on save)
        return
    [action] = every
    assert action.edit is None
    resolved = await session.client.code_action_resolve_async(action)
    session.apply(uri, edits_for(resolved, uri))
    assert "unlawful content" in session.texts[uri]
    assert by_rule(await session.diagnostics(uri), "TEST-FAKE-NEWS") == []

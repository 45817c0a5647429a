"""What the server checks and how it edits `.safeguard.yaml`, end to end:
a README in the workspace is not a draft; include/exclude globs decide where
given; the "silence" quick fix keeps a flow-style list loading; configuration
mistakes are marked in the file, as warnings."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from safeguard_lsp.yamlload import load_yaml_text

from .conftest import TEST_SETTINGS, start
from .helpers import apply_text_edits, by_rule

README = """# Our drafting notes

How we review the cybercrime texts. We flag fake news offences and ask for
prior judicial authorisation. Run the checker before each round.
"""
DRAFT = "# Draft\n\n## Article 1. Offences\n\nEach Party shall criminalise fake news.\n"


async def _published(client, uri, timeout=10.0):
    for _ in range(int(timeout / 0.02)):
        found = [p for p in client.published if p.uri == uri]
        if found:
            return found
        await asyncio.sleep(0.02)
    return []


async def test_a_readme_gets_no_diagnostics(fresh, tmp_path):
    session = await start(fresh, "neovim", tmp_path, dict(TEST_SETTINGS))
    readme, draft = (tmp_path / "README.md").as_uri(), (tmp_path / "draft.md").as_uri()
    session.open(readme, README + "\nEach Party shall criminalise fake news.\n")
    session.open(draft, DRAFT)
    assert by_rule(await session.diagnostics(draft), "TEST-FAKE-NEWS")
    # the README's version was answered with an empty list, never with findings
    assert await session.diagnostics(readme) == []
    assert all(not p.diagnostics for p in await _published(fresh, readme))
    # notes that do not read as a draft are not checked either
    notes = (tmp_path / "notes.md").as_uri()
    session.open(notes, README)
    assert await session.diagnostics(notes) == []


@pytest.mark.slow
async def test_pulled_and_workspace_diagnostics_leave_the_readme_out(fresh, tmp_path):
    (tmp_path / "README.md").write_text(README + "\n## Article 1\n\nEach Party shall criminalise fake news.\n",
                                        encoding="utf-8")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    session = await start(fresh, "vscode", tmp_path, dict(TEST_SETTINGS))
    readme = (tmp_path / "README.md").as_uri()
    session.open(readme, (tmp_path / "README.md").read_text(encoding="utf-8"))
    assert await session.diagnostics(readme) == []
    report = await fresh.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    uris = {item.uri for item in report.items if item.items}
    assert (tmp_path / "draft.md").as_uri() in uris
    assert readme not in uris


@pytest.mark.slow
async def test_exclude_glob_wins_over_content(fresh, tmp_path):
    (tmp_path / ".safeguard.yaml").write_text('exclude: ["archive/**"]\n', encoding="utf-8")
    (tmp_path / "archive").mkdir()
    session = await start(fresh, "neovim", tmp_path, dict(TEST_SETTINGS))
    old = (tmp_path / "archive" / "draft.md").as_uri()
    session.open(old, DRAFT)
    assert await session.diagnostics(old) == []
    current = (tmp_path / "draft.md").as_uri()
    session.open(current, DRAFT)
    assert by_rule(await session.diagnostics(current), "TEST-FAKE-NEWS")


async def test_silence_appends_to_a_flow_style_list_and_keeps_comments(fresh, tmp_path):
    config = tmp_path / ".safeguard.yaml"
    original = ('# our coalition\'s settings\nignore: [TEST-AS-APPROPRIATE]  # noisy\n'
                'silence: [{rule: TEST-FAKE-NEWS, article: "9", reason: "agreed text"}]\n')
    config.write_text(original, encoding="utf-8")
    session = await start(fresh, "neovim", tmp_path, dict(TEST_SETTINGS))
    uri = (tmp_path / "law.txt").as_uri()
    session.open(uri, "Article 7\n\nOffences\n\nEach Party shall criminalise fake news.\n", language="plaintext")
    [diagnostic] = by_rule(await session.diagnostics(uri), "TEST-FAKE-NEWS")
    actions = await fresh.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    [silence] = [a for a in actions if a.title.startswith("Silence TEST-FAKE-NEWS for Article 7")]
    [edit] = silence.edit.document_changes
    written = apply_text_edits(original, edit.edits, session.encoding)
    assert written.count("silence:") == 1
    assert written.startswith("# our coalition's settings\nignore: [TEST-AS-APPROPRIATE]  # noisy\n")
    assert 'silence: [{rule: TEST-FAKE-NEWS, article: "9", reason: "agreed text"}, {rule: TEST-FAKE-NEWS, article: "7"' in written
    data = load_yaml_text(written, str(config))
    assert [(s["rule"], s["article"]) for s in data["silence"]] == [("TEST-FAKE-NEWS", "9"), ("TEST-FAKE-NEWS", "7")]


@pytest.mark.slow
async def test_config_mistakes_are_marked_in_the_file_as_warnings(fresh, tmp_path):
    config = tmp_path / ".safeguard.yaml"
    text = "ignore:\n  - TEST-FAKE-NEWZ\nsilence:\n  - rule: TEST-FAKE-NEWS\n    article: \"1\"\n    reasn: typo\n"
    config.write_text(text, encoding="utf-8")
    session = await start(fresh, "neovim", tmp_path, dict(TEST_SETTINGS))
    draft = (tmp_path / "draft.md").as_uri()
    session.open(draft, DRAFT)
    await session.diagnostics(draft)
    published = await _published(fresh, config.as_uri())
    assert published, "no diagnostics on .safeguard.yaml"
    marks = {(d.range.start.line, d.severity, d.message) for d in published[-1].diagnostics}
    assert (1, types.DiagnosticSeverity.Warning,
            "ignore: 'TEST-FAKE-NEWZ' names no rule (did you mean 'TEST-FAKE-NEWS'?); nothing is ignored by it") in marks
    assert (5, types.DiagnosticSeverity.Warning, "silence[0].reasn: unknown key (did you mean 'reason'?)") in marks


@pytest.mark.slow
async def test_a_misspelt_rule_in_a_silence_comment_is_marked(fresh, tmp_path):
    session = await start(fresh, "neovim", tmp_path, dict(TEST_SETTINGS))
    uri = (tmp_path / "draft.md").as_uri()
    session.open(uri, DRAFT.replace("Each Party", '<!-- safeguard: ignore TEST-FAKE-NEWZ reason="agreed" -->\nEach Party'))
    diagnostics = await session.diagnostics(uri)
    [mark] = [d for d in diagnostics if d.code == "SG-SILENCE-UNKNOWN"]
    assert mark.severity == types.DiagnosticSeverity.Warning
    assert "did you mean 'TEST-FAKE-NEWS'?" in mark.message and mark.range.start.line == 4
    assert by_rule(diagnostics, "TEST-FAKE-NEWS")  # nothing was silenced

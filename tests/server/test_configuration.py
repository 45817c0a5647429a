"""Settings and rule files changing under a running server (each test starts
its own server)."""

import asyncio
import time

import pytest
from lsprotocol import types

from .conftest import TEST_SETTINGS, start
from .helpers import by_rule

PACK_RULE = """
  - id: TEST-PACK-{name}
    title: Test pack rule {name}
    category: testing
    severity: warning
    kind: term
    match: [testpack-{term}]
    message: The word {term} is flagged by the user's own pack.
    explanation: A test rule.
    cites: [iccpr-19]
    examples:
      flag: ["{term}"]
      pass: ["nothing"]
"""


async def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def latest(client, uri):
    published = [p for p in client.published if p.uri == uri]
    return list(published[-1].diagnostics) if published else None


async def test_did_change_configuration_disables_a_rule(fresh, tmp_path):
    session = await start(fresh, "neovim", tmp_path, dict(TEST_SETTINGS))
    uri = (tmp_path / "draft.md").as_uri()
    session.open(uri, "# D\n\n## Article 1. Offences\n\nEach Party shall criminalise fake news, as appropriate.\n")
    diagnostics = await session.diagnostics(uri)
    assert by_rule(diagnostics, "TEST-FAKE-NEWS") and by_rule(diagnostics, "TEST-AS-APPROPRIATE")
    fresh.set_configuration({**TEST_SETTINGS, "rules": {"TEST-FAKE-NEWS": "off"}, "debounce": "fast"},
                            section="safeguard")
    fresh.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    diagnostics = await wait_for(lambda: (d := latest(fresh, uri)) is not None
                                 and not by_rule(d, "TEST-FAKE-NEWS") and d)
    assert by_rule(diagnostics, "TEST-FAKE-NEWS") == []
    assert by_rule(diagnostics, "TEST-AS-APPROPRIATE")
    # the invalid debounce is reported by name, and the default used
    message = await wait_for(lambda: [m for m in fresh.messages if "safeguard.debounce" in m.message])
    assert message[0].type == types.MessageType.Warning
    assert "default (150)" in message[0].message


def write_pack(folder, names):
    (folder / "lexicon").mkdir(parents=True, exist_ok=True)
    (folder / "packs").mkdir(parents=True, exist_ok=True)
    (folder / "lexicon" / "words.yaml").write_text(
        "terms:\n  testpack-alpha: [alpha]\n  testpack-beta: [beta]\n", encoding="utf-8")
    rules = "".join(PACK_RULE.format(name=n.upper(), term=n) for n in names)
    (folder / "packs" / "mine.yaml").write_text(f"rules:{rules}", encoding="utf-8")


@pytest.mark.slow
async def test_rule_pack_reload_and_a_broken_pack(fresh, tmp_path):
    pack = tmp_path / "mypack"
    write_pack(pack, ["alpha"])
    (tmp_path / ".safeguard.yaml").write_text("packs: [mypack]\n", encoding="utf-8")
    session = await start(fresh, "neovim", tmp_path, {"select": ["TEST-"], "debounce": 0})
    uri = (tmp_path / "draft.md").as_uri()
    session.open(uri, "# D\n\n## Article 1. Words\n\nalpha and beta.\n")
    diagnostics = await session.diagnostics(uri)
    assert [d.code for d in diagnostics if d.code.startswith("TEST-PACK")] == ["TEST-PACK-ALPHA"]

    pack_file = pack / "packs" / "mine.yaml"
    changed = types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=pack_file.as_uri(), type=types.FileChangeType.Changed)])

    # a new rule in the pack is picked up
    write_pack(pack, ["alpha", "beta"])
    fresh.workspace_did_change_watched_files(changed)
    codes = await wait_for(lambda: (c := sorted(d.code for d in latest(fresh, uri) if d.code.startswith("TEST-PACK")))
                           == ["TEST-PACK-ALPHA", "TEST-PACK-BETA"] and c)
    assert codes
    reload_tokens = [t for t, reports in fresh.progress_reports.items()
                     if reports and getattr(reports[0], "title", "") == "Reloading safeguard rules"]
    assert reload_tokens

    # a broken pack: marked on the file, reported, and the last good rules keep serving
    broken = pack_file.read_text(encoding="utf-8").replace("severity: warning", "severity: severe", 1)
    pack_file.write_text(broken, encoding="utf-8")
    fresh.workspace_did_change_watched_files(changed)
    problems = await wait_for(lambda: latest(fresh, pack_file.as_uri()))
    bad_line = broken.splitlines().index("    severity: severe")
    assert any(p.range.start.line == bad_line and "severity" in p.message for p in problems)
    await wait_for(lambda: [m for m in fresh.messages if "mine.yaml" in m.message])
    await asyncio.sleep(0.2)
    codes = sorted(d.code for d in latest(fresh, uri) if d.code.startswith("TEST-PACK"))
    assert codes == ["TEST-PACK-ALPHA", "TEST-PACK-BETA"]

    # still alive and answering
    hover = await session.hover(uri, session.position(uri, "alpha", 1))
    assert "Test pack rule ALPHA" in hover

    # fixing the file clears its problems
    write_pack(pack, ["alpha"])
    fresh.workspace_did_change_watched_files(changed)
    await wait_for(lambda: latest(fresh, pack_file.as_uri()) == [])


@pytest.mark.slow
async def test_a_draft_opened_while_the_settings_load_is_checked_once(fresh, tmp_path):
    """The editor opens the draft before the server has its settings: the
    check waits for them and runs once (it used to run, and publish, twice:
    a long draft was checked again for nothing, and the editor parsed its
    diagnostics twice)."""
    from . import drafts

    session = await start(fresh, "neovim", tmp_path, dict(TEST_SETTINGS))
    uri = (tmp_path / "opened-early.md").as_uri()
    session.open(uri, drafts.BASIC)
    await session.diagnostics(uri)
    await asyncio.sleep(1.0)  # a second publication would come within this
    assert [p.version for p in fresh.published if p.uri == uri] == [1]

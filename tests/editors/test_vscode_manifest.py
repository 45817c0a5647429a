"""The VS Code extension's manifest and the server's settings stay in sync.

The server reads the settings of safeguard_lsp/server/settings.py; the
extension contributes them (package.json, contributes.configuration) with the
same keys, defaults, schemas and descriptions, plus its own two settings,
which it never sends to the server. Fix a failure with

    python editor-configs/vscode/scripts/sync_settings.py
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from safeguard_lsp.server import settings as server_settings

VSCODE = Path(__file__).resolve().parents[2] / "editor-configs" / "vscode"
FIX = "run: python editor-configs/vscode/scripts/sync_settings.py"


def load_sync_script():
    spec = importlib.util.spec_from_file_location("sync_settings", VSCODE / "scripts" / "sync_settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def contributed(manifest) -> dict:
    return manifest["contributes"]["configuration"]["properties"]


def extension_only_keys() -> list[str]:
    """EXTENSION_ONLY in src/settings.ts: the settings the extension keeps to itself."""
    source = (VSCODE / "src" / "settings.ts").read_text(encoding="utf-8")
    match = re.search(r"EXTENSION_ONLY\s*=\s*\[([^\]]*)\]", source)
    assert match, "EXTENSION_ONLY not found in src/settings.ts"
    return re.findall(r"'([^']+)'", match[1])


def test_extension_only_settings_agree():
    assert sorted(extension_only_keys()) == sorted(load_sync_script().EXTENSION_SETTINGS)


def test_contributed_settings_are_the_ones_the_server_reads(contributed):
    sent = set(contributed) - set(extension_only_keys())
    assert sent == set(server_settings.SETTINGS), FIX
    # and the server knows each of them: parse() reports no problem for any key
    relative = {key[len("safeguard."):]: contributed[key]["default"] for key in sent}
    parsed, problems = server_settings.parse(relative)
    assert problems == []
    assert parsed == server_settings.defaults()


@pytest.mark.parametrize("key", sorted(server_settings.SETTINGS))
def test_each_setting_matches(contributed, key):
    setting = server_settings.SETTINGS[key]
    entry = contributed[key]
    assert entry["default"] == setting.default, f"{key}: default differs; {FIX}"
    assert entry["description"] == setting.description, f"{key}: description differs; {FIX}"
    for field, value in setting.schema.items():
        assert entry.get(field) == value, f"{key}: {field} differs; {FIX}"


def test_manifest_is_what_the_sync_script_writes(contributed):
    assert contributed == load_sync_script().expected_properties(), FIX


def test_settings_described_for_the_user(contributed):
    # The list: rules, severities, rule folders, debounce, code lens
    for key in ("safeguard.rules", "safeguard.rulePaths", "safeguard.debounce", "safeguard.codeLens", "safeguard.server.path"):
        assert contributed[key]["description"], key
    assert set(contributed["safeguard.rules"]["additionalProperties"]["enum"]) >= {"off", "error", "warning", "information", "hint"}


def test_languages_commands_and_activation(manifest):
    assert set(manifest["activationEvents"]) >= {"onLanguage:plaintext", "onLanguage:markdown",
                                                  "onLanguage:restructuredtext", "onLanguage:treaty-draft"}
    languages = {lang["id"]: lang for lang in manifest["contributes"]["languages"]}
    assert set(languages["treaty-draft"]["extensions"]) == {".draft.txt"}
    # *.draft.md stays Markdown, with VS Code's Markdown highlighting.
    assert ".draft.md" in languages["markdown"]["extensions"]
    titles = {c["command"]: f'{c["category"]}: {c["title"]}' for c in manifest["contributes"]["commands"]}
    assert titles == {"safeguard.restartServer": "Safeguard: Restart server",
                      "safeguard.showRuleReference": "Safeguard: Show rule reference",
                      "safeguard.openRuleDocumentation": "Safeguard: Open the documentation of this rule"}
    # The client's document selector covers every language of the default filePatterns (*.rst too).
    extension_source = (VSCODE / "src" / "extension.ts").read_text(encoding="utf-8")
    assert "const LANGUAGES = ['plaintext', 'markdown', 'restructuredtext', 'treaty-draft'];" in extension_source
    source = (VSCODE / "src" / "extension.ts").read_text(encoding="utf-8")
    for command in titles:
        assert f"registerCommand('{command}'" in source
    assert manifest["main"] == "./dist/extension.js"
    assert manifest["scripts"]["package"] == "node scripts/package.mjs"
    package_script = (VSCODE / "scripts" / "package.mjs").read_text(encoding="utf-8")
    assert "'package'" in package_script and "'wheel'" in package_script  # vsce package, with the wheel

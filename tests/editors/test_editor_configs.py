"""The configurations of the editors that are not driven end to end here
(Helix, Zed, Sublime Text, Kate) parse, and run the server as documented."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

CONFIGS = Path(__file__).resolve().parents[2] / "editor-configs"
COMMAND = ["safeguard-lsp", "serve"]


def read_jsonc(path: Path):
    """JSON with whole-line // comments (Zed and Sublime Text accept them)."""
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("//"))
    return json.loads(text)


def test_helix():
    data = tomllib.loads((CONFIGS / "helix" / "languages.toml").read_text(encoding="utf-8"))
    server = data["language-server"]["safeguard"]
    assert [server["command"], *server["args"]] == COMMAND
    languages = {lang["name"]: lang for lang in data["language"]}
    assert "safeguard" in languages["markdown"]["language-servers"]
    assert "txt" in languages["treaty-text"]["file-types"]


def test_zed():
    settings = read_jsonc(CONFIGS / "zed" / "settings.json")
    binary = settings["lsp"]["safeguard-lsp"]["binary"]
    assert [binary["path"], *binary["arguments"]] == COMMAND
    extension = tomllib.loads((CONFIGS / "zed" / "safeguard-extension" / "extension.toml").read_text(encoding="utf-8"))
    server = extension["language_servers"]["safeguard-lsp"]
    assert set(server["languages"]) == {"Markdown", "Plain Text"}
    assert set(settings["languages"]) == set(server["languages"])
    cargo = tomllib.loads((CONFIGS / "zed" / "safeguard-extension" / "Cargo.toml").read_text(encoding="utf-8"))
    assert cargo["lib"]["crate-type"] == ["cdylib"]
    source = (CONFIGS / "zed" / "safeguard-extension" / "src" / "lib.rs").read_text(encoding="utf-8")
    assert 'worktree.which("safeguard-lsp")' in source and '"serve"' in source


def test_sublime():
    client = read_jsonc(CONFIGS / "sublime" / "LSP.sublime-settings")["clients"]["safeguard"]
    assert client["command"] == COMMAND
    assert "text.html.markdown" in client["selector"] and "text.plain" in client["selector"]


def test_kate():
    servers = json.loads((CONFIGS / "kate" / "lspclient-settings.json").read_text(encoding="utf-8"))["servers"]
    for name in ("markdown", "plaintext"):
        assert servers[name]["command"] == COMMAND
        re.compile(servers[name]["highlightingModeRegex"])
    assert re.search(servers["markdown"]["highlightingModeRegex"], "Markdown")


@pytest.mark.parametrize("folder", ["vscode", "neovim", "emacs", "helix", "zed", "sublime", "kate"])
def test_each_editor_has_a_readme(folder):
    assert (CONFIGS / folder / "README.md").is_file()

"""Neovim users install safeguard-lsp like other servers.

editor-configs/neovim is a plugin folder (lsp/safeguard.lua and
lua/safeguard/init.lua) that lazy.nvim can load from a clone of this
repository: a headless Neovim does what the README's lazy.nvim spec does and
the settings given to setup() reach the server. The Mason registry package
definition there is checked for the fields Mason requires.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .test_neovim import DRAFT, NEOVIM_CONFIG, find_nvim, server_env

SCRIPT = Path(__file__).with_name("neovim_plugin.lua")
MASON = NEOVIM_CONFIG / "mason" / "safeguard-lsp" / "package.yaml"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_plugin_setup_as_lazy_nvim_loads_it(tmp_path):
    nvim, why = find_nvim()
    if nvim is None:
        pytest.skip(why)
    env = server_env(tmp_path)
    if not shutil.which("safeguard-lsp", path=env["PATH"]):
        pytest.skip("safeguard-lsp is not installed beside this Python")
    draft = tmp_path / DRAFT.name
    shutil.copyfile(DRAFT, draft)
    env |= {"SAFEGUARD_PLUGIN_DIR": str(NEOVIM_CONFIG), "SAFEGUARD_DRAFT": str(draft)}
    proc = subprocess.run([nvim, "--headless", "--clean", "-c", f"luafile {SCRIPT}"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    print(proc.stdout, proc.stderr, file=sys.stderr)
    assert proc.returncode == 0 and proc.stdout.startswith("PASS"), proc.stdout + proc.stderr
    rules = json.loads(proc.stdout.split(" ", 1)[1])
    assert rules.get("SG-CONTENT-FALSE-INFO", 0) > 0
    assert "SG-WEAK-MAY" not in rules, "the settings given to setup() did not reach the server"


def test_lazy_nvim_spec_in_readme_points_at_the_plugin_folder():
    readme = (NEOVIM_CONFIG / "README.md").read_text(encoding="utf-8")
    assert "plugin.dir .. '/editor-configs/neovim'" in readme
    assert "require('safeguard').setup(" in readme
    assert (NEOVIM_CONFIG / "lua" / "safeguard" / "init.lua").is_file()
    assert (NEOVIM_CONFIG / "lsp" / "safeguard.lua").is_file()


def test_mason_package_definition():
    package = yaml.safe_load(MASON.read_text(encoding="utf-8"))
    for field in ("name", "description", "homepage", "licenses", "languages", "categories", "source", "bin"):
        assert package.get(field), field
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'^version = "([^"]+)"', pyproject, re.M)[1]
    license_ = re.search(r'^license = "([^"]+)"', pyproject, re.M)[1]
    assert package["source"]["id"] == f"pkg:pypi/safeguard-lsp@{version}"
    assert package["licenses"] == [license_]
    # Mason links the program pip installs: the project's console script.
    assert package["bin"] == {"safeguard-lsp": "pypi:safeguard-lsp"}
    assert 'safeguard-lsp = "safeguard_lsp.cli:main"' in pyproject
    assert set(package["categories"]) <= {"LSP", "Linter", "Formatter", "DAP", "Runtime", "Compiler"}

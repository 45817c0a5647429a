"""Issue 23, item 1, in a real Neovim (0.11, the shipped config): choosing
"Write the safeguard report" beside a draft whose ``draft.safeguard.html``
is a link to a file outside the repository, and silencing a finding of a
plain-text draft whose ``.safeguard.yaml`` is such a link, leave the linked
files intact. (Before the fix Neovim truncated the report's target to 0
bytes.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from editors.test_neovim import NEOVIM_CONFIG, find_nvim, server_env

SCRIPT = Path(__file__).with_name("neovim_writes.lua")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "weak-draft-convention.md"
PLAIN = ("Article 7\n\nOffences\n\nEach Party shall criminalise the spreading of false information "
         "and fake news.\n")


@pytest.mark.slow
def test_neovim_never_writes_through_a_link(tmp_path):
    nvim, why = find_nvim()
    if nvim is None:
        pytest.skip(why)
    workspace = tmp_path / "repo"
    (workspace / ".git").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    report_victim = outside / "precious.html"
    config_victim = outside / "precious.yaml"
    report_victim.write_text("precious report target\n", encoding="utf-8")
    config_victim.write_text("# precious config\n", encoding="utf-8")
    draft = workspace / "draft.md"
    draft.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(report_victim, workspace / "draft.safeguard.html")
    laws = workspace / "laws"
    laws.mkdir()
    (laws / "law.txt").write_text(PLAIN, encoding="utf-8")
    os.symlink(config_victim, laws / ".safeguard.yaml")

    env = server_env(tmp_path) | {"SAFEGUARD_DRAFT": str(draft), "SAFEGUARD_PLAIN": str(laws / "law.txt")}
    rtp = str(NEOVIM_CONFIG).replace(" ", r"\ ")
    proc = subprocess.run([nvim, "--headless", "--clean", "--cmd", f"set rtp^={rtp}", "-c", f"luafile {SCRIPT}"],
                          cwd=workspace, env=env, capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    assert "DONE" in proc.stdout, proc.stdout + proc.stderr
    assert "draft.safeguard.html is a symbolic link" in proc.stdout + proc.stderr, "the user is told why there is no report"
    assert report_victim.read_text(encoding="utf-8") == "precious report target\n"
    assert config_victim.read_text(encoding="utf-8") == "# precious config\n"
    assert os.path.islink(workspace / "draft.safeguard.html") and os.path.islink(laws / ".safeguard.yaml")

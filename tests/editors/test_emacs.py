"""The Emacs (eglot) integration, end to end, in a real batch-mode Emacs.

emacs_e2e.el loads editor-configs/emacs/safeguard.el as shipped, opens a
copy of the weak example draft (markdown-mode when installed, else as a .txt
in text-mode), waits for the flymake diagnostics, checks a hover cites an
instrument, applies a quick fix as M-x eglot-code-actions does and waits for
the diagnostics to change.

Needs Emacs and eglot (Debian: emacs-nox elpa-eglot elpa-markdown-mode, which
.ci/run installs); where they are missing the test is skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# A real editor / a property test: minutes, not seconds (the fast loop is -m 'not slow').
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAFEGUARD_EL = ROOT / "editor-configs" / "emacs" / "safeguard.el"
SCRIPT = Path(__file__).with_name("emacs_e2e.el")
DRAFT = ROOT / "examples" / "weak-draft-convention.md"

INSTALL_HINT = "install it with: apt-get install emacs-nox elpa-eglot elpa-markdown-mode (.ci/run does)"


def find_emacs() -> str:
    emacs = shutil.which("emacs")
    if emacs is None:
        pytest.skip("Emacs is not installed; " + INSTALL_HINT)
    probe = subprocess.run(
        [emacs, "--batch", "--eval", "(progn (package-initialize) (princ (if (require 'eglot nil t) \"yes\" \"no\")))"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    if probe.stdout.strip() != "yes":
        pytest.skip("eglot is not installed for this Emacs; " + INSTALL_HINT)
    return emacs


def test_shipped_eglot_config_end_to_end(tmp_path):
    emacs = find_emacs()
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    if not shutil.which("safeguard-lsp", path=env["PATH"]):
        pytest.skip("safeguard-lsp is not installed beside this Python")
    draft = tmp_path / "weak-draft-convention.md"
    shutil.copyfile(DRAFT, draft)
    home = tmp_path / "home"
    home.mkdir()
    env |= {"HOME": str(home), "SAFEGUARD_EL": str(SAFEGUARD_EL), "SAFEGUARD_DRAFT": str(draft)}
    proc = subprocess.run(
        [emacs, "--batch", "-l", str(SCRIPT)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASS" in proc.stdout


def test_shipped_eglot_config_runs_the_server():
    text = SAFEGUARD_EL.read_text(encoding="utf-8")
    assert '("safeguard-lsp" "serve")' in text
    assert "eglot-server-programs" in text

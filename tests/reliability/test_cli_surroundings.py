"""The CLI never crashes on its surroundings (issue 23, item 6): standard
input closed, a full disk, a draft too large to read, a folder it cannot
list, a pipe or a device given as a draft, control characters in a draft's
name, and its own bugs (exit status 3, never 1, "findings")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The documented contract (docs/reliability.md, README's exit statuses).
MAX_DRAFT_BYTES = 256 * 1024 * 1024
EXIT_INTERNAL = 3

CLI = [sys.executable, "-m", "safeguard_lsp"]
INJECT = os.path.join(os.path.dirname(__file__), "fixtures", "inject_cli")
DRAFT = "Article 1\n\nEach Party shall criminalise the spreading of false information.\n"


def run(args, cwd, env=None, **kwargs) -> subprocess.CompletedProcess:
    environ = {**os.environ, "SAFEGUARD_NO_CACHE": "1", **(env or {})}
    if env:
        environ["PYTHONPATH"] = os.pathsep.join([INJECT, environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    kwargs.setdefault("capture_output", True)
    return subprocess.run(CLI + args, cwd=cwd, env=environ, timeout=120, **kwargs)


def test_standard_input_closed(tmp_path):
    proc = run(["check", "-"], tmp_path, preexec_fn=lambda: os.close(0), stdin=None)
    assert proc.returncode == 2, proc.stderr
    assert b"standard input is closed" in proc.stderr
    assert b"Traceback" not in proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full to stand for a full disk")
def test_a_full_disk_is_a_clear_message(tmp_path):
    (tmp_path / "law.txt").write_text(DRAFT * 50, encoding="utf-8")
    with open("/dev/full", "w") as full:
        for fmt in ("text", "json"):
            proc = subprocess.run(CLI + ["check", "law.txt", "--format", fmt], cwd=tmp_path, stdout=full,
                                  stderr=subprocess.PIPE, timeout=120, env={**os.environ, "SAFEGUARD_NO_CACHE": "1"})
            assert proc.returncode == 2, proc.stderr
            assert b"the output cannot be written: No space left on device" in proc.stderr
            assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr


def test_a_draft_over_the_size_limit_is_refused_unread_and_the_others_checked(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as stream:
        stream.truncate(MAX_DRAFT_BYTES + 1)  # sparse: nothing is written, nothing could be read quickly
    (tmp_path / "law.txt").write_text(DRAFT, encoding="utf-8")
    proc = run(["check", "huge.txt", "law.txt"], tmp_path)
    assert proc.returncode == 2
    assert b"huge.txt: larger than 256 MB" in proc.stderr
    assert b"law.txt:3:" in proc.stdout, "the other draft is still checked"


def test_an_unreadable_subfolder_is_reported(tmp_path):
    (tmp_path / "drafts" / "locked").mkdir(parents=True)
    (tmp_path / "drafts" / "locked" / "hidden.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "drafts" / "law.txt").write_text(DRAFT, encoding="utf-8")
    proc = run(["check", "drafts"], tmp_path, env={"SAFEGUARD_INJECT_LOCKED": "locked"})
    assert proc.returncode == 2
    assert b"locked: cannot read this folder (Permission denied); its drafts are not checked" in proc.stderr
    assert b"law.txt:3:" in proc.stdout


def test_pipes_and_devices_are_named_as_such(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    proc = run(["check", "pipe.md", "/dev/null", "nowhere.md"], tmp_path)
    assert proc.returncode == 2
    assert b"pipe.md: a named pipe (FIFO), not a draft file" in proc.stderr
    assert b"/dev/null: a device, not a draft file" in proc.stderr
    assert b"nowhere.md: no such file or folder" in proc.stderr


def test_control_characters_are_escaped_in_text_output(tmp_path):
    name = "law\x1b[2J\rforged.txt"
    (tmp_path / name).write_text(DRAFT, encoding="utf-8")
    proc = run(["check", "."], tmp_path)
    assert proc.returncode == 1
    assert b"\x1b" not in proc.stdout and b"\r" not in proc.stdout
    lines = proc.stdout.decode().splitlines()
    assert lines and all(line.startswith("law\\e[2J\\rforged.txt:") for line in lines), lines


def test_an_internal_error_exits_3_with_a_plain_message(tmp_path):
    (tmp_path / "law.txt").write_text(DRAFT, encoding="utf-8")
    proc = run(["check", "law.txt"], tmp_path, env={"SAFEGUARD_INJECT_BUG": "1"})
    assert proc.returncode == EXIT_INTERNAL == 3
    assert b"internal error" in proc.stderr and b"this is a bug" in proc.stderr
    assert b"injected fault in the engine" in proc.stderr

"""The command line run inside the test process: `safeguard_lsp.cli.main`
with its own working folder, environment, standard input and captured
output, answered as `subprocess.run(..., capture_output=True)` answers.

A new Python process per command cost ~0.5 s (start-up, imports, the rule
set) and most CLI tests are about what a command prints and returns, not
about the process. Tests about the process itself (what it imports, how it
exits on a closed pipe, a terminal, signals) start one; so do a few that
run the README's commands as a user types them.

A rule set read from the per-user cache is shared by the commands that read
the same entry (same files, same bytes, same paths shown): the language
server shares one the same way between all its checks. A command's own first
check compiles its lexicon (~0.3 s); without the sharing each in-process
command paid that again. A command whose rules differ by a byte reads its
own entry; with SAFEGUARD_NO_CACHE nothing is shared.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path


# The entries read last (a test's commands mostly share one; each holds its
# compiled lexicon, a few megabytes).
_READ_ENTRIES: OrderedDict[tuple[str, bytes], object] = OrderedDict()
ENTRIES_KEPT = 4


def _shared(read):
    def read_once(entry):
        key = (str(entry.path), entry.key)
        if key in _READ_ENTRIES:
            _READ_ENTRIES.move_to_end(key)
            return _READ_ENTRIES[key]
        value = read(entry)
        if value is not None:  # on a miss the command builds the rule set and writes the entry
            _READ_ENTRIES[key] = value
            while len(_READ_ENTRIES) > ENTRIES_KEPT:
                _READ_ENTRIES.popitem(last=False)
        return value
    return read_once


class _Output(io.TextIOWrapper):
    """Standard output or error as a pipe gives it: bytes underneath, UTF-8, not a terminal."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", errors="backslashreplace", newline="\n",
                         write_through=True)

    def fileno(self) -> int:
        raise io.UnsupportedOperation("an in-process capture has no file descriptor")

    def value(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()


def run_cli(args, *, input: bytes | str | None = None, cwd: Path | str | None = None,
            env: dict | None = None, text: bool = False) -> subprocess.CompletedProcess:
    """Run `safeguard-lsp ARGS` in this process. ``env`` replaces the whole
    environment for the run, as subprocess's does; ``input`` is standard
    input (empty when None)."""
    from safeguard_lsp import cli, rulecache

    argv = [str(a) for a in args]
    if isinstance(input, str):
        input = input.encode("utf-8")
    stdin = io.TextIOWrapper(io.BytesIO(input or b""), encoding="utf-8")
    stdout, stderr = _Output(), _Output()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    read = rulecache.Entry.read
    try:
        rulecache.Entry.read = _shared(read)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        try:
            code = cli.main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        rulecache.Entry.read = read
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(saved_env)
    out, err = stdout.value(), stderr.value()
    if text:
        out, err = out.decode("utf-8"), err.decode("utf-8")
    return subprocess.CompletedProcess([sys.executable, "-m", "safeguard_lsp", *argv], code, out, err)


def check_json(path) -> list[dict]:
    """The findings of `check --format json` on ``path`` (exit 0 or 1)."""
    proc = run_cli(["check", path, "--format", "json"])
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return json.loads(proc.stdout)


def article_of(item: dict) -> str | None:
    """The number of the article a JSON finding is in, or None."""
    unit = item["unit"]
    return (unit.get("article") or (unit if unit["kind"] == "article" else {"number": None}))["number"]

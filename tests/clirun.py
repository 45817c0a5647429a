"""The command line run inside the test process: `safeguard_lsp.cli.main`
with its own working folder, environment, standard input and captured
output, answered as `subprocess.run(..., capture_output=True)` answers.

A new Python process per command cost ~0.5 s (start-up, imports, the rule
set) and most CLI tests are about what a command prints and returns, not
about the process. Tests about the process itself (what it imports, how it
exits on a closed pipe, a terminal, signals) start one; so do a few that
run the README's commands as a user types them.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path


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
    from safeguard_lsp import cli

    argv = [str(a) for a in args]
    if isinstance(input, str):
        input = input.encode("utf-8")
    stdin = io.TextIOWrapper(io.BytesIO(input or b""), encoding="utf-8")
    stdout, stderr = _Output(), _Output()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    try:
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
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(saved_env)
    out, err = stdout.value(), stderr.value()
    if text:
        out, err = out.decode("utf-8"), err.decode("utf-8")
    return subprocess.CompletedProcess([sys.executable, "-m", "safeguard_lsp", *argv], code, out, err)

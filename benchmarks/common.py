"""Helpers shared by the benchmark scripts: timing, tables, targets."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# The processes timed here run our modules from bytecode, as an installed
# package does (pip compiles it at install) and as proselint and pygls run
# theirs. Where the environment forbids writing bytecode (this machine sets
# PYTHONDONTWRITEBYTECODE), an editable install would otherwise compile our
# source again in every process, ~0.1-0.2 s that no installed copy pays. The
# bytecode goes to a folder of its own in the temporary directory.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "safeguard-lsp-bench-pycache"))

from inputs import build  # noqa: E402


def median_time(fn, runs: int = 5, warmup: int = 0) -> tuple[float, list[float]]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def table(title: str, header: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(cells[0], widths)))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))


def target(name: str, value: str, goal: str, ok: bool) -> list:
    return [name, value, goal, "PASS" if ok else "FAIL"]


def write_draft(size: int, directory: Path) -> Path:
    path = directory / f"draft-{size // 1000}k.md"
    if not path.exists():
        path.write_text(build(size), encoding="utf-8")
    return path


def floor_regex(ruleset):
    """All lexicon patterns as one RE2 alternation: the cost of one scan."""
    import re2

    from safeguard_lsp.patterns import _options, wrap

    inner = "|".join(f"(?:{p})" for inners in ruleset.terms.values() for p in inners)
    return re2.compile(wrap(inner).encode("utf-8"), _options(256 << 20))


def floor_scan(regex, text: str) -> int:
    from safeguard_lsp.patterns import encode_for_scan

    return sum(1 for _ in regex.finditer(encode_for_scan(text)))


def extracted(commit: str, root: Path) -> Path:
    """This repository at ``commit``, extracted (git archive) into a folder
    of ``root``: a base to measure beside the working tree."""
    target_dir = root / f"base-{commit}"
    if not target_dir.exists():
        target_dir.mkdir()
        archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", commit], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(target_dir)], input=archive.stdout, check=True)
    return target_dir

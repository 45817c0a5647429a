"""Benchmark 3: time and memory against the size of what is checked.

    python benchmarks/scaling.py                      # the engine, in this process
    python benchmarks/scaling.py cli [--sizes 10,50,100] [--base feb4a39]

The engine:
For 50 KB, 200 KB, 1 MB and 5 MB drafts from inputs.py: Draft.parse and
Engine.check in this process (median of 3 after one warm-up run), with the
cycle collector paused as `check` and the language server run them
(gcpause.paused). Left running, its passes went through the drafts this
script holds for the next runs too (three of 5 MB), and the 5 MB figure
measured how many of them there were: 3.9-6.9x the 1 MB time between runs.

`cli` (issue 23, item 7): the whole `safeguard-lsp check --format text` and
`--format json` process on a folder of --sizes megabytes of ~1 MB drafts
(inputs.py), output to /dev/null: wall time, seconds per MB and peak RSS
(the child's ru_maxrss). Memory should stay that of the largest draft, not
grow with the folder; time should grow linearly. With --base COMMIT the same
runs are made, in the same order, with that commit of this repository
(extracted by `git archive` into a temporary folder) beside the working tree.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import HERE, build, extracted, median_time, table, target

SIZES = (50_000, 200_000, 1_000_000, 5_000_000)


def engine_scaling() -> int:
    from safeguard_lsp.draft import Draft
    from safeguard_lsp.engine import Engine
    from safeguard_lsp.gcpause import paused
    from safeguard_lsp.ruleset import RuleSet

    engine = Engine(RuleSet.load())
    rows, checks = [], {}
    for size in SIZES:
        text = build(size)
        runs = 3 if size <= 1_000_000 else 2
        with paused():
            parse, _ = median_time(lambda: Draft.parse(text), runs, warmup=1)
            drafts = [Draft.parse(text) for _ in range(runs + 1)]
            check, _ = median_time(lambda: engine.check(drafts.pop()), runs, warmup=1)
        checks[size] = check
        mb = len(text) / 1e6
        rows.append([f"{len(text) / 1000:.0f} KB", f"{parse:.3f}", f"{check:.3f}", f"{(parse + check) / mb:.2f}"])
    table("scaling (seconds, in-process, warm)", ["draft", "parse", "engine check", "(parse+check) per MB"], rows)
    ratio = checks[5_000_000] / checks[1_000_000]
    table("targets", ["target", "measured", "goal", ""], [
        target("engine time 5 MB / 1 MB", f"{ratio:.2f}x", "<= 6x", ratio <= 6)])
    return 0


# Runs the command given as arguments and prints its peak RSS (KiB): a fresh
# process per measurement, so that ru_maxrss is that command's alone.
_PEAK = ("import resource, subprocess, sys; "
         "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
         "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def check_process(source: Path, folder: Path, fmt: str) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, exit status) of `check --format fmt folder`
    run from the code in ``source``."""
    env = dict(os.environ, PYTHONPATH=str(source))
    command = [sys.executable, "-m", "safeguard_lsp", "check", "--format", fmt, str(folder)]
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _PEAK, *command], env=env, cwd=source,
                         capture_output=True, text=True, check=True).stdout.split()
    return time.perf_counter() - started, int(out[1]) // 1024, int(out[0])


def folder_of(megabytes: int, root: Path, draft: str) -> Path:
    folder = root / f"{megabytes}mb"
    folder.mkdir(exist_ok=True)
    for n in range(megabytes):
        path = folder / f"draft-{n:03}.md"
        if not path.exists():
            path.write_text(draft, encoding="utf-8")
    return folder


def cli_scaling(sizes: list[int], base: str | None) -> int:
    draft = build(1_000_000)
    root = Path(tempfile.mkdtemp(prefix="safeguard-scaling-"))
    sources = [("working tree", HERE.parent)]
    if base:
        sources.append((base, extracted(base, root)))
    for _, source in sources:  # writes the bytecode and the rule-set cache, untimed
        check_process(source, folder_of(1, root, draft), "text")
    rows, peaks = [], {}
    for megabytes in sizes:
        folder = folder_of(megabytes, root, draft)
        for fmt in ("text", "json"):
            for name, source in sources:
                seconds, peak, code = check_process(source, folder, fmt)
                peaks[(name, fmt, megabytes)] = peak
                rows.append([name, fmt, f"{megabytes} MB", f"{seconds:.1f}", f"{seconds / megabytes:.2f}",
                             f"{peak}", code])
                print("measured:", *rows[-1], flush=True)  # a long run shows its progress
    table("check on a folder of ~1 MB drafts (whole process)",
          ["code", "format", "folder", "seconds", "s per MB", "peak RSS MB", "exit"], rows)
    small, large = min(sizes), max(sizes)
    results = []
    for fmt in ("text", "json"):
        ratio = peaks[("working tree", fmt, large)] / peaks[("working tree", fmt, small)]
        results.append(target(f"peak RSS {large} MB / {small} MB folder, {fmt}", f"{ratio:.2f}x", "<= 1.25x",
                              ratio <= 1.25))
    table("targets", ["target", "measured", "goal", ""], results)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", nargs="?", choices=("engine", "cli"), default="engine")
    parser.add_argument("--sizes", default="10,50,100", help="cli: folder sizes in MB, comma-separated")
    parser.add_argument("--base", help="cli: a commit to measure beside the working tree")
    args = parser.parse_args()
    if args.what == "cli":
        return cli_scaling([int(s) for s in args.sizes.split(",")], args.base)
    return engine_scaling()


if __name__ == "__main__":
    sys.exit(main())

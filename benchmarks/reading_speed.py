"""The reading layer's cost, side by side with a checkout from before it (issue 18).

    git worktree add /tmp/base-f1 f1dec27
    python benchmarks/reading_speed.py --base /tmp/base-f1 [--head CHECKOUT] [--before CHECKOUT] [--runs 7] [--edits 10]

The target of issue 18: `check` and edit → diagnostics on a 200 KB draft
within 20 % of the figures before the reading layer (`f1dec27`). Each figure
is taken in fresh processes that run one tree or the other (``PYTHONPATH``),
the two trees alternating run by run, and is CPU time (``time.process_time``;
a whole process's user + system time), not wall-clock time: the machine is
shared, and time spent waiting for a busy core would swamp the difference.
Each tree has a rule cache of its own. Printed: medians, and the ratio
head / base. ``--before``: a third checkout (a round's starting point),
measured in the same alternation, its medians and ratio beside the head's.

- whole process: `python -m safeguard_lsp check --format json` on the 200 KB draft,
  twice: as a re-run of `check` on the same draft (the articles' readings kept
  on disk by the run before, reading/disk.py), and as the first `check` of that
  draft (no readings kept: their folder removed before the run);
- `Engine.check`, cold: the first check in a process, the rule set loaded, no
  readings kept;
- re-check after a one-character edit (`Draft.parse(previous=…)` and
  `Engine.check(cache=…)`, as the server's worker), median of --edits
  edits, on 200 KB and 1 MB;
- importing the CLI's modules, and compiling every cue (head only), the
  cues' compiled forms kept on disk by an earlier process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import table, write_draft

HERE = Path(__file__).resolve().parent
HEAD = HERE.parent

_IN_PROCESS = r"""
import json, random, statistics, sys, time
clock = time.process_time  # CPU time: what waiting for a busy core does not inflate
out = {}
t = clock()
import safeguard_lsp.cli  # noqa: F401  (what `check` imports)
out["imports (the CLI's)"] = clock() - t
from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import CheckCache, Engine
from safeguard_lsp.ruleset import RuleSet
from safeguard_lsp.gcpause import paused
ruleset = RuleSet.load()
ruleset.lexicon
text = open(sys.argv[1], encoding="utf-8").read()
config = Config()
with paused():
    draft = Draft.parse(text, path=sys.argv[1])
    t = clock()
    Engine(ruleset, config).check(draft)
    out["check cold"] = clock() - t
for name, path in (("200 KB", sys.argv[1]), ("1 MB", sys.argv[2])):
    text = open(path, encoding="utf-8").read()
    cache = CheckCache()
    with paused():
        previous = Draft.parse(text, syntax="markdown")
        Engine(ruleset, config).check(previous, cache=cache)
    rng = random.Random(18)
    samples = []
    for _ in range(int(sys.argv[3])):
        at = rng.randrange(len(text))
        text = text[:at] + "x" + text[at:]
        with paused():
            t = clock()
            draft = Draft.parse(text, syntax="markdown", previous=previous)
            Engine(ruleset, config).check(draft, cache=cache)
            samples.append(clock() - t)
        previous = draft
    out[f"re-check after an edit, {name}"] = statistics.median(samples)
print(json.dumps(out))
"""


_CUES = r"""
import json, time
from safeguard_lsp.reading.prefilter import MADE
t = time.process_time()
for cue in MADE:
    cue.python, cue._program()
print(json.dumps({"compiling every cue (forms kept by an earlier process)": time.process_time() - t}))
"""


def _env(tree: Path, cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    # As installed for a user: modules' bytecode kept (else each process compiles every module it imports).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(tree)
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def _whole(tree: Path, cache: Path, draft: Path) -> float:
    # The child's CPU time (user + system), as the process itself reports it.
    script = ("import resource, subprocess, sys; "
              "subprocess.run([sys.executable, '-m', 'safeguard_lsp', 'check', '--format', 'json', sys.argv[1]], "
              "stdout=subprocess.DEVNULL); u = resource.getrusage(resource.RUSAGE_CHILDREN); "
              "print(u.ru_utime + u.ru_stime)")
    done = subprocess.run([sys.executable, "-c", script, str(draft)], env=_env(tree, cache), cwd=tempfile.gettempdir(),
                          capture_output=True, text=True, check=True)
    return float(done.stdout)


def _forget_readings(cache: Path) -> None:
    """Remove the articles' readings `check` kept on disk (reading/disk.py), the rule set kept."""
    shutil.rmtree(cache / "safeguard-lsp" / "readings", ignore_errors=True)


def _in_process(tree: Path, cache: Path, small: Path, large: Path, edits: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _IN_PROCESS, str(small), str(large), str(edits)],
                          env=_env(tree, cache), cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _cues(tree: Path, cache: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _CUES], env=_env(tree, cache), cwd=tempfile.gettempdir(),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout of the base (f1dec27)")
    parser.add_argument("--head", type=Path, default=HEAD, help="the checkout to measure (default: this one)")
    parser.add_argument("--before", type=Path, help="a third checkout, measured alongside (a round's starting point)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    trees = {"base": args.base.resolve(), "head": args.head.resolve()}
    if args.before is not None:
        trees["before"] = args.before.resolve()
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = write_draft(200_000, folder)
        large = write_draft(1_000_000, folder)
        caches = {name: folder / f"cache-{name}" for name in trees}
        for name, tree in trees.items():  # bytecode and rule caches, not timed
            _whole(tree, caches[name], small)
        for run in range(args.runs):
            order = list(trees) if run % 2 == 0 else list(reversed(trees))
            for name in order:
                got = samples[name]
                _whole(trees[name], caches[name], small)  # the readings of this draft kept, not timed
                got.setdefault("whole process check --format json, 200 KB, re-run (readings kept)", []).append(
                    _whole(trees[name], caches[name], small))
                _forget_readings(caches[name])
                got.setdefault("whole process check --format json, 200 KB, first check of the draft", []).append(
                    _whole(trees[name], caches[name], small))
                _forget_readings(caches[name])
                for key, value in _in_process(trees[name], caches[name], small, large, args.edits).items():
                    got.setdefault(key, []).append(value)
                if name != "base" and (trees[name] / "safeguard_lsp" / "reading" / "prefilter.py").exists():
                    for key, value in _cues(trees[name], caches[name]).items():
                        got.setdefault(key, []).append(value)
                        if name == "head":
                            samples["base"].setdefault(key, []).append(0.0)
    table(f"CPU time, medians of {args.runs} alternating runs (ms); head / base within 1.20 is the target",
          _header("before" in trees), _rows(samples))
    return 0


def _header(before: bool) -> list[str]:
    return ["", "base"] + (["before", "before / base"] if before else []) + ["head", "head: min–max", "head / base"]


def _rows(samples: dict[str, dict[str, list[float]]]) -> list[list[str]]:
    rows = []
    for key in samples["head"]:
        base = statistics.median(samples["base"][key])
        row = [key, f"{base * 1000:.0f}"]
        if "before" in samples:
            found = samples["before"].get(key)
            before = statistics.median(found) if found else None
            row += ["—", "—"] if before is None else [f"{before * 1000:.0f}", _ratio(before, base)]
        head = statistics.median(samples["head"][key])
        spread = f"{min(samples['head'][key]) * 1000:.0f}–{max(samples['head'][key]) * 1000:.0f}"
        rows.append(row + [f"{head * 1000:.0f}", spread, _ratio(head, base)])
    return rows


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}" if base > 0.0005 else "—"


if __name__ == "__main__":
    raise SystemExit(main())

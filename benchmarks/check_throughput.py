"""Benchmark 1: `safeguard-lsp check` throughput, beside the floor and proselint.

    python benchmarks/check_throughput.py [--runs 5]

For the ~200 KB and ~1 MB drafts of inputs.py: the whole process
(`python -m safeguard_lsp check`), median of --runs; in this process the floor
(one combined RE2 scan of all lexicon patterns) and the engine (Draft.parse,
Engine.check) on the same text; proselint on the same file, whole process
(`pip install proselint`; reported as not installed when absent). Then the
start-up costs: loading the rule packs, compiling the lexicon, and a pickled
rule set (what a compiled cache keyed by the packs' hashes would load).
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import floor_regex, floor_scan, median_time, table, target, write_draft

SIZES = (200_000, 1_000_000)


def whole_process(cmd: list[str], runs: int) -> float:
    def run():
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    # One run first, not timed: it writes the bytecode (see common.py) and
    # the rule-set cache, as any earlier use of the installed tool would have.
    return median_time(run, runs, warmup=1)[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from safeguard_lsp.draft import Draft
    from safeguard_lsp.engine import Engine
    from safeguard_lsp.ruleset import RuleSet

    proselint = shutil.which("proselint") or (str(Path(sys.executable).with_name("proselint"))
                                               if Path(sys.executable).with_name("proselint").exists() else None)
    t = time.perf_counter()
    ruleset = RuleSet.load()
    load_time = time.perf_counter() - t
    t = time.perf_counter()
    ruleset.lexicon  # noqa: B018 - compile
    compile_time = time.perf_counter() - t
    regex = floor_regex(ruleset)
    engine = Engine(ruleset)
    rows = []
    targets = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            path = write_draft(size, Path(tmp))
            text = path.read_text(encoding="utf-8")
            ours = whole_process([sys.executable, "-m", "safeguard_lsp", "check", str(path)], args.runs)
            t = time.perf_counter()
            floor_scan(regex, text)
            floor_cold = time.perf_counter() - t
            floor, _ = median_time(lambda: floor_scan(regex, text), 3)
            t = time.perf_counter()
            engine.check(Draft.parse(text, path=str(path)))
            engine_cold = time.perf_counter() - t
            parse, _ = median_time(lambda: Draft.parse(text, path=str(path)), 3)
            drafts = [Draft.parse(text, path=str(path)) for _ in range(3)]
            check, _ = median_time(lambda: engine.check(drafts.pop()), 3)
            if proselint:
                prose = whole_process([proselint, "check", str(path)], args.runs)
                prose_cell, ratio_cell = f"{prose:.3f}", f"{prose / ours:.2f}"
            else:
                prose = None
                prose_cell, ratio_cell = "not installed (pip install proselint)", "-"
            rows.append([f"{len(text) / 1000:.0f} KB", f"{ours:.3f}", f"{floor:.3f} ({floor_cold:.2f} cold)",
                         f"{parse:.3f}", f"{check:.3f} ({engine_cold:.2f} cold)", f"{check / floor:.2f}",
                         f"{(parse + check) / floor:.2f}", prose_cell, ratio_cell])
            if size == 1_000_000:
                targets.append(target("engine / floor scan, 1 MB (warm)", f"{check / floor:.2f}x", "<= 3x",
                                      check <= 3 * floor))
            if size == 200_000:
                targets.append(target("check 200 KB: proselint / ours (whole process)",
                                      f"{prose / ours:.2f}x" if prose else "not installed", ">= 5x",
                                      bool(prose) and prose >= 5 * ours))
    table(f"check throughput (seconds; whole process: median of {args.runs}; in-process: median of 3 warm runs)",
          ["draft", "check (process)", "floor scan", "parse", "engine check", "engine/floor",
           "(parse+check)/floor", "proselint (process)", "proselint/ours"], rows)

    blob = pickle.dumps(_without_lexicon(ruleset))
    unpickle, _ = median_time(lambda: pickle.loads(blob), 3)
    imports = whole_process([sys.executable, "-c", "import safeguard_lsp.cli, safeguard_lsp.engine, re2, yaml"], 3)
    interpreter = whole_process([sys.executable, "-c", "pass"], 3)
    table("start-up (seconds)", ["step", "time"], [
        ["python -c pass (process)", f"{interpreter:.3f}"],
        ["imports of check (process)", f"{imports:.3f}"],
        ["RuleSet.load (YAML packs, validation)", f"{load_time:.3f}"],
        ["lexicon compile (RE2 + literal prefilter)", f"{compile_time:.3f}"],
        ["pickled RuleSet, load (a compiled cache)", f"{unpickle:.3f}"],
    ])
    table("targets", ["target", "measured", "goal", ""], targets)
    return 0


def _without_lexicon(ruleset):
    import copy

    clone = copy.copy(ruleset)
    clone._lexicon = None
    return clone


if __name__ == "__main__":
    sys.exit(main())

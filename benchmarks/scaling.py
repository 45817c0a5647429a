"""Benchmark 3: engine time against draft size (it should grow linearly).

    python benchmarks/scaling.py

For 50 KB, 200 KB, 1 MB and 5 MB drafts from inputs.py: Draft.parse and
Engine.check in this process (median of 3 after one warm-up run), with the
cycle collector paused as `check` and the language server run them
(gcpause.paused). Left running, its passes went through the drafts this
script holds for the next runs too (three of 5 MB), and the 5 MB figure
measured how many of them there were: 3.9-6.9x the 1 MB time between runs.
"""

from __future__ import annotations

import sys

from common import build, median_time, table, target

SIZES = (50_000, 200_000, 1_000_000, 5_000_000)


def main() -> int:
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


if __name__ == "__main__":
    sys.exit(main())

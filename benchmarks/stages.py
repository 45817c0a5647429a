"""Where the time and the memory go: the profile behind each target.

    python benchmarks/stages.py [--edits 10] [--cpu]

Three tables, each stage timed (or weighed) on its own:

1. `check` on the ~200 KB draft, whole process, stage by stage (a fresh
   process does what `safeguard-lsp check` does, with a clock between the
   steps), beside proselint's whole process and the 5x budget it sets.
2. A re-check after a one-character edit of the ~1 MB draft, as the language
   server's worker does it (parse, check with the document's cache, line
   index, diagnostics as JSON), median over --edits random edits, the
   engine's part split by kind of rule.
3. The language server's memory with the ~1 MB draft: a fresh process with
   the server's imports, then the rule set, the first check (RE2's automata
   are the part of RSS that Python's heap does not account for), and a second
   check made while the first is still held, as the server holds it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import median_time, table, write_draft

_CHECK_STAGES = r"""
import sys, time, json
t0 = time.perf_counter()
from safeguard_lsp import cli  # noqa: F401
from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.gcpause import paused
from safeguard_lsp.output import Checked, as_text
from safeguard_lsp.ruleset import RuleSet
t1 = time.perf_counter()
ruleset = RuleSet.load()
t2 = time.perf_counter()
lexicon = ruleset.lexicon
t3 = time.perf_counter()
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
with paused():
    draft = Draft.parse(text, path=path)
    t4 = time.perf_counter()
    bounds = sorted({a.start for a in draft.articles if 0 < a.start < len(text)})
    lexicon.scan(text, bounds)
    t5 = time.perf_counter()
    lexicon.scan(text, bounds)
    t6 = time.perf_counter()
    result = Engine(ruleset, Config()).check(draft)
    t7 = time.perf_counter()
out = as_text([Checked(path, draft, result.findings, result.notices)])
t8 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "rules": t2 - t1, "compile": t3 - t2, "parse": t4 - t3,
                  "first_scan": t5 - t4, "warm_scan": t6 - t5, "engine": t7 - t6, "output": t8 - t7}))
"""

_MEMORY_STAGES = r"""
import gc, sys, json, tracemalloc
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
out = {"interpreter": rss()}
import safeguard_lsp.server.app  # noqa: F401  (pygls, lsprotocol, our server)
from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import CheckCache, Engine
from safeguard_lsp.ruleset import RuleSet
from safeguard_lsp.server.diagnostics import diagnostics_json
from safeguard_lsp.server.documents import Analysis
from safeguard_lsp.server.positions import LineIndex
out["server imports"] = rss()
ruleset = RuleSet.load(write_cache=False)
ruleset.lexicon
out["rule set compiled"] = rss()
text = open(sys.argv[1], encoding="utf-8").read()
cache = CheckCache()
def analyse(text, previous=None):
    draft = Draft.parse(text, syntax="markdown", previous=previous)
    result = Engine(ruleset, Config()).check(draft, cache=cache)
    analysis = Analysis(1, draft, result, ruleset, Config(), LineIndex(text, "utf-16", draft.line_bounds))
    diagnostics_json("file:///draft.md", analysis)
    return analysis
traced = sys.argv[2] == "traced"  # tracemalloc's own records would swell RSS
if traced:
    tracemalloc.start()
first = analyse(text)
heap = tracemalloc.get_traced_memory()[0] / 2**20
out["first check"] = rss()
out["python heap of the first check"] = heap
edited = text[:len(text) // 2] + "x" + text[len(text) // 2:]
tracemalloc.reset_peak()
second = analyse(edited, first.draft)  # as the server: re-parsed from the first
out["second check, first still held"] = rss()
out["python heap, both checks"] = tracemalloc.get_traced_memory()[0] / 2**20
out["python heap peak"] = tracemalloc.get_traced_memory()[1] / 2**20
print(json.dumps(out))
"""


def check_stages(path: Path, runs: int) -> dict[str, float]:
    samples = []
    subprocess.run([sys.executable, "-c", _CHECK_STAGES, str(path)], capture_output=True, check=True)  # bytecode
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", _CHECK_STAGES, str(path)], capture_output=True, text=True,
                              check=True)
        samples.append(json.loads(done.stdout))
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def proselint_time(path: Path, runs: int) -> float | None:
    exe = shutil.which("proselint") or str(Path(sys.executable).with_name("proselint"))
    if not Path(exe).exists():
        return None
    run = lambda: subprocess.run([exe, "check", str(path)], capture_output=True, check=False)  # noqa: E731
    return median_time(run, runs, warmup=1)[0]


# The re-check table's clock: wall time, or with --cpu this process's CPU
# time (the other work of a shared machine then counts for less).
clock = time.perf_counter


class _Timers:
    """Totals (by ``clock``) of chosen methods, patched in for this script only.
    A method called from inside another timed one is counted in both; the
    rule-kind split below reads only the outermost calls."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.depth = 0

    def wrap(self, owner, name: str, label, outer_only: bool = False, generator: bool = False) -> None:
        """``generator``: the method yields; it is run to the end inside the
        timer and its items returned as a list (its callers only iterate)."""
        original = getattr(owner, name)
        timers = self
        call = (lambda *a, **k: list(original(*a, **k))) if generator else original

        def timed(*args, **kwargs):
            if outer_only and timers.depth:
                return call(*args, **kwargs)
            timers.depth += 1
            start = clock()
            try:
                return call(*args, **kwargs)
            finally:
                timers.depth -= 1
                key = label(*args) if callable(label) else label
                timers.totals[key] = timers.totals.get(key, 0.0) + clock() - start

        setattr(owner, name, timed)


def _rule_kind(engine, rule, ctx, local, *rest) -> str:
    if rule.id in local:
        return "article-local rules: the findings of the article pass handed out"
    if rule.kind == "check":
        return "drafting checks (whole draft)"
    if rule.kind == "document":
        return "document rules (whole draft)"
    if rule.kind == "reading":
        return "reading rules reading other articles (kept per article: changed articles)"
    return "article rules reading other articles"


def recheck_stages(text: str, edits: int) -> list[list[str]]:
    from safeguard_lsp.config import Config
    from safeguard_lsp.draft import Draft
    from safeguard_lsp.engine import CheckCache, Engine
    from safeguard_lsp.gcpause import paused, untie_when_dropped
    from safeguard_lsp.patterns import Lexicon
    from safeguard_lsp.ruleset import RuleSet
    from safeguard_lsp.server.diagnostics import diagnostics_json
    from safeguard_lsp.server.documents import Analysis
    from safeguard_lsp.server.positions import LineIndex

    ruleset, config, cache = RuleSet.load(), Config(), CheckCache()
    timers = _Timers()
    timers.wrap(Lexicon, "scan", "lexicon scan (changed articles; the rest from the cache)")
    timers.wrap(Engine, "_segment_local", "article-local rules, and when cross-article rules apply (changed articles; the rest from the cache)", outer_only=True)
    # Each rule after the article pass (Engine._run), by what it is.
    timers.wrap(Engine, "_run", _rule_kind, outer_only=True)
    timers.wrap(Engine, "_apply_silences", "silences, severities, sorting")

    previous = written = None

    def work(text: str) -> dict[str, float]:
        nonlocal previous, written
        timers.totals = {}
        # As the worker: the collector paused, each draft untied once dropped.
        with paused():
            t0 = clock()
            draft = Draft.parse(text, syntax="markdown", previous=previous)
            untie_when_dropped(draft)
            t1 = clock()
            result = Engine(ruleset, config).check(draft, cache=cache)
            t2 = clock()
            analysis = Analysis(1, draft, result, ruleset, config, LineIndex(text, "utf-16", draft.line_bounds))
            t3 = clock()
            diagnostics_json("file:///draft.md", analysis, written)  # the unchanged findings' kept
            t4 = clock()
            # The server frees the draft it replaces after publishing: not
            # part of the edit's latency, shown beside it.
            previous, written = draft, analysis
            t5 = clock()
        stages = {"parse (the edited article again; the whole draft when unsure)": t1 - t0}
        stages.update(timers.totals)
        stages["engine, other"] = (t2 - t1) - sum(timers.totals.values())
        stages["line index"] = t3 - t2
        stages["diagnostics as JSON (the findings an edit left as they were kept)"] = t4 - t3
        stages["total"] = t4 - t0
        stages["freed"] = t5 - t4
        return stages

    work(text)  # the open: every article checked, the cache filled
    rng = random.Random(6)
    samples = []
    for _ in range(edits):
        at = rng.randrange(len(text))
        text = text[:at] + "x" + text[at:]
        samples.append(work(text))
    keys = list(samples[0])
    medians = {key: statistics.median(s.get(key, 0.0) for s in samples) for key in keys}
    total = medians.pop("total")
    freed = medians.pop("freed")
    rows = [[key, f"{value * 1000:.0f}", f"{value / total:.0%}"] for key, value in medians.items()]
    rows.append(["total", f"{total * 1000:.0f}", "100%"])
    rows.append(["freeing the replaced draft (the server does it after publishing)", f"{freed * 1000:.0f}",
                 "not in the total"])
    return rows


def memory_stages(path: Path) -> dict[str, float]:
    """RSS from a plain run, Python's heap from a run under tracemalloc."""
    found = {}
    for mode in ("traced", "plain"):
        done = subprocess.run([sys.executable, "-c", _MEMORY_STAGES, str(path), mode], capture_output=True,
                              text=True, check=True)
        found.update({k: v for k, v in json.loads(done.stdout).items() if (mode == "traced") == ("heap" in k)})
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--cpu", action="store_true", help="time the re-check in CPU time, not wall time")
    args = parser.parse_args()
    if args.cpu:
        global clock
        clock = time.process_time
    with tempfile.TemporaryDirectory() as tmp:
        small = write_draft(200_000, Path(tmp))
        large = write_draft(1_000_000, Path(tmp))

        stages = check_stages(small, args.runs)
        interpreter = median_time(lambda: subprocess.run([sys.executable, "-c", "pass"]), args.runs, warmup=1)[0]
        prose = proselint_time(small, args.runs)
        rows = [["interpreter start (python -c pass)", interpreter]]
        names = {"imports": "imports", "rules": "rule set load (cached)", "compile": "lexicon compile (RE2)",
                 "parse": "parse", "first_scan": "first lexicon scan (RE2 builds its automata)",
                 "engine": "engine check (rules, with a warm second scan)", "output": "findings as text"}
        rows += [[label, stages[key]] for key, label in names.items()]
        total = sum(value for _, value in rows)
        shown = [[label, f"{value:.3f}", f"{value / total:.0%}"] for label, value in rows]
        shown.append(["total (sum of stages)", f"{total:.3f}", "100%"])
        shown.append(["of which the warm second scan", f"{stages['warm_scan']:.3f}", "not in the total"])
        if prose:
            shown.append(["proselint, whole process", f"{prose:.3f}", ""])
            shown.append(["budget for 5x faster than proselint", f"{prose / 5:.3f}", ""])
        table(f"check, ~200 KB draft, a fresh process stage by stage (seconds, medians of {args.runs})",
              ["stage", "time", "share"], shown)

        table(f"re-check after a one-character edit, ~1 MB draft, as the server's worker does it "
              f"(ms{' of CPU time' if args.cpu else ''}, medians of {args.edits} edits)", ["stage", "time", "share"],
              recheck_stages(large.read_text(encoding="utf-8"), args.edits))

        memory = memory_stages(large)
        rows, before = [], 0.0
        for key in ("interpreter", "server imports", "rule set compiled", "first check",
                    "second check, first still held"):
            rows.append([f"RSS after: {key}", f"{memory[key]:.0f}", f"+{memory[key] - before:.0f}" if before else ""])
            before = memory[key]
        heap = memory["python heap of the first check"]
        grown = memory["first check"] - memory["rule set compiled"]
        rows.append(["  Python objects of one check (draft, matches, findings, JSON)", f"{heap:.0f}", ""])
        rows.append(["  the rest of the first check's growth: RE2 automata, allocator", f"{grown - heap:.0f}", ""])
        rows.append(["  Python objects with two checks held", f"{memory['python heap, both checks']:.0f}",
                     f"peak {memory['python heap peak']:.0f}"])
        table("language server memory, ~1 MB draft (MB)", ["stage", "MB", "step"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

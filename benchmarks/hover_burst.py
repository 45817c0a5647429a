"""Hover latency during a burst of typing on a 1 MB draft (issue 23).

    python benchmarks/hover_burst.py [--edits 1000] [--rounds 3] [--size 1000000] [--base COMMIT]

Spawns `python -m safeguard_lsp serve`, opens the ~1 MB draft (common.build)
with the default debounce, waits for its diagnostics, then sends each round's
burst: one character per didChange typed in the middle of the draft (a line
break every 50), as fast as the pipe takes them, with a hover every 50 edits
on a finding before the typing and one after it (its line moving down with
the line breaks). A hover's latency is from its request written to its reply
read. Printed: the percentiles of the hovers during the bursts, and of 20
hovers on the settled draft for comparison. With --base COMMIT the same runs
are made with the server of that commit (extracted by `git archive`), after
the working tree's, in one table. Figures, not assertions: see
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import HERE, build, extracted, table
from editor_latency import Client, pct, position


def hover_params(uri: str, text: str, offset: int, extra_lines: int = 0) -> dict:
    at = position(text, offset)
    at["line"] += extra_lines
    return {"textDocument": {"uri": uri}, "position": at}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--base", help="a commit whose server is measured after the working tree's")
    args = parser.parse_args()
    text = build(args.size)
    sources = [("working tree", HERE.parent)]
    if args.base:
        sources.append((args.base, extracted(args.base, Path(tempfile.mkdtemp(prefix="safeguard-hover-")))))
    rows = []
    for name, source in sources:
        during, settled = burst_hovers(args, text, source)
        for what, values in (("during the bursts", during), ("settled draft", settled)):
            rows.append([name, what, len(values), f"{pct(values, 50):.1f}", f"{pct(values, 95):.1f}",
                         f"{max(values):.1f}"])
    table("Hover latency (ms)", ["server", "hovers", "n", "p50", "p95", "max"], rows)
    return 0


def burst_hovers(args, text: str, source: Path) -> tuple[list[float], list[float]]:
    """The hover latencies (ms) during the bursts and on the settled draft,
    of a server run from the code in ``source``."""
    uri = (Path(__file__).resolve().parent / "bench-burst.md").as_uri()  # never written
    os.environ["PYTHONPATH"] = str(source)  # the server process runs this code
    client = Client([sys.executable, "-m", "safeguard_lsp", "serve"])
    client.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    sent = client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                                     "version": 1, "text": text}})
    opened = client.wait_published(1) - sent

    middle = text.index("\n\n", len(text) // 2) + 1
    phrase = "as appropriate"
    before = text.rindex(phrase, 0, middle - 20_000) + 2
    after = text.index(phrase, middle + 20_000) + 2
    typing = position(text, middle)

    during: list[float] = []
    sent_at: dict[int, float] = {}
    version, line, column, breaks = 1, typing["line"], typing["character"], 0
    burst_seconds = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for n in range(args.edits):
            version += 1
            char = "\n" if n % 50 == 49 else "x"
            at = {"line": line, "character": column}
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": at, "end": at}, "text": char}]})
            if char == "\n":
                line, column, breaks = line + 1, 0, breaks + 1
            else:
                column += 1
            if n % 50 == 25:
                for offset, moved in ((before, 0), (after, breaks)):
                    client.next_id += 1
                    sent_at[client.next_id] = client.send({
                        "jsonrpc": "2.0", "id": client.next_id, "method": "textDocument/hover",
                        "params": hover_params(uri, text, offset, moved)})
        burst_seconds.append(time.perf_counter() - started)
        client.wait_published(version)  # the burst settles before the next one
    with client.cond:
        client.cond.wait_for(lambda: all(i in client.replies for i in sent_at), timeout=120)
        for rid, sent in sent_at.items():
            received, reply = client.replies[rid]
            assert "result" in reply, reply
            during.append((received - sent) * 1000)

    settled = []
    for _ in range(10):
        for offset, moved in ((before, 0), (after, breaks)):
            elapsed, reply = client.request("textDocument/hover", hover_params(uri, text, offset, moved))
            settled.append(elapsed * 1000)
    client.request("shutdown", None)
    client.notify("exit", None)
    client.proc.wait(timeout=30)

    print(f"{source}: draft {len(text):,} characters, opened and checked in {opened:.2f} s; "
          f"{args.rounds} bursts of {args.edits} edits, each sent in "
          f"{statistics.median(burst_seconds) * 1000:.0f} ms (median)", flush=True)
    return during, settled


if __name__ == "__main__":
    raise SystemExit(main())

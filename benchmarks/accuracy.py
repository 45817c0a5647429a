"""How often `check` agrees with expert verdicts on real laws (issue 18).

Scores `safeguard-lsp check --format json` on ../shared/corpus/verdicts.yaml
with ../shared/tools/score_verdicts.py (the scorer the held-out set is scored
with), and prints balanced accuracy, recall and specificity over the high and
medium confidence verdicts, each miss by provision, and the innocuous
sections flagged. Also prints how many expected readings of the style drafts
(tests/drafts/styles/) the reading gets right. Figures, not assertions: the
targets are printed with PASS/FAIL.

    python benchmarks/accuracy.py [--cmd "safeguard-lsp check --format json"]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score_verdicts.py"
VERDICTS = SHARED / "corpus" / "verdicts.yaml"

TARGETS = {"balanced-accuracy": 0.90, "recall": 0.85}


def score(cmd: str) -> str:
    out = subprocess.run([sys.executable, str(SCORER), "--cmd", cmd, "--truth", str(VERDICTS)],
                         capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise SystemExit(f"the scorer failed (exit {out.returncode}): {out.stderr[-800:]}")
    return out.stdout


def reading_agreement() -> tuple[int, int]:
    """(right, checked) over every expected value of the style drafts."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_reading import _cases, _reader, actual, agrees, reading_of  # noqa: E402
    from test_style_drafts import find_unit  # noqa: E402

    right = checked = 0
    for case in _cases():
        path, at, key, expected = case.values
        _, _, draft, reader = _reader(path)
        unit = find_unit(draft, at)
        checked += 1
        if unit is None:
            continue
        reading = reading_of(reader, unit)
        right += bool(reading is not None and agrees(key, expected, actual(reading, key)))
    return right, checked


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # The checker beside this Python (a venv not activated) before the one on PATH:
    # a missing command would score as "nothing flagged", not fail.
    beside = Path(sys.executable).parent / "safeguard-lsp"
    checker = str(beside) if beside.exists() else shutil.which("safeguard-lsp")
    if checker is None:
        raise SystemExit("accuracy: no safeguard-lsp command beside this Python or on PATH (pip install -e .)")
    default = f"{checker} check --format json"
    ap.add_argument("--cmd", default=default, help="the checker, printing JSON findings")
    args = ap.parse_args()
    if not SCORER.exists() or not VERDICTS.exists():
        print(f"accuracy: skipped: {SCORER} or {VERDICTS} is absent (they live in ../shared beside the clone)")
        return
    report = score(args.cmd)
    misses = [line for line in report.splitlines() if line.startswith(("FN ", "FP "))]
    print("Misses (FN: verdict flag, nothing at warning or above; FP: verdict ok, flagged):")
    for line in misses:
        print("  " + line)
    summary = [line for line in report.splitlines() if line.startswith(("all ", "high+medium", "innocuous", "balanced"))]
    print()
    for line in summary:
        print(line)
    hm = next(line for line in report.splitlines() if line.startswith("high+medium "))
    figures = dict(re.findall(r"([a-z-]+)=([0-9.]+)", hm))
    print()
    for name, target in TARGETS.items():
        got = float(figures[name])
        print(f"{'PASS' if got >= target else 'FAIL'} {name} {got:.2f} (target >= {target:.2f}, high+medium)")
    right, checked = reading_agreement()
    print(f"style drafts: {right} of {checked} expected readings right ({right / checked:.0%})")


if __name__ == "__main__":
    main()

"""Deterministic benchmark drafts of a given size.

Built from the Budapest Convention in ../shared/corpus (when present) and our
own example drafts, with every article renumbered so that numbers stay unique
and cross-references stay meaningful, as in a long real convention.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDAPEST = REPO.parent / "shared" / "corpus" / "budapest-convention-ets185.txt"
EXAMPLES = [REPO / "examples" / "weak-draft-convention.md", REPO / "examples" / "strong-draft-convention.md"]

_HEADING = re.compile(r"(?m)^(#{0,6}[ \t]*)(Article)([ \t]+)(\d+)")


def _sources() -> list[str]:
    texts = []
    if BUDAPEST.is_file():
        texts.append(BUDAPEST.read_text(encoding="utf-8"))
    texts.extend(p.read_text(encoding="utf-8") for p in EXAMPLES if p.is_file())
    return texts


def build(size: int) -> str:
    """About ``size`` characters of draft text with unique article numbers."""
    sources = _sources()
    parts: list[str] = []
    total = 0
    next_number = 1
    index = 0
    while total < size:
        source = sources[index % len(sources)]
        index += 1

        def renumber(match: re.Match) -> str:
            nonlocal next_number
            out = f"{match.group(1)}{match.group(2)}{match.group(3)}{next_number}"
            next_number += 1
            return out

        chunk = _HEADING.sub(renumber, source)
        parts.append(chunk)
        total += len(chunk)
    return "\n\n".join(parts)[:size]


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    sys.stdout.write(build(size))

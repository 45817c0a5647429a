"""Output is linear in the draft (issue 23, item 7): a fix that adds a
paragraph to an article no longer copies the rest of the draft, which made
`check --format json` quadratic (107 s on 100 MB against 18 s for text)."""

from __future__ import annotations

import time
from pathlib import Path

from safeguard_lsp.draft import Draft
from safeguard_lsp.fixes import append_paragraph

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "weak-draft-convention.md"


def _time_appends(padding: int) -> float:
    """Seconds to make the append-a-paragraph edit of every article with
    numbered paragraphs, 50 times, in the example followed by ``padding``
    characters of closing text."""
    text = EXAMPLE.read_text(encoding="utf-8") + "\n\nClosing words of a long draft.\n" * (padding // 32)
    draft = Draft.parse(text, syntax="markdown")
    articles = [a for a in draft.articles if any(c.kind == "paragraph" and c.number for c in a.children)]
    assert articles, "the example has articles of numbered paragraphs"
    started = time.perf_counter()
    for _ in range(50):
        for article in articles:
            append_paragraph(draft, article, "A new paragraph.")
    return time.perf_counter() - started


def test_adding_a_paragraph_costs_the_same_in_a_short_and_a_long_draft():
    short = min(_time_appends(0) for _ in range(3))
    long = min(_time_appends(2_000_000) for _ in range(2))
    # Copying the 2 MB after each article made it ~50 times dearer.
    assert long < 5 * short + 0.01, f"{long * 1000:.1f} ms against {short * 1000:.1f} ms"

"""Output is linear in the draft (issue 23, item 7): a fix that adds a
paragraph to an article no longer copies the rest of the draft, which made
`check --format json` quadratic (107 s on 100 MB against 18 s for text)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

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


@pytest.mark.slow
def test_adding_a_paragraph_costs_the_same_in_a_short_and_a_long_draft():
    short = min(_time_appends(0) for _ in range(3))
    long = min(_time_appends(2_000_000) for _ in range(2))
    # Copying the 2 MB after each article made it ~50 times dearer.
    assert long < 5 * short + 0.01, f"{long * 1000:.1f} ms against {short * 1000:.1f} ms"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_checking_a_folder_holds_one_draft_at_a_time(tmp_path, monkeypatch, capsys, fmt):
    """`check --format text|json` on a folder writes each draft's findings as
    it goes, so its memory is that of the largest draft, not of the folder
    (issue 23, item 7: 1.4 GB on 100 MB). With the cycle collector off, as
    it seldom reaches a full pass during a long run, the drafts already
    written must be gone when the next one is written."""
    import gc

    from safeguard_lsp import cli, output
    from safeguard_lsp.draft import Unit

    def document_units() -> list:
        return [o for o in gc.get_objects() if type(o) is Unit and o.kind == "document"]

    names = {f"draft-{n}.md" for n in range(4)}
    for name in names:
        (tmp_path / name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    alive: list[int] = []
    write = getattr(output, f"as_{fmt}")

    def counting(checked):
        # A draft's units (parent and children: cycles) hold its whole structure.
        alive.append(sum(1 for u in document_units() if not any(u is b for b in before)))
        return write(checked)

    monkeypatch.setattr(output, f"as_{fmt}", counting)
    monkeypatch.chdir(tmp_path)
    gc.collect()
    before = document_units()  # other tests' drafts, held here so that no id is reused
    enabled = gc.isenabled()
    gc.disable()
    try:
        status = cli.main(["check", "--format", fmt, "."])
    finally:
        if enabled:
            gc.enable()
    assert status == cli.EXIT_FINDINGS, capsys.readouterr().err
    assert "SG-" in capsys.readouterr().out
    assert alive == [1, 1, 1, 1]

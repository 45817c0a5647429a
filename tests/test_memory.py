"""A checked draft is not kept alive by the checker: the language server
checks a new draft at every pause in typing, and each of a long convention
weighs tens of megabytes (an LRU cache of drafts in fixes.py once held 16 of
them, ~550 MB for a 1 MB convention; the findings a check cache kept for
unchanged articles once held the units, and so the whole structure, of the
draft they were first found in)."""

import gc
import weakref
from pathlib import Path

from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft, Unit
from safeguard_lsp.engine import CheckCache, Engine
from safeguard_lsp.ruleset import RuleSet

WEAK = (Path(__file__).resolve().parents[1] / "examples" / "weak-draft-convention.md").read_text(encoding="utf-8")


def _document_units() -> list[Unit]:
    gc.collect()
    return [o for o in gc.get_objects() if type(o) is Unit and o.kind == "document"]


def test_drafts_checked_one_after_another_are_freed():
    engine = Engine(RuleSet.load(), Config())
    cache = CheckCache()
    before = _document_units()  # other tests' drafts, held here so no id is reused
    gone = []
    for n in range(4):
        draft = Draft.parse(WEAK.replace("Convention", f"Convention {n}", 1), syntax="markdown")
        result = engine.check(draft, cache=cache)
        assert result.findings and any(f.fixes for f in result.findings)  # fixes were built
        gone.append(weakref.ref(draft))
        del draft, result
    gc.collect()
    assert [ref() is None for ref in gone] == [True] * 4
    # Units (which have no weak references) hold their whole draft's structure:
    # none of these drafts' is left.
    left = [u for u in _document_units() if not any(u is b for b in before)]
    assert left == []


def test_drafts_left_behind_are_freed_before_the_next_check():
    """A draft's units form cycles (parent and children), which only the cycle
    collector frees; the language server pauses it during checks and so
    reached it seldom, and kept old drafts of a long convention for many
    edits. It now collects them before each check."""
    from safeguard_lsp import gcpause

    engine = Engine(RuleSet.load(), Config())
    before = _document_units()
    gc.disable()
    try:
        for n in range(3):
            with gcpause.paused():
                draft = Draft.parse(WEAK.replace("Convention", f"Convention {n}", 1), syntax="markdown")
                engine.check(draft)
            del draft
        left = [u for u in gc.get_objects() if type(u) is Unit and u.kind == "document"
                and not any(u is b for b in before)]
        assert len(left) == 3  # cycles: reference counting alone does not free them
        del left
        gcpause.collect_before_check()
        left = [u for u in gc.get_objects() if type(u) is Unit and u.kind == "document"
                and not any(u is b for b in before)]
        assert left == []
    finally:
        gc.enable()

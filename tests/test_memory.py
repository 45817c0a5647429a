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


def test_drafts_the_server_drops_are_freed_without_the_collector():
    """A draft's units form cycles (parent and children), which only the cycle
    collector frees, and its full pass costs ~45 ms beside a 1 MB draft. The
    language server unties each draft it makes once nothing holds it: with the
    collector off, as during the server's checks, dropped drafts are freed at
    once, re-parsed ones included, and the latest is intact."""
    from safeguard_lsp import gcpause

    engine = Engine(RuleSet.load(), Config())
    cache = CheckCache()
    before = _document_units()
    gc.disable()
    try:
        draft = None
        text = WEAK
        for n in range(4):
            text = text.replace("shall", "must", 1)  # within an article: re-parsed from the last draft
            with gcpause.paused():
                draft = Draft.parse(text, syntax="markdown", previous=draft)
                gcpause.untie_when_dropped(draft)
                engine.check(draft, cache=cache)
        left = [u for u in gc.get_objects() if type(u) is Unit and u.kind == "document"
                and not any(u is b for b in before)]
        assert left == [draft.root]
        del left
        assert draft.articles[3].parent is not None and draft.root.children
        expected = Draft.parse(text, syntax="markdown")
        assert [(u.kind, u.start, u.end) for u in draft.units()] == [(u.kind, u.start, u.end) for u in expected.units()]
    finally:
        gc.enable()


def test_without_untying_the_units_wait_for_the_collector():
    """What the test above guards against: a dropped draft's units stay until
    the collector's full pass (which the server now runs only now and then)."""
    before = _document_units()
    gc.disable()
    try:
        for n in range(3):
            Draft.parse(WEAK.replace("Convention", f"Convention {n}", 1), syntax="markdown")
        left = [u for u in gc.get_objects() if type(u) is Unit and u.kind == "document"
                and not any(u is b for b in before)]
        assert len(left) == 3
        del left
        gc.collect()
        left = [u for u in gc.get_objects() if type(u) is Unit and u.kind == "document"
                and not any(u is b for b in before)]
        assert left == []
    finally:
        gc.enable()

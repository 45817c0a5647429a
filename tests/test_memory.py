"""A checked draft is not kept alive by the checker: the language server
checks a new draft at every pause in typing, and each of a long convention
weighs tens of megabytes (an LRU cache of drafts in fixes.py once held 16 of
them, ~550 MB for a 1 MB convention)."""

import gc
import weakref
from pathlib import Path

from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import CheckCache, Engine
from safeguard_lsp.ruleset import RuleSet

WEAK = (Path(__file__).resolve().parents[1] / "examples" / "weak-draft-convention.md").read_text(encoding="utf-8")


def test_drafts_checked_one_after_another_are_freed():
    engine = Engine(RuleSet.load(), Config())
    cache = CheckCache()
    gone = []
    for n in range(4):
        draft = Draft.parse(WEAK.replace("Convention", f"Convention {n}", 1), syntax="markdown")
        result = engine.check(draft, cache=cache)
        assert result.findings and any(f.fixes for f in result.findings)  # fixes were built
        gone.append(weakref.ref(draft))
        del draft, result
    gc.collect()
    assert [ref() is None for ref in gone] == [True] * 4

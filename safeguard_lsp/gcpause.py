"""Python's cycle collector, paused while a draft is parsed and checked, and
run between checks.

The model of a long draft is hundreds of thousands of objects made in one go,
and the collector's full passes run again and again while they are being
made, each over everything made so far: on a 1 MB draft the parse and check
took ~30 % longer with it (the index of defined-term uses alone: 0.15 s with
it, 0.05 s without). Reference counting still frees at once whatever is not
in a cycle. The language server cuts the cycles of a draft's units when the
draft is dropped (:func:`untie_when_dropped`), so that it need not wait for
the collector, leaves what a check made out of the collector's passes
(:func:`freeze_survivors`), and runs a full pass only now and then, when
the typing pauses.
"""

from __future__ import annotations

import gc
import weakref
from contextlib import contextmanager

from .draft import NO_CHILDREN


@contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze_loaded() -> None:
    """Leave what is loaded now (modules, pygls, lsprotocol: tens of thousands
    of objects that live as long as the process) out of the collector's
    passes between checks, which then go through what the editor's requests
    make alone. Freezing only moves lists: it costs nothing at start-up."""
    gc.freeze()


def freeze_survivors() -> None:
    """At the end of a check: leave everything alive now out of the
    collector's passes.

    What a check makes (the new draft, its matches, findings and diagnostics)
    all lives on until the next check replaces it, and is then freed by
    reference counting (see :func:`untie_when_dropped`). Left in the young
    generation, the ~100,000 objects of a 1 MB draft were gone through by the
    collector's first pass after the check, on the way to publishing (longer
    still when an older generation's turn came), and again later. Replaying
    60 edits of the benchmark, a full pass afterwards found no cycle left
    behind. Freezing only moves lists: it costs nothing."""
    gc.freeze()


_checks = 0  # checks since the last full pass
FULL_PASS_EVERY = 100
# Checks after which the full pass is made before the next check even if the
# typing never paused (see full_pass_due).
OVERDUE = 10 * FULL_PASS_EVERY


def collect_now_and_then() -> None:
    """Before a check: count it, and make the collector's full pass here
    only when OVERDUE checks have gone by without one.

    A draft's units point at their parents and their children, so a draft
    nobody uses was freed only by the cycle collector's full pass, which the
    language server, paused at every check, reached seldom: on a 1 MB draft
    its memory grew at every edit. A full pass before each check kept it
    flat, at a cost paid on every check; untied drafts made it needless
    (see :func:`untie_when_dropped`). A pass now and then is a safety net,
    made when the typing pauses (:func:`full_pass_due`): made before a check,
    it held up that edit's diagnostics for as long as the pass took
    (benchmarks/README.md has the costs)."""
    global _checks
    _checks += 1
    if _checks > OVERDUE:
        full_pass()


def full_pass_due() -> bool:
    """Whether FULL_PASS_EVERY checks have gone by since the last full pass:
    the language server then makes one at the next pause in the typing."""
    return _checks >= FULL_PASS_EVERY


def full_pass() -> None:
    """The collector's full pass, over the frozen objects too (for whatever
    cycles are left: drafts, untied when dropped, leave none)."""
    global _checks
    _checks = 0
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def untie_when_dropped(draft) -> None:
    """When nothing holds ``draft`` any more, cut its units from their
    parents and children, so that reference counting frees them at once.

    For the drafts the language server makes and drops at every check: their
    units form cycles, which only the collector's full pass frees (a
    pass over every object, before each check). With it the server's memory
    stays flat without the collector. Only for drafts whose units are
    never used without the draft itself: every holder of a unit there (a
    finding, a reference, an analysis) holds its draft too."""
    units = draft.owned = draft.units()  # a re-parse may give some to the next draft
    weakref.finalize(draft, _untie, units)


def _untie(units) -> None:
    for unit in units:
        unit.parent = None
        unit.children = NO_CHILDREN

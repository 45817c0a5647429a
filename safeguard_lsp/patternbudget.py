"""What one RE2 pattern of a rule pack may cost, measured when it is loaded.

RE2 runs in time linear in the text, but the factor is the pattern's: a
counted repetition of words such as ``(?:\\w+\\W+){0,1000}court`` makes its
automaton fall back to the slow engine, and 40 of them made a 195 KB draft
take minutes. So before a pack's ``re:`` pattern is accepted it is run over
a probe text, in the way a check searches (unanchored, match after match),
and its processor time counted; a pattern over the budget, or any pattern
once its file's patterns together are over theirs, is refused with its file
and line.

The probe is made here (the same every time), of words and punctuation a
draft is made of. Its size and the budgets give the shipped patterns room
of at least five times their own cost (docs/reliability.md has what each takes); the
patterns this guards against cost hundreds of times as much. Processor time
of this thread, not the clock: a busy machine slows it little, and the
measurement stops as soon as the budget is spent.
"""

from __future__ import annotations

import time

import re2

PATTERN_BUDGET = 0.040  # seconds of processor time over the probe, per pattern
PACK_BUDGET = 0.400  # per rule file, all its patterns together
# What measuring may cost in one load of rule folders, patterns refused
# included: many files of costly patterns cannot make a load long.
LOAD_BUDGET = 3.0
PROBE_CHARACTERS = 36_000

_WORDS = (
    "each party shall adopt such legislative and other measures as may be necessary to establish "
    "criminal offences under its domestic law when committed intentionally and without right access "
    "interception interference data computer system service provider competent authority court judicial "
    "order warrant article paragraph chapter provision subject to conditions safeguards including "
    "the of in to a by for with or on at from that this which where any all its their"
).split()
_PUNCTUATION = (" ", " ", " ", " ", ", ", "; ", ". ", ".\n\n", ": ", " (a) ", " 12 ", " \u00e9t\u00e9 ", " \u2014 ")


def _probe() -> list[bytes]:
    """The probe text, in pieces of ~512 bytes that each end between words
    (a measurement stops at the end of the piece that spent the budget)."""
    import random  # only when a pack from elsewhere is loaded

    chooser = random.Random(23)  # the same probe every time
    pieces, piece, size = [], [], 0
    while sum(map(len, pieces)) + size < PROBE_CHARACTERS:
        word = chooser.choice(_WORDS) + chooser.choice(_PUNCTUATION)
        if chooser.random() < 0.08:
            word = word.capitalize()
        piece.append(word)
        size += len(word)
        if size >= 512:
            pieces.append("".join(piece).encode("utf-8"))
            piece, size = [], 0
    if piece:
        pieces.append("".join(piece).encode("utf-8"))
    return pieces


_PROBE: list[bytes] | None = None
# The cost of each pattern as first measured. The re2 module hands back the
# same compiled object for the same pattern, its automaton already built on
# the probe: measured again, a costly pattern would look cheap.
_COSTS: dict[str, float] = {}
_COSTS_KEPT = 4096


def cost(compiled, budget: float) -> float:
    """Processor seconds ``compiled`` (an RE2 pattern) takes to find every
    match in the probe; stops once past ``budget``."""
    global _PROBE
    if _PROBE is None:
        _PROBE = _probe()
    regexp = compiled._regexp
    started = time.thread_time()
    for piece in _PROBE:
        pos, end = 0, len(piece)
        while pos <= end:
            span = regexp.Match(re2._Anchor.UNANCHORED, piece, pos, end)[0]
            if span == re2._NULL_SPAN:
                break
            pos = max(span[1], pos + 1)
        spent = time.thread_time() - started
        if spent > budget:
            return spent
    return time.thread_time() - started


class LoadMeter:
    """Processor time spent measuring patterns in one load."""

    def __init__(self) -> None:
        self.spent = 0.0


class PackBudget:
    """The budget of one rule file's patterns."""

    def __init__(self, measured: bool = True, meter: LoadMeter | None = None) -> None:
        self.spent = 0.0
        self.meter = meter or LoadMeter()
        # The shipped set is not measured at load (its cost is tested by
        # tests/reliability/test_untrusted_repository.py); measuring it would
        # add a second compilation of every pattern to a load without cache.
        self.measured = measured

    def refusal(self, inner: str) -> str | None:
        """Why the pattern ``inner`` (valid RE2) is refused, or None (its
        cost is then charged to the file)."""
        from safeguard_lsp.patterns import _NOT_WORD, _search_options, wrap

        if not self.measured:
            return None
        if self.meter.spent > LOAD_BUDGET:
            return (f"measuring the patterns of these rule folders has taken {LOAD_BUDGET:g} s already, the most "
                    "a load may spend on them (too many costly patterns); refused")
        left = PACK_BUDGET - self.spent
        if left <= 0:
            return (f"the patterns of this file before it already take {self.spent * 1000:.0f} ms over the probe "
                    f"text, the most a file's patterns may ({PACK_BUDGET * 1000:.0f} ms); refused")
        spent = _COSTS.get(inner)
        if spent is None:
            started = time.thread_time()
            try:
                compiled = re2.compile(wrap(inner, _NOT_WORD).encode("utf-8"), _search_options())
            except re2.error:
                return None  # check_inner reports it
            spent = cost(compiled, min(PATTERN_BUDGET, left))
            self.meter.spent += time.thread_time() - started  # its compilation too
            if spent > PATTERN_BUDGET or spent < left:  # a cost cut short by the file's budget is not kept
                if len(_COSTS) >= _COSTS_KEPT:
                    _COSTS.clear()
                _COSTS[inner] = spent
        if spent > PATTERN_BUDGET:
            return (f"searching with it takes more than {PATTERN_BUDGET * 1000:.0f} ms on a 36 KB probe text "
                    "(a counted repetition such as {0,1000} of a group?), too slow to run on every edit of a "
                    "long draft; refused")
        if self.spent + spent > PACK_BUDGET:
            return (f"with it the patterns of this file would take more than {PACK_BUDGET * 1000:.0f} ms over "
                    "the probe text, the most a file's patterns may; refused")
        self.spent += spent  # accepted: it will run on every check
        return None

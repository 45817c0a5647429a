"""Where defined terms are used, to point a finding at the definition of a
term it underlines: the place a checker's JSON and the language server's
related information both give ("“computer system” is defined here")."""

from __future__ import annotations

import bisect
import operator

# typing.TYPE_CHECKING without importing typing (it slows every `check`'s
# start): type checkers treat this constant the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .document import Draft


class TermSpans:
    """Where defined terms are used, to point a finding at the definition of a
    term it underlines (the meaning of "computer system" often decides whether
    a safeguard applies).

    Kept per phrase (a draft may define one term many times: the uses are
    the same, less those inside each definition), its uses sorted by start,
    and so by end (each has the same number of words), and searched by
    bisection (one sorted list of every use of every term, or a search per
    definition rather than per phrase, cost far more). Which phrases a span overlaps at all
    is found first in the uses of all of them, merged (a bisection per
    finding, not one per phrase: most findings underline no defined term)."""

    def __init__(self, draft: Draft):
        phrases: dict[int, tuple[list[int], list[int], list]] = {}
        for term in draft.terms:
            uses = draft.phrase_uses(term.term)  # one list per phrase, kept by the draft
            group = phrases.get(id(uses))
            if group is None:
                group = phrases[id(uses)] = ([s for s, _ in uses], [e for _, e in uses], [])
            group[2].append(term)
        self.phrases = [group for group in phrases.values() if group[0]]
        # Per phrase, its definitions by where they start, those starts, and
        # the furthest end among the first i of them: whether a use lies in
        # any definition is one bisection.
        self._by_start: list[tuple[list, list[int], list[int]]] = []
        for _, _, terms in self.phrases:
            ordered = sorted(terms, key=_DEFINITION_START)
            reach, furthest = [], -1
            for term in ordered:
                furthest = max(furthest, term.definition_end)
                reach.append(furthest)
            self._by_start.append((ordered, [t.definition_start for t in ordered], reach))
        every = sorted((s, e, k) for k, (starts, ends, _) in enumerate(self.phrases) for s, e in zip(starts, ends))
        self._starts = [s for s, _, _ in every]
        self._ends = [e for _, e, _ in every]
        self._phrase = [k for _, _, k in every]
        self._longest = max((e - s for s, e, _ in every), default=0)

    @property
    def longest_use(self) -> int:
        """The length of the longest use of any term (how far before a span
        a use overlapping it may start)."""
        return self._longest

    def terms_over(self, start: int, end: int) -> list[list]:
        """The definitions of each phrase with a use overlapping ``[start,
        end)``: all that :meth:`in_force` reads of the draft's definitions
        for that span."""
        phrases = self.phrases
        return [phrases[k][2] for k in self._phrases_at(start, end)]

    def _phrases_at(self, start: int, end: int) -> list[int]:
        """The phrases (indices into ``self.phrases``, ascending) with a use
        overlapping ``[start, end)``: uses no longer than the longest start
        after ``start - longest``."""
        starts, ends, phrase = self._starts, self._ends, self._phrase
        i = bisect.bisect_left(starts, start - self._longest)
        found: list[int] = []
        while i < len(starts) and starts[i] < end:
            if ends[i] > start and phrase[i] not in found:
                found.append(phrase[i])
            i += 1
        found.sort()
        return found

    def _first_uses(self, start: int, end: int, phrases: list[int] | None = None):
        """For each definition of each phrase with a use overlapping
        ``[start, end)`` (of ``phrases``, when given): (phrase, use start,
        use end, term), its first such use outside its own definition."""
        for k in self._phrases_at(start, end) if phrases is None else phrases:
            starts, ends, terms = self.phrases[k]
            first = bisect.bisect_right(ends, start)  # the first use ending after start
            for term in terms:
                i = first
                while i < len(ends) and starts[i] < end:
                    if not (starts[i] < term.definition_end and ends[i] > term.definition_start):
                        yield k, starts[i], ends[i], term
                        break
                    i += 1

    def overlapping(self, start: int, end: int):
        """The terms with a use (outside their own definition) overlapping
        ``[start, end)``, in the order of those uses in the text; a term
        defined twice, in the order of its definitions."""
        found = [(s, e, term) for _, s, e, term in self._first_uses(start, end)]
        found.sort(key=_BY_SPAN)
        return [term for _, _, term in found]

    def in_force(self, start: int, end: int) -> list[tuple[object, int]]:
        """Of the terms :meth:`overlapping` names, one definition per phrase:
        the last one before the use (else the first), with the number of
        definitions of that phrase. A draft that defines a term again (a
        protocol after its convention) is governed there by the nearer
        definition; naming all of them made each finding on a term defined
        16 times carry 16 places, half of what a long draft publishes."""
        chosen: dict[int, tuple] = {}
        slow: list[int] = []
        for k in self._phrases_at(start, end):
            uses_start, uses_end, terms = self.phrases[k]
            first = bisect.bisect_right(uses_end, start)  # the first use overlapping the span
            s, e = uses_start[first], uses_end[first]
            ordered, starts, reach = self._by_start[k]
            inside = bisect.bisect_left(starts, e)  # the definitions starting before the use ends
            if inside and reach[inside - 1] > s:
                slow.append(k)  # the use lies in a definition: each definition's own first use
                continue
            # Every definition's first use is this one: the last definition
            # before it, else the first (no two start at one place: a
            # definition starts at its quoted term).
            i = bisect.bisect_right(starts, s) - 1
            term = ordered[max(i, 0)]
            chosen[k] = (s, e, term, len(terms))
        if slow:
            for k, s, e, term in self._first_uses(start, end, slow):
                best = chosen.get(k)
                if best is None or _nearer(term, best[2], s):
                    chosen[k] = (s, e, term, len(self.phrases[k][2]))
        found = sorted(chosen.values(), key=_BY_SPAN)
        return [(term, count) for _, _, term, count in found]


_BY_SPAN = operator.itemgetter(0, 1)
_DEFINITION_START = operator.attrgetter("definition_start")


def _nearer(term, other, at: int) -> bool:
    """Whether ``term``'s definition governs a use at ``at`` rather than
    ``other``'s: the later of those before it, else the earlier."""
    if term.definition_start <= at:
        return other.definition_start > at or term.definition_start > other.definition_start
    return other.definition_start > at and term.definition_start < other.definition_start


def defined_here(term: str, definitions: int) -> str:
    """The message of a related place: the definition of a term the finding
    underlines."""
    if definitions == 1:
        return f"“{term}” is defined here"
    more = definitions - 1
    return f"“{term}” is defined here, and {more} more time{'s' if more > 1 else ''} in this draft"


def defined_here_places(draft: Draft, start: int, end: int) -> list[tuple[int, int, str]]:
    """The definition in force of each defined term used in
    ``draft.text[start:end]``, as (start, end, message) of its quoted term:
    the related places of a finding on that span."""
    if not draft.terms:
        return []
    return [(term.start, term.end, defined_here(term.term, count))
            for term, count in draft.term_spans().in_force(start, end)]

"""``Draft``: a parsed draft and the questions asked of it.

``Draft.parse`` parses a text in full (parser.py), or, given the draft of
an earlier version, only what an edit changed (reparse.py); the result is
the same either way. The units, terms and references are those of
model.py.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator  # not typing: importing typing slows every `check`'s start

from .model import CrossReference, DefinedTerm, Shape, Unit
from .parser import Parser, markdown_name
from .reparse import reparse
from .term_spans import TermSpans
from .text import LazyPattern, is_word_char, line_bounds, norm_number


def _lazy(name: str, *args) -> LazyPattern:
    return LazyPattern(globals(), name, *args)


# Words of a defined term, each with the separator that follows it ("" at the end).
_TERM_TOKEN = _lazy("_TERM_TOKEN", r"(\w+)(\W*)")
_WORD_TOKEN = _lazy("_WORD_TOKEN", r"\w+")


class Draft:
    """A draft's text and its units, terms and cross-references, with the
    questions the checks ask of them (the units of a kind, the unit at an
    offset, an article by number, the uses of a phrase), each answered
    from an index made once per draft."""

    text: str
    path: str | None
    syntax: str
    root: Unit
    terms: list[DefinedTerm]
    references: list[CrossReference]

    def __init__(self, text: str, path: str | None, syntax: str, root: Unit,
                 line_starts: list[int], line_ends: list[int], order: list[Unit] | None = None):
        self.text = text
        self.path = path
        self.syntax = syntax
        self.root = root
        self.terms = []
        self.references = []
        self._line_starts = line_starts
        self._line_ends = line_ends
        self.front_end = 0
        self._words: tuple[list[tuple[int, int]], dict[str, list[int]]] | None = None
        self._lower: str | None = None  # the text lowered ("" when that changes its length)
        self.shape: Shape | None = None  # None: not re-parsable by article (see reparse.py)
        # The structure of the units of each segment (lo, hi) the engine has
        # cached findings for, relative to lo (see engine._Signature); a
        # re-parse carries those of the segments it copied unchanged.
        self._signatures: dict[tuple[int, int], object] = {}
        # Facts found by position in the text, each a sorted list of tuples
        # starting (start, end, …) with the function that finds them in
        # text[lo:hi]: kept once found, and carried by a re-parse (see
        # positional()).
        self._positional: dict[str, tuple[list[tuple], object]] = {}
        self._term_spans: TermSpans | None = None
        # The units this draft cuts from each other when it is freed (set by
        # gcpause.untie_when_dropped); a re-parse takes out those it gives to
        # the next draft, which then has them as its own (reparse.py).
        self.owned: list[Unit] | None = None
        self.given = False  # whether it has given units to a re-parse: none is made from it again
        self._reindex(order)

    # -- construction -----------------------------------------------------

    @classmethod
    def parse(cls, text: str, path: str | None = None, syntax: str | None = None,
              previous: Draft | None = None) -> Draft:
        """The draft of ``text``. With ``previous``, the draft of an earlier
        version of the same document: when every change since lies within
        one article's body, only that article is parsed again (see
        reparse.py); the result is the same either way."""
        if not isinstance(text, str):
            text = str(text)
        try:
            if previous is not None and previous.path == path and _same_syntax(previous, syntax, path):
                try:
                    draft = reparse(previous, text)
                except Exception:  # pragma: no cover - a safety net: the full parse is never wrong
                    draft = None
                if draft is not None:
                    return draft
            return Parser(text, path, syntax).run(cls)
        except Exception:  # pragma: no cover - a safety net: a flat draft beats a crash
            starts, ends = line_bounds(text)
            root = Unit("document", 0, len(text.rstrip()), body_start=0)
            return cls(text, path, syntax or "text", root, starts, ends)

    def _reindex(self, order: list[Unit] | None = None) -> None:
        self.order = order if order is not None else list(self.root.walk())
        for i, unit in enumerate(self.order):
            unit.order_index = i
        self.unit_starts = [u.start for u in self.order]
        self._by_kind: dict[tuple[str, ...], list[Unit]] = {}
        self._kinds: dict[str, list[Unit]] | None = None
        self._articles = [u for u in self.order if u.kind == "article"]
        self._article_map: dict[str, Unit] = {}
        for unit in self._articles:
            if unit.number is not None:
                self._article_map.setdefault(norm_number(unit.number), unit)
        self.reference_starts = [r.start for r in self.references]
        # Uses of each phrase looked up, by its normalised words, with those words.
        self._use_cache: dict[str, list[tuple[int, int]]] = {}
        self._use_parts: dict[str, list[tuple[str, str]]] = {}

    # -- queries ----------------------------------------------------------

    def units(self, *kinds: str) -> list[Unit]:
        if not kinds:
            return list(self.order)
        if len(kinds) == 1:
            return list(self.by_kind().get(kinds[0], ()))
        found = self._by_kind.get(kinds)
        if found is None:
            wanted = set(kinds)
            found = self._by_kind[kinds] = [u for u in self.order if u.kind in wanted]
        return list(found)

    def has(self, kind: str) -> bool:
        """Whether the draft has a unit of this kind."""
        return kind in self.by_kind()

    def by_kind(self) -> dict[str, list[Unit]]:
        """The units of each kind, in document order: one pass for every kind
        (a check asks for several kinds: a pass for each was a measurable
        part of a re-check)."""
        groups = self._kinds
        if groups is None:
            groups = {}
            for unit in self.order:
                found = groups.get(unit.kind)
                if found is None:
                    groups[unit.kind] = [unit]
                else:
                    found.append(unit)
            self._kinds = groups
        return groups

    @property
    def articles(self) -> list[Unit]:
        return list(self._articles)

    def article(self, number: str) -> Unit | None:
        return self._article_map.get(norm_number(str(number)))

    def unit_at(self, offset: int, *kinds: str) -> Unit | None:
        if offset < 0 or offset > len(self.text):
            return None
        i = bisect_right(self.unit_starts, offset) - 1
        unit: Unit | None = self.order[i] if i >= 0 else self.root
        while unit is not None and unit.parent is not None and not (unit.start <= offset <= unit.end):
            unit = unit.parent
        if unit is None:
            unit = self.root
        if kinds:
            while unit is not None and unit.kind not in kinds:
                unit = unit.parent
        return unit

    def structural_at(self, offset: int) -> Unit:
        unit = self.unit_at(offset) or self.root
        while unit.kind == "sentence" and unit.parent is not None:
            unit = unit.parent
        return unit

    def references_from(self, unit: Unit) -> list[CrossReference]:
        i = bisect_left(self.reference_starts, unit.start)
        out = []
        refs = self.references
        while i < len(refs) and refs[i].start <= unit.end:
            if refs[i].end <= unit.end or unit.parent is None:
                out.append(refs[i])
            i += 1
        return out

    def term_uses(self, term: DefinedTerm) -> list[tuple[int, int]]:
        """Whole-word, case-insensitive uses of a defined term (a plural 's' or
        'es' allowed), outside its own definition."""
        return [(s, e) for s, e in self.phrase_uses(term.term)
                if not (s < term.definition_end and e > term.definition_start)]

    def term_used(self, term: DefinedTerm) -> bool:
        """Whether the term is used anywhere outside its own definition (without
        listing every use: a draft may define the same term many times)."""
        return any(not (s < term.definition_end and e > term.definition_start) for s, e in self.phrase_uses(term.term))

    def phrase_uses(self, phrase: str) -> list[tuple[int, int]]:
        """Whole-word, case-insensitive occurrences of a phrase in the body of
        the draft (a plural 's' or 'es' allowed on its last word).

        The first word is found with ``str.find`` in the lowered text, and the
        words after it are read from there; the result is kept per phrase (a
        term defined many times is looked up once). A case-insensitive regex
        per term, or an index of every word of the draft built in a Python
        loop at every check, cost far more time and memory (see
        benchmarks/README.md)."""
        parts = _TERM_TOKEN.findall(phrase)
        key = " ".join(w.lower() + ("|" + "".join(g.split()) if g.strip() else "") for w, g in parts)
        cached = self._use_cache.get(key)
        if cached is not None:
            return cached
        out = self.phrase_between(parts, 0, len(self.text))
        self._use_parts[key] = parts  # first: a re-parse reads the uses of the phrases it finds here
        self._use_cache[key] = out
        return out

    def phrase_between(self, parts: list[tuple[str, str]], lo: int, hi: int) -> list[tuple[int, int]]:
        """The uses of a phrase (its words and what follows each) that start
        in text[lo:hi], sorted; they may end after ``hi``."""
        words = [w.lower() for w, _ in parts]
        out: list[tuple[int, int]] = []
        if words:
            last = len(words) - 1
            firsts = [words[0]] if last else [words[0], words[0] + "s", words[0] + "es"]
            for first in firsts:
                for s, e in self._tokens_equal_to(first, lo, hi):
                    end = self._rest_of_phrase(e, words, parts)
                    if end is not None and s >= self.front_end:
                        out.append((s, end))
            out.sort()
        return out

    def _tokens_equal_to(self, word: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int]]:
        """Spans of the whole words (``\\w+`` runs) of the text that read
        ``word`` once lowered, starting in text[lo:hi]."""
        lowered = self.lowered()
        text = self.text
        hi = len(text) if hi is None else hi
        if lowered is None:  # lowering changed the length: offsets would not match
            tokens, index = self._word_index()
            for i in index.get(word, ()):
                if lo <= tokens[i][0] < hi:
                    yield tokens[i]
            return
        size = len(word)
        stop = hi + size - 1  # an occurrence starting before hi fits before stop
        at = lowered.find(word, lo, stop)
        while at != -1:
            end = at + size
            if (at == 0 or not is_word_char(text[at - 1])) and (end == len(text) or not is_word_char(text[end])):
                yield at, end
            at = lowered.find(word, at + 1, stop)

    def _rest_of_phrase(self, end: int, words: list[str], parts) -> int | None:
        """Where the phrase whose first word ends at ``end`` ends, or None when
        the words after it are not those of the phrase."""
        text = self.text
        last = len(words) - 1
        for k in range(1, last + 1):
            token = _WORD_TOKEN.search(text, end)
            if token is None:
                return None
            gap = text[end:token.start()]
            wanted_gap = parts[k - 1][1]
            if wanted_gap.isspace():
                gap_ok = gap.isspace()
            else:  # punctuation inside the term ("co-operation"): the same, spaces aside
                gap_ok = "".join(gap.split()) == "".join(wanted_gap.split())
            if not gap_ok:
                return None
            word = token.group().lower()
            if word != words[k] and not (k == last and word in (words[k] + "s", words[k] + "es")):
                return None
            end = token.end()
        return end

    def term_spans(self) -> TermSpans:
        """Where the defined terms are used (see term_spans.py), made once."""
        if self._term_spans is None:
            self._term_spans = TermSpans(self)
        return self._term_spans

    def lowered(self) -> str | None:
        """The text lowered, offset for offset; None when lowering changes
        its length (a few characters lower to two). Made once per draft, and
        carried by a re-parse outside the article it parses again."""
        if self._lower is None:
            lowered = self.text.lower()
            self._lower = lowered if len(lowered) == len(self.text) else ""
        return self._lower or None

    def _word_index(self) -> tuple[list[tuple[int, int]], dict[str, list[int]]]:
        if self._words is None:
            tokens: list[tuple[int, int]] = []
            index: dict[str, list[int]] = {}
            for match in _WORD_TOKEN.finditer(self.text):
                index.setdefault(match.group().lower(), []).append(len(tokens))
                tokens.append(match.span())
            self._words = (tokens, index)
        return self._words

    def segment_units(self, starts: list[int]) -> list[list[Unit]]:
        """The units but the root, in document order, grouped by the segment
        their start lies in: from each of ``starts`` (sorted, the first 0)
        to the next."""
        # Units in document order have sorted starts (unit_at relies on it
        # too): each segment's units are one slice.
        order = self.order
        cuts = [bisect_left(self.unit_starts, lo, 1) for lo in starts] + [len(order)]
        return [order[cuts[k]:cuts[k + 1]] for k in range(len(starts))]

    def segment_signature(self, lo: int, hi: int, units: list[Unit], make):
        """``make(units, lo)``, the structure of the units of the segment
        text[lo:hi] (see engine._Signature): made once per draft, and
        carried by a re-parse for the segments it copies unchanged."""
        found = self._signatures.get((lo, hi))
        if found is None:
            found = self._signatures[(lo, hi)] = make(units, lo)
        return found

    def positional(self, name: str, find) -> list[tuple]:
        """What ``find(draft, lo, hi)`` finds in the whole text: tuples that
        start (start, end, …), sorted, each starting in text[lo:hi] and
        never spanning a line break. Found once per draft; a re-parse finds
        them again only in the article it parses again, and moves the rest."""
        known = self._positional.get(name)
        if known is None:
            known = self._positional[name] = (find(self, 0, len(self.text)), find)
        return known[0]

    # -- what a re-parse carries over ------------------------------------

    def carry_known(self, old: Draft, begin: int, end_old: int, end_new: int, enclosing: list[int]) -> None:
        """Keep what ``old`` (the draft of the text before an edit) found
        outside the edited lines ``old.text[begin:end_old]``, now
        ``self.text[begin:end_new]``: the lowered text, the uses of the
        phrases looked up, the structures of the engine's segments (none
        holding a unit that starts at one of ``enclosing``, whose end
        moved) and the positional facts; what lies in the edited lines is
        found again."""
        delta = end_new - end_old
        self._carry_lowered(old, begin, end_old, end_new)
        self._carry_phrase_uses(old, begin, end_old, end_new, delta)
        self._carry_signatures(old, enclosing, begin, end_old, delta)
        self._carry_positional(old, begin, end_old, end_new, delta)

    def _carry_lowered(self, old: Draft, begin: int, end_old: int, end_new: int) -> None:
        """The text lowered (Draft.lowered), lowered again in the edited
        lines only (lowering the whole text again is not free). Lowering
        reads no context across a line break (a final sigma looks only at
        letters and marks around it), and the lines are whole."""
        lowered = old._lower
        if lowered:  # made, and as long as the text
            region = self.text[begin:end_new].lower()
            if len(region) == end_new - begin:
                self._lower = lowered[:begin] + region + lowered[end_old:]

    def _carry_phrase_uses(self, old: Draft, begin: int, end_old: int, end_new: int, delta: int) -> None:
        """The uses of the phrases looked up in the old draft (its defined
        terms), found again in the edited lines only (finding them in the
        whole text again is a large part of a re-check). A phrase with a use
        that runs into or out of those lines is left to be found again."""
        # A snapshot: the server may look up another phrase in the old draft
        # (a hover) while this runs on its worker thread.
        for key, uses in list(old._use_cache.items()):
            parts = old._use_parts.get(key)
            if parts is None:
                continue
            i, j = bisect_left(uses, (begin, -1)), bisect_left(uses, (end_old, -1))
            # Uses of one phrase overlap only when it repeats a word: the few
            # before a boundary are enough to look at.
            if any(e > begin for _, e in uses[max(0, i - len(parts)):i]) or \
                    any(e > end_old for _, e in uses[max(i, j - len(parts)):j]):
                continue
            region = self.phrase_between(parts, begin, end_new)
            if any(e > end_new for _, e in region):
                continue
            self._use_cache[key] = uses[:i] + region + [(s + delta, e + delta) for s, e in uses[j:]]
            self._use_parts[key] = parts


    def _carry_signatures(self, old: Draft, enclosing: list[int], begin: int, end_old: int, delta: int) -> None:
        """The structures of the engine's segments that lie wholly before or
        after the edited lines and hold none of the units enclosing them
        (whose ends moved): their units are copies, alike but for the move."""
        for (lo, hi), signature in list(old._signatures.items()):
            if any(lo <= start < hi for start in enclosing):
                continue
            if hi <= begin:
                self._signatures[(lo, hi)] = signature
            elif lo >= end_old:
                self._signatures[(lo + delta, hi + delta)] = signature

    def _carry_positional(self, old: Draft, begin: int, end_old: int, end_new: int, delta: int) -> None:
        """The draft's positional facts (Draft.positional): those before the
        article's lines kept, those after moved, those in them found again."""
        for name, (items, find) in list(old._positional.items()):
            i, j = bisect_left(items, (begin,)), bisect_left(items, (end_old,))
            region = find(self, begin, end_new)
            self._positional[name] = (items[:i] + region + [(s + delta, e + delta, *rest) for s, e, *rest in items[j:]],
                                       find)

    @property
    def line_bounds(self) -> tuple[list[int], list[int]]:
        """Start and end offsets of each line (see :func:`line_bounds`)."""
        return self._line_starts, self._line_ends

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._line_starts, offset) - 1
        return line, offset - self._line_starts[line]

    def offset(self, line: int, column: int) -> int:
        if line < 0:
            return 0
        if line >= len(self._line_starts):
            return len(self.text)
        start = self._line_starts[line]
        return min(start + max(column, 0), self._line_ends[line])


def _same_syntax(previous: Draft, syntax: str | None, path: str | None) -> bool:
    """Whether a parse asked for ``syntax`` chooses it as the parse of
    ``previous`` did: both told, or both guessing from the text (reparse.py
    then makes sure the edit cannot change the guess)."""
    shape = previous.shape
    if shape is None:
        return False
    if syntax not in ("text", "markdown"):
        if not markdown_name(path):
            return shape.syntax_detected
        syntax = "markdown"
    return not shape.syntax_detected and syntax == previous.syntax

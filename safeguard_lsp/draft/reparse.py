"""Re-parse a draft after an edit that stays within the lines of one article,
of a run of sibling articles, or of one division's heading.

A full parse of a long draft is slow beside an edit, and the language server
parses at every pause in typing (benchmarks/README.md has the figures). When every change between two versions of a text lies
in the lines of one article (from its heading line to the line before the
next heading), and the new lines open no heading that would start a unit of
their own, the new tree is the old one with that article parsed again and
every unit after it moved by the change in length. Its heading line may
change too, as long as it stays the heading of the same article (a title
typed or corrected). A division (chapter, section, part, title) is parsed
again the same way from its heading to the first article or division it
holds, which is moved with the rest: a chapter's title typed or corrected.

The units are copied, never changed: the previous draft stays true to its own
text for whoever still reads it (the server answers a hover from the last
analysis while the next one is made). Copying the units is the largest part
of a re-parse, still a small part of a full parse. A draft freed once it is
replaced (the language server's: gcpause.untie_when_dropped) gives the new
draft its units before the edited lines instead, as they are, under the new
draft's copies of their divisions (the only change made to them): the two
drafts share them, the old one frees only the rest, and no re-parse is made
from it again. A hover answered from it meanwhile reads the same units,
and above those before the edit the new draft's divisions (the same kinds,
numbers and titles).

When the article's heading changes its number or stops being a heading, or
the edit adds an article or runs from one article into the next, the run of
sibling articles it touches is parsed again instead (from the article before
when the heading line is edited: its lines may join that one), and every
cross-reference is resolved again, since article numbers may now name other
articles.

When the first article a division holds loses its heading, its lines join
the division's opening text, parsed again with its heading lines. An edit
within the preamble parses the preamble again, when it still reads as one
and holds no heading.

Whatever else could change the tree (a division's number or kind, a new
chapter, the document's title, a code fence or comment in Markdown, the
front matter, a '#' in a text whose syntax was guessed) returns None, and
the caller parses in full. So does any edit of a draft whose reading depends
on distant lines (Shape.contextual: an arrangement of sections, a
memorandum, a marginal note above a number, a heading repeated by
extraction, a schedule among numbered sections), and an edit after which a
number near it has a note above it or two sections in a row repeat.
tests/test_reparse.py checks that the result is the full parse's, unit for
unit, after random edits and after every article heading of the test drafts
is edited.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from operator import attrgetter

from ..textdiff import unchanged_ends
from .definitions import defined_terms
from .headings import PREAMBLE_WORDS
from .model import NO_CHILDREN, RANK, CrossReference, DefinedTerm, Shape, Unit, article_types_of, opens_unit, unit_kind
from .parser import Parser
from .references import REFERENCE, ReferenceReader
from .text import NEWLINE, norm_number

# typing.TYPE_CHECKING without importing typing (it slows every `check`'s
# start): type checkers treat this constant the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .document import Draft

# In Markdown, what opens or closes a code fence or a comment: a line's
# meaning would then depend on lines outside the article.
_MARKDOWN_MARKERS = ("```", "~~~", "<!--", "-->")
# Units of a body: what the document may hold before its preamble (a note
# under the title), made from lines the edit of the preamble leaves alone.
_BODY = ("paragraph", "subparagraph", "sentence")


class _Unsure(Exception):
    """The edit may change more than its article: parse the whole draft."""


def reparse(old: Draft, text: str) -> Draft | None:
    """The draft of ``text``, made from ``old`` (the draft of an earlier
    version) by parsing one article again; None when that cannot be done
    with certainty."""
    shape = old.shape
    if shape is None or not shape.article_types or shape.contextual or text == old.text:
        return None
    # A paste that repeats the text beside it can be placed more than one
    # way ("\n\n2. …" pasted before a blank line and a heading is also
    # "… \n\n" pasted after the paragraph): the latest placement, then the
    # earliest.
    placements = []
    for suffix_first in (False, True):
        placement = unchanged_ends(old.text, text, suffix_first=suffix_first)
        if placement not in placements:
            placements.append(placement)
    # One article (or a division's heading lines) parsed again, its
    # references carried over; else a run of sibling articles, the preamble,
    # or a division's opening with its first article's lines. Where articles
    # come or go, every reference is resolved again (slower than one article,
    # far quicker than the full parse).
    methods = [_Splice.run, _Splice.run_articles, _Splice.run_preamble, _Splice.run_opening]
    if "num" in shape.article_types:
        # Numbered titles ('1. Scope') make articles only while one of them
        # reads as a title, which the words on its own line decide: no
        # re-parse there may reach an article's heading line (run checks it),
        # and so none adds, removes or renumbers articles.
        methods = [_Splice.run, _Splice.run_preamble]
    # One re-parse at a time (the language server's worker and its event
    # loop may both re-parse a document), and none from a draft that has
    # given its units to another (see _Splice._copy).
    with _GIVING:
        if old.given:
            return None
        for method in methods:
            for prefix, suffix in placements:
                splice = _Splice(old, shape, text)
                try:
                    draft = method(splice, prefix, suffix)
                    made = _nothing_contextual_made(old, shape, draft, prefix, suffix)
                except _Unsure:
                    splice.take_back()
                    continue
                except BaseException:  # the old draft stays whole whatever happens
                    splice.take_back()
                    raise
                if not made:
                    splice.take_back()
                    return None
                splice.give(draft)
                return draft
    return None


_GIVING = threading.Lock()


def _nothing_contextual_made(old: Draft, shape: Shape, draft: Draft, prefix: int, suffix: int) -> bool:
    """Whether the re-parsed draft has none of the layouts that depend on
    distant lines (the old draft had none, see Shape.contextual): no two
    sections in a row with the same heading and first line (text repeated
    by extraction, which the full parse reads as one section), and no
    marginal note above a numbered section near the edit (it would take
    lines from the section before)."""
    starts, ends = draft.line_bounds
    parser = Parser.resumed(draft.text, old.path, old.syntax, starts, ends, shape)
    articles = draft.articles
    for k in range(1, len(articles)):
        a, b = articles[k - 1], articles[k]
        if a.number == b.number and a.parent is b.parent and \
                parser.repeats(bisect_right(starts, a.start) - 1, bisect_right(starts, b.start) - 1):
            return False
    if "num" not in shape.article_types or draft.syntax == "markdown":
        return True
    first = bisect_right(starts, prefix) - 1
    # A note is at most four lines above its number, and what starts it five more.
    last = min(len(starts) - 1, bisect_right(starts, len(draft.text) - suffix) - 1 + 10)
    return all(parser.note_before(i) is None for i in range(max(first, 0), last + 1))


class _Splice:
    def __init__(self, old: Draft, shape: Shape, text: str):
        self.old = old
        self.shape = shape
        self.text = text
        # The old units placed in the new draft as they are (see _copy),
        # each with its parent in the old draft.
        self.reused: list[tuple[Unit, Unit | None]] = []
        self.first = 0  # the old draft's units before this, but for old_ancestors, are reused
        self.old_ancestors: list[Unit] = []
        self.reused_units = 0

    def take_back(self) -> None:
        """The new draft is not made: the reused units go back under their
        old parents."""
        for unit, parent in reversed(self.reused):
            unit.parent = parent
        self.reused = []

    def give(self, draft: Draft) -> None:
        """The new draft is made: the reused units are its own now. The old
        draft leaves them alone when it is freed (Draft.owned, see
        gcpause.untie_when_dropped) and is not re-parsed again (their parents
        are the new draft's); a request answered from it meanwhile reads, above
        a unit before the edit, the new draft's divisions, with the same
        kinds, numbers and titles."""
        old = self.old
        if not self.reused:
            return
        old.given = True
        owned = old.owned
        if owned is not None:
            # Of its units before the edited lines it keeps the ancestors of
            # those lines, which the new draft copied: it alone holds them.
            owned[:] = self.old_ancestors + owned[self.first:]

    def run(self, prefix: int, suffix: int, absorb: bool = False) -> Draft:
        """The article (or the division's heading lines) the edit lies in,
        parsed again. ``absorb``: the edit lies in the first article a
        division holds, whose heading stopped being one: its lines (and those
        of any later article the edit runs into) are now the division's
        opening text, parsed again with its heading lines."""
        old, shape, text = self.old, self.shape, self.text
        old_text = old.text
        lo, hi = prefix, len(old_text) - suffix  # the changed span, in the old text
        delta = len(text) - len(old_text)
        starts, ends = old.line_bounds

        article, first, after = self._article_of(lo)
        divisions = None
        if absorb:
            article, first, after, divisions = self._absorbing(article, hi)
        head_line = bisect_right(starts, article.start) - 1
        if article.kind == "article" and "num" in shape.article_types:
            _require(lo > ends[head_line])  # see reparse()
        if after < len(old.order):
            next_line = bisect_right(starts, old.order[after].start) - 1
            end_old = starts[next_line]
            # The change must end before the line break that ends the body.
            _require(hi <= ends[next_line - 1])
        else:
            next_line = len(starts)
            end_old = len(old_text)
        begin = starts[head_line]
        # The heading line may change, not what it opens (checked in _article_again).
        _require(lo >= article.start)
        _require(bisect_right(starts, lo) - 1 > shape.front_reach)
        # The document's name is read from its first heading when it has no title line.
        _require(old.root.heading_start is None or old.root.heading_start != article.heading_start)
        end_new = end_old + delta
        self._lines_alone(begin, end_old, end_new)

        parser, new_next = self._new_parser(head_line, next_line, begin, end_new, delta)
        unit = self._article_again(parser, article, head_line, new_next)
        if divisions is None:
            divisions = self._divisions_under(article)
        if divisions:
            # A division's heading and opening lines were parsed again; the
            # units it holds (articles, sections) lie after them: moved.
            last = divisions[-1]
            unit.end = max(unit.end, last.end + delta)

        if absorb:  # an article is gone: references by number may name another
            def references(draft, copy_of, refs):
                return self._references_again(refs, draft, begin, end_old, end_new, delta)
        else:
            def references(draft, copy_of, refs):
                return self._references(refs, draft, article, first, after, unit, begin, end_old, end_new,
                                        delta, copy_of)
        tree = self._copy([article], first, after, [unit], begin, delta, divisions)
        return self._assemble(parser, tree, [unit], article, begin, end_old, end_new, delta, references)

    # -- a run of articles ---------------------------------------------------

    def run_articles(self, prefix: int, suffix: int) -> Draft:
        """The edit parsed again as a run of sibling articles: one or more
        articles of a division (or of the document) replaced by those their
        lines now make. This covers what :meth:`run` refuses within a
        division's articles: a heading given another number, a heading that
        stops being one (its lines join the article before), an article
        typed or pasted, an edit across two articles. Article numbers may
        then point elsewhere, so every cross-reference is resolved again."""
        old, shape, text = self.old, self.shape, self.text
        old_text = old.text
        lo, hi = prefix, len(old_text) - suffix
        delta = len(text) - len(old_text)
        starts, ends = old.line_bounds

        article, _, _ = self._article_of(lo)
        _require(article.kind == "article" and article.parent is not None)
        siblings = article.parent.children
        k0 = k1 = next(k for k, u in enumerate(siblings) if u is article)
        if lo <= ends[bisect_right(starts, article.start) - 1] and k0 > 0 and siblings[k0 - 1].kind == "article":
            # The edit reaches the heading line: if it stops being a heading,
            # its lines belong to the article before.
            k0 -= 1
        first = self._index(siblings[k0])
        after = first + sum(1 for _ in siblings[k0].walk())
        for k in range(k0 + 1, k1 + 1):
            after += sum(1 for _ in siblings[k].walk())
        while True:
            if after < len(old.order):
                next_line = bisect_right(starts, old.order[after].start) - 1
                end_old = starts[next_line]
                if hi <= ends[next_line - 1]:
                    break
                # The edit runs into the next article's lines: it joins the run.
                _require(k1 + 1 < len(siblings) and siblings[k1 + 1] is old.order[after]
                         and siblings[k1 + 1].kind == "article")
                k1 += 1
                after += sum(1 for _ in siblings[k1].walk())
            else:
                next_line, end_old = len(starts), len(old_text)
                break
        replaced = siblings[k0:k1 + 1]
        head_line = bisect_right(starts, replaced[0].start) - 1
        begin = starts[head_line]
        _require(lo >= begin)
        _require(head_line > shape.front_reach)
        # The document's name is read from its first heading when it has no title line.
        _require(old.root.heading_start is None or not begin <= old.root.heading_start < end_old)
        end_new = end_old + delta
        self._lines_alone(begin, end_old, end_new)

        parser, new_next = self._new_parser(head_line, next_line, begin, end_new, delta)
        units = self._articles_again(parser, head_line, new_next)

        def references(draft, copy_of, refs):
            return self._references_again(refs, draft, begin, end_old, end_new, delta)

        tree = self._copy(replaced, first, after, units, begin, delta)
        return self._assemble(parser, tree, units, replaced[0], begin, end_old, end_new, delta, references)

    def _articles_again(self, parser: Parser, head_line: int, new_next: int, kind: str = "article",
                        alone: bool = False) -> list[Unit]:
        """The units the new lines make, from ``head_line`` (which must still
        open a unit of ``kind``) to the next heading after them, as the full
        parse would make them: articles; with ``alone``, only the unit the
        first line opens (an article, a division's heading lines)."""
        types = self.shape.article_types
        classes, heads = self._lines_read(parser, head_line, new_next)
        head = heads.get(head_line)
        _require(head is not None and opens_unit(head.type, types) and unit_kind(head.type, types) == kind)
        holder = Unit("document", 0, 0)
        consumed: set[int] = set()
        unit = parser.unit_from_heading(kind, head, holder, head_line, classes, heads, consumed)
        segs: list = []
        if head.body_start is not None:
            segs.append((head.body_start, parser.ends[head_line], head.body_start, 0))
        for i in range(head_line + 1, new_next):
            if i in consumed:
                continue
            if classes[i] == 1:
                segs.append(None)
                continue
            h = heads.get(i)
            if h is not None and opens_unit(h.type, types):
                # Another article (a chapter or section would change more than the run).
                _require(not alone and unit_kind(h.type, types) == "article")
                parser.flush(unit, segs)
                segs = []
                unit = parser.unit_from_heading("article", h, holder, i, classes, heads, consumed)
                if h.body_start is not None:
                    segs.append((h.body_start, parser.ends[i], h.body_start, 0))
                continue
            if h is not None and h.type != "mdh":
                # No kind of heading that would change which headings make articles.
                _require(article_types_of(set(types) | {h.type}, True) == set(types))
            segs.append(parser.body_line(i, 0, h))
        parser.flush(unit, segs)
        return self._closed(parser, holder.children)

    @staticmethod
    def _closed(parser: Parser, units: list[Unit]) -> list[Unit]:
        """The new units with their sentences, each ending where its last
        descendant ends, as the full parse leaves them."""
        parser.make_sentences()
        for top in units:
            for u in reversed(list(top.walk())):
                parent = u.parent
                if u is not top and parent is not None and u.end > parent.end:
                    parent.end = u.end
                if not u.children:
                    u.children = NO_CHILDREN
        return units

    def _copy(self, replaced: list[Unit], first: int, after: int, units: list[Unit], begin: int, delta: int,
              held: list[Unit] | None = None):
        """A copy of the old tree with ``units`` in place of the siblings
        ``replaced`` (one article, a run of articles, a division's heading
        lines, the preamble): the units before them as they were (but the
        ends of their ancestors), those after them moved by ``delta``
        (``held``, what a division parsed again still holds, under its new
        unit); with the copy's order, and a function from an old unit outside
        the edited lines (or the one unit replaced by one) to its copy."""
        old_order = self.old.order
        head, ancestors = replaced[0], {id(u) for u in replaced[0].ancestors()}
        skipped = {id(u) for u in replaced[1:]}
        old_end, new_end = replaced[-1].end, units[-1].end
        if held:
            unit = units[-1]
            unit.children = list(unit.children) + [_shifted(d, unit, delta, _unlisted) for d in held]
        new = Unit.__new__
        order: list[Unit] = []
        append = order.append

        # Recursive, like the tree (a few levels deep): a loop over the old
        # order that looks up each parent's copy took twice as long. A unit
        # that is neither replaced nor one of their ancestors lies wholly
        # before the edited lines or wholly after them: its subtree is copied
        # as it was, or moved by ``delta``, without a test per unit.
        reused = self.reused
        extend = order.extend
        # Only a draft freed when it is replaced (the language server's: see
        # gcpause.untie_when_dropped) gives its units; another may be
        # re-parsed again and again (its units then copied each time).
        giving = self.old.owned is not None

        def copy(u: Unit, parent: Unit | None, after: Unit | None = None) -> Unit:
            if id(u) not in ancestors:
                if u.start >= begin or not giving:
                    return _shifted(u, parent, delta if u.start >= begin else 0, append)
                # Wholly before the edited lines: the old unit itself, under
                # its new parent, and its subtree's place in the order is the
                # same (``after``, the sibling after it, ends that run).
                _require(after is not None and after.order_index > u.order_index
                         and old_order[u.order_index] is u)
                reused.append((u, u.parent))
                u.parent = parent
                extend(old_order[u.order_index:after.order_index])
                self.reused_units += after.order_index - u.order_index
                return u
            c = new(Unit)
            c.kind, c.number, c.title, c.keyword, c.parent = u.kind, u.number, u.title, u.keyword, parent
            # An ancestor starts before the edited lines and ends after them.
            c.start, c.body_start, c.heading_start, c.heading_end = \
                u.start, u.body_start, u.heading_start, u.heading_end
            c.end = new_end if u.end == old_end else u.end + delta
            append(c)
            kids: list[Unit] = []
            children = u.children
            for i, k in enumerate(children):
                if k is head:
                    for unit in units:
                        unit.parent = c
                        order.extend(unit.walk())
                        kids.append(unit)
                elif id(k) not in skipped:
                    kids.append(copy(k, c, children[i + 1] if i + 1 < len(children) else None))
            c.children = kids or NO_CHILDREN
            return c

        root = copy(self.old.root, None)
        # Every unit before the edited lines is reused but their ancestors
        # (what give() leaves the old draft to free).
        self.first, self.old_ancestors = first, list(head.ancestors())
        _require(not giving or self.reused_units + len(self.old_ancestors) == first)
        # The function refers to itself (it recurses): a cycle that would keep
        # the new order, and so every unit, for the cycle collector.
        copy = None  # type: ignore[assignment]  # noqa: F841
        moved = len(order) - len(old_order)
        one = units[0] if len(replaced) == len(units) == 1 else None

        def copy_of(u: Unit) -> Unit:
            k = u.order_index
            _require(k >= 0 and old_order[k] is u)
            if k < first:
                return order[k]
            if k >= after:
                return order[k + moved]
            _require(k == first and one is not None)
            return one

        return root, order, copy_of, ancestors

    def _references_again(self, refs: ReferenceReader, draft, begin, end_old, end_new, delta) -> list[CrossReference]:
        """Every cross-reference, resolved again in the new draft in the order
        the full parse reads them (those outside the run where they were, or
        moved; those in the run found again)."""
        old_refs = self.old.references
        a, b = self._references_around(begin, end_old)
        has_sections = draft.has("section")
        text = self.text
        match = REFERENCE.match
        resolve = refs.reference
        out: list[CrossReference] = []
        last = None

        def again(ref: CrossReference, shift: int) -> None:
            nonlocal last
            m = match(text, ref.start + shift)
            _require(m is not None and m.end() == ref.end + shift)
            found, last = resolve(m, draft, last, has_sections)
            _require(found is not None)
            out.append(found)

        for ref in old_refs[:a]:
            again(ref, 0)
        last = self._references_found(refs, draft, begin, end_new, last, out)
        for ref in old_refs[b:]:
            again(ref, delta)
        return out

    # -- the preamble ----------------------------------------------------------

    def run_preamble(self, prefix: int, suffix: int) -> Draft:
        """The edit parsed again within the preamble: its lines, from its
        first to the first heading after it, when they still make the
        preamble and nothing else (negotiators rework a preamble clause by
        clause, and a full parse of a long draft at each keystroke there is
        slow)."""
        old, shape, text = self.old, self.shape, self.text
        old_text = old.text
        lo, hi = prefix, len(old_text) - suffix
        delta = len(text) - len(old_text)
        starts, ends = old.line_bounds
        root = old.root
        k = next((k for k, u in enumerate(root.children) if u.kind == "preamble"), None)
        _require(k is not None and all(u.kind in _BODY for u in root.children[:k]))
        preamble = root.children[k]
        # The title line stays the document's first line and above the edit
        # (the first line of a draft without one could become its title).
        _require(root.heading_start is not None and root.heading_end is not None)
        head_line = bisect_right(starts, preamble.start) - 1
        begin = starts[head_line]
        _require(root.heading_end <= begin)
        first = self._index(preamble)
        after = first + sum(1 for _ in preamble.walk())
        _require(after < len(old.order))  # a heading follows, and ends the preamble
        next_line = bisect_right(starts, old.order[after].start) - 1
        end_old = starts[next_line]
        _require(begin <= lo and hi <= ends[next_line - 1])
        _require(head_line > shape.front_reach)
        end_new = end_old + delta
        self._lines_alone(begin, end_old, end_new)

        parser, new_next = self._new_parser(head_line, next_line, begin, end_new, delta)
        # Without a 'Preamble' heading, the full parse reads opening words on
        # the first line after the title: the preamble's own only when no
        # text comes before it.
        unit = self._preamble_again(parser, head_line, new_next, words=k == 0)

        def references(draft, copy_of, refs):
            return self._references_carried(refs, draft, begin, end_old, end_new, delta, copy_of)

        tree = self._copy([preamble], first, after, [unit], begin, delta)
        return self._assemble(parser, tree, [unit], preamble, begin, end_old, end_new, delta, references)

    def _preamble_again(self, parser: Parser, head_line: int, new_next: int, words: bool):
        """The preamble the new lines make, as the full parse finds it (a
        'Preamble' heading, else opening words such as 'The States Parties'
        on the first line); refused when the lines make anything else."""
        text, types = self.text, self.shape.article_types
        # Its lines only: the heading after them is not the preamble's.
        classes, heads = self._lines_read(parser, head_line, new_next - 1)
        _require(not any(opens_unit(h.type, types) for h in heads.values()))
        marked = next((i for i in sorted(heads) if heads[i].type == "preamble"), None)
        starts, ends = parser.starts, parser.ends
        holder = Unit("document", 0, 0)
        h = heads.get(head_line)
        a = starts[head_line]
        lead = len(text[a:ends[head_line]]) - len(text[a:ends[head_line]].lstrip())
        if marked is not None:
            _require(marked == head_line)
            unit = Unit("preamble", h.start, h.head_end, heading_start=h.start, heading_end=h.head_end,
                        body_start=h.head_end, parent=holder)
            segs: list = [(h.body_start, ends[head_line], h.body_start, 0)] if h.body_start is not None else []
        else:
            _require(words and lead < ends[head_line] - a
                     and PREAMBLE_WORDS.match(text, a + lead, ends[head_line]) is not None)
            unit = Unit("preamble", a + lead, a + lead, body_start=a + lead, parent=holder)
            segs = [(a, ends[head_line], a + lead, lead)]
        holder.children.append(unit)
        for i in range(head_line + 1, new_next):
            if classes[i] == 1:
                segs.append(None)
                continue
            h = heads.get(i)
            if h is not None and h.type != "mdh":
                _require(article_types_of(set(types) | {h.type}, True) == set(types))
            segs.append(parser.body_line(i, 0, h))
        parser.flush(unit, segs)
        return self._closed(parser, [unit])[0]

    def _references_carried(self, refs: ReferenceReader, draft, begin, end_old, end_new, delta, copy_of) -> list[CrossReference]:
        """The cross-references outside the edited lines carried over (what
        they name did not change), those in them found again."""
        old_refs = self.old.references
        a, b = self._references_around(begin, end_old)

        def carried(ref: CrossReference, shift: int) -> CrossReference:
            return CrossReference(ref.start + shift, ref.end + shift, ref.text, ref.article, ref.paragraph,
                                  ref.subparagraph, copy_of(ref.source), [copy_of(t) for t in ref.targets],
                                  ref.instrument)

        out = [carried(r, 0) for r in old_refs[:a]]
        self._references_found(refs, draft, begin, end_new, None, out)
        out.extend(carried(r, delta) for r in old_refs[b:])
        return out

    # -- shared by the ways of re-parsing ------------------------------------

    def _lines_alone(self, begin: int, end_old: int, end_new: int) -> None:
        """Refuse lines whose meaning may depend on lines outside them: a
        Markdown code fence or comment, a '#' where the syntax was guessed."""
        old_body, new_body = self.old.text[begin:end_old], self.text[begin:end_new]
        if self.old.syntax == "markdown":
            _require(not any(m in old_body or m in new_body for m in _MARKDOWN_MARKERS))
        if self.shape.syntax_detected:
            _require("#" not in old_body and "#" not in new_body)

    def _new_parser(self, head_line: int, next_line: int, begin: int, end_new: int, delta: int):
        """A parser over the new text's lines (see Parser.resumed), and the
        new index of the line ``next_line`` was."""
        starts, ends = self.old.line_bounds
        new_starts, new_ends = self._line_bounds(starts, ends, head_line, next_line, begin, end_new, delta)
        old = self.old
        parser = Parser.resumed(self.text, old.path, old.syntax, new_starts, new_ends, self.shape)
        return parser, next_line + len(new_starts) - len(starts)

    def _assemble(self, parser: Parser, tree, units: list[Unit], first_old: Unit, begin: int, end_old: int,
                  end_new: int, delta: int, references) -> Draft:
        """The new draft from the copied tree: ``units``, the units parsed
        again at the top of the edited lines (in place of ``first_old`` and
        what followed it there), give their headings; what the old draft
        knew outside those lines is carried over; ``references(draft,
        copy_of)`` makes the cross-references."""
        old, shape = self.old, self.shape
        root, order, copy_of, ancestors = tree
        draft = type(old)(self.text, old.path, old.syntax, root, parser.starts, parser.ends, order)
        draft.front_end = old.front_end
        spans = shape.heading_spans
        a, b = bisect_left(spans, (begin, -1)), bisect_left(spans, (end_old, -1))
        # (A preamble found by its opening words has no heading.)
        spans = spans[:a] + [(u.heading_start or u.start, u.heading_end or u.start) for u in units
                             if u.kind != "preamble" or u.heading_start is not None] \
            + [(s + delta, e + delta) for s, e in spans[b:]]
        refs = ReferenceReader(self.text, spans, shape.article_types)
        draft.terms = self._terms(draft, begin, end_old, end_new, delta, copy_of, ancestors)
        draft.references = references(draft, copy_of, refs)
        draft.reference_starts = [r.start for r in draft.references]
        draft.carry_known(old, begin, end_old, end_new,
                          [u.start for u in first_old.ancestors() if u.parent is not None])
        draft.shape = Shape(shape.article_types, shape.front_end_line, shape.front_reach,
                             shape.syntax_detected, spans)
        return draft

    # -- the article and its lines -----------------------------------------

    def run_opening(self, prefix: int, suffix: int) -> Draft:
        """:meth:`run` with ``absorb``: a chapter's first article that lost its heading."""
        return self.run(prefix, suffix, absorb=True)

    def _index(self, unit: Unit) -> int:
        """Where ``unit`` is in the old draft's order."""
        k = unit.order_index
        _require(k >= 0 and self.old.order[k] is unit)
        return k

    def _absorbing(self, found: Unit, hi: int) -> tuple[Unit, int, int, list[Unit]]:
        """For :meth:`run` with ``absorb``: the division whose first held
        unit is the article ``found``; its place in the order; the place
        after the articles whose lines join its opening text (``found``, and
        the next ones while the edit, ending at ``hi``, runs into them); and
        the units it holds after those."""
        _require(found.kind == "article" and found.parent is not None and found.parent.kind in RANK)
        division = found.parent
        held = self._divisions_under(division)
        _require(bool(held) and held[0] is found)
        order, (starts, ends) = self.old.order, self.old.line_bounds
        after = self._index(found) + sum(1 for _ in found.walk())
        k = 1
        while after < len(order) and hi > ends[bisect_right(starts, order[after].start) - 2]:
            _require(k < len(held) and held[k] is order[after] and held[k].kind == "article")
            after += sum(1 for _ in held[k].walk())
            k += 1
        # Which headings make articles is read from all of them: another
        # article must keep its heading.
        _require(len(self.old.articles) > k)
        return division, self._index(division), after, held[k:]

    def _article_of(self, offset: int) -> tuple[Unit, int, int]:
        """The article or division whose heading comes last at or before
        ``offset``, with the indexes of it and of the first unit after its
        own lines in the draft's order: after its subtree for an article,
        before the first article or division it holds for a division."""
        old = self.old
        headed = [u for kind in ("article", *RANK) for u in old.by_kind().get(kind, ())]
        headed.sort(key=_START)
        k = bisect_right([u.start for u in headed], offset) - 1
        _require(k >= 0)
        article = headed[k]
        first = self._index(article)
        after = first + 1
        for child in article.children:
            if self._holds_headed(article, child):
                break
            after += sum(1 for _ in child.walk())
        return article, first, after

    @staticmethod
    def _holds_headed(unit: Unit, child: Unit) -> bool:
        """Whether ``child`` of ``unit`` is a unit with a heading of its own
        that the re-parse of ``unit``'s lines moves rather than parses: an
        article or division under a division."""
        return unit.kind in RANK and (child.kind == "article" or child.kind in RANK)

    def _divisions_under(self, unit: Unit) -> list[Unit]:
        """The articles and divisions ``unit`` holds (none for an article):
        after its own lines, moved with the rest of the draft."""
        return [c for c in unit.children if self._holds_headed(unit, c)]

    def _line_bounds(self, starts, ends, head_line, next_line, begin, end_new, delta):
        text = self.text
        new_starts = starts[:head_line + 1]
        new_ends = ends[:head_line]
        for m in NEWLINE.finditer(text, begin, end_new):
            new_ends.append(m.start())
            new_starts.append(m.end())
        if next_line < len(starts):
            # The last line break found ends where the next heading's line begins.
            _require(new_starts[-1] == end_new)
            new_starts.pop()
            new_starts.extend(s + delta for s in starts[next_line:])
            new_ends.extend(e + delta for e in ends[next_line:])
        else:
            new_ends.append(len(text))
        return new_starts, new_ends

    def _lines_read(self, parser: Parser, head_line: int, new_next: int):
        """Each new line from ``head_line`` to ``new_next``, the next
        heading's (included: it ends the search for a title under the last
        heading), classed as blank (1) or not (0), and the headings among
        them; the lines outside are left as blank."""
        text = self.text
        classes = [1] * parser.n
        heads = {}
        for i in range(head_line, min(new_next + 1, parser.n)):
            if text[parser.starts[i]:parser.ends[i]].strip():
                classes[i] = 0
                head = parser.heading(i)
                if head is not None:
                    heads[i] = head
        return classes, heads

    def _article_again(self, parser: Parser, article: Unit, head_line: int, new_next: int) -> Unit:
        """The article (or division heading) parsed from the new text, as the
        full parse would: still a heading of the same kind and number (its
        title may change), opening no other unit."""
        unit, = self._articles_again(parser, head_line, new_next, article.kind, alone=True)
        _require(unit.number == article.number and unit.start == article.start)
        return unit

    # -- the tree ----------------------------------------------------------

    # -- terms and references ------------------------------------------------

    def _terms(self, draft, begin, end_old, end_new, delta, copy_of, ancestors) -> list[DefinedTerm]:
        out = []
        later = []
        for t in self.old.terms:
            if t.start < begin:
                unit = copy_of(t.unit)
                # An enclosing unit's definition reaches to its end, which moved.
                end = unit.end if id(t.unit) in ancestors else t.definition_end
                out.append(DefinedTerm(t.term, t.start, t.end, t.definition_start, end, unit))
            elif t.start >= end_old:
                later.append(DefinedTerm(t.term, t.start + delta, t.end + delta, t.definition_start + delta,
                                         t.definition_end + delta, copy_of(t.unit)))
        return out + defined_terms(self.text, draft, begin, end_new) + later

    def _references(self, refs: ReferenceReader, draft, article, first, after, unit, begin, end_old, end_new, delta,
                    copy_of) -> list[CrossReference]:
        old = self.old
        old_refs = old.references
        a, b = self._references_around(begin, end_old)
        inside = {id(u) for u in old.order[first:after]}
        # A reference by number to a paragraph of the article parsed again is
        # resolved again (a division's number names no article).
        number = norm_number(article.number) if article.number is not None and article.kind == "article" else None
        has_sections = draft.has("section")
        text = self.text

        def carried(ref: CrossReference, shift: int) -> CrossReference:
            _require(id(ref.source) not in inside)
            into = False
            for t in ref.targets:
                if t is not article and id(t) in inside:
                    into = True
            if (ref.paragraph is not None or into) and ref.instrument is None and number is not None \
                    and ref.article is not None and norm_number(ref.article) == number:
                # It names a paragraph of the article parsed again: resolve it again.
                m = REFERENCE.match(text, ref.start + shift)
                _require(m is not None and m.end() == ref.end + shift)
                _require(m.group("pkw") is None or m.group("part") is not None)  # '… paragraph 1' after a list
                again, _ = refs.reference(m, draft, None, has_sections)
                _require(again is not None)
                return again
            _require(not into)
            targets = [copy_of(t) for t in ref.targets]
            return CrossReference(ref.start + shift, ref.end + shift, ref.text, ref.article, ref.paragraph,
                                  ref.subparagraph, copy_of(ref.source), targets, ref.instrument)

        out = [carried(r, 0) for r in old_refs[:a]]
        self._references_found(refs, draft, begin, end_new, None, out)
        out.extend(carried(r, delta) for r in old_refs[b:])
        return out

    def _references_around(self, begin: int, end_old: int) -> tuple[int, int]:
        """Where the old references in the edited lines begin and end; none
        may run into them from before, or out of them."""
        refs, ref_starts = self.old.references, self.old.reference_starts
        a, b = bisect_left(ref_starts, begin), bisect_left(ref_starts, end_old)
        _require(a == 0 or refs[a - 1].end <= begin)
        _require(b == a or refs[b - 1].end <= end_old)
        return a, b

    def _references_found(self, refs: ReferenceReader, draft, begin: int, end_new: int, last, out: list) -> tuple | None:
        """The references of the edited lines, found again as the full parse
        finds them, added to ``out``; ``last``: what the reference before
        them leaves for the next (see ReferenceReader.reference), returned as it is
        after them."""
        last, whole = refs.found_in(draft, begin, end_new, last, out, reach=min(len(self.text), end_new + 400))
        _require(whole)
        return last


_START = attrgetter("start")


def _unlisted(unit: Unit) -> None:
    """For copies whose place in the order a walk of their new parent gives."""


def _shifted(u: Unit, parent: Unit, delta: int, append) -> Unit:
    """A copy of ``u``'s subtree moved by ``delta``, under ``parent``, each
    unit passed to ``append``."""
    c = _new(Unit)
    c.kind, c.number, c.title, c.keyword, c.parent = u.kind, u.number, u.title, u.keyword, parent
    c.start, c.end, c.body_start = u.start + delta, u.end + delta, u.body_start + delta
    heading = u.heading_start
    if heading is None:
        c.heading_start = c.heading_end = None
    else:
        c.heading_start = heading + delta
        heading = u.heading_end
        c.heading_end = None if heading is None else heading + delta
    append(c)
    kids = u.children
    if not kids:
        c.children = NO_CHILDREN
        return c
    c.children = copies = []
    for k in kids:
        if k.children or k.heading_start is not None:
            copies.append(_shifted(k, c, delta, append))
            continue
        # A leaf without a heading (most are sentences), copied here: a
        # call for each was a fifth of the copy.
        leaf = _new(Unit)
        leaf.kind, leaf.number, leaf.title, leaf.keyword, leaf.parent = k.kind, k.number, k.title, k.keyword, c
        leaf.start, leaf.end, leaf.body_start = k.start + delta, k.end + delta, k.body_start + delta
        leaf.heading_start = leaf.heading_end = None
        leaf.children = NO_CHILDREN
        append(leaf)
        copies.append(leaf)
    return c


_new = Unit.__new__


def _require(condition: bool) -> None:
    if not condition:
        raise _Unsure

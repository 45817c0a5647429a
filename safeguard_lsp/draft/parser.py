"""The parser: plain text or Markdown → a tree of units with offsets.

It works line by line with anchored regular expressions only, so its cost
grows linearly with the size of the draft, and it never raises: whatever the
input, the worst outcome is a flatter tree.
"""

from __future__ import annotations

import re

from .definitions import defined_terms
from .headings import (
    BRACKETED, ENACTING, FENCE, FRONT_KV, ITEM_END, PARA_MARK, PREAMBLE_WORDS, UPPER_MARK, Head, LineReader,
    clean_title, is_roman, looks_like_title, para_number, roman_value, sentence_wrapped,
)
from .model import LISTINGS, NO_CHILDREN, RANK, Shape, Unit, article_types_of, opens_unit, unit_kind
from .references import ReferenceReader
from .text import LazyPattern, line_bounds, lstrip_at, norm_number, rstrip_at

# typing.TYPE_CHECKING without importing typing (it slows every `check`'s
# start): type checkers treat this constant the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .document import Draft


def _lazy(name: str, *args) -> LazyPattern:
    return LazyPattern(globals(), name, *args)


# Sentence ends: punctuation followed by whitespace (or the end of the run).
_SENTENCE_END = _lazy("_SENTENCE_END", r"[.;?!][\"'\u201d\u2019)\]*_]*(?=\s|$)")
_WORD_BEFORE = _lazy("_WORD_BEFORE", r"[\w.]+\Z")
_ABBREVIATIONS = frozenset(
    "art arts no nos para paras e.g i.e eg ie cf vol p pp sub subpara subparas ch chap sect"
    " mr mrs ms dr st ets v vs inc ltd co op cit ibid viz al approx fig nr rev corr add"
    " u.n un ref".split()
)



class _TreeState:
    """What the parser's pass over the lines keeps as it builds the tree:
    the unit whose body is being read and that body's lines so far, the
    divisions open, the line and number of the last article opened, where
    an arrangement of sections ends, the headings' spans, the lines a
    heading took as its title, and whether extraction repeated a heading."""

    def __init__(self, root: Unit, notes: dict[int, tuple[int, int, int]]):
        self.root = root
        self.owner = root
        self.segs: list[tuple[int, int, int, int] | None] = []
        self.divisions: list[Unit] = []
        self.notes = notes
        self.consumed: set[int] = {j for i, (first, _, _) in notes.items() for j in range(first, i)}
        self.heading_spans: list[tuple[int, int]] = []
        self.listing_end: int | None = None
        self.last_article: tuple[int, str | None] | None = None
        self.repeated = False

    def flush(self, parser: Parser) -> None:
        """The body read so far made into the owner's units."""
        parser.flush(self.owner, self.segs)
        self.segs = []


def markdown_name(path: str | None) -> bool:
    return bool(path) and path.lower().endswith((".md", ".markdown"))  # type: ignore[union-attr]


class Parser(LineReader):
    """The full parse of a text, line by line: its headings (headings.py),
    the tree they open, the bodies under them (paragraphs, subparagraphs,
    sentences), then its defined terms and cross-references. A re-parse
    (reparse.py) resumes one in the state the full parse of the previous
    version left it (:meth:`resumed`) to read again the lines of an edit."""

    def __init__(self, text: str, path: str | None, syntax: str | None):
        self.text = text
        self.path = path
        self.starts, self.ends = line_bounds(text)
        self.n = len(self.starts)
        self.runs: dict[int, list[list[int]]] = {}
        self.run_units: list[Unit] = []
        self.open_unit: Unit | None = None
        self.split_items = True  # set for each body by flush
        self.front_end_line = self._front_matter()
        # Guessed from the text itself (not given, and no Markdown file name).
        self.detected = syntax not in ("text", "markdown") and not markdown_name(path)
        if syntax not in ("text", "markdown"):
            syntax = self._detect_syntax(path)
        self.syntax = syntax
        self.md = syntax == "markdown"

    @classmethod
    def resumed(cls, text: str, path: str | None, syntax: str, starts: list[int], ends: list[int],
                shape: Shape) -> Parser:
        """A parser over ``text`` (whose lines are ``starts``, ``ends``) in the
        state the full parse of an earlier version, whose ``shape`` it was,
        left it, bar the bodies."""
        parser = cls.__new__(cls)
        parser.text, parser.path = text, path
        parser.starts, parser.ends, parser.n = starts, ends, len(starts)
        parser.runs, parser.run_units, parser.open_unit = {}, [], None
        parser.split_items = True
        parser.front_end_line, parser.front_reach = shape.front_end_line, shape.front_reach
        parser.detected = shape.syntax_detected
        parser.syntax, parser.md = syntax, syntax == "markdown"
        parser.article_types = set(shape.article_types)
        return parser

    # -- line preparation ----------------------------------------------

    def _front_matter(self) -> int:
        """Index of the first line after front matter (0 when there is none).

        Sets ``front_reach``: the last line whose text decided it (an edit
        after that line cannot change the front matter)."""
        text, starts, ends = self.text, self.starts, self.ends
        i = 0
        while i < self.n and i < 50 and not text[starts[i]:ends[i]].strip():
            i += 1
        self.front_reach = i
        if i >= self.n:
            return 0
        first = text[starts[i]:ends[i]]
        if first.strip() == "---":
            self.front_reach = i + 300
            for j in range(i + 1, min(self.n, i + 300)):
                if text[starts[j]:ends[j]].strip() in ("---", "..."):
                    self.front_reach = j
                    return j + 1
            return 0
        if first.startswith("#"):
            j = i
            long_line = False
            key_values = 0
            while j < self.n and text.startswith("#", starts[j]):
                if ends[j] - starts[j] > 200:
                    long_line = True
                if FRONT_KV.match(text, starts[j], ends[j]):
                    key_values += 1
                j += 1
            self.front_reach = j
            if long_line or (j - i >= 2 and key_values == j - i):
                return j
        return 0

    def _detect_syntax(self, path: str | None) -> str:
        if markdown_name(path):
            return "markdown"
        text = self.text
        lo = self.starts[self.front_end_line] if self.front_end_line < self.n else len(text)
        for m in re.finditer(r"(?m)^#{1,6}[ \t]+\S", text[lo:lo + 2_000_000] if lo else text[:2_000_000]):
            return "markdown"
        return "text"

    def _line_classes(self) -> list[int]:
        """0 = content, 1 = blank (or comment / front matter), 2 = literal (code fence)."""
        text, starts, ends = self.text, self.starts, self.ends
        classes = [1] * self.n
        in_comment = False
        in_fence = False
        for i in range(self.front_end_line, self.n):
            a, b = starts[i], ends[i]
            s = text[a:b]
            stripped = s.strip()
            if self.md:
                if in_comment:
                    k = s.find("-->")
                    if k < 0:
                        continue
                    in_comment = False
                    if s[k + 3:].strip():
                        classes[i] = 0
                    continue
                if in_fence:
                    classes[i] = 2
                    if FENCE.match(s):
                        in_fence = False
                    continue
                if FENCE.match(s):
                    in_fence = True
                    classes[i] = 2
                    continue
                if stripped.startswith("<!--"):
                    k = stripped.find("-->", 4)
                    if k < 0:
                        in_comment = True
                        continue
                    rest = stripped[k + 3:]
                    # Several comments on one line, or a comment then text.
                    while rest.strip().startswith("<!--"):
                        rest = rest.strip()
                        k = rest.find("-->", 4)
                        if k < 0:
                            in_comment = True
                            rest = ""
                            break
                        rest = rest[k + 3:]
                    if rest.strip():
                        classes[i] = 0
                    continue
            if stripped:
                classes[i] = 0
        return classes


    # -- the main pass ---------------------------------------------------

    def run(self, make: type[Draft]) -> Draft:
        """The draft of the text, an instance of ``make`` (``Draft``)."""
        classes, heads, listings = self._read_lines()
        root, title_line = self._document_title(classes, heads)
        first_struct, preamble_line = self._first_structure(classes, heads, title_line)
        notes = self._marginal_notes(heads, first_struct, title_line, preamble_line)
        tree = _TreeState(root, notes)
        if root.heading_start is not None and title_line is not None:
            tree.heading_spans.append((root.heading_start, root.heading_end or root.heading_start))
        for i in range(self.front_end_line, self.n):
            if i != title_line and i not in tree.consumed:
                self._place_line(tree, i, classes, heads, listings, first_struct, preamble_line)
        self.flush(tree.owner, tree.segs)
        self._name_document(root)
        order = self._close(root)
        return self._draft(make, root, order, tree, bool(listings))

    def _read_lines(self) -> tuple[list[int], dict[int, Head], dict[int, int]]:
        """Each line's class (see :meth:`_line_classes`), the headings, and
        the arrangements of sections and memoranda (see :meth:`_listings`);
        sets which headings make articles."""
        classes = self._line_classes()
        heads: dict[int, Head] = {}
        for i in range(self.front_end_line, self.n):
            if classes[i] == 0:
                h = self.heading(i)
                if h is not None:
                    heads[i] = h
        listings = self._listings(heads, classes)
        self.article_types = article_types_of({h.type for h in heads.values()},
                                              any(h.type == "num" and h.strong for h in heads.values()))
        return classes, heads, listings

    def _document_title(self, classes: list[int], heads: dict[int, Head]) -> tuple[Unit, int | None]:
        """The document's unit, with its title when its first line gives one,
        and that line (None when it has none)."""
        text, starts, ends = self.text, self.starts, self.ends
        root = Unit("document", 0, 0, body_start=0)
        first = next((i for i in range(self.front_end_line, self.n) if classes[i] != 1), None)
        title_line = None
        if first is not None:
            h = heads.get(first)
            if h is not None and h.type == "mdh":
                title_line = first
                root.title, _, root.heading_end = clean_title(text, h.head_start, h.head_end)
                root.heading_start = h.start  # the heading span keeps its Markdown '#' marker
            elif h is None and classes[first] == 0:
                a, b = starts[first], ends[first]
                s = text[a:b].strip()
                if len(s) <= 200 and s[-1] not in ".;:," and not PARA_MARK.match(s) \
                        and not self.sub_mark(text, a + len(text[a:b]) - len(text[a:b].lstrip()), b):
                    title_line = first
                    lead = len(text[a:b]) - len(text[a:b].lstrip())
                    root.title, root.heading_start, root.heading_end = s, a + lead, a + lead + len(s)
        if title_line is not None:
            root.body_start = root.heading_end or 0
            root.end = root.heading_end or 0
        return root, title_line

    def _first_structure(self, classes: list[int], heads: dict[int, Head],
                         title_line: int | None) -> tuple[int, int | None]:
        """The first line that opens a unit of the tree, and the preamble's
        first line (a 'Preamble' heading, else opening words such as 'The
        States Parties' on the first line after the title), or None."""
        text, starts, ends = self.text, self.starts, self.ends
        first_struct = next((i for i in sorted(heads) if opens_unit(heads[i].type, self.article_types)), self.n)
        begin = title_line + 1 if title_line is not None else self.front_end_line
        for i in range(begin, first_struct):
            h = heads.get(i)
            if h is not None and h.type == "preamble":
                return first_struct, i
        j = next((i for i in range(begin, first_struct) if classes[i] != 1), None)
        if j is not None and classes[j] == 0:
            a = starts[j]
            lead = len(text[a:ends[j]]) - len(text[a:ends[j]].lstrip())
            if PREAMBLE_WORDS.match(text, a + lead, ends[j]):
                return first_struct, j
        return first_struct, None

    def _marginal_notes(self, heads: dict[int, Head], first_struct: int, title_line: int | None,
                        preamble_line: int | None) -> dict[int, tuple[int, int, int]]:
        """The marginal notes on the lines before untitled numbered sections
        (their titles), by the section's line (see :meth:`note_before`)."""
        notes: dict[int, tuple[int, int, int]] = {}
        if "num" not in self.article_types or self.md:
            return notes
        for i in sorted(heads):
            h = heads[i]
            if h.type == "num" and h.title is None and i >= first_struct:
                note = self.note_before(i)
                if note is not None and (title_line is None or note[0] > title_line) \
                        and not (preamble_line is not None and note[0] <= preamble_line < i) \
                        and not any(j in heads or j in notes for j in range(note[0], i)):
                    notes[i] = note
        return notes

    def _place_line(self, tree: _TreeState, i: int, classes: list[int], heads: dict[int, Head],
                    listings: dict[int, int], first_struct: int, preamble_line: int | None) -> None:
        """Line ``i`` in the tree: a heading opens its unit, the preamble's
        first line opens it, any other line joins the body being read."""
        if tree.listing_end is not None and i >= tree.listing_end:
            # The arrangement of sections (or memorandum) ends: what follows is the law's.
            tree.flush(self)
            tree.divisions = [d for d in tree.divisions if d.kind not in LISTINGS]
            tree.owner = tree.divisions[-1] if tree.divisions else tree.root
            tree.listing_end = None
        cls = classes[i]
        if cls == 1:
            tree.segs.append(None)
            return
        h = heads.get(i) if cls == 0 else None
        if h is not None and h.type in LISTINGS:
            tree.listing_end = listings.get(i)
        if h is not None and h.type == "num" and h.title is None and tree.divisions \
                and any(d.kind == "schedule" for d in tree.divisions):
            h = None  # '1. The fee is …' in a schedule: its paragraph 1, not a section
        structural = h is not None and opens_unit(h.type, self.article_types)
        last = tree.last_article
        if structural and last is not None and h.number == last[1] and h.type not in RANK \
                and self.repeats(last[0], i):
            h, structural = None, False  # the same heading and text again, as extraction repeats a page
            tree.repeated = True
        if structural and i >= first_struct:
            self._open_heading(tree, i, h, classes, heads)
        elif i == preamble_line:
            self._open_preamble(tree, i, h)
        else:
            tree.segs.append(self.body_line(i, cls, h))

    def _open_heading(self, tree: _TreeState, i: int, h: Head, classes: list[int], heads: dict[int, Head]) -> None:
        """The unit structural heading ``h`` (on line ``i``) opens: a division
        closes the divisions of its rank and below, a section those below it."""
        tree.flush(self)
        divisions = tree.divisions
        kind = unit_kind(h.type, self.article_types)
        if kind in RANK:
            while divisions and RANK[divisions[-1].kind] >= RANK[kind]:
                divisions.pop()
        parent = divisions[-1] if divisions else tree.root
        unit = self.unit_from_heading(kind, h, parent, i, classes, heads, tree.consumed)
        if i in tree.notes:
            _, note_start, note_end = tree.notes[i]
            unit.start = unit.heading_start = note_start
            unit.title = " ".join(clean_title(self.text, note_start, note_end)[0].split())
        tree.heading_spans.append((unit.heading_start or unit.start, unit.heading_end or unit.start))
        if kind in RANK:
            divisions.append(unit)
            tree.last_article = None
        else:
            tree.last_article = (i, h.number)
        tree.owner = unit
        if h.body_start is not None:
            tree.segs.append((h.body_start, self.ends[i], h.body_start, 0))

    def _open_preamble(self, tree: _TreeState, i: int, h: Head | None) -> None:
        """The preamble, opened on line ``i`` by its heading or its first words."""
        tree.flush(self)
        text, a, end = self.text, self.starts[i], self.ends[i]
        root = tree.root
        lead = len(text[a:end]) - len(text[a:end].lstrip())
        if h is not None and h.type == "preamble":
            unit = Unit("preamble", h.start, h.head_end, heading_start=h.start,
                        heading_end=h.head_end, body_start=h.head_end, parent=root)
            tree.heading_spans.append((h.start, h.head_end))
            if h.body_start is not None:
                tree.segs.append((h.body_start, end, h.body_start, 0))
        else:
            unit = Unit("preamble", a + lead, a + lead, body_start=a + lead, parent=root)
            tree.segs.append((a, end, a + lead, lead))
        root.children.append(unit)
        tree.owner = unit

    def _name_document(self, root: Unit) -> None:
        """Without a title line, the first heading names the document (its
        span stays the heading's)."""
        if root.title is not None:
            return
        first_head = next((u for u in root.walk() if u.heading_start is not None and u is not root), None)
        if first_head is not None and first_head.heading_end is not None:
            root.title = " ".join(self.text[first_head.heading_start:first_head.heading_end].split())
            root.heading_start, root.heading_end = first_head.heading_start, first_head.heading_end

    def _close(self, root: Unit) -> list[Unit]:
        """The units with their sentences, each ending where its last
        descendant ends, in document order."""
        self.make_sentences()
        order = list(root.walk())
        for unit in reversed(order):
            parent = unit.parent
            if parent is not None and unit.end > parent.end:
                parent.end = unit.end
            if not unit.children:
                unit.children = NO_CHILDREN  # type: ignore[assignment]
        return order

    def _draft(self, make: type[Draft], root: Unit, order: list[Unit], tree: _TreeState, listings: bool) -> Draft:
        """The draft of the tree, with its terms, its references and its shape."""
        text, starts, n = self.text, self.starts, self.n
        draft = make(text, self.path, self.syntax, root, starts, self.ends, order)
        draft.front_end = starts[self.front_end_line] if self.front_end_line < n else len(text)
        heading_spans = tree.heading_spans
        if listings:
            # What an arrangement of sections lists are entries, not references.
            heading_spans.extend((u.start, u.end) for u in root.children if u.kind == "contents")
        heading_spans.sort()
        draft.terms = defined_terms(text, draft)
        draft.references = ReferenceReader(text, heading_spans, self.article_types).all(draft)
        draft.reference_starts = [r.start for r in draft.references]
        article_types = self.article_types
        draft.shape = Shape(frozenset(article_types), self.front_end_line, self.front_reach, self.detected,
                            heading_spans, bool(listings or tree.notes or tree.repeated)
                            # (in a schedule, '1. …' is a paragraph unless titled: see _place_line)
                            or ("num" in article_types and "schedule" in draft.by_kind()))
        return draft

    def _listings(self, heads: dict[int, Head], classes: list[int]) -> dict[int, int]:
        """For each arrangement of sections (table of contents) and
        explanatory memorandum, from its heading's line, the line where the
        law's own text begins again; the headings it lists, in between, are
        dropped from ``heads``: lines of its text, not sections.

        An arrangement ends where one of its entries comes again (the body's
        'PART I' or '1.'), at a heading with text on its line, at the
        heading over the first line too long or too much a sentence to be an
        entry, at the words that enact the bill, or at a memorandum or
        another arrangement. A memorandum ends at a heading of the law (a
        division, an article or section, a numbered section with a title and
        text on its line or with '(1)'), or at the words that enact the bill."""
        found: dict[int, int] = {}
        text, starts, ends = self.text, self.starts, self.ends
        lines = sorted(heads)
        k = 0
        while k < len(lines):
            i = lines[k]
            head = heads[i]
            k += 1
            if head.type not in LISTINGS:
                continue
            contents = head.type == "contents"
            keys: set[tuple] = set()
            end = self.n
            listed = []
            previous_head = False  # whether the last line of text read was a heading
            for j in range(i + 1, self.n):
                if classes[j] != 0:
                    continue
                h = heads.get(j)
                if h is None:
                    if ENACTING.match(text, lstrip_at(text, starts[j], ends[j]), ends[j]):
                        end = j
                        break
                    if contents and self._reads_as_body(j):
                        # The body of a section: the arrangement ended at its heading.
                        end = listed.pop() if previous_head else j
                        break
                    previous_head = False
                    continue
                previous_head = True
                if h.type in LISTINGS or (h.type == "schedule" and not contents):
                    end = j  # (an arrangement lists the schedules too)
                    break
                if contents and h.body_start is not None:
                    end = j  # an entry has no text of its own: '1. This Act …' is the law's
                    break
                if contents:
                    key = (h.type, norm_number(h.number) if h.number else None, h.keyword)
                    if key in keys:
                        end = j
                        break
                    keys.add(key)
                elif h.type in RANK or h.type in ("article", "sect", "para") or (
                        h.type == "num" and h.body_start is not None
                        and (h.title is not None or text.startswith("(1)", h.body_start))):
                    end = j  # ('Short title 1. This Act …', '3. (1) A person …': a numbered section)
                    break
                listed.append(j)
            for j in listed:
                del heads[j]
            found[i] = end
            while k < len(lines) and lines[k] < end:
                k += 1
        return found

    def _reads_as_body(self, j: int) -> bool:
        """Whether line ``j`` is too long, or too much a sentence, to be an
        entry of an arrangement of sections."""
        text, a, b = self.text, self.starts[j], self.ends[j]
        line = text[a:b].strip()
        return len(line) > 120 or (line.count(" ") >= 9 and line[-1] in ".;:")

    def body_line(self, i: int, cls: int, h: Head | None) -> tuple[int, int, int, int]:
        """Line i of a body, as (start, end, where its text starts, indent)."""
        text = self.text
        a, b = self.starts[i], self.ends[i]
        if cls == 2:
            return a, b, a, 0
        s = text[a:b] if b - a < 64 else text[a:a + 64]
        lead = len(s) - len(s.lstrip(" \t\ufeff"))
        if h is not None and h.type == "mdh" and h.md:
            # A non-structural Markdown heading: keep its text, not its '#'.
            return a, b, h.head_start, 0
        return a, b, a + lead, lead

    def unit_from_heading(self, kind: str, h: Head, parent: Unit, i: int, classes: list[int],
                        heads: dict[int, Head], consumed: set[int]) -> Unit:
        """The unit of ``kind`` heading ``h`` (on line ``i``) opens, under
        ``parent``; an untitled heading takes its title from the next line
        that reads as one, which is then added to ``consumed``."""
        text = self.text
        unit = Unit(kind, h.start, h.head_end, number=h.number, title=h.title,
                    heading_start=h.start, heading_end=h.head_end, body_start=h.head_end,
                    parent=parent, keyword=h.keyword)
        if h.title is None and h.body_start is None:
            # Title on the next non-blank line?
            j = i + 1
            limit = i + 4
            while j < self.n and j <= limit and classes[j] == 1:
                j += 1
            if j < self.n and j <= limit and classes[j] == 0:
                nh = heads.get(j)
                a, b = self.starts[j], self.ends[j]
                p = a
                if nh is not None and nh.type == "mdh":
                    p = nh.head_start
                    b = nh.head_end
                elif nh is not None:
                    p = -1
                if p >= 0 and kind not in LISTINGS:
                    p = lstrip_at(text, p, b)
                    t = text[p:b] if b - p < 400 else ""
                    ok = bool(t.strip()) and not PARA_MARK.match(t) and not self.sub_mark(text, p, b) \
                        and not (kind == "schedule" and BRACKETED.match(t.rstrip()))
                    if ok and kind in RANK:
                        letters = [ch for ch in t if ch.isalpha()]
                        ok = (bool(letters) and all(ch.isupper() for ch in letters) and len(t) <= 250) \
                            or looks_like_title(t)
                    elif ok:
                        ok = looks_like_title(t) and len(t.strip()) <= 160 and not (
                            j + 1 < self.n and sentence_wrapped(t, text[self.starts[j + 1]:self.ends[j + 1]]))
                    if ok:
                        unit.title, ts, te = clean_title(text, p, b)
                        unit.heading_end = unit.body_start = unit.end = max(te, ts)
                        consumed.add(j)
        parent.children.append(unit)
        return unit

    # -- bodies: paragraphs and subparagraphs ------------------------------

    def _add_run(self, unit: Unit, s: int, e: int) -> None:
        text = self.text
        e = rstrip_at(text, s, e)
        s = lstrip_at(text, s, e)
        if s >= e:
            return
        runs = self.runs.get(id(unit))
        if runs is None:
            runs = self.runs[id(unit)] = []
            self.run_units.append(unit)
        if self.open_unit is unit and runs:
            runs[-1][1] = e
        else:
            runs.append([s, e])
        self.open_unit = unit
        if e > unit.end:
            unit.end = e

    def flush(self, owner: Unit, segs: list[tuple[int, int, int, int] | None]) -> None:
        """The lines of a body (``segs``: see :meth:`body_line`, None for a
        blank line) made into ``owner``'s paragraphs and subparagraphs, and
        their runs of text."""
        if not any(segs):
            return
        text = self.text
        self.open_unit = None
        if self._outline_style(segs):
            self._flush_outline(owner, segs)
            return
        # Items run together on a line are split out only where no line of
        # the body starts a list itself (extraction may give both).
        self.split_items = not any(seg is not None and text.startswith("(a)", seg[2]) for seg in segs)
        marks = []
        has_numbered = False
        for seg in segs:
            if seg is None:
                marks.append(None)
                continue
            m = PARA_MARK.match(text, seg[2], seg[1])
            if m is not None and para_number(m, owner.number) is None:
                m = None  # '5.1' outside article 5: text, not a mark
            if m is not None:
                has_numbered = True
            marks.append(m)
        para: Unit | None = None
        stack: list[tuple[Unit, str]] = []  # open subparagraphs with their style
        prev_blank = True
        for seg, m in zip(segs, marks):
            if seg is None:
                prev_blank = True
                self.open_unit = None
                continue
            a, b, p, indent = seg
            if m is not None:
                num = para_number(m, owner.number)
                mark_end = m.end()
                e = rstrip_at(text, p, mark_end)
                para = Unit("paragraph", p, e, number=num, body_start=mark_end, parent=owner)
                owner.children.append(para)
                stack = []
                self.open_unit = None
                if text.find("(", mark_end, b) == -1:  # no number or letter run into the line
                    self._add_run(para, mark_end, b)
                else:
                    para = self._inline_paragraphs(owner, para, mark_end, b)
                prev_blank = False
                continue
            sm = self.sub_mark(text, p, b)
            if sm is not None:
                para = self._open_item(owner, para, stack, seg, sm)
                prev_blank = False
                continue
            if para is None or (prev_blank and (not has_numbered or para.number is None)
                                and not (stack and indent >= 2)):
                para = Unit("paragraph", p, p, body_start=p, parent=owner)
                owner.children.append(para)
                stack = []
                self.open_unit = None
                if text.find("(a) ", p, b) == -1:
                    self._add_run(para, p, b)
                else:
                    self._inline_items(para, p, b)
            elif prev_blank:
                if stack and indent >= 2:
                    target = stack[-1][0]
                else:
                    stack = []
                    target = para
                self._add_run(target, p, b)
            else:
                self._add_run(stack[-1][0] if stack else para, p, b)
            prev_blank = False

    def _open_item(self, owner: Unit, para: Unit | None, stack: list, seg: tuple[int, int, int, int],
                   mark: tuple[str, str | None, int]) -> Unit:
        """The subparagraph a mark ('(a)', '(i)', a bullet) opens on the line
        ``seg``, under the open subparagraph of another style (``stack``,
        changed in place), else under ``para`` (made when there is none);
        the paragraph it is in."""
        text = self.text
        _, b, p, indent = seg
        style, token, body = mark
        if para is None:
            para = Unit("paragraph", p, p, body_start=p, parent=owner)
            owner.children.append(para)
            stack.clear()
        if style == "letter" and token is not None and is_roman(token):
            style = self._roman_or_letter(token, stack)
        elif style == "bullet":
            style = f"bullet{indent}"
        parent = para
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][1] == style:
                del stack[k:]
                break
        if len(stack) >= 16:
            del stack[15:]
        if stack:
            parent = stack[-1][0]
        e = rstrip_at(text, p, body)
        unit = Unit("subparagraph", p, e, number=token, body_start=body, parent=parent)
        parent.children.append(unit)
        stack.append((unit, style, token))
        self.open_unit = None
        self._add_run(unit, body, b)
        return para

    def _inline_paragraphs(self, owner: Unit, para: Unit, body: int, b: int) -> Unit:
        """The text of numbered paragraph ``para`` from ``body`` to the end of
        its line, split where the next numbers follow on the same line after
        a sentence's end ('(1) This Act applies. (2) It binds …', as text
        extracted from a PDF gives them); the last paragraph made."""
        text = self.text
        while para.number is not None and para.number.isdigit():
            mark = f"({int(para.number) + 1}) "
            at = text.find(mark, body, b)
            while at != -1 and not text[at - 2:at] in (". ", "; ", ": ", ".\u00a0", "\u2014 ", "\u2013 "):
                at = text.find(mark, at + 1, b)
            after = lstrip_at(text, at + len(mark), b) if at != -1 else b
            if at == -1 or after >= b or not (text[after].isupper() or text[after] in "\"\u201c("):
                break
            self._inline_items(para, body, at)
            self.open_unit = None
            body = after
            para = Unit("paragraph", at, at + len(mark) - 1, number=mark[1:-2], body_start=body, parent=owner)
            owner.children.append(para)
        self._inline_items(para, body, b)
        return para

    def _inline_items(self, para: Unit, body: int, b: int) -> None:
        """The text of ``para`` from ``body`` to ``b`` (one line), with the
        lettered items run together on it made subparagraphs: '(a)' after a
        lead-in's dash or colon, then '(b)', '(c)' … each after a semicolon
        (and an 'or' or 'and'), as text extracted from a PDF gives a list.
        Only the first level: '(i)' inside an item stays its text."""
        text = self.text
        at = text.find("(a) ", body, b) if self.split_items else -1
        while at != -1 and text[max(body, at - 3):at].rstrip()[-1:] not in ("\u2014", "\u2013", ":", "-"):
            at = text.find("(a) ", at + 1, b)
        if at == -1:
            self._add_run(para, body, b)
            return
        self._add_run(para, body, at)
        letter = "a"
        while True:
            self.open_unit = None
            start = lstrip_at(text, at + 4, b)
            nxt = chr(ord(letter) + 1)
            end = text.find(f"({nxt}) ", start, b) if letter < "z" else -1
            while end != -1 and not ITEM_END.search(text, max(start, end - 8), end):
                end = text.find(f"({nxt}) ", end + 1, b)
            item = Unit("subparagraph", at, at + 3, number=letter, body_start=start, parent=para)
            para.children.append(item)
            self._add_run(item, start, b if end == -1 else end)
            if end == -1:
                return
            at, letter = end, nxt

    def _outline_style(self, segs: list[tuple[int, int, int, int] | None]) -> bool:
        """Whether a body is drafted as the United States Code is: subsections
        '(a)', '(b)' holding paragraphs '(1)', subparagraphs '(A)', clauses
        '(i)'. Its first mark is '(a)', and a '(1)' follows."""
        text = self.text
        first = True
        for seg in segs:
            if seg is None:
                continue
            p, b = seg[2], seg[1]
            if text.startswith("(", p) and p + 2 < b:
                if first:
                    if not text.startswith("(a)", p):
                        return False
                    first = False
                elif text.startswith("(1)", p):
                    return True
            elif first and PARA_MARK.match(text, p, b):
                return False
        return False

    def _flush_outline(self, owner: Unit, segs: list[tuple[int, int, int, int] | None]) -> None:
        """A body in the style of the United States Code: each '(a)' a
        paragraph (a subsection), and under it '(1)', '(A)', '(i)', '(I)'
        nested as subparagraphs, each level by its kind of mark."""
        text = self.text
        para: Unit | None = None
        stack: list[tuple[Unit, str]] = []
        prev_blank = True
        for seg in segs:
            if seg is None:
                prev_blank = True
                self.open_unit = None
                continue
            a, b, p, indent = seg
            mark = self._outline_mark(p, b, para, stack, indent)
            if mark is not None:
                style, token, body = mark
                e = rstrip_at(text, p, body)
                self.open_unit = None
                if style == "letter":
                    para = Unit("paragraph", p, e, number=token, body_start=body, parent=owner)
                    owner.children.append(para)
                    stack = []
                    self._add_run(para, body, b)
                else:
                    if para is None:
                        para = Unit("paragraph", p, p, body_start=p, parent=owner)
                        owner.children.append(para)
                    for k in range(len(stack) - 1, -1, -1):
                        if stack[k][1] == style:
                            del stack[k:]
                            break
                    del stack[15:]
                    parent = stack[-1][0] if stack else para
                    unit = Unit("subparagraph", p, e, number=token, body_start=body, parent=parent)
                    parent.children.append(unit)
                    stack.append((unit, style))
                    self._add_run(unit, body, b)
            elif para is None:
                para = Unit("paragraph", p, p, body_start=p, parent=owner)
                owner.children.append(para)
                self._add_run(para, p, b)
            elif prev_blank:
                self._add_run(para, p, b)  # text after a blank line: its subsection's closing words
            else:
                self._add_run(stack[-1][0] if stack else para, p, b)
            prev_blank = False

    def _outline_mark(self, p: int, b: int, para: Unit | None, stack: list, indent: int):
        """The style, number and body offset of a mark in a body of the
        United States Code's style, or None."""
        text = self.text
        m = PARA_MARK.match(text, p, b)
        if m is not None and m.group("n4") is None:
            return "number", m.group("n1") or m.group("n2") or m.group("n3"), m.end()
        m = UPPER_MARK.match(text, p, b)
        if m is not None:
            token = m.group("u")
            top = stack[-1] if stack else None
            # '(I)', '(II)' under '(i)': subclauses; '(C)' after them is the next subparagraph.
            if top is not None and ((top[1] == "roman" and token == "I") or (
                    top[1] == "upper-roman" and is_roman(token.lower()) and top[0].number
                    and roman_value(token.lower()) == roman_value(top[0].number.lower()) + 1)):
                return "upper-roman", token, m.end()
            if len(token) == 1:
                return "upper", token, m.end()
            return None
        sm = self.sub_mark(text, p, b)
        if sm is None:
            return None
        style, token, body = sm
        if style == "bullet":
            return f"bullet{indent}", None, body
        if token is not None and is_roman(token) and stack:
            # '(i)' under '(A)' is a clause; '(i)' after subsection '(h)' is the next subsection.
            follows = para is not None and para.number is not None and len(token) == 1 \
                and len(para.number) == 1 and ord(token) == ord(para.number) + 1
            if stack[-1][1] in ("upper", "roman") or not follows:
                return "roman", token, body
        return "letter", token, body

    @staticmethod
    def _roman_or_letter(token: str, stack: list) -> str:
        romans = [entry for entry in stack if entry[1] == "roman"]
        letters = [entry for entry in stack if entry[1] == "letter"]
        last_letter = letters[-1][2] if letters else None
        last_roman = romans[-1][2] if romans else None
        if token == "i":
            return "letter" if last_letter == "h" else "roman"
        if len(token) == 1:  # v, x, l, c: roman only when it continues a roman list
            if last_roman is not None and roman_value(token) == roman_value(last_roman) + 1:
                return "roman"
            return "letter"
        if len(token) == 2 and token[0] == token[1] and last_letter is not None and len(last_letter) == 2:
            return "letter"
        return "roman"

    # -- sentences and ends ----------------------------------------------

    def make_sentences(self) -> None:
        """The sentences of every run of text the bodies read, as the
        children of the unit each run belongs to."""
        text = self.text
        for unit in self.run_units:
            runs = self.runs.get(id(unit))
            if not runs:
                continue
            sentences: list[Unit] = []
            for s, e in runs:
                self._split_sentences(text, s, e, unit, sentences)
            if not sentences:
                continue
            if unit.children:
                unit.children = sorted(unit.children + sentences, key=lambda u: u.start)
            else:
                unit.children = sentences

    @staticmethod
    def _split_sentences(text: str, s: int, e: int, parent: Unit, out: list[Unit]) -> None:
        start = s
        for m in _SENTENCE_END.finditer(text, s, e):
            punct = m.start()
            ch = text[punct]
            if ch == ".":
                w = _WORD_BEFORE.search(text, max(start, punct - 20), punct)
                word = w.group(0).lower() if w else ""
                q = m.end()
                q = lstrip_at(text, q, e)
                nxt = text[q] if q < e else ""
                if nxt and (nxt.islower() or nxt in ",;:"):
                    continue
                if word:
                    bare = word.strip(".")
                    if word in _ABBREVIATIONS or bare in _ABBREVIATIONS:
                        continue
                    if len(bare) == 1 and bare.isalpha():
                        continue
                    if "." in bare and len(bare) <= 6:  # e.g. 'u.s', 'a.i'
                        continue
                    if bare.isdigit() and nxt.isdigit():
                        continue
            elif ch == ";" and m.end() + 10 >= e:
                # '…; and' / '…; or' closing a list item is not a sentence of its own.
                tail = text[m.end():e].strip().lower()
                if tail in ("and", "or", "and/or", "but", "and,", "or,"):
                    continue
            end = m.end()
            if end > start:
                out.append(Unit("sentence", start, end, body_start=start, parent=parent, children=NO_CHILDREN))
            start = lstrip_at(text, end, e)
        if start < e:
            end = rstrip_at(text, start, e)
            if end > start:
                out.append(Unit("sentence", start, end, body_start=start, parent=parent, children=NO_CHILDREN))

    # -- defined terms --------------------------------------------------

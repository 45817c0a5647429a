"""The draft model: a tree of units (document, preamble, divisions,
articles, paragraphs, subparagraphs, sentences), the terms a draft defines
and its cross-references, each with offsets into the draft's text.

The parser (parser.py) makes them, a re-parse (reparse.py) makes them again
after an edit, and ``Draft`` (document.py) answers questions about them.
"""

from __future__ import annotations

from collections.abc import Iterator  # not typing: importing typing slows every `check`'s start
from dataclasses import dataclass, field

DIVISIONS = ("part", "chapter", "section", "title")
RANK = {"part": 0, "chapter": 1, "section": 2, "title": 3,
         # Outside the law's own divisions: a schedule (or appendix, annex),
         # an arrangement of sections (table of contents) and an explanatory
         # memorandum each close whatever division is open before them.
         "schedule": -1, "contents": -1, "memorandum": -1}
# Units whose lines are read as text only: the headings they list are not sections.
LISTINGS = ("contents", "memorandum")

# The children of a unit that has none, once parsed: one empty tuple for all
# (an empty list for each is one more object for the cycle collector to go
# through at every check, for most units of a draft).
NO_CHILDREN: tuple = ()


@dataclass(eq=False, slots=True)
class Unit:
    kind: str
    start: int
    end: int
    number: str | None = None
    title: str | None = None
    heading_start: int | None = None
    heading_end: int | None = None
    body_start: int = 0
    parent: Unit | None = field(default=None, repr=False)
    children: list[Unit] = field(default_factory=list, repr=False)
    # The heading keyword as shown in labels: 'Article', 'Section', '§', 'Chapter'…
    keyword: str | None = None
    # Where the unit is in its draft's order (set by the draft): a re-parse
    # finds the copy of an old unit by it (a map of the ~10,000 units of a
    # long draft built at each re-parse was a measurable part of it).
    order_index: int = field(default=-1, repr=False)

    def walk(self) -> Iterator[Unit]:
        stack = [self]
        while stack:
            unit = stack.pop()
            yield unit
            if unit.children:
                stack.extend(reversed(unit.children))

    def ancestors(self) -> Iterator[Unit]:
        unit = self.parent
        while unit is not None:
            yield unit
            unit = unit.parent

    def enclosing(self, *kinds: str) -> Unit | None:
        unit: Unit | None = self
        while unit is not None:
            if unit.kind in kinds:
                return unit
            unit = unit.parent
        return None

    @property
    def label(self) -> str:
        kind = self.kind
        if kind == "document":
            return "the document"
        if kind == "preamble":
            return "the preamble"
        if kind == "paragraph":
            return f"paragraph {self.number}" if self.number else "paragraph"
        if kind == "subparagraph":
            return f"subparagraph ({self.number})" if self.number else "subparagraph"
        if kind == "sentence":
            return "sentence"
        word = self.keyword or kind.capitalize()
        return f"{word} {self.number}" if self.number else word

    def text(self, draft_text: str) -> str:
        return draft_text[self.start:self.end]


@dataclass
class DefinedTerm:
    term: str
    start: int
    end: int
    definition_start: int
    definition_end: int
    unit: Unit


@dataclass
class CrossReference:
    start: int
    end: int
    text: str
    article: str | None
    paragraph: str | None
    subparagraph: str | None
    source: Unit
    targets: list[Unit]
    # 'iccpr', 'udhr', 'echr', 'icescr' or the instrument's name as written when the
    # reference points into another instrument; None for references into this draft.
    instrument: str | None = None


@dataclass(frozen=True)
class Shape:
    """What a parse decided for the whole draft, kept so that an edit can be
    re-parsed within one article (see reparse.py): which headings make
    articles, where the front matter ends, the last line that decided it,
    whether the syntax was guessed from the text, and the spans of the
    structural headings (a reference written in one is not a reference)."""

    article_types: frozenset[str]
    front_end_line: int
    front_reach: int
    syntax_detected: bool
    heading_spans: list[tuple[int, int]]
    # Whether what a line makes depends on lines far from it (an arrangement
    # of sections ends where the body repeats an entry; a note above a
    # number takes lines from the section before): no re-parse by article.
    contextual: bool = False


def article_types_of(types: set[str], strong_numbered: bool) -> set[str]:
    """Which headings make articles: 'Article' over 'Section' over '§' over
    numbered titles ('1. Scope'), whichever the draft has."""
    for kind in ("article", "sect", "para"):
        if kind in types:
            return {kind}
    return {"num"} if strong_numbered else set()


def opens_unit(head_type: str, article_types) -> bool:
    """Whether a heading of this type opens a unit of the tree (the rest are
    lines of a body: '1. …' in a draft of Articles is a paragraph)."""
    return head_type in article_types or head_type in RANK or (head_type == "sect" and "article" in article_types)


def unit_kind(head_type: str, article_types) -> str:
    """The kind of unit a structural heading opens (as the parser decides)."""
    if head_type in RANK:
        return head_type
    return "section" if (head_type == "sect" and "article" in article_types) else "article"

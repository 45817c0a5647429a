"""The draft model: plain text or Markdown → a tree of units with offsets.

Offsets are Python ``str`` indices (code points) into ``Draft.text``. The parser
works line by line with anchored regular expressions only, so its cost grows
linearly with the size of the draft, and it never raises: whatever the input, the
worst outcome is a flatter tree.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from collections.abc import Iterator  # not typing: its import is ~4 ms of a `check`

DIVISIONS = ("part", "chapter", "section", "title")
_RANK = {"part": 0, "chapter": 1, "section": 2, "title": 3,
         # Outside the law's own divisions: a schedule (or appendix, annex),
         # an arrangement of sections (table of contents) and an explanatory
         # memorandum each close whatever division is open before them.
         "schedule": -1, "contents": -1, "memorandum": -1}
# Units whose lines are read as text only: the headings they list are not sections.
_LISTINGS = ("contents", "memorandum")

# How a keyword is shown in labels, whatever its case or abbreviation in the draft.
_KEYWORD = {"article": "Article", "art.": "Article", "section": "Section", "§": "§",
            "part": "Part", "chapter": "Chapter", "title": "Title", "sub-part": "Part",
            "subpart": "Part"}


# The children of a unit that has none, once parsed: one empty tuple for all.
# An empty list for each of them was ~15,000 more objects per megabyte for
# the cycle collector to go through at every check (and ~1 MB).
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


def _article_types(types: set[str], strong_numbered: bool) -> set[str]:
    """Which headings make articles: 'Article' over 'Section' over '§' over
    numbered titles ('1. Scope'), whichever the draft has."""
    for kind in ("article", "sect", "para"):
        if kind in types:
            return {kind}
    return {"num"} if strong_numbered else set()


def _structural(head_type: str, article_types) -> bool:
    """Whether a heading of this type opens a unit of the tree (the rest are
    lines of a body: '1. …' in a draft of Articles is a paragraph)."""
    return head_type in article_types or head_type in _RANK or (head_type == "sect" and "article" in article_types)


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a ``str`` pattern."""
    return char.isalnum() or char == "_"


class _Lazy:
    """A pattern compiled where it is first used, which then takes its place
    in the module: compiling the thirty patterns below took ~35 ms of the
    language server's start, before its first reply, for patterns needed
    only once a draft is opened."""

    __slots__ = ("_name", "_args")

    def __init__(self, name: str, *args):
        self._name = name
        self._args = args

    def __getattr__(self, attr: str):
        compiled = re.compile(*self._args)
        globals()[self._name] = compiled
        return getattr(compiled, attr)


# ---------------------------------------------------------------------------
# Line-level patterns. All are anchored (used with .match at a position).

_NEWLINE = _Lazy("_NEWLINE", r"\r\n|\r|\n")
# The heading patterns allow, between a keyword and its number, the spaces a
# word processor puts there: no-break (U+00A0), narrow no-break (U+202F), thin (U+2009).
_SUFFIX = r"(?:[ \t]?(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|novies|decies)\b)"
_ARTICLE_HEAD = _Lazy("_ARTICLE_HEAD",
    r"(?P<kw>Article|ARTICLE|Art\.|ART\.)[ \t\u00a0\u202f\u2009]*"
    r"(?P<num>\d{1,4}(?:[A-Za-z](?![A-Za-z]))?" + _SUFFIX + r"?|[IVXLC]{1,7}\b)"
)
_SECTION_HEAD = _Lazy("_SECTION_HEAD",
    r"(?P<kw>SECTION|Section|SEC\.|Sec\.)[ \t\u00a0\u202f\u2009]*(?<=[\s.])(?P<num>\d{1,4}(?:[A-Za-z](?![A-Za-z]))?" + _SUFFIX
    + r"?|[IVXLC]{1,7}\b|[A-Z]\b)"
)
_PARASIGN_HEAD = _Lazy("_PARASIGN_HEAD", r"(?P<kw>§)[ \t\u00a0\u202f\u2009]*(?P<num>\d{1,4}[a-z]?" + _SUFFIX + r"?)")
_DIVISION_HEAD = _Lazy("_DIVISION_HEAD",
    r"(?P<kw>PART|Part|CHAPTER|Chapter|TITLE|Title|SUB-PART|Sub-part|SUBPART|Subpart)[ \t\u00a0\u202f\u2009]+"
    r"(?P<num>[IVXLCDM]{1,7}\b|\d{1,4}[A-Za-z]?\b|[A-Z]\b)"
)
_NUMBERED_HEAD = _Lazy("_NUMBERED_HEAD", r"(?P<num>\d{1,4}[A-Z]?)\.(?:[ \t\u00a0\u202f\u2009]*[\u2013\u2014-])?(?=[ \t\u00a0\u202f\u2009]+\S)")
_ORDINALS = ("First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth")
_SCHEDULE_HEAD = _Lazy("_SCHEDULE_HEAD",
    r"(?i:(?P<ord>" + _ORDINALS + r"|The)[ \t]+)?"
    r"(?P<kw>SCHEDULE|Schedule|APPENDIX|Appendix|ANNEXURE|Annexure|ANNEX|Annex)\b"
    r"(?:[ \t\u00a0\u202f\u2009]+(?P<num>[IVXLC]{1,7}\b|\d{1,3}[A-Z]?\b|[A-Z]\b))?"
)
_LISTING_HEAD = _Lazy("_LISTING_HEAD",
    r"(?P<contents>(?i:arrangement[ \t]+of[ \t]+(?:sections|clauses|articles|regulations|provisions)"
    r"|table[ \t]+of[ \t]+contents)|CONTENTS|Contents)"
    r"|(?P<memo>(?i:explanatory[ \t]+(?:memorandum|statement|notes?)"
    r"|(?:memorandum|statement)[ \t]+of[ \t]+objects[ \t]+and[ \t]+reasons|objects[ \t]+and[ \t]+reasons)"
    r"|MEMORANDUM|Memorandum)"
)
# The words that enact a bill or name it, which end a memorandum placed before it.
_ENACTING = _Lazy("_ENACTING", r"(?:BE[ \t]+IT[ \t]+ENACTED|Be[ \t]+it[ \t]+enacted|ENACTED[ \t]+by|Enacted[ \t]+by"
                               r"|A[ \t]+BILL\b|A[ \t]+Bill[ \t]+for|AN[ \t]+ACT\b|An[ \t]+Act[ \t]+to)")
# A marginal note printed beside a section's number, before it on the line:
# "Power to intercept 12. (1) An officer may …". The note is bounded, so the
# lazy match tries at most its length in places.
_MARGINAL_HEAD = _Lazy("_MARGINAL_HEAD",
    r"(?P<note>[A-Z][A-Za-z'\u2019,()\- ]{0,100}?[a-z)])[ \t]+(?P<num>\d{1,4}[A-Z]?)\.[ \t]+(?=\(1\)|\(a\)|[A-Z])")
# Words a marginal note does not end with: the line is a sentence citing a number.
_NOT_NOTE_END = frozenset("of to and or the under in by with for from on at section sections subsection"
                          " article paragraph regulation regulations rule item clause page chapter part see".split())
# A bracketed reference under a schedule's heading ("(Section 4)"): not its title.
_BRACKETED = _Lazy("_BRACKETED", r"[(\[][^()\[\]]{0,60}[)\]]\Z")
_PREAMBLE_HEAD = _Lazy("_PREAMBLE_HEAD", r"(?P<kw>Preamble|PREAMBLE)\b")
_MD_HEADING = _Lazy("_MD_HEADING", r"(#{1,6})[ \t]+")
_SEPARATOR = _Lazy("_SEPARATOR", r"[ \t\u00a0\u202f\u2009]*(?:[.:|\u2013\u2014]+|-+)[ \t\u00a0\u202f\u2009]*")
_PREAMBLE_WORDS = _Lazy("_PREAMBLE_WORDS",
    r"(?:The\s+(?:States?|Parties|member|High\s+Contracting|General\s+Assembly|Contracting)|"
    r"Recalling|Considering|Recogni[sz]ing|Noting|Mindful|Affirming|Reaffirming|Concerned|"
    r"Convinced|Desiring|Bearing\s+in\s+mind|Having\s+regard|Having\s+considered|Whereas|WHEREAS|"
    r"Acknowledging|Emphasi[sz]ing|Stressing|Determined|Aware|Welcoming|Conscious|Believing|"
    r"Deeply\s+concerned|Taking\s+into\s+account)\b"
)

_PARA_MARK = _Lazy("_PARA_MARK",
    r"(?:(?P<n1>\d{1,3})\.(?=[ \t]|$)|\((?P<n2>\d{1,3}[a-z]?)\)(?=[ \t]|$|[A-Z])|(?P<n3>\d{1,3})\)(?=[ \t]))[ \t]*"
)
_SUB_MARK = _Lazy("_SUB_MARK",
    r"(?:\((?P<s1>[a-z]{1,4})\)|(?P<s2>[a-z]{1,4})\)|(?P<s3>[a-z])\.(?=[ \t])|\((?P<s4>[A-Z])\)"
    r"|(?P<b>[-*+\u2022\u2013\u2014])(?=[ \t]))[ \t]*"
)
# How an item of a list run together on one line ends before the next one's letter.
_ITEM_END = _Lazy("_ITEM_END", r"(?:;|;[ \t]*(?:or|and)|,[ \t]*(?:or|and))[ \t]+\Z")
_UPPER_MARK = _Lazy("_UPPER_MARK", r"\((?P<u>[A-Z]{1,4})\)[ \t]*")
_ROMAN = _Lazy("_ROMAN", r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\Z")
_FENCE = _Lazy("_FENCE", r"[ \t]{0,3}(```|~~~)")
_FRONT_KV = _Lazy("_FRONT_KV", r"#+[ \t]*[A-Z][\w -]{0,30}:[ \t]")

# Sentence ends: punctuation followed by whitespace (or the end of the run).
_SENTENCE_END = _Lazy("_SENTENCE_END", r"[.;?!][\"'\u201d\u2019)\]*_]*(?=\s|$)")
_WORD_BEFORE = _Lazy("_WORD_BEFORE", r"[\w.]+\Z")
_ABBREVIATIONS = frozenset(
    "art arts no nos para paras e.g i.e eg ie cf vol p pp sub subpara subparas ch chap sect"
    " mr mrs ms dr st ets v vs inc ltd co op cit ibid viz al approx fig nr rev corr add"
    " u.n un ref".split()
)


_LEAD = _Lazy("_LEAD", r"[\s\ufeff]*")


def _lstrip_at(text: str, a: int, b: int) -> int:
    """Offset of the first character of text[a:b] that is not blank."""
    # Most lines start with a word: answered without the pattern (``\s`` and
    # str.isspace() agree). The parser asks this ~20,000 times per megabyte.
    if a < min(b, len(text)) and not text[a].isspace() and text[a] != "\ufeff":
        return a
    return _LEAD.match(text, a, b).end()  # type: ignore[union-attr]


def _rstrip_at(text: str, a: int, b: int) -> int:
    """Offset just after the last character of text[a:b] that is not blank."""
    if a < b <= len(text) and not text[b - 1].isspace():
        return b
    return a + len(text[a:b].rstrip())


def _roman_value(token: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for k, ch in enumerate(token):
        v = values.get(ch, 0)
        if k + 1 < len(token) and values.get(token[k + 1], 0) > v:
            total -= v
        else:
            total += v
    return total


def _is_roman(token: str) -> bool:
    return bool(_ROMAN.match(token))


def _looks_like_title(t: str) -> bool:
    t = t.strip().strip("*_").strip()
    if not t or len(t) > 200 or t[0].islower():
        return False
    if t[-1] in ",;:\u2013\u2014":  # a lead-in ("… with a warrant—") opens a list, it names nothing
        return False
    if _SENTENCE_VERB.search(t):  # "A licence is valid for …": a body of one sentence
        return False
    words = t.count(" ") + 1
    if words > 25:
        return False
    if t[-1] == ".":
        return words <= 12 and ". " not in t[:-1]
    return True


# Words that make a line a sentence (a body) rather than a heading's title.
_SENTENCE_VERB = _Lazy("_SENTENCE_VERB", r" (?:shall|must|is|are|may|will) ")


# Words that open the body of a provision, seen after the words of its title
# on the same line ("1. Short title This Act may be cited as …").
_BODY_OPENERS = frozenset(
    "The This These Those A An Any Every Each No Nothing Notwithstanding In Where If When Whenever"
    " Whoever Subject Save Except Unless Without It There Such All Upon Despite Until Only Neither".split()
)
_BODY_VERBS = frozenset("shall must may is are means includes will has have".split())
_CLAUSE_VERBS = frozenset("may is are has have".split())
_TOKEN = _Lazy("_TOKEN", r"\S+")
_INLINE_MARK = _Lazy("_INLINE_MARK", r"\((?:\d{1,3}|[a-z]|[ivx]{1,4}|[A-Z])\)\Z")


def _inline_title(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where a title written on the line of its number ends and the body
    begins ("Interpretation In this Act, unless …", "Hacking (1) A person
    who …", "Short title. This Act …"), or None when the words read as a
    sentence from the first. Only the first words of the line are read."""
    if start >= end or not text[start].isupper():
        return None
    space = text.find(" ", start, end)
    if text[start:space if space != -1 else end] in _BODY_OPENERS:
        return None  # "1. Each Party shall …", "3. A person who …": a body from its first word
    words = 0
    title_end = start
    previous = ""
    for m in _TOKEN.finditer(text, start, min(end, start + 240)):
        token = m.group()
        if words == 0:
            if not token[0].isupper() or token in _BODY_OPENERS:
                return None
        elif (token in _BODY_OPENERS or _INLINE_MARK.match(token)
              or token[0] in "\u201c\"" or (token[0] == "(" and token[1:2] in ("1", "a"))):
            if (_INLINE_MARK.match(token) and token not in ("(1)", "(a)")) or text[title_end - 1] == ",":
                return None  # a list that starts elsewhere, a clause: not a body opening here
            return title_end, m.start()
        if token in _BODY_VERBS and not (token in _CLAUSE_VERBS and previous in ("who", "which", "that")) \
                and not (token == "means" and previous == "by"):
            return None  # a sentence ("Data shall be …"), unless a clause of the title ("… who is a child")
        words += 1
        if words > 16:
            return None
        title_end = m.end()
        previous = token
        if token[-1] in ".;:\u2013\u2014":
            if token[-1] == ".":
                after = _TOKEN.match(text, _lstrip_at(text, m.end(), end), end)
                if after is None or not after.group()[0].isupper():
                    continue  # an abbreviation inside the title ("Amendment of Cap. 9")
                if words <= 12 and len(token) > 2:
                    return m.end() - 1, after.start()  # "Short title. This Act …"
            return None
    return None


def _clean_title(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Trim emphasis markers, brackets and a final period off a title span."""
    while start < end and (text[start] in "*_([" or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in "*_)]." or text[end - 1].isspace()):
        end -= 1
    return text[start:end], start, end


class _Head:
    __slots__ = ("type", "keyword", "number", "start", "head_start", "head_end",
                 "title", "title_start", "title_end", "body_start", "strong", "md")

    def __init__(self, type_: str, keyword: str | None, number: str | None, start: int,
                 head_start: int, md: bool):
        self.type = type_
        self.keyword = keyword
        self.number = number
        self.start = start
        self.head_start = head_start
        self.head_end = head_start
        self.title: str | None = None
        self.title_start: int | None = None
        self.title_end: int | None = None
        self.body_start: int | None = None
        self.strong = True
        self.md = md


# ---------------------------------------------------------------------------
# Cross-reference and definition patterns (searched over the whole text).

_NUM = r"\d{1,4}(?:[A-Za-z](?![A-Za-z]))?" + _SUFFIX + r"?"
_LIST_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+to\s+|\s+through\s+|\s+thru\s+|\s*[-\u2013\u2014]\s*)"
_ITEM = (r"\d{1,3}[a-z]?(?![\w])(?:\.[a-z](?![a-z])|[ \t]?\([a-z]{1,4}\)|[ \t][a-z]\.(?=[ivx]))?"
         r"(?:\.?[ivx]{1,4}(?![\w]))?")
_REFERENCE = _Lazy("_REFERENCE",
    r"(?=[AaPpSs\u00a7])(?<![\w-])(?:"
    r"(?P<akw>Articles|ARTICLES|articles|Arts\.|arts\.|ARTS\.)\s*(?P<alist>" + _NUM + r"(?:" + _LIST_SEP + _NUM + r")*)"
    r"|(?P<a1kw>Article|ARTICLE|article|Art\.|art\.|ART\.)\s*(?P<anum>" + _NUM + r")"
    r"(?:(?P<apara>\s*,?\s*(?:paragraph|para\.)\s*" + _ITEM + r")|\((?P<pp>\d{1,3})\)(?:\((?P<ps>[a-z]{1,4})\))?)?"
    r"|(?P<pkw>[Pp]aragraphs?|PARAGRAPHS?|paras?\.)\s*(?P<plist>" + _ITEM + r"(?:" + _LIST_SEP + _ITEM + r")*)"
    r"(?P<ptail>\s*,?\s*(?:of\s+this\s+(?:article|Article|ARTICLE|section|Section)"
    r"|of\s+(?:Article|article|Art\.|art\.|section|Section)\s*(?P<part>" + _NUM + r")|above|below|hereof))?"
    r"|(?P<skw>[Ss]ections?|SECTIONS?)\s+(?P<slist>" + _NUM + r"(?:" + _LIST_SEP + _NUM + r")*)"
    r"(?:\((?P<sp>\d{1,3})\)(?:\((?P<ss>[a-z]{1,4})\))?)?"
    r"|(?P<gkw>§§?)\s*(?P<glist>" + _NUM + r"(?:" + _LIST_SEP + _NUM + r")*)"
    r")"
)
_ITEM_PARTS = _Lazy("_ITEM_PARTS",
    r"(?P<n>\d{1,3}[a-z]?)(?![\w])(?:\.(?P<s1>[a-z])(?![a-z])|[ \t]?\((?P<s2>[a-z]{1,4})\)|[ \t](?P<s3>[a-z])\.(?=[ivx]))?"
    r"(?:\.?(?P<r>[ivx]{1,4})(?![\w]))?"
)
_LIST_TOKENS = _Lazy("_LIST_TOKENS", r"(?P<n>" + _NUM + r")|(?P<range>\bthrough\b|\bthru\b|\bto\b|[-\u2013\u2014])")
_RANGE_WORD = _Lazy("_RANGE_WORD", r"\bthrough\b|\bthru\b|\bto\b|[-\u2013\u2014]")
_JUST_AFTER = _Lazy("_JUST_AFTER", r"[ \t,]{0,3}\Z")
_INSTRUMENT_BEFORE = _Lazy("_INSTRUMENT_BEFORE", r"\b(ICCPR|UDHR|ECHR|ICESCR)\)?[ \t]*,?[ \t]*\Z")
_INSTRUMENT_AFTER_ABBR = _Lazy("_INSTRUMENT_AFTER_ABBR", r"[ \t]*,?[ \t]*(?:of[ \t]+(?:the[ \t]+)?)?\(?(ICCPR|UDHR|ECHR|ICESCR)\b")
_OF_THE = _Lazy("_OF_THE", r"[ \t]*,?\s*of\s+(?P<self>this\b|these\b|the\s+present\b|present\b)?(?:the\s+)?")
_NAME_WORD = _Lazy("_NAME_WORD", r"[A-Z][\w'\u2019-]*|\d{4}|on|of|the|and|for|to|in|with|against|de")
_INSTRUMENT_WORDS = frozenset(
    "Covenant Declaration Convention Charter Treaty Protocol Act Code Law Constitution Statute Rules"
    " Regulation Directive Agreement Principles Guidelines Resolution Decision Comment ICCPR UDHR ECHR"
    " ICESCR Ordinance Decree Bill".split()
)
_SELF_NAMES = frozenset("Convention Treaty Law Act Protocol Code Agreement Instrument Regulation"
                        " Directive Decree Ordinance Bill".split())

_DEFINITION = _Lazy("_DEFINITION",
    r"(?=[\"\u201c\u2018'\u00ab\u201e])(?<![\w])[\"\u201c\u2018'\u00ab\u201e](?P<term>[^\"\u201c\u201d\u2018\u2019'\u00ab\u00bb\u201e\n\r]{1,100}?)"
    r"[\"\u201d\u2019'\u00bb\u201c][*_]{0,2}[ \t]*(?:\([^()\n]{0,80}\)[ \t]*)?,?[ \t]*"
    r"(?:shall[ \t]+(?:mean|include|refer[ \t]+to|have[ \t]+the[ \t]+(?:same[ \t]+)?meaning)|means|includes"
    r"|refers[ \t]+to|has[ \t]+the[ \t]+(?:same[ \t]+)?meaning|is[ \t]+defined[ \t]+as|denotes)\b"
)


def _norm_number(number: str) -> str:
    return "".join(number.split()).lower()


# Words of a defined term, each with the separator that follows it ("" at the end).
_TERM_TOKEN = _Lazy("_TERM_TOKEN", r"(\w+)(\W*)")
_WORD_TOKEN = _Lazy("_WORD_TOKEN", r"\w+")


class Draft:
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
        self._front_end = 0
        self._words: tuple[list[tuple[int, int]], dict[str, list[int]]] | None = None
        self._lower: str | None = None  # the text lowered ("" when that changes its length)
        self._shape: Shape | None = None  # None: not re-parsable by article (see reparse.py)
        # The structure of the units of each segment (lo, hi) the engine has
        # cached findings for, relative to lo (see engine._Signature); a
        # re-parse carries those of the segments it copied unchanged.
        self._signatures: dict[tuple[int, int], object] = {}
        # Facts found by position in the text, each a sorted list of tuples
        # starting (start, end, …) with the function that finds them in
        # text[lo:hi]: kept once found, and carried by a re-parse (see
        # positional()).
        self._positional: dict[str, tuple[list[tuple], object]] = {}
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
                from .reparse import reparse  # here: it imports this module

                try:
                    draft = reparse(previous, text)
                except Exception:  # pragma: no cover - a safety net: the full parse is never wrong
                    draft = None
                if draft is not None:
                    return draft
            return _Parser(text, path, syntax).run()
        except Exception:  # pragma: no cover - a safety net: a flat draft beats a crash
            starts, ends = line_bounds(text)
            root = Unit("document", 0, len(text.rstrip()), body_start=0)
            return cls(text, path, syntax or "text", root, starts, ends)

    def _reindex(self, order: list[Unit] | None = None) -> None:
        self._order = order if order is not None else list(self.root.walk())
        self._starts = [u.start for u in self._order]
        self._by_kind: dict[tuple[str, ...], list[Unit]] = {}
        self._kinds: dict[str, list[Unit]] | None = None
        self._articles = [u for u in self._order if u.kind == "article"]
        self._article_map: dict[str, Unit] = {}
        for unit in self._articles:
            if unit.number is not None:
                self._article_map.setdefault(_norm_number(unit.number), unit)
        self._ref_starts = [r.start for r in self.references]
        # Uses of each phrase looked up, by its normalised words, with those words.
        self._use_cache: dict[str, list[tuple[int, int]]] = {}
        self._use_parts: dict[str, list[tuple[str, str]]] = {}

    # -- queries ----------------------------------------------------------

    def units(self, *kinds: str) -> list[Unit]:
        if not kinds:
            return list(self._order)
        if len(kinds) == 1:
            return list(self._of_kind().get(kinds[0], ()))
        found = self._by_kind.get(kinds)
        if found is None:
            wanted = set(kinds)
            found = self._by_kind[kinds] = [u for u in self._order if u.kind in wanted]
        return list(found)

    def has(self, kind: str) -> bool:
        """Whether the draft has a unit of this kind."""
        return kind in self._of_kind()

    def _of_kind(self) -> dict[str, list[Unit]]:
        """The units of each kind, in document order: one pass for every kind
        (a check asks for four kinds; a pass for each was ~6 ms of a 1 MB
        re-check)."""
        groups = self._kinds
        if groups is None:
            groups = {}
            for unit in self._order:
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
        return self._article_map.get(_norm_number(str(number)))

    def unit_at(self, offset: int, *kinds: str) -> Unit | None:
        if offset < 0 or offset > len(self.text):
            return None
        i = bisect_right(self._starts, offset) - 1
        unit: Unit | None = self._order[i] if i >= 0 else self.root
        while unit is not None and unit.parent is not None and not (unit.start <= offset <= unit.end):
            unit = unit.parent
        if unit is None:
            unit = self.root
        if kinds:
            while unit is not None and unit.kind not in kinds:
                unit = unit.parent
        return unit

    def _structural_at(self, offset: int) -> Unit:
        unit = self.unit_at(offset) or self.root
        while unit.kind == "sentence" and unit.parent is not None:
            unit = unit.parent
        return unit

    def references_from(self, unit: Unit) -> list[CrossReference]:
        i = bisect_left(self._ref_starts, unit.start)
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
        per term cost seconds per megabyte, and an index of every word of the
        draft, built in a Python loop, ~0.15 s and ~25 MB per megabyte at
        every check."""
        parts = _TERM_TOKEN.findall(phrase)
        key = " ".join(w.lower() + ("|" + "".join(g.split()) if g.strip() else "") for w, g in parts)
        cached = self._use_cache.get(key)
        if cached is not None:
            return cached
        out = self._phrase_between(parts, 0, len(self.text))
        self._use_parts[key] = parts  # first: a re-parse reads the uses of the phrases it finds here
        self._use_cache[key] = out
        return out

    def _phrase_between(self, parts: list[tuple[str, str]], lo: int, hi: int) -> list[tuple[int, int]]:
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
                    if end is not None and s >= self._front_end:
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
            if (at == 0 or not _is_word_char(text[at - 1])) and (end == len(text) or not _is_word_char(text[end])):
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
        order = self._order
        cuts = [bisect_left(self._starts, lo, 1) for lo in starts] + [len(order)]
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


def _markdown_name(path: str | None) -> bool:
    return bool(path) and path.lower().endswith((".md", ".markdown"))  # type: ignore[union-attr]


def _same_syntax(previous: Draft, syntax: str | None, path: str | None) -> bool:
    """Whether a parse asked for ``syntax`` chooses it as the parse of
    ``previous`` did: both told, or both guessing from the text (reparse.py
    then makes sure the edit cannot change the guess)."""
    shape = previous._shape
    if shape is None:
        return False
    if syntax not in ("text", "markdown"):
        if not _markdown_name(path):
            return shape.syntax_detected
        syntax = "markdown"
    return not shape.syntax_detected and syntax == previous.syntax


def line_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of each line; lines end at \\r\\n, \\r or \\n, as
    the Language Server Protocol counts them."""
    starts = [0]
    ends = []
    for m in _NEWLINE.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


class _Parser:
    def __init__(self, text: str, path: str | None, syntax: str | None):
        self.text = text
        self.path = path
        self.starts, self.ends = line_bounds(text)
        self.n = len(self.starts)
        self.runs: dict[int, list[list[int]]] = {}
        self.run_units: list[Unit] = []
        self.open_unit: Unit | None = None
        self.split_items = True  # set for each body by _flush
        self.front_end_line = self._front_matter()
        # Guessed from the text itself (not given, and no Markdown file name).
        self.detected = syntax not in ("text", "markdown") and not _markdown_name(path)
        if syntax not in ("text", "markdown"):
            syntax = self._detect_syntax(path)
        self.syntax = syntax
        self.md = syntax == "markdown"

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
                if _FRONT_KV.match(text, starts[j], ends[j]):
                    key_values += 1
                j += 1
            self.front_reach = j
            if long_line or (j - i >= 2 and key_values == j - i):
                return j
        return 0

    def _detect_syntax(self, path: str | None) -> str:
        if _markdown_name(path):
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
                    if _FENCE.match(s):
                        in_fence = False
                    continue
                if _FENCE.match(s):
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

    def _head(self, i: int, candidate_article_types: bool = True) -> _Head | None:
        """Recognise a structural heading on line i (None for other lines)."""
        text = self.text
        a, b = self.starts[i], self.ends[i]
        b = _rstrip_at(text, a, b)
        p = _lstrip_at(text, a, b)
        if p >= b:
            return None
        line_start = p
        md = False
        if self.md and text[p] == "#":
            m = _MD_HEADING.match(text, p, b)
            if m is None:
                return None
            md = True
            p = m.end()
            b = p + len(text[p:b].rstrip("# \t"))
        elif p - a > 3:
            return None
        bold = text.startswith(("**", "__"), p)
        if bold:
            p += 2
        if p >= b:
            return None
        c = text[p]
        head: _Head | None = None
        m = None
        if c in "AaSsCcPpTt§0123456789":
            if c in "Pp" and (m := _PREAMBLE_HEAD.match(text, p, b)):
                head = _Head("preamble", None, None, line_start, p, md)
                head.head_end = m.end()
                q = m.end()
                sep = _SEPARATOR.match(text, q, b)
                if sep and sep.end() > q:
                    q = sep.end()
                while q < b and text[q] in " \t*_":
                    q += 1
                if q < b:
                    if q == m.end() and text[q].isalnum():
                        return None  # 'Preambles' or similar
                    head.body_start = q
                return head
            if c in "Aa" and (m := _ARTICLE_HEAD.match(text, p, b)):
                head = _Head("article", "Article", m.group("num"), line_start, p, md)
            elif c in "Ss" and (m := _SECTION_HEAD.match(text, p, b)):
                head = _Head("sect", "Section", m.group("num"), line_start, p, md)
            elif c == "§" and (m := _PARASIGN_HEAD.match(text, p, b)):
                head = _Head("para", "§", m.group("num"), line_start, p, md)
            elif c in "CcPpTtSs" and (m := _DIVISION_HEAD.match(text, p, b)):
                kw = m.group("kw").lower()
                kind = {"part": "part", "chapter": "chapter", "title": "title"}.get(kw, "part")
                head = _Head(kind, _KEYWORD.get(kw, kw.capitalize()), m.group("num"), line_start, p, md)
            elif c.isdigit() and (m := _NUMBERED_HEAD.match(text, p, b)):
                head = _Head("num", "Section", m.group("num"), line_start, p, md)
        if head is None and c in "SsAaTtCcEeMmOoFfNn" and b - p <= 300:
            special = self._special_head(line_start, p, b, md, bold)
            if special is not None:
                return special
        if head is None and not md and c.isupper() and self._number_follows(p, b) \
                and (m := _MARGINAL_HEAD.match(text, p, b)) is not None:
            return self._marginal_head(m, line_start, p)
        if head is None or m is None:
            return self._md_plain(line_start, p, b) if md else None
        if head.number is not None:
            head.number = " ".join(head.number.split())
        q = m.end()
        if bold and text.startswith(("**", "__"), q):
            q += 2
        head.head_end = q
        rest = text[q:b] if b - q < 400 else text[q:q + 400] + "x" * 30
        if head.type == "num":
            stripped = rest.lstrip(" \t\u00a0\u202f\u2009")
            off = q + len(rest) - len(stripped)
            if stripped.startswith("(1)") or stripped.startswith("(a)"):
                head.body_start = off
            elif (split := _inline_title(text, off, b)) is not None:
                head.title, head.title_start, head.title_end = _clean_title(text, off, split[0])
                head.head_end = head.title_end
                head.body_start = split[1]
            elif _looks_like_title(stripped) and b - off <= 200:
                head.title, head.title_start, head.title_end = _clean_title(text, off, b)
                head.head_end = b
            else:
                head.strong = False
                head.body_start = off
            return head
        if not rest.strip():
            return head
        allow_body = head.type in ("article", "sect", "para")
        sep = _SEPARATOR.match(rest)
        if sep and sep.end() > 0 and rest[:sep.end()].strip():
            t0 = q + sep.end()
            t = text[t0:b] if b - t0 < 400 else text[t0:t0 + 400] + "x" * 30
            if not t.strip():
                return head
            body_sep = rest[:sep.end()].strip() in (".", ":", "-", "\u2013", "\u2014", ".-", ".\u2013", ".\u2014")
            if allow_body and body_sep and (split := _inline_title(text, t0, b)) is not None:
                # "Section 5. Illegal access A person who …"
                head.title, head.title_start, head.title_end = _clean_title(text, t0, split[0])
                head.head_end = head.title_end
                head.body_start = split[1]
                return head
            if _looks_like_title(t) and b - t0 <= 200:
                head.title, head.title_start, head.title_end = _clean_title(text, t0, b)
                head.head_end = b
                return head
            if allow_body and body_sep:
                head.head_end = q + len(rest[:sep.end()].rstrip())
                head.body_start = t0
                return head
            return self._md_plain(line_start, p, b) if md else None
        if rest[0] in " \t\u00a0\u202f\u2009" or (bold and text.startswith(("**", "__"), m.end())):
            t = rest.lstrip(" \t\u00a0\u202f\u2009*_")
            t0 = q + len(rest) - len(t)
            if not md and allow_body and t and (split := _inline_title(text, t0, b)) is not None:
                # "Section 5 Illegal access A person who …": the title, then the body.
                head.title, head.title_start, head.title_end = _clean_title(text, t0, split[0])
                head.head_end = head.title_end
                head.body_start = split[1]
                return head
            if t and (t[0].isupper() or t[0].isdigit() or t[0] in "(\u201c\"'[") and _looks_like_title(t) \
                    and b - t0 <= 200:
                head.title, head.title_start, head.title_end = _clean_title(text, t0, b)
                head.head_end = b
                return head
            if md and t and b - t0 <= 200 and not t[0].islower():
                head.title, head.title_start, head.title_end = _clean_title(text, t0, b)
                head.head_end = b
                return head
        return self._md_plain(line_start, p, b) if md else None

    def _number_follows(self, p: int, b: int) -> bool:
        """Whether a number and a period ('12. ') come within a marginal
        note's reach of ``p``: a search in C before the pattern is tried."""
        text = self.text
        limit = min(b, p + 110)
        k = text.find(". ", p, limit)
        while k != -1:
            if text[k - 1].isdigit():
                return True
            k = text.find(". ", k + 1, limit)
        return False

    def _marginal_head(self, m: re.Match, line_start: int, p: int) -> _Head | None:
        """A section whose marginal note comes before its number on the line:
        the note is its title, the text after the number its body."""
        note = m.group("note")
        words = note.split()
        if len(words) > 12 or words[-1].lower() in _NOT_NOTE_END or _SENTENCE_VERB.search(f" {note} "):
            return None
        head = _Head("num", "Section", m.group("num"), line_start, p, False)
        head.title, head.title_start, head.title_end = _clean_title(self.text, *m.span("note"))
        head.head_end = m.end("num") + 1
        head.body_start = m.end()
        return head

    def _repeats(self, earlier: int, i: int) -> bool:
        """Whether the heading of line ``i`` and the first line after it
        repeat, word for word, those of line ``earlier``: text that
        extraction from a PDF gave twice (a page's block, a heading)."""
        text, starts, ends = self.text, self.starts, self.ends

        def words(line: int) -> str:
            return " ".join(text[starts[line]:ends[line]].split())

        if words(earlier) != words(i):
            return False

        def next_line(line: int) -> int | None:
            for j in range(line + 1, min(self.n, line + 4)):
                if text[starts[j]:ends[j]].strip():
                    return j
            return None

        a, b = next_line(earlier), next_line(i)
        if a is None or b is None:
            return a is None and b is None
        return a != i and words(a) == words(b)

    def _note_before(self, i: int) -> tuple[int, int, int] | None:
        """The marginal note printed on the lines just before the untitled
        numbered section of line ``i`` ("Power to intercept" over "12. (1) …"),
        as (its first line, its start, its end); None when those lines are
        the end of the section before, a heading's title or anything else.

        A note is one to four short lines of a title's words, none blank,
        directly above the number, after a blank line or a sentence's end."""
        if self.md or "num" not in self.article_types:
            return None
        head = self._head(i)
        if head is None or head.type != "num" or head.title is not None:
            return None
        text, starts, ends = self.text, self.starts, self.ends
        first = i
        for j in range(i - 1, max(self.front_end_line, i - 4) - 1, -1):
            a, b = starts[j], ends[j]
            line = text[a:b].strip()
            if not line:
                break
            if len(line) > 60 or line[-1] in ",;:\u2013\u2014" or _SENTENCE_VERB.search(f" {line} ") \
                    or _PARA_MARK.match(line) or self._sub_mark(line, 0, len(line)) or self._head(j) is not None:
                return None if j == i - 1 else (self._note_from(first, i) if self._note_starts(first) else None)
            first = j
        if first == i or not self._note_starts(first):
            return None
        return self._note_from(first, i)

    def _note_starts(self, first: int) -> bool:
        """Whether a marginal note may begin on line ``first``: a capital
        first, after the end of a sentence, a blank line (not one under a
        heading that waits for its title) or nothing."""
        text, starts, ends = self.text, self.starts, self.ends
        line = text[starts[first]:ends[first]].strip()
        if not line[0].isupper():
            return False
        j = first - 1
        if j < self.front_end_line:
            return True
        before = text[starts[j]:ends[j]].strip()
        if before:
            return before[-1] in ".;:]"
        while j >= self.front_end_line and not text[starts[j]:ends[j]].strip():
            j -= 1
        if j < self.front_end_line or first - j > 4:
            return True
        head = self._head(j)
        return head is None or head.title is not None or head.body_start is not None

    def _note_from(self, first: int, i: int) -> tuple[int, int, int]:
        text = self.text
        start = _lstrip_at(text, self.starts[first], self.ends[first])
        end = _rstrip_at(text, start, self.ends[i - 1])
        return first, start, end

    def _special_head(self, line_start: int, p: int, b: int, md: bool, bold: bool) -> _Head | None:
        """A schedule's heading ('SECOND SCHEDULE', 'Appendix B – Forms'),
        an arrangement of sections or table of contents, an explanatory
        memorandum or statement: a whole line of its own (a title may follow
        a schedule's keyword after a dash or colon)."""
        text = self.text
        end = b - 2 if bold and text.endswith(("**", "__"), p, b) else b
        m = _LISTING_HEAD.match(text, p, end)
        if m is not None:
            if text[m.end():end].strip(" \t.:") or not text[p].isupper():
                return None
            if m.group("contents"):
                head = _Head("contents", "Contents", None, line_start, p, md)
            else:
                words = " ".join(m.group("memo").split())
                head = _Head("memorandum", words[0].upper() + words[1:].lower(), None, line_start, p, md)
            head.head_end = end
            return head
        m = _SCHEDULE_HEAD.match(text, p, end)
        if m is None:
            return None
        kw = m.group("kw").capitalize()
        ordinal = m.group("ord")
        if ordinal and ordinal.lower() != "the":
            kw = f"{ordinal.capitalize()} {kw.lower()}"
        head = _Head("schedule", kw, m.group("num"), line_start, p, md)
        head.head_end = q = m.end()
        rest = text[q:end]
        if not rest.strip():
            return head
        sep = _SEPARATOR.match(text, q, end)
        if sep is not None and text[q:sep.end()].strip():
            t0 = sep.end()
            t = text[t0:end]
            if t.strip() and not _SENTENCE_VERB.search(t) and end - t0 <= 250 and not t.lstrip()[0].islower():
                head.title, head.title_start, head.title_end = _clean_title(text, t0, end)
                head.head_end = end
                return head
            return None
        if _BRACKETED.match(rest.strip()):  # 'FIRST SCHEDULE (section 12)'
            head.head_end = end
            return head
        return None

    @staticmethod
    def _md_plain(line_start: int, p: int, b: int) -> _Head:
        """A Markdown heading that is not structural (document title, 'Notes'…)."""
        head = _Head("mdh", None, None, line_start, p, True)
        head.head_end = b
        return head

    # -- the main pass ---------------------------------------------------

    def run(self) -> Draft:
        text = self.text
        starts, ends, n = self.starts, self.ends, self.n
        classes = self._line_classes()
        heads: dict[int, _Head] = {}
        for i in range(self.front_end_line, n):
            if classes[i] == 0:
                h = self._head(i)
                if h is not None:
                    heads[i] = h
        listings = self._listings(heads, classes)
        article_types = _article_types({h.type for h in heads.values()},
                                       any(h.type == "num" and h.strong for h in heads.values()))
        self.article_types = article_types
        self.articles_are_sections = bool(article_types & {"sect", "num"})
        self.articles_are_signs = "para" in article_types

        def structural(h: _Head) -> bool:
            return _structural(h.type, article_types)

        # Document title.
        root = Unit("document", 0, 0, body_start=0)
        first = next((i for i in range(self.front_end_line, n) if classes[i] != 1), None)
        title_line = None
        if first is not None:
            h = heads.get(first)
            if h is not None and h.type == "mdh":
                title_line = first
                root.title, _, root.heading_end = _clean_title(text, h.head_start, h.head_end)
                root.heading_start = h.start  # the heading span keeps its Markdown '#' marker
            elif h is None and classes[first] == 0:
                a, b = starts[first], ends[first]
                s = text[a:b].strip()
                if len(s) <= 200 and s[-1] not in ".;:," and not _PARA_MARK.match(s) \
                        and not self._sub_mark(text, a + len(text[a:b]) - len(text[a:b].lstrip()), b):
                    title_line = first
                    lead = len(text[a:b]) - len(text[a:b].lstrip())
                    root.title, root.heading_start, root.heading_end = s, a + lead, a + lead + len(s)
        if title_line is not None:
            root.body_start = root.heading_end or 0
            root.end = root.heading_end or 0

        # First structural line and the preamble.
        first_struct = next((i for i in sorted(heads) if structural(heads[i])), n)
        preamble_line = None
        for i in range(title_line + 1 if title_line is not None else self.front_end_line, first_struct):
            h = heads.get(i)
            if h is not None and h.type == "preamble":
                preamble_line = i
                break
        if preamble_line is None:
            j = next((i for i in range(title_line + 1 if title_line is not None else self.front_end_line, first_struct)
                      if classes[i] != 1), None)
            if j is not None and classes[j] == 0:
                a = starts[j]
                lead = len(text[a:ends[j]]) - len(text[a:ends[j]].lstrip())
                if _PREAMBLE_WORDS.match(text, a + lead, ends[j]):
                    preamble_line = j

        # Marginal notes on the lines before untitled numbered sections: their titles.
        notes: dict[int, tuple[int, int, int]] = {}
        if "num" in article_types and not self.md:
            for i in sorted(heads):
                h = heads[i]
                if h.type == "num" and h.title is None and i >= first_struct:
                    note = self._note_before(i)
                    if note is not None and (title_line is None or note[0] > title_line) \
                            and not (preamble_line is not None and note[0] <= preamble_line < i) \
                            and not any(j in heads or j in notes for j in range(note[0], i)):
                        notes[i] = note

        # Build the tree.
        owner = root
        segs: list[tuple[int, int, int, int] | None] = []
        divisions: list[Unit] = []
        consumed: set[int] = {j for i, (first, _, _) in notes.items() for j in range(first, i)}
        heading_spans: list[tuple[int, int]] = []
        if root.heading_start is not None and title_line is not None:
            heading_spans.append((root.heading_start, root.heading_end or root.heading_start))
        listing_end = None
        last_article: tuple[int, str | None] | None = None  # the line and number of the last section opened
        repeated = False
        for i in range(self.front_end_line, n):
            if i == title_line or i in consumed:
                continue
            if listing_end is not None and i >= listing_end:
                # The arrangement of sections (or memorandum) ends: what follows is the law's.
                self._flush(owner, segs)
                segs = []
                divisions = [d for d in divisions if d.kind not in _LISTINGS]
                owner = divisions[-1] if divisions else root
                listing_end = None
            cls = classes[i]
            if cls == 1:
                segs.append(None)
                continue
            h = heads.get(i) if cls == 0 else None
            if h is not None and h.type in _LISTINGS:
                listing_end = listings.get(i)
            if h is not None and h.type == "num" and h.title is None and divisions \
                    and any(d.kind == "schedule" for d in divisions):
                h = None  # '1. The fee is …' in a schedule: its paragraph 1, not a section
            if h is not None and last_article is not None and h.number == last_article[1] \
                    and h.type not in _RANK and structural(h) and self._repeats(last_article[0], i):
                h = None  # the same heading and text again, as extraction repeats a page: no second section
                repeated = True
            if h is not None and i >= first_struct and structural(h):
                self._flush(owner, segs)
                segs = []
                if h.type in _RANK:
                    kind = h.type
                    while divisions and _RANK[divisions[-1].kind] >= _RANK[kind]:
                        divisions.pop()
                else:
                    kind = "section" if (h.type == "sect" and "article" in article_types) else "article"
                    if kind == "section":
                        while divisions and _RANK[divisions[-1].kind] >= _RANK["section"]:
                            divisions.pop()
                parent = divisions[-1] if divisions else root
                unit = self._unit_from_head(kind, h, parent, i, classes, heads, consumed)
                if i in notes:
                    _, note_start, note_end = notes[i]
                    unit.start = unit.heading_start = note_start
                    unit.title = " ".join(_clean_title(text, note_start, note_end)[0].split())
                heading_spans.append((unit.heading_start or unit.start, unit.heading_end or unit.start))
                if kind in _RANK:
                    divisions.append(unit)
                    last_article = None
                else:
                    last_article = (i, h.number)
                owner = unit
                if h.body_start is not None:
                    segs.append((h.body_start, ends[i], h.body_start, 0))
                continue
            if i == preamble_line:
                self._flush(owner, segs)
                segs = []
                a = starts[i]
                lead = len(text[a:ends[i]]) - len(text[a:ends[i]].lstrip())
                if h is not None and h.type == "preamble":
                    unit = Unit("preamble", h.start, h.head_end, heading_start=h.start,
                                heading_end=h.head_end, body_start=h.head_end, parent=root)
                    heading_spans.append((h.start, h.head_end))
                    if h.body_start is not None:
                        segs.append((h.body_start, ends[i], h.body_start, 0))
                else:
                    unit = Unit("preamble", a + lead, a + lead, body_start=a + lead, parent=root)
                    segs.append((a, ends[i], a + lead, lead))
                root.children.append(unit)
                owner = unit
                continue
            segs.append(self._segment(i, cls, h))
        self._flush(owner, segs)
        if root.title is None:
            # No title line: the first heading names the document (its span stays the heading's).
            first_head = next((u for u in root.walk() if u.heading_start is not None and u is not root), None)
            if first_head is not None and first_head.heading_end is not None:
                root.title = " ".join(text[first_head.heading_start:first_head.heading_end].split())
                root.heading_start, root.heading_end = first_head.heading_start, first_head.heading_end

        self._make_sentences()
        order = list(root.walk())
        for unit in reversed(order):  # a unit ends where its last descendant ends
            parent = unit.parent
            if parent is not None and unit.end > parent.end:
                parent.end = unit.end
            if not unit.children:
                unit.children = NO_CHILDREN  # type: ignore[assignment]
        draft = Draft(text, self.path, self.syntax, root, starts, ends, order)
        draft._front_end = starts[self.front_end_line] if self.front_end_line < n else len(text)
        if listings:
            # What an arrangement of sections lists are entries, not references.
            heading_spans.extend((u.start, u.end) for u in root.children if u.kind == "contents")
        heading_spans.sort()
        self.heading_starts = [s for s, _ in heading_spans]
        self.heading_spans = heading_spans
        draft.terms = self._terms(draft)
        draft.references = self._references(draft)
        draft._ref_starts = [r.start for r in draft.references]
        draft._shape = Shape(frozenset(article_types), self.front_end_line, self.front_reach, self.detected,
                             heading_spans, bool(listings or notes or repeated)
                             # (in a schedule, '1. …' is a paragraph unless titled: see above)
                             or ("num" in article_types and "schedule" in draft._of_kind()))
        return draft

    def _listings(self, heads: dict[int, _Head], classes: list[int]) -> dict[int, int]:
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
            if head.type not in _LISTINGS:
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
                    if _ENACTING.match(text, _lstrip_at(text, starts[j], ends[j]), ends[j]):
                        end = j
                        break
                    if contents and self._reads_as_body(j):
                        # The body of a section: the arrangement ended at its heading.
                        end = listed.pop() if previous_head else j
                        break
                    previous_head = False
                    continue
                previous_head = True
                if h.type in _LISTINGS or (h.type == "schedule" and not contents):
                    end = j  # (an arrangement lists the schedules too)
                    break
                if contents and h.body_start is not None:
                    end = j  # an entry has no text of its own: '1. This Act …' is the law's
                    break
                if contents:
                    key = (h.type, _norm_number(h.number) if h.number else None, h.keyword)
                    if key in keys:
                        end = j
                        break
                    keys.add(key)
                elif h.type in _RANK or h.type in ("article", "sect", "para") or (
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

    def _segment(self, i: int, cls: int, h: _Head | None) -> tuple[int, int, int, int]:
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

    def _unit_from_head(self, kind: str, h: _Head, parent: Unit, i: int, classes: list[int],
                        heads: dict[int, _Head], consumed: set[int]) -> Unit:
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
                if p >= 0 and kind not in _LISTINGS:
                    p = _lstrip_at(text, p, b)
                    t = text[p:b] if b - p < 400 else ""
                    ok = bool(t.strip()) and not _PARA_MARK.match(t) and not self._sub_mark(text, p, b) \
                        and not (kind == "schedule" and _BRACKETED.match(t.rstrip()))
                    if ok and kind in _RANK:
                        letters = [ch for ch in t if ch.isalpha()]
                        ok = (bool(letters) and all(ch.isupper() for ch in letters) and len(t) <= 250) \
                            or _looks_like_title(t)
                    elif ok:
                        ok = _looks_like_title(t) and len(t.strip()) <= 160
                    if ok:
                        unit.title, ts, te = _clean_title(text, p, b)
                        unit.heading_end = unit.body_start = unit.end = max(te, ts)
                        consumed.add(j)
        parent.children.append(unit)
        return unit

    # -- bodies: paragraphs and subparagraphs ------------------------------

    @staticmethod
    def _sub_mark(text: str, p: int, b: int) -> tuple[str, str | None, int] | None:
        m = _SUB_MARK.match(text, p, b)
        if m is None:
            return None
        if m.group("b"):
            if m.end() >= b:
                return None
            return "bullet", None, m.end()
        if m.group("s4"):
            return "upper", m.group("s4"), m.end()
        token = m.group("s1") or m.group("s2") or m.group("s3")
        if token is None:
            return None
        if not (len(token) == 1 or _is_roman(token) or (len(token) == 2 and token[0] == token[1])):
            return None
        if m.group("s2") and m.end() < b and text[m.end()].islower() and len(token) > 1:
            return None
        return "letter", token, m.end()

    def _add_run(self, unit: Unit, s: int, e: int) -> None:
        text = self.text
        e = _rstrip_at(text, s, e)
        s = _lstrip_at(text, s, e)
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

    def _flush(self, owner: Unit, segs: list[tuple[int, int, int, int] | None]) -> None:
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
            m = _PARA_MARK.match(text, seg[2], seg[1])
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
                num = m.group("n1") or m.group("n2") or m.group("n3")
                mark_end = m.end()
                e = _rstrip_at(text, p, mark_end)
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
            sm = self._sub_mark(text, p, b)
            if sm is not None:
                style, token, body = sm
                if para is None:
                    para = Unit("paragraph", p, p, body_start=p, parent=owner)
                    owner.children.append(para)
                    stack = []
                if style == "letter" and token is not None and _is_roman(token):
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
                e = _rstrip_at(text, p, body)
                unit = Unit("subparagraph", p, e, number=token, body_start=body, parent=parent)
                parent.children.append(unit)
                stack.append((unit, style, token))  # type: ignore[arg-type]
                self.open_unit = None
                self._add_run(unit, body, b)
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
            after = _lstrip_at(text, at + len(mark), b) if at != -1 else b
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
            start = _lstrip_at(text, at + 4, b)
            nxt = chr(ord(letter) + 1)
            end = text.find(f"({nxt}) ", start, b) if letter < "z" else -1
            while end != -1 and not _ITEM_END.search(text, max(start, end - 8), end):
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
            elif first and _PARA_MARK.match(text, p, b):
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
                e = _rstrip_at(text, p, body)
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
        m = _PARA_MARK.match(text, p, b)
        if m is not None:
            return "number", m.group("n1") or m.group("n2") or m.group("n3"), m.end()
        m = _UPPER_MARK.match(text, p, b)
        if m is not None:
            token = m.group("u")
            top = stack[-1] if stack else None
            # '(I)', '(II)' under '(i)': subclauses; '(C)' after them is the next subparagraph.
            if top is not None and ((top[1] == "roman" and token == "I") or (
                    top[1] == "upper-roman" and _is_roman(token.lower()) and top[0].number
                    and _roman_value(token.lower()) == _roman_value(top[0].number.lower()) + 1)):
                return "upper-roman", token, m.end()
            if len(token) == 1:
                return "upper", token, m.end()
            return None
        sm = self._sub_mark(text, p, b)
        if sm is None:
            return None
        style, token, body = sm
        if style == "bullet":
            return f"bullet{indent}", None, body
        if token is not None and _is_roman(token) and stack:
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
            if last_roman is not None and _roman_value(token) == _roman_value(last_roman) + 1:
                return "roman"
            return "letter"
        if len(token) == 2 and token[0] == token[1] and last_letter is not None and len(last_letter) == 2:
            return "letter"
        return "roman"

    # -- sentences and ends ----------------------------------------------

    def _make_sentences(self) -> None:
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
                q = _lstrip_at(text, q, e)
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
            start = _lstrip_at(text, end, e)
        if start < e:
            end = _rstrip_at(text, start, e)
            if end > start:
                out.append(Unit("sentence", start, end, body_start=start, parent=parent, children=NO_CHILDREN))

    # -- defined terms --------------------------------------------------

    def _terms(self, draft: Draft, lo: int = 0, hi: int | None = None) -> list[DefinedTerm]:
        """Terms defined in text[lo:hi] (a definition never spans two lines)."""
        text = self.text
        out = []
        lo = max(lo, draft._front_end)
        for m in _DEFINITION.finditer(text, lo, len(text) if hi is None else hi):
            raw_s, raw_e = m.span("term")
            term = text[raw_s:raw_e]
            stripped = term.strip()
            if not stripped or not any(ch.isalpha() for ch in stripped):
                continue
            s = raw_s + (len(term) - len(term.lstrip()))
            e = s + len(stripped)
            unit = draft._structural_at(raw_s - 1)
            out.append(DefinedTerm(stripped, s, e, raw_s - 1, max(unit.end, m.end()), unit))
        return out

    # -- cross-references -----------------------------------------------

    def _in_heading(self, offset: int) -> bool:
        i = bisect_right(self.heading_starts, offset) - 1
        return i >= 0 and self.heading_spans[i][0] <= offset < self.heading_spans[i][1]

    def _references(self, draft: Draft) -> list[CrossReference]:
        text = self.text
        out: list[CrossReference] = []
        lo = draft._front_end
        has_section_divisions = draft.has("section")
        last: tuple[int, str | None, str | None] | None = None  # end, last number, instrument
        for m in _REFERENCE.finditer(text, lo):
            if self._in_heading(m.start()):
                continue
            ref, last = self._reference(m, draft, last, has_section_divisions)
            if ref is not None:
                out.append(ref)
        return out

    def _reference(self, m: re.Match, draft: Draft, last: tuple[int, str | None, str | None] | None,
                   has_section_divisions: bool) -> tuple[CrossReference | None, tuple | None]:
        """The cross-reference a match of _REFERENCE makes (None when it makes
        none), and what the next match may continue ('… paragraph 1.b' after
        'Articles 2, 3, 6'): its end, its last number and its instrument."""
        text = self.text
        s, e = m.span()
        source = draft._structural_at(s)
        groups = m.groupdict()
        article = paragraph = subparagraph = None
        targets: list[Unit] = []
        if groups["skw"] is not None or groups["gkw"] is not None:
            numbers = self._list_numbers(groups["slist"] or groups["glist"])
            article = numbers[0] if numbers else None
            paragraph = groups.get("sp")
            subparagraph = groups.get("ss")
        elif groups["akw"] is not None:
            numbers = self._list_numbers(groups["alist"])
            article = numbers[0] if numbers else None
        elif groups["a1kw"] is not None:
            numbers = [" ".join(groups["anum"].split())]
            article = numbers[0]
            if groups["apara"]:
                im = _ITEM_PARTS.search(groups["apara"])
                if im:
                    paragraph = im.group("n")
                    subparagraph = im.group("s1") or im.group("s2") or im.group("s3")
            elif groups["pp"]:
                paragraph, subparagraph = groups["pp"], groups["ps"]
        else:
            numbers = []
        instrument = self._instrument(s, e)
        follows = (groups["pkw"] is not None and not groups["part"] and last is not None
                   and last[0] <= s and s - last[0] <= 3 and _JUST_AFTER.search(text, last[0], s))
        if follows and instrument is None:
            # 'Articles 2, 3, 6 paragraph 1.b': the paragraph of the article just named.
            instrument = last[2]
        if instrument is not None:
            return (CrossReference(s, e, text[s:e], article, paragraph, subparagraph, source, [], instrument),
                    (e, numbers[-1] if numbers else article, instrument))
        if groups["pkw"] is not None:
            items = [im for im in _ITEM_PARTS.finditer(groups["plist"])]
            if not items:
                return None, last
            first = items[0]
            paragraph = first.group("n")
            subparagraph = first.group("s1") or first.group("s2") or first.group("s3")
            if groups["part"]:
                article = " ".join(groups["part"].split())
                host = draft.article(article)
            elif follows:
                article = last[1]
                host = draft.article(article) if article else None
            else:
                host = source.enclosing("article")
            if host is not None:
                targets = self._resolve_items(host, groups["plist"], items)
        elif groups["skw"] is not None:
            if self.articles_are_sections:
                targets = self._articles(draft, numbers, paragraph, subparagraph, source)
            elif has_section_divisions:
                chapter = source.enclosing("chapter", "part")
                pool = [u for u in (chapter.walk() if chapter else draft.root.walk()) if u.kind == "section"]
                targets = [u for num in numbers for u in pool if u.number == num][:len(numbers)]
            else:
                return None, last  # 'section 5' in prose with no sections to point to
        elif groups["gkw"] is not None:
            targets = self._articles(draft, numbers, paragraph, subparagraph, source) if self.articles_are_signs else []
        else:
            targets = self._articles(draft, numbers, paragraph, subparagraph, source)
        ref = CrossReference(s, e, text[s:e], article, paragraph, subparagraph, source, targets)
        return ref, ((e, numbers[-1], None) if numbers else last)

    def _articles(self, draft: Draft, numbers: list[str], paragraph: str | None,
                  subparagraph: str | None, source: Unit | None = None) -> list[Unit]:
        lookup = draft.article
        schedule = source.enclosing("schedule") if source is not None else None
        if schedule is not None:
            # A schedule that reproduces another law's sections: its own
            # 'section 5' first, then the law's.
            local = self._schedule_articles(schedule)
            if local:
                def lookup(number: str) -> Unit | None:
                    return local.get(_norm_number(number)) or draft.article(number)
        found = [u for u in (lookup(n) for n in numbers) if u is not None]
        if len(numbers) == 1 and found and paragraph:
            para = self._child(found[0], "paragraph", paragraph)
            if para is None:
                return []
            if subparagraph:
                sub = self._child(para, "subparagraph", subparagraph)
                return [sub] if sub is not None else []
            return [para]
        return found

    def _schedule_articles(self, schedule: Unit) -> dict[str, Unit]:
        """The sections a schedule holds, by number (found once per schedule)."""
        known = self.__dict__.setdefault("_in_schedule", {})
        found = known.get(id(schedule))
        if found is None:
            found = known[id(schedule)] = {}
            for unit in schedule.walk():
                if unit.kind == "article" and unit.number is not None:
                    found.setdefault(_norm_number(unit.number), unit)
        return found

    @staticmethod
    def _child(unit: Unit, kind: str, number: str) -> Unit | None:
        for child in unit.children:
            if child.kind == kind and child.number == number:
                return child
        if kind == "subparagraph":  # a subparagraph under an unnumbered lead-in
            for child in unit.children:
                if child.kind == "subparagraph" and child.number is None:
                    found = _Parser._child(child, kind, number)
                    if found is not None:
                        return found
        return None

    def _resolve_items(self, host: Unit, plist: str, items: list[re.Match]) -> list[Unit]:
        targets: list[Unit] = []
        prev_end = None
        prev_num = None
        prev_sub = None
        for im in items:
            num = im.group("n")
            between = plist[prev_end:im.start()] if prev_end is not None else ""
            if prev_num is not None and num.isdigit() and prev_num.isdigit() and prev_num != num and \
                    _RANGE_WORD.search(between):
                lo_, hi = int(prev_num), int(num)
                for k in range(lo_ + 1, min(hi, lo_ + 500)):
                    para = self._child(host, "paragraph", str(k))
                    if para is not None:
                        targets.append(para)
            para = self._child(host, "paragraph", num)
            sub = im.group("s1") or im.group("s2") or im.group("s3")
            if para is not None and sub and prev_sub and prev_num == num and len(sub) == 1 \
                    and len(prev_sub) == 1 and _RANGE_WORD.search(between):
                for k in range(ord(prev_sub) + 1, ord(sub)):
                    found = self._child(para, "subparagraph", chr(k))
                    if found is not None:
                        targets.append(found)
            prev_sub = sub
            unit = para
            if para is not None and sub:
                unit = self._child(para, "subparagraph", sub)
                if unit is not None and im.group("r"):
                    unit = self._child(unit, "subparagraph", im.group("r"))
            if unit is not None and unit not in targets:
                targets.append(unit)
            prev_end, prev_num = im.end(), num
        return targets

    @staticmethod
    def _list_numbers(list_text: str) -> list[str]:
        numbers: list[str] = []
        pending_range = False
        for tm in _LIST_TOKENS.finditer(list_text):
            if tm.group("range"):
                pending_range = bool(numbers)
                continue
            num = " ".join(tm.group("n").split())
            if pending_range and numbers[-1].isdigit() and num.isdigit():
                lo_, hi = int(numbers[-1]), int(num)
                numbers.extend(str(k) for k in range(lo_ + 1, min(hi, lo_ + 1000)))
            pending_range = False
            numbers.append(num)
        return numbers

    def _instrument(self, s: int, e: int) -> str | None:
        text = self.text
        before = _INSTRUMENT_BEFORE.search(text, max(0, s - 16), s)
        if before:
            return before.group(1).lower()
        after = _INSTRUMENT_AFTER_ABBR.match(text, e, min(len(text), e + 40))
        if after:
            return after.group(1).lower()
        of = _OF_THE.match(text, e, min(len(text), e + 60))
        if of is None or of.group("self"):
            return None
        words: list[str] = []
        q = of.end()
        limit = min(len(text), q + 160)
        while q < limit:
            wm = _NAME_WORD.match(text, q, limit)
            if wm is None:
                break
            words.append(wm.group(0))
            q = wm.end()
            sp = q
            while q < limit and text[q] in " \t":
                q += 1
            if q == sp:
                break
        while words and words[-1][0].islower():
            words.pop()
        if not words or not words[0][0].isupper():
            return None
        name = " ".join(words)
        lower = name.lower()
        if "covenant on civil" in lower or lower in ("covenant", "iccpr"):
            return "iccpr"
        if "covenant on economic" in lower or lower == "icescr":
            return "icescr"
        if "universal declaration" in lower or lower in ("declaration", "udhr"):
            return "udhr"
        if ("european convention" in lower and "human rights" in lower) or \
                "protection of human rights and fundamental freedoms" in lower or lower == "echr":
            return "echr"
        if len(words) == 1 and words[0] in _SELF_NAMES:
            return None
        if any(w in _INSTRUMENT_WORDS for w in words):
            return name
        return None

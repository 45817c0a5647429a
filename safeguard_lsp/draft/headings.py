"""Headings: which line opens an article, a section, a division, a schedule,
a preamble or an arrangement of sections, with its number and title; the
marks that open paragraphs and items; a marginal note above a number.

``LineReader`` reads one line at a time over a text and its line bounds;
the parser (parser.py) builds on it, and a re-parse (reparse.py) reads the
lines of an edited article with it.
"""

from __future__ import annotations

import re

from .text import LazyPattern, lstrip_at, rstrip_at


def _lazy(name: str, *args) -> LazyPattern:
    return LazyPattern(globals(), name, *args)


# How a keyword is shown in labels, whatever its case or abbreviation in the draft.
_KEYWORD = {"article": "Article", "art.": "Article", "section": "Section", "§": "§",
            "part": "Part", "chapter": "Chapter", "title": "Title", "sub-part": "Part",
            "subpart": "Part"}


# The heading patterns allow, between a keyword and its number, the spaces a
# word processor puts there: no-break (U+00A0), narrow no-break (U+202F), thin (U+2009).
SUFFIX = r"(?:[ \t]?(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|novies|decies)\b)"
# Numbers as laws write them beside the keyword, beyond '12', '12A', '12 bis'
# and roman numerals: in brackets ('Article (12)', as translations of laws
# often print them), spelled out ('Article Twelve', 'CHAPTER ONE'), in parts
# ('Article 323-1', 'Article 3.1': a code's numbering by title) and with a
# code's letter ('Article L. 34-1'). heading_number() gives the number looked up.
_SPELLED_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SPELLED = (r"(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:" + _SPELLED_UNITS + r"))?"
            r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|" + _SPELLED_UNITS
            + r")(?![\w-])")
IN_PARTS = r"\d{1,4}(?:[-.]\d{1,4}){1,2}(?![\w]|[-.]\d)"
_CODE_LETTER = r"[LRD]\.?[ \u00a0]?\d{1,4}(?:-\d{1,4}){0,2}(?![\w])"
_BRACKETED = r"\(\d{1,4}[A-Za-z]?\)"
_ARTICLE_HEAD = _lazy("_ARTICLE_HEAD",
    r"(?P<kw>Article|ARTICLE|Art\.|ART\.)[ \t\u00a0\u202f\u2009]*"
    r"(?P<num>" + _BRACKETED + "|" + IN_PARTS + "|" + _CODE_LETTER + r"|\d{1,4}(?:[A-Za-z](?![A-Za-z]))?" + SUFFIX
    + r"?|[IVXLC]{1,7}\b|(?<=\s)" + _SPELLED + ")"
    r"[\u00ba\u00b0]?"  # an ordinal indicator, as translations keep it: 'Article 1º', 'Art. 1°'
)
_SECTION_HEAD = _lazy("_SECTION_HEAD",
    r"(?P<kw>SECTION|Section|SEC\.|Sec\.)[ \t\u00a0\u202f\u2009]*(?<=[\s.])(?P<num>" + _BRACKETED
    + r"|\d{1,4}(?:[A-Za-z](?![A-Za-z]))?" + SUFFIX + r"?|[IVXLC]{1,7}\b|[A-Z]\b)"
)
_PARASIGN_HEAD = _lazy("_PARASIGN_HEAD", r"(?P<kw>§)[ \t\u00a0\u202f\u2009]*(?P<num>\d{1,4}[a-z]?" + SUFFIX + r"?)")
_DIVISION_HEAD = _lazy("_DIVISION_HEAD",
    # A code's "Division 477—…" groups its sections as a Part does; "Part 10.7" is numbered by its chapter.
    r"(?P<kw>PART|Part|CHAPTER|Chapter|TITLE|Title|SUB-PART|Sub-part|SUBPART|Subpart|DIVISION|Division)[ \t\u00a0\u202f\u2009]+"
    r"(?P<num>[IVXLCDM]{1,7}\b|\d{1,4}(?:\.\d{1,3})?[A-Za-z]?\b|" + _BRACKETED + "|" + _SPELLED + r"|[A-Z]\b)"
)
# '5. …', '5. — …', and the dash written close, as Acts print it: '5.—(1) …', '4.-(1) …'.
# Also the stop left out before the first subsection: '5(1) A person …' (a
# capital after it: '5(1) of this Act', a wrapped reference, opens nothing).
_NUMBERED_HEAD = _lazy("_NUMBERED_HEAD", r"(?P<num>\d{1,4}[A-Z]?)(?:\.(?:[ \t\u00a0\u202f\u2009]*[\u2013\u2014-]"
                                         r"(?=[ \t\u00a0\u202f\u2009]*[(\w])|(?=[ \t\u00a0\u202f\u2009]+\S))"
                                         r"|(?=\(1\)[ \t\u00a0\u202f\u2009]+[A-Z]))"
                                         # '477.1 Unauthorised access …', a code numbered by its division: a
                                         # heading only where a title follows (_numbered_title), never a
                                         # paragraph '5.1 Each Party shall …' of article 5
                                         r"|(?P<decimal>\d{1,4}\.\d{1,3}[A-Z]?)(?=[ \t\u00a0\u202f\u2009]+[A-Z])")
# A title closed by a full stop and a dash, the body after it on the line:
# '66. Computer-related offences.\u2014If any person …', '2. Interpretation:\u2013In this Act …'.
_TITLE_DASH = _lazy("_TITLE_DASH", r"(?P<title>[A-Z][^\n]{0,150}?)[.:][ \t]*[\u2013\u2014-]{1,2}[ \t]*(?=\S)")
_ORDINALS = ("First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth")
_SCHEDULE_HEAD = _lazy("_SCHEDULE_HEAD",
    r"(?i:(?P<ord>" + _ORDINALS + r"|The)[ \t]+)?"
    r"(?P<kw>SCHEDULE|Schedule|APPENDIX|Appendix|ANNEXURE|Annexure|ANNEX|Annex)\b"
    r"(?:[ \t\u00a0\u202f\u2009]+(?P<num>[IVXLC]{1,7}\b|\d{1,3}[A-Z]?\b|[A-Z]\b))?"
)
_LISTING_HEAD = _lazy("_LISTING_HEAD",
    r"(?P<contents>(?i:arrangement[ \t]+of[ \t]+(?:sections|clauses|articles|regulations|provisions)"
    r"|table[ \t]+of[ \t]+contents)|CONTENTS|Contents)"
    r"|(?P<memo>(?i:explanatory[ \t]+(?:memorandum|statement|notes?)"
    r"|(?:memorandum|statement)[ \t]+of[ \t]+objects[ \t]+and[ \t]+reasons|objects[ \t]+and[ \t]+reasons)"
    r"|MEMORANDUM|Memorandum)"
)
# The words that enact a bill or name it, which end a memorandum placed before it.
ENACTING = _lazy("ENACTING", r"(?:BE[ \t]+IT[ \t]+ENACTED|Be[ \t]+it[ \t]+enacted|ENACTED[ \t]+by|Enacted[ \t]+by"
                               r"|A[ \t]+BILL\b|A[ \t]+Bill[ \t]+for|AN[ \t]+ACT\b|An[ \t]+Act[ \t]+to)")
# A marginal note printed beside a section's number, before it on the line:
# "Power to intercept 12. (1) An officer may …". The note is bounded, so the
# lazy match tries at most its length in places.
_MARGINAL_HEAD = _lazy("_MARGINAL_HEAD",
    r"(?P<note>[A-Z][A-Za-z'\u2019,()\- ]{0,100}?[a-z)])[ \t]+(?P<num>\d{1,4}[A-Z]?)\.[ \t]+(?=\(1\)|\(a\)|[A-Z])")
# Words a marginal note does not end with: the line is a sentence citing a number.
_NOT_NOTE_END = frozenset("of to and or the under in by with for from on at section sections subsection"
                          " article paragraph regulation regulations rule item clause page chapter part see".split())
# A bracketed reference under a schedule's heading ("(Section 4)"): not its title.
BRACKETED = _lazy("BRACKETED", r"[(\[][^()\[\]]{0,60}[)\]]\Z")
_PREAMBLE_HEAD = _lazy("_PREAMBLE_HEAD", r"(?P<kw>Preamble|PREAMBLE)\b")
_MD_HEADING = _lazy("_MD_HEADING", r"(#{1,6})[ \t]+")
# One separator, or a stop or colon and a dash, spaced or not ('5.-', '3. —', '2:–').
_SEPARATOR = _lazy("_SEPARATOR", r"[ \t\u00a0\u202f\u2009]*(?:[.:][ \t\u00a0\u202f\u2009]*(?:[\u2013\u2014]+|-+)|[.:|\u2013\u2014]+|-+)"
                                 r"[ \t\u00a0\u202f\u2009]*")
PREAMBLE_WORDS = _lazy("PREAMBLE_WORDS",
    r"(?:The\s+(?:States?|Parties|member|High\s+Contracting|General\s+Assembly|Contracting)|"
    r"Recalling|Considering|Recogni[sz]ing|Noting|Mindful|Affirming|Reaffirming|Concerned|"
    r"Convinced|Desiring|Bearing\s+in\s+mind|Having\s+regard|Having\s+considered|Whereas|WHEREAS|"
    r"Acknowledging|Emphasi[sz]ing|Stressing|Determined|Aware|Welcoming|Conscious|Believing|"
    r"Deeply\s+concerned|Taking\s+into\s+account)\b"
)

# '1.', '(1)', '1)', and '5.1' (paragraph 1 of article 5, as some treaties
# number them: the parser takes it only inside article 5).
PARA_MARK = _lazy("PARA_MARK",
    r"(?:(?P<n1>\d{1,3})\.(?=[ \t]|$)|\((?P<n2>\d{1,3}[a-z]?)\)(?=[ \t]|$|[A-Z])|(?P<n3>\d{1,3})\)(?=[ \t])"
    r"|(?P<n4of>\d{1,4})\.(?P<n4>\d{1,3})\.?(?=[ \t]))[ \t]*"
)


def para_number(m: re.Match, owner_number: str | None) -> str | None:
    """The paragraph number a PARA_MARK match gives, or None where it is a
    number of another article's ('5.1' outside article 5)."""
    if m.group("n4") is not None:
        return m.group("n4") if owner_number is not None and m.group("n4of") == owner_number else None
    return m.group("n1") or m.group("n2") or m.group("n3")
SUB_MARK = _lazy("SUB_MARK",
    r"(?:\((?P<s1>[a-z]{1,4})\)|(?P<s2>[a-z]{1,4})\)|(?P<s3>[a-z])\.(?=[ \t])|\((?P<s4>[A-Z])\)"
    r"|(?P<b>[-*+\u2022\u2013\u2014])(?=[ \t]))[ \t]*"
)
# How an item of a list run together on one line ends before the next one's letter.
ITEM_END = _lazy("ITEM_END", r"(?:;|;[ \t]*(?:or|and)|,[ \t]*(?:or|and))[ \t]+\Z")
UPPER_MARK = _lazy("UPPER_MARK", r"\((?P<u>[A-Z]{1,4})\)[ \t]*")
_ROMAN = _lazy("_ROMAN", r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\Z")
FENCE = _lazy("FENCE", r"[ \t]{0,3}(```|~~~)")
FRONT_KV = _lazy("FRONT_KV", r"#+[ \t]*[A-Z][\w -]{0,30}:[ \t]")


def roman_value(token: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for k, ch in enumerate(token):
        v = values.get(ch, 0)
        if k + 1 < len(token) and values.get(token[k + 1], 0) > v:
            total -= v
        else:
            total += v
    return total


def is_roman(token: str) -> bool:
    return bool(_ROMAN.match(token))


def looks_like_title(t: str) -> bool:
    t = t.strip().strip("*_").strip()
    if not t or len(t) > 200 or t[0].islower():
        return False
    if t[-1] in ",;:\u2013\u2014":  # a lead-in ("… with a warrant—") opens a list, it names nothing
        return False
    if _SENTENCE_VERB.search(t):  # "A licence is valid for …": a body of one sentence
        return False
    if _OPENS_SENTENCE.match(t):  # "A person who intercepts data commits an offence."
        return False
    words = t.count(" ") + 1
    if words > 25:
        return False
    if t[-1] == ".":
        return words <= 12 and ". " not in t[:-1]
    return True


def sentence_wrapped(line: str, next_line: str) -> bool:
    """Whether a line that could be an untitled heading's title is the first
    line of its body instead, a sentence wrapped onto the next line: that line
    goes on in lower case ('… sent through an' / 'information system …'), and
    the first opens a sentence ('Whoever, intentionally …', 'Any person who')
    or is longer than a title runs."""
    following = next_line.lstrip()
    if not following or not following[0].islower():
        return False
    line = line.strip()
    first = line.split(" ", 1)[0].rstrip(",")
    return first in _BODY_OPENERS or len(line) > 80 or _RELATIVE.search(line) is not None


_RELATIVE = _lazy("_RELATIVE", r"\b(?:who|whoever|which|whose)\b")
# The opening of a sentence that defines who it is about: no title opens so.
_OPENS_SENTENCE = _lazy("_OPENS_SENTENCE",
    r"(?:Whoever|(?:Any|Every|Each|No|A|An|The)\s+(?:[\w-]+\s+){0,2}?(?:person|one|body|entity|company|officer|provider|"
    r"individual|user)s?,?\s+(?:who|which|that)\b)|(?:Any(?:one)?|Every(?:one)?|Each|No|A|An|The)\b[^,.;]{0,40}?\b"
    r"(?:who|whoever|which|that)\s+\w+s\b")


# Words that make a line a sentence (a body) rather than a heading's title.
_SENTENCE_VERB = _lazy("_SENTENCE_VERB", r" (?:shall|must|is|are|may|will) ")


# Words that open the body of a provision, seen after the words of its title
# on the same line ("1. Short title This Act may be cited as …").
_BODY_OPENERS = frozenset(
    "The This These Those A An Any Every Each No Nothing Notwithstanding In Where If When Whenever"
    " Whoever Subject Save Except Unless Without It There Such All Upon Despite Until Only Neither".split()
)
_BODY_VERBS = frozenset("shall must may is are means includes will has have".split())
_CLAUSE_VERBS = frozenset("may is are has have".split())
_TOKEN = _lazy("_TOKEN", r"\S+")
_INLINE_MARK = _lazy("_INLINE_MARK", r"\((?:\d{1,3}|[a-z]|[ivx]{1,4}|[A-Z])\)\Z")


def inline_title(text: str, start: int, end: int) -> tuple[int, int] | None:
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
                after = _TOKEN.match(text, lstrip_at(text, m.end(), end), end)
                if after is None or not after.group()[0].isupper():
                    continue  # an abbreviation inside the title ("Amendment of Cap. 9")
                if words <= 12 and len(token) > 2:
                    return m.end() - 1, after.start()  # "Short title. This Act …"
            return None
    return None


def clean_title(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Trim emphasis markers, brackets and a final period off a title span."""
    while start < end and (text[start] in "*_([" or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in "*_)]." or text[end - 1].isspace()):
        end -= 1
    return text[start:end], start, end


class Head:
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


_SPELLED_VALUES = {word: value for value, word in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    " seventeen eighteen nineteen".split(), 1)}
_TENS = {word: value for value, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}


def heading_number(written: str) -> str:
    """The number a heading gives its unit, as references look it up: spaces
    made single, brackets dropped ('(12)' is 12), a spelled number in digits
    ('Twenty-One' is 21)."""
    number = " ".join(written.split())
    if number.startswith("(") and number.endswith(")"):
        return number[1:-1]
    if len(number) > 1 and number[-1] == "o" and number[:-1].isdigit():
        return number[:-1]  # 'ARTICLE 1o.': the ordinal indicator typed as a letter
    words = number.lower().replace("-", " ").split()
    if words and words[0] in _TENS and (len(words) == 1 or words[1] in _SPELLED_VALUES):
        return str(_TENS[words[0]] * 10 + (_SPELLED_VALUES[words[1]] if len(words) > 1 else 0))
    if len(words) == 1 and words[0] in _SPELLED_VALUES:
        return str(_SPELLED_VALUES[words[0]])
    return number


class LineReader:
    """The lines of a text as its headings read. What it reads is set by
    the parser: ``text``, ``starts`` and ``ends`` (each line's bounds),
    ``n`` (the number of lines), ``md`` (Markdown), ``front_end_line`` and
    ``article_types`` (which headings make articles)."""

    text: str
    starts: list[int]
    ends: list[int]
    n: int
    md: bool
    front_end_line: int
    article_types: set[str]

    def heading(self, i: int, candidate_article_types: bool = True) -> Head | None:
        """Recognise a structural heading on line i (None for other lines)."""
        text = self.text
        a, b = self.starts[i], self.ends[i]
        b = rstrip_at(text, a, b)
        p = lstrip_at(text, a, b)
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
        head: Head | None = None
        m = None
        if c in "AaSsCcPpTtDd§0123456789":
            if c in "Pp" and (m := _PREAMBLE_HEAD.match(text, p, b)):
                head = Head("preamble", None, None, line_start, p, md)
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
                head = Head("article", "Article", m.group("num"), line_start, p, md)
            elif c in "Ss" and (m := _SECTION_HEAD.match(text, p, b)):
                head = Head("sect", "Section", m.group("num"), line_start, p, md)
            elif c == "§" and (m := _PARASIGN_HEAD.match(text, p, b)):
                head = Head("para", "§", m.group("num"), line_start, p, md)
            elif c in "CcPpTtSsDd" and (m := _DIVISION_HEAD.match(text, p, b)):
                kw = m.group("kw").lower()
                kind = {"part": "part", "chapter": "chapter", "title": "title"}.get(kw, "part")
                head = Head(kind, _KEYWORD.get(kw, kw.capitalize()), m.group("num"), line_start, p, md)
            elif c.isdigit() and (m := _NUMBERED_HEAD.match(text, p, b)):
                head = Head("num", "Section", m.group("num") or m.group("decimal"), line_start, p, md)
        if head is None and c in "SsAaTtCcEeMmOoFfNn" and b - p <= 300:
            special = self._special_head(line_start, p, b, md, bold)
            if special is not None:
                return special
        if head is None and not md and c.isupper() and self._number_follows(p, b) \
                and (m := _MARGINAL_HEAD.match(text, p, b)) is not None:
            return self._marginal_head(m, line_start, p)
        if head is None or m is None:
            return self._md_plain(line_start, p, b) if md else None
        return self._titled(head, m, line_start, p, b, bold, md)

    def _titled(self, head: Head, m: re.Match, line_start: int, p: int, b: int, bold: bool,
                md: bool) -> Head | None:
        """The heading whose keyword and number ``m`` matched, with the title
        and the start of the body its line holds after them (None when the
        rest of the line makes it no heading)."""
        text = self.text
        if head.number is not None:
            head.number = heading_number(head.number)
        q = m.end()
        if bold and text.startswith(("**", "__"), q):
            q += 2
        head.head_end = q
        rest = text[q:b] if b - q < 400 else text[q:q + 400] + "x" * 30
        if head.type == "num":
            return self._numbered_title(head, rest, q, b)
        if not rest.strip():
            return head
        return self._title_after_keyword(head, m, rest, q, line_start, p, b, bold, md)

    def _numbered_title(self, head: Head, rest: str, q: int, b: int) -> Head | None:
        """A numbered heading ('1. Scope'): its title, its body on the same
        line, or neither (a weak heading: '1. The …' may be a paragraph)."""
        text = self.text
        stripped = rest.lstrip(" \t\u00a0\u202f\u2009")
        off = q + len(rest) - len(stripped)
        if stripped.startswith("(1)") or stripped.startswith("(a)"):
            head.body_start = off
        elif (dash := _TITLE_DASH.match(text, off, b)) is not None \
                and not _SENTENCE_VERB.search(f" {dash.group('title')} "):
            head.title, head.title_start, head.title_end = clean_title(text, off, dash.end("title"))
            head.head_end = head.title_end
            head.body_start = dash.end()
        elif (split := inline_title(text, off, b)) is not None:
            head.title, head.title_start, head.title_end = clean_title(text, off, split[0])
            head.head_end = head.title_end
            head.body_start = split[1]
        elif looks_like_title(stripped) and b - off <= 200:
            head.title, head.title_start, head.title_end = clean_title(text, off, b)
            head.head_end = b
        elif "." in head.number:
            return None  # '5.1 Each Party shall …': a paragraph of article 5, or text
        else:
            head.strong = False
            head.body_start = off
        return head

    def _title_after_keyword(self, head: Head, m: re.Match, rest: str, q: int, line_start: int, p: int, b: int,
                             bold: bool, md: bool) -> Head | None:
        """An article's, section's or division's heading: the title after a
        separator or a space, and the body after the title when the line
        holds one ('Section 5. Illegal access A person who …')."""
        text = self.text
        allow_body = head.type in ("article", "sect", "para")
        sep = _SEPARATOR.match(rest)
        if sep and sep.end() > 0 and rest[:sep.end()].strip():
            t0 = q + sep.end()
            t = text[t0:b] if b - t0 < 400 else text[t0:t0 + 400] + "x" * 30
            if not t.strip():
                return head
            body_sep = "".join(rest[:sep.end()].split()) in (".", ":", "-", "\u2013", "\u2014", ".-", ".\u2013", ".\u2014",
                                                            ":-", ":\u2013", ":\u2014")
            if allow_body and body_sep and t.startswith(("(1)", "(a)")):
                head.head_end = q + len(rest[:sep.end()].rstrip())  # "Section 5.—(1) A person …"
                head.body_start = t0
                return head
            if allow_body and body_sep and (split := inline_title(text, t0, b)) is not None:
                # "Section 5. Illegal access A person who …"
                head.title, head.title_start, head.title_end = clean_title(text, t0, split[0])
                head.head_end = head.title_end
                head.body_start = split[1]
                return head
            if looks_like_title(t) and b - t0 <= 200:
                head.title, head.title_start, head.title_end = clean_title(text, t0, b)
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
            if not md and allow_body and t and (split := inline_title(text, t0, b)) is not None:
                # "Section 5 Illegal access A person who …": the title, then the body.
                head.title, head.title_start, head.title_end = clean_title(text, t0, split[0])
                head.head_end = head.title_end
                head.body_start = split[1]
                return head
            if t and (t[0].isupper() or t[0].isdigit() or t[0] in "(\u201c\"'[") and looks_like_title(t) \
                    and b - t0 <= 200:
                head.title, head.title_start, head.title_end = clean_title(text, t0, b)
                head.head_end = b
                return head
            if md and t and b - t0 <= 200 and not t[0].islower():
                head.title, head.title_start, head.title_end = clean_title(text, t0, b)
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
            # '12. ', or a section inserted by an amendment: '12A. '
            if text[k - 1].isdigit() or (text[k - 1].isupper() and text[k - 2].isdigit()):
                return True
            k = text.find(". ", k + 1, limit)
        return False

    def _marginal_head(self, m: re.Match, line_start: int, p: int) -> Head | None:
        """A section whose marginal note comes before its number on the line:
        the note is its title, the text after the number its body."""
        note = m.group("note")
        words = note.split()
        if len(words) > 12 or words[-1].lower() in _NOT_NOTE_END or _SENTENCE_VERB.search(f" {note} "):
            return None
        head = Head("num", "Section", m.group("num"), line_start, p, False)
        head.title, head.title_start, head.title_end = clean_title(self.text, *m.span("note"))
        head.head_end = m.end("num") + 1
        head.body_start = m.end()
        return head

    def repeats(self, earlier: int, i: int) -> bool:
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

    def note_before(self, i: int) -> tuple[int, int, int] | None:
        """The marginal note printed on the lines just before the untitled
        numbered section of line ``i`` ("Power to intercept" over "12. (1) …"),
        as (its first line, its start, its end); None when those lines are
        the end of the section before, a heading's title or anything else.

        A note is one to four short lines of a title's words, none blank,
        directly above the number, after a blank line or a sentence's end."""
        if self.md or "num" not in self.article_types:
            return None
        head = self.heading(i)
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
                    or PARA_MARK.match(line) or self.sub_mark(line, 0, len(line)) or self.heading(j) is not None:
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
        head = self.heading(j)
        return head is None or head.title is not None or head.body_start is not None

    def _note_from(self, first: int, i: int) -> tuple[int, int, int]:
        text = self.text
        start = lstrip_at(text, self.starts[first], self.ends[first])
        end = rstrip_at(text, start, self.ends[i - 1])
        return first, start, end

    def _special_head(self, line_start: int, p: int, b: int, md: bool, bold: bool) -> Head | None:
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
                head = Head("contents", "Contents", None, line_start, p, md)
            else:
                words = " ".join(m.group("memo").split())
                head = Head("memorandum", words[0].upper() + words[1:].lower(), None, line_start, p, md)
            head.head_end = end
            return head
        m = _SCHEDULE_HEAD.match(text, p, end)
        if m is None:
            return None
        kw = m.group("kw").capitalize()
        ordinal = m.group("ord")
        if ordinal and ordinal.lower() != "the":
            kw = f"{ordinal.capitalize()} {kw.lower()}"
        head = Head("schedule", kw, m.group("num"), line_start, p, md)
        head.head_end = q = m.end()
        rest = text[q:end]
        if not rest.strip():
            return head
        sep = _SEPARATOR.match(text, q, end)
        if sep is not None and text[q:sep.end()].strip():
            t0 = sep.end()
            t = text[t0:end]
            if t.strip() and not _SENTENCE_VERB.search(t) and end - t0 <= 250 and not t.lstrip()[0].islower():
                head.title, head.title_start, head.title_end = clean_title(text, t0, end)
                head.head_end = end
                return head
            return None
        if BRACKETED.match(rest.strip()):  # 'FIRST SCHEDULE (section 12)'
            head.head_end = end
            return head
        return None

    @staticmethod
    def _md_plain(line_start: int, p: int, b: int) -> Head:
        """A Markdown heading that is not structural (document title, 'Notes'…)."""
        head = Head("mdh", None, None, line_start, p, True)
        head.head_end = b
        return head

    @staticmethod
    def sub_mark(text: str, p: int, b: int) -> tuple[str, str | None, int] | None:
        """The mark of a list item at ``p`` ('(a)', 'b)', '(iv)', '(A)', a
        bullet): its style, its letter or numeral, where its text starts."""
        m = SUB_MARK.match(text, p, b)
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
        if not (len(token) == 1 or is_roman(token) or (len(token) == 2 and token[0] == token[1])):
            return None
        if m.group("s2") and m.end() < b and text[m.end()].islower() and len(token) > 1:
            return None
        return "letter", token, m.end()

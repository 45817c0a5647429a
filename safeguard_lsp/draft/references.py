"""Cross-references: 'Article 5', 'paragraph 2 (b) of Article 7',
'sections 3 to 6', '§ 4', each resolved to the units it names in the draft,
or marked as pointing into another instrument ('Article 19 of the ICCPR')."""

from __future__ import annotations

import re
from bisect import bisect_right

from .headings import IN_PARTS, SUFFIX
from .model import CrossReference, Unit
from .text import LazyPattern, norm_number

# typing.TYPE_CHECKING without importing typing (it slows every `check`'s
# start): type checkers treat this constant the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .document import Draft


def _lazy(name: str, *args) -> LazyPattern:
    return LazyPattern(globals(), name, *args)


_NUM = r"\d{1,4}(?:[A-Za-z](?![A-Za-z]))?" + SUFFIX + r"?"
# A section numbered by its division ("section 477.1", "Sections 478.1 and 477.2"), tried first.
_SNUM = r"(?:\d{1,4}\.\d{1,3}(?![\w]|\.\d)|" + _NUM + r")"
_LIST_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+to\s+|\s+through\s+|\s+thru\s+|\s*[-\u2013\u2014]\s*)"
_ITEM = (r"\d{1,3}[a-z]?(?![\w])(?:\.[a-z](?![a-z])|[ \t]?\([a-z]{1,4}\)|[ \t][a-z]\.(?=[ivx]))?"
         r"(?:\.?[ivx]{1,4}(?![\w]))?")
REFERENCE = _lazy("REFERENCE",
    r"(?=[AaPpSs\u00a7])(?<![\w-])(?:"
    r"(?P<akw>Articles|ARTICLES|articles|Arts\.|arts\.|ARTS\.)\s*(?P<alist>" + _NUM + r"(?:" + _LIST_SEP + _NUM + r")*)"
    r"|(?P<a1kw>Article|ARTICLE|article|Art\.|art\.|ART\.)\s*(?:\((?P<abracketed>\d{1,4}[A-Za-z]?)\)"
    r"|(?P<anum>" + IN_PARTS + "|" + _NUM + r"))"
    r"(?:(?P<apara>\s*,?\s*(?:paragraph|para\.)\s*" + _ITEM + r")|\((?P<pp>\d{1,3})\)(?:\((?P<ps>[a-z]{1,4})\))?)?"
    r"|(?P<pkw>[Pp]aragraphs?|PARAGRAPHS?|paras?\.)\s*(?P<plist>" + _ITEM + r"(?:" + _LIST_SEP + _ITEM + r")*)"
    r"(?P<ptail>\s*,?\s*(?:of\s+this\s+(?:article|Article|ARTICLE|section|Section)"
    r"|of\s+(?:Article|article|Art\.|art\.|section|Section)\s*(?P<part>" + _NUM + r")|above|below|hereof))?"
    r"|(?P<skw>[Ss]ections?|SECTIONS?)\s+(?P<slist>" + _SNUM + r"(?:" + _LIST_SEP + _SNUM + r")*)"
    r"(?:\((?P<sp>\d{1,3})\)(?:\((?P<ss>[a-z]{1,4})\))?)?"
    r"|(?P<gkw>§§?)\s*(?P<glist>" + _NUM + r"(?:" + _LIST_SEP + _NUM + r")*)"
    r")"
)
_ITEM_PARTS = _lazy("_ITEM_PARTS",
    r"(?P<n>\d{1,3}[a-z]?)(?![\w])(?:\.(?P<s1>[a-z])(?![a-z])|[ \t]?\((?P<s2>[a-z]{1,4})\)|[ \t](?P<s3>[a-z])\.(?=[ivx]))?"
    r"(?:\.?(?P<r>[ivx]{1,4})(?![\w]))?"
)
_LIST_TOKENS = _lazy("_LIST_TOKENS", r"(?P<n>" + _SNUM + r")|(?P<range>\bthrough\b|\bthru\b|\bto\b|[-\u2013\u2014])")
_RANGE_WORD = _lazy("_RANGE_WORD", r"\bthrough\b|\bthru\b|\bto\b|[-\u2013\u2014]")
_JUST_AFTER = _lazy("_JUST_AFTER", r"[ \t,]{0,3}\Z")
_INSTRUMENT_BEFORE = _lazy("_INSTRUMENT_BEFORE", r"\b(ICCPR|UDHR|ECHR|ICESCR)\)?[ \t]*,?[ \t]*\Z")
_INSTRUMENT_AFTER_ABBR = _lazy("_INSTRUMENT_AFTER_ABBR", r"[ \t]*,?[ \t]*(?:of[ \t]+(?:the[ \t]+)?)?\(?(ICCPR|UDHR|ECHR|ICESCR)\b")
_OF_THE = _lazy("_OF_THE", r"[ \t]*,?\s*of\s+(?P<self>this\b|these\b|the\s+present\b|present\b)?(?:the\s+)?")
_NAME_WORD = _lazy("_NAME_WORD", r"[A-Z][\w'\u2019-]*|\d{4}|on|of|the|and|for|to|in|with|against|de")
_INSTRUMENT_WORDS = frozenset(
    "Covenant Declaration Convention Charter Treaty Protocol Act Code Law Constitution Statute Rules"
    " Regulation Directive Agreement Principles Guidelines Resolution Decision Comment ICCPR UDHR ECHR"
    " ICESCR Ordinance Decree Bill".split()
)
_SELF_NAMES = frozenset("Convention Treaty Law Act Protocol Code Agreement Instrument Regulation"
                        " Directive Decree Ordinance Bill".split())

class ReferenceReader:
    """Finds and resolves the cross-references of a draft's text: which
    headings make articles decides what 'section 5' and '§ 5' point to,
    and a reference written in a structural heading is none."""

    def __init__(self, text: str, heading_spans: list[tuple[int, int]], article_types) -> None:
        self.text = text
        self.heading_spans = heading_spans
        self.heading_starts = [s for s, _ in heading_spans]
        self.articles_are_sections = bool(set(article_types) & {"sect", "num"})
        self.articles_are_signs = "para" in article_types
        self._in_schedule: dict[int, dict[str, Unit]] = {}

    # -- cross-references -----------------------------------------------

    def in_heading(self, offset: int) -> bool:
        """Whether ``offset`` lies in a structural heading ('Article 5 –
        Scope' names the article, it refers to nothing)."""
        i = bisect_right(self.heading_starts, offset) - 1
        return i >= 0 and self.heading_spans[i][0] <= offset < self.heading_spans[i][1]

    def all(self, draft: Draft) -> list[CrossReference]:
        """Every cross-reference of the draft, in the order of the text."""
        out: list[CrossReference] = []
        self.found_in(draft, draft.front_end, len(self.text), None, out)
        return out

    def found_in(self, draft: Draft, lo: int, hi: int, last, out: list[CrossReference],
                 reach: int | None = None) -> tuple[tuple | None, bool]:
        """The references that start in text[lo:hi] (matched in the text up
        to ``reach``, its end by default), added to ``out``; ``last``, what
        the reference before them leaves for the next (see :meth:`reference`).
        Returns that as it is after them, and False when one of them runs
        past ``hi`` (then not all were read)."""
        has_section_divisions = draft.has("section")
        for m in REFERENCE.finditer(self.text, max(lo, draft.front_end), len(self.text) if reach is None else reach):
            if m.start() >= hi:
                break
            if m.end() > hi:
                return last, False
            if self.in_heading(m.start()):
                continue
            ref, last = self.reference(m, draft, last, has_section_divisions)
            if ref is not None:
                out.append(ref)
        return last, True

    def reference(self, m: re.Match, draft: Draft, last: tuple[int, str | None, str | None] | None,
                   has_section_divisions: bool) -> tuple[CrossReference | None, tuple | None]:
        """The cross-reference a match of REFERENCE makes (None when it makes
        none), and what the next match may continue ('… paragraph 1.b' after
        'Articles 2, 3, 6'): its end, its last number and its instrument."""
        text = self.text
        s, e = m.span()
        source = draft.structural_at(s)
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
            numbers = [self._single_number(draft, groups["abracketed"] or groups["anum"])]
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

    @staticmethod
    def _single_number(draft: Draft, written: str) -> str:
        """The article a singular 'Article N' names: a number in parts
        ('323-1', '3.1') whole where the draft has such an article, else its
        first part (a range or a paragraph written after the article's number)."""
        number = " ".join(written.split())
        if number[:1].isdigit() and ("-" in number or "." in number) and draft.article(number) is None:
            return re.split(r"[-.]", number, maxsplit=1)[0]
        return number

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
                    return local.get(norm_number(number)) or draft.article(number)
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
        known = self._in_schedule
        found = known.get(id(schedule))
        if found is None:
            found = known[id(schedule)] = {}
            for unit in schedule.walk():
                if unit.kind == "article" and unit.number is not None:
                    found.setdefault(norm_number(unit.number), unit)
        return found

    @staticmethod
    def _child(unit: Unit, kind: str, number: str) -> Unit | None:
        for child in unit.children:
            if child.kind == kind and child.number == number:
                return child
        if kind == "subparagraph":  # a subparagraph under an unnumbered lead-in
            for child in unit.children:
                if child.kind == "subparagraph" and child.number is None:
                    found = ReferenceReader._child(child, kind, number)
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

"""Read a draft's provisions: each article's parts, with a role and elements.

An article is read part by part. A part is a paragraph, or, where a lead-in
governs a list ("A person who— (a) accesses … (b) intercepts …, commits an
offence"), each item of the list, which takes the lead-in's role and elements
and adds its own. The reading of an article is its parts' readings and the role
that takes precedence among them.
"""

from __future__ import annotations

import re
import weakref
from collections import OrderedDict
from functools import cached_property

from safeguard_lsp.draft import Draft, Unit
from safeguard_lsp.draft.text import LazyPattern
from safeguard_lsp.reading import cues, disk
from safeguard_lsp.reading.model import ELEMENTS, ROLES, Element, Reading


def _lazy(name: str, *args) -> LazyPattern:
    # Compiled when first used, from the program kept by an earlier process (keptpatterns.py).
    return LazyPattern(globals(), name, *args)


_SENTENCE_END = _lazy("_SENTENCE_END", r"[.;:](?=\s)|\n\s*\n")


class ArticleReading:
    """The reading of one article: its role and the readings of its parts."""

    __slots__ = ("article", "role", "parts", "title_role", "part_roles")

    def __init__(self, article: Unit, role: str, parts: list[tuple[Unit, Reading]], title_role: str | None):
        self.article = article
        self.role = role
        self.parts = parts
        self.title_role = title_role
        # Most rules are about one or two roles that most articles hold no part
        # of: a selector asks this before looking at any part.
        self.part_roles = frozenset(reading.role for _, reading in parts)

    def readings(self, role: str | None = None) -> list[tuple[Unit, Reading]]:
        return [(u, r) for u, r in self.parts if role is None or r.role == role]

    def whole(self) -> Reading:
        """All parts' elements together, under the article's role: each
        element merged when first asked for (a finding's reading line shows
        a few of them)."""
        readings = [reading for _, reading in self.parts]
        merged = Reading(self.role, roles=frozenset(r.role for r in readings))
        names = set()
        for reading in readings:
            elements = reading.elements
            names.update(dict.keys(elements))
            if isinstance(elements, _LazyElements):
                names.update(elements._names)

        def make(target: _LazyElements, name: str) -> None:
            found = None  # as read: a part's empty list is kept empty
            for reading in readings:
                elements = reading.elements.get(name)
                if elements is not None:
                    found = (found or []) + elements
            if found is not None:
                dict.__setitem__(target, name, found)

        merged.elements = _LazyElements(make, names)
        return merged


class Reader:
    """Reads the articles of one draft, each once."""

    def __init__(self, draft: Draft):
        # Not the draft itself: a reader kept for a draft (READERS) must not keep it alive.
        self.text = draft.text
        self._path = draft.path  # where its readings are kept on disk (disk.py)
        self._root = draft.root
        self._has_articles = bool(draft.articles)
        self._articles: dict[int, ArticleReading] = {}
        READERS.setdefault(draft, self)
        # An article's parts and roles, asked for again by each rule that looks
        # for the instrument's safeguard articles: found once per draft.
        self._roles: dict[int, list[tuple[Unit, str]]] = {}
        # Each article's units and the key its reading is kept by (built once:
        # roles are often asked for before the reading itself).
        self._keys: dict[int, tuple[list[Unit], tuple]] = {}

    def article(self, unit: Unit) -> ArticleReading | None:
        article = unit if unit.kind == "article" else unit.enclosing("article")
        if article is None:
            # A text without articles (a clause, an example) is read as one.
            if self._has_articles:
                return None
            article = self._root
        found = self._articles.get(id(article))
        if found is None:
            found = self._articles[id(article)] = _remembered(self.text, article, *self._key(article),
                                                                    self._path)
        return found

    def _key(self, article: Unit) -> tuple[list[Unit], tuple]:
        found = self._keys.get(id(article))
        if found is None:
            found = self._keys[id(article)] = _key(self.text, article)
        return found

    def roles(self, article: Unit) -> list[tuple[Unit, str]]:
        """The parts of an article and their roles, without their elements
        (what a search for an instrument's safeguard provisions needs)."""
        roles = self._roles.get(id(article))
        if roles is None:
            roles = self._roles[id(article)] = self._find_roles(article)
        return roles

    def _find_roles(self, article: Unit) -> list[tuple[Unit, str]]:
        found = self._articles.get(id(article))
        if found is not None:
            return [(unit, reading.role) for unit, reading in found.parts]
        units, key = self._key(article)
        kept = _KEPT.get(key)
        if kept is None:
            found = self.article(article)
            return [(unit, reading.role) for unit, reading in found.parts] if found else []
        return [(units[index], reading.role) for index, reading in kept[2]]

    def reading(self, unit: Unit) -> Reading | None:
        """The reading of the part that holds ``unit`` (or of the whole article)."""
        if unit.enclosing("preamble") is not None:
            return Reading("preamble")
        article = self.article(unit)
        if article is None:
            return None
        if unit is article.article:
            return article.whole()
        for part, reading in article.parts:
            if part.start <= unit.start and unit.end <= part.end:
                return reading
        return article.whole()


# The first reader made for each draft, for whoever asks about the same draft
# later (a finding's reading in the output, a hover), while the draft lives.
READERS: "weakref.WeakKeyDictionary[Draft, Reader]" = weakref.WeakKeyDictionary()


# -- readings kept between checks --------------------------------------------
# An article's reading depends only on its own text and units, so an edit
# elsewhere leaves it as it was: readings are kept by the article's text and
# structure, with offsets relative to the article, for the next check (and for
# other drafts that share the article).
_KEPT: OrderedDict = OrderedDict()
_KEPT_MAX = 8192


def _key(text: str, article: Unit) -> tuple[list[Unit], tuple]:
    start = article.start
    units = list(article.walk())
    return units, (text[start:article.end], article.body_start - start, article.title,
                   tuple((u.kind, u.start - start, u.end - start, u.number) for u in units))


def _remembered(text: str, article: Unit, units: list[Unit], key: tuple, path: str | None = None) -> ArticleReading:
    start = article.start
    kept = _KEPT.get(key)
    if kept is None:
        kept = _KEPT[key] = _from_disk_or_read(text, article, units, key, path)
        if len(_KEPT) > _KEPT_MAX:
            _KEPT.popitem(last=False)
    else:
        _KEPT.move_to_end(key)
    role, title_role, parts = kept
    return ArticleReading(article, role, [(units[index], _shifted(reading, start)) for index, reading in parts],
                          title_role)


def _from_disk_or_read(text: str, article: Unit, units: list[Unit], key: tuple, path: str | None) -> tuple:
    """(role, title role, [(index of the part's unit, reading)]), offsets relative
    to the article: as an earlier `check` kept it on disk, else read now."""
    key_digest = disk.digest(key) if disk.keeps(path) else None
    record = disk.load(path, key_digest) if key_digest is not None else None
    if record is not None:
        try:
            role, title_role, parts, how = _rebuilt(key, record)
        except Exception:  # a record of another shape: read afresh
            record = None
    if record is None:
        index = {id(u): i for i, u in enumerate(units)}
        details: list = []
        found = _read_article(text, article, details)
        role, title_role = found.role, found.title_role
        parts = [(index[id(unit)], reading) for unit, reading in found.parts]
        how = [(reader_role, own, context) for own, context, reader_role in details]
    # Made when `check` saves: with the elements its rules asked for by then.
    if key_digest is not None:
        disk.remember(path, key_digest, lambda: _record(role, title_role, parts, how), record)
    return role, title_role, parts


def _record(role: str, title_role: str | None, parts: list, how: list) -> tuple:
    """What disk.py keeps of an article's reading: each part's role, the role
    its elements are read for, its spans, the elements read so far and the
    names of those not read yet."""
    out = []
    for (index, reading), (reader_role, own, context) in zip(parts, how):
        elements = reading.elements
        unread = frozenset(elements._names) if isinstance(elements, _LazyElements) else frozenset()
        out.append((index, reading.role, reader_role, own, context,
                    {name: list(found) for name, found in dict.items(elements)}, unread))
    return role, title_role, out


def _rebuilt(key: tuple, record: tuple) -> tuple:
    """A kept record made a reading again: the roles and the elements read
    as kept, the others read from the article's words when asked for."""
    text, body_offset = key[0], max(key[1], 0)
    article_text = text[body_offset:]
    role, title_role, kept_parts = record
    parts = []
    how = []
    for index, part_role, reader_role, own, context, read_before, unread in kept_parts:
        reading = Reading(part_role)
        found = _Found(text, own + context, reading.elements)
        for name, elements in read_before.items():
            dict.__setitem__(reading.elements, name, list(elements))
        _read_later(found, reading, reader_role, own, " ".join(text[s:e] for s, e in own + context), article_text)
        reading.elements._names.intersection_update(unread)
        parts.append((index, reading))
        how.append((reader_role, own, context))
    return role, title_role, parts, how


class _LazyElements(dict):
    """A reading's elements, each read when first asked for: a check asks for
    few of them (a rule's selector and requirements, the reading of a finding),
    and reading every element of every provision was most of a check's time."""

    __slots__ = ("_make", "_names")

    def __init__(self, make, names):
        super().__init__()
        self._make = make
        self._names = set(names)

    def _fill(self, name) -> None:
        if name in self._names:
            self._names.discard(name)
            # Given itself: a function that named the elements it fills (or
            # their reading) would hold them in a cycle, left to the
            # collector's full pass, which the server seldom runs.
            self._make(self, name)

    def _fill_all(self) -> None:
        while self._names:
            self._fill(next(iter(self._names)))

    def get(self, name, default=None):
        self._fill(name)
        return dict.get(self, name, default)

    def __getitem__(self, name):
        self._fill(name)
        return dict.__getitem__(self, name)

    def __contains__(self, name):
        self._fill(name)
        return dict.__contains__(self, name)

    def items(self):
        self._fill_all()
        return dict.items(self)

    def keys(self):
        self._fill_all()
        return dict.keys(self)

    def values(self):
        self._fill_all()
        return dict.values(self)

    def __iter__(self):
        self._fill_all()
        return dict.__iter__(self)

    def __len__(self):
        self._fill_all()
        return dict.__len__(self)


def _shifted(reading: Reading, delta: int) -> Reading:
    """A reading with offsets ``delta`` further on, its elements shifted as read."""
    moved = Reading(reading.role, roles=reading.roles)
    source = reading.elements
    names = set(dict.keys(source)) | (source._names if isinstance(source, _LazyElements) else set())

    def make(target: _LazyElements, name: str) -> None:
        elements = source.get(name)
        if elements:
            dict.__setitem__(target, name,
                             [Element(e.name, e.value, e.start + delta, e.end + delta, e.optional) for e in elements])

    moved.elements = _LazyElements(make, names)
    return moved


# -- an article --------------------------------------------------------------
_SCOPE_TITLE = _lazy("_SCOPE_TITLE", r"scope(?: of (?:application|(?:international )?co-?operation))?", re.IGNORECASE)


def _read_article(text: str, article: Unit, details: list | None = None) -> ArticleReading:
    """An article's reading, with offsets relative to the article's start: it
    reads the article's own words only, and is kept between checks.
    ``details``, when given, receives each part's (own spans, context spans, the
    role its elements are read for): what disk.py keeps."""
    base = article.start
    title = article.title or _inline_title(text, max(article.body_start, base), article.end)
    title_role = _title_role(title, text, max(article.body_start, base), article.end)
    if title_role == "other" and _SCOPE_TITLE.fullmatch((title or "").strip(" .:-–—")) \
            and cues.COOPERATION.search(text, max(article.body_start, base), min(article.end, base + 600)):
        title_role = None  # "Scope" of cooperation: which crimes it serves is what its words say
    if title_role in ("definition", "final-clause", "reservation", "other"):
        # Read as a whole: its lists are definitions or clauses, not provisions of their own.
        spans = [(article, [(max(article.body_start, base) - base, article.end - base)], [])]
    else:
        spans = [(unit, _minus(own, base), _minus(context, base)) for unit, own, context in _parts(text, article)]
    text = text[base:article.end]
    body_start = max(article.body_start, article.start) - base
    article_text = text[body_start:]
    makes_offence = _creates(article_text)
    prohibition_is_offence = (makes_offence and bool(cues.CONTRAVENES.search(article_text))) or (
        bool(cues.PROHIBITION.search(article_text)) and bool(cues.PENALTY_ONLY.search(article_text))
        and bool(cues.PENALTY.search(article_text)))
    coop_article = bool(cues.COOPERATION.search(title)) or bool(cues.COOPERATION.search(article_text[:400]))
    parts: list[tuple[Unit, Reading]] = []
    for unit, own, context in spans:
        reading, reader_role = _read_part(text, own, context, title_role, prohibition_is_offence, coop_article,
                                          article_text, makes_offence)
        parts.append((unit, reading))
        if details is not None:
            details.append((own, context, reader_role))
    _conduct_by_reference(text, base, parts)
    _accessory_of_sibling(text, base, parts)
    _measure_by_reference(text, base, parts)
    _warrant_terms(text, base, parts)
    role = title_role or _precedent([r.role for _, r in parts]) or "other"
    if title_role:
        for _, reading in parts:
            if reading.role not in ("exception",):
                reading.role = title_role
    return ArticleReading(article, role, parts, title_role)


_SIBLING = _lazy("_SIBLING", r"\b(?:under|in|of|against|described in|referred to in) (?:sub-?section|paragraph|subparagraph)\s*\(?(\w{1,4})\)?",
                      re.IGNORECASE)


def _conduct_by_reference(text: str, base: int, parts: list) -> None:
    """An aggravated offence ("a person who commits an offence under subsection
    (1) with intent to defraud …") is an offence of the conduct of the
    subsection it names."""
    by_number = {unit.number: reading for unit, reading in parts
                 if unit.number and unit.kind in ("paragraph", "subparagraph")}
    for unit, reading in parts:
        if reading.role not in ("offence", "penalty") or dict.get(reading.elements, "conduct"):
            continue
        own = text[max(0, unit.start - base):unit.end - base]
        if not (cues.MENTAL.search(own) or cues.HARM.search(own)):
            continue
        for m in _SIBLING.finditer(own):
            sibling = by_number.get(m.group(1))
            if sibling is not None and sibling is not reading and dict.get(sibling.elements, "conduct"):
                reading.role = "offence"
                dict.__setitem__(reading.elements, "conduct", list(dict.get(sibling.elements, "conduct")))
                break


def _accessory_of_sibling(text: str, base: int, parts: list) -> None:
    """Helping, urging or attempting the offence of another part of the same
    article ("an offence under subsection (1)", "spreading such information")
    is an offence of that offence's conduct, and accessory to it."""
    by_number = {unit.number: reading for unit, reading in parts
                 if unit.number and unit.kind in ("paragraph", "subparagraph")}
    for k, (unit, reading) in enumerate(parts):
        conduct = dict.get(reading.elements, "conduct") or []
        if reading.role != "offence" or not conduct or conduct[0].value != "accessory":
            continue
        at = max(0, unit.start - base)
        own = text[at:unit.end - base]
        m = next((m for m in _SIBLING.finditer(own) if by_number.get(m.group(1)) not in (None, reading)), None)
        if m is not None:
            principal = _principal(by_number[m.group(1)])
        else:
            m = cues.SUCH_OFFENCE.search(own)
            # The nearest offence before it: "such" names what was just said.
            earlier = (_principal(r) for _, r in reversed(parts[:k]) if r.role == "offence")
            principal = next((found for found in earlier if found), []) if m else []
        if principal:
            dict.__setitem__(reading.elements, "conduct",
                             _borrowed(principal[:1], at + m.start(), at + m.end()) + conduct)


def _principal(reading: Reading) -> list[Element]:
    return [e for e in dict.get(reading.elements, "conduct") or () if e.value != "accessory"]


def _measure_by_reference(text: str, base: int, parts: list) -> None:
    """A power that exercises "the powers in subsection (1)" (without a
    warrant, in urgency, for another purpose) is a power of the measure of the
    subsection it names."""
    by_number = {unit.number: reading for unit, reading in parts
                 if unit.number and unit.kind in ("paragraph", "subparagraph")}
    for unit, reading in parts:
        measures = dict.get(reading.elements, "measure") or []
        if reading.role != "power" or any(e.value != "other" for e in measures):
            continue
        at = max(0, unit.start - base)
        for m in cues.POWERS_OF_SIBLING.finditer(text[at:unit.end - base]):
            sibling = by_number.get(m.group("number"))
            named = [e for e in dict.get(sibling.elements, "measure") or () if e.value != "other"] if sibling else []
            if sibling is not reading and named:
                # Read from the words that refer, so that a finding on this power is shown here.
                dict.__setitem__(reading.elements, "measure",
                                 _borrowed(named, at + m.start(), at + m.end()) + measures)
                break
        else:
            _measures_before(text, at, unit.end - base, reading, parts, measures)


def _measures_before(text: str, at: int, end: int, reading, parts: list, measures: list) -> None:
    """"In urgent cases, those measures may be carried out …": the measures of
    the nearest earlier part of the article that names some (a power, or a
    safeguard on the measures it names)."""
    m = cues.MEASURES_BEFORE.search(text, at, end)
    if m is None:
        return
    earlier = [r for _, r in parts[:next(i for i, (_, r) in enumerate(parts) if r is reading)]]
    for other in reversed(earlier):
        if other.role not in ("power", "safeguard"):
            continue
        named = [e for e in other.elements.get("measure") or () if e.value != "other"]
        if named:
            dict.__setitem__(reading.elements, "measure", _borrowed(named, m.start(), m.end()) + measures)
            return


def _borrowed(elements: list[Element], start: int, end: int) -> list[Element]:
    """Elements read in another part, as read from the words [start, end) that refer to it."""
    values = dict.fromkeys(e.value for e in elements)
    return [Element(elements[0].name, value, start, end, False) for value in values]


def _warrant_terms(text: str, base: int, parts: list) -> None:
    """The terms on which a warrant or order "under this section" is issued
    ("A judge may issue a warrant under this section if …", read as a power
    by _role) are the power's own authorisation: a power of the measure the
    article's other powers name."""
    measures = [e for _, reading in parts if reading.role == "power"
                for e in dict.get(reading.elements, "measure") or () if e.value != "other"]
    if not measures:
        return
    for unit, reading in parts:
        if reading.role != "power" or dict.get(reading.elements, "measure"):
            continue
        at = max(0, unit.start - base)
        m = cues.ISSUES_WARRANT.search(text, at, unit.end - base)
        if m:
            dict.__setitem__(reading.elements, "measure", _borrowed(measures, m.start(), m.end()))


_INLINE_TITLE = _lazy("_INLINE_TITLE", r"\s*([A-Z][^.\n–—:]{2,80}?)\.?\s*[–—-]\s")


def _inline_title(text: str, start: int, end: int) -> str:
    """A title run into the body ("Definition of Terms. – In this Act …"), where
    the draft model has none."""
    m = _INLINE_TITLE.match(text, start, end)
    return m.group(1).strip() if m else ""


def _lead(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span of the words before a list that govern its items: none where
    there are none, or where they are only a title run into the body
    ("Traffic Data and Interception. –"), which names what the items do
    between them, not what each does."""
    if start >= end or not text[start:end].strip():
        return []
    m = _INLINE_TITLE.match(text, start, end)
    if m is not None and not text[m.end():end].strip():
        return []
    return [(start, end)]


def _minus(spans: list[tuple[int, int]], base: int) -> list[tuple[int, int]]:
    return [(s - base, e - base) for s, e in spans]


def _title_role(title: str, text: str, start: int, end: int) -> str | None:
    head = text[start:min(end, start + 300)]
    if title and cues.DEFINITION_TITLE.search(title) and not cues.CREATES_OFFENCE.search(title):
        return "definition"
    if cues.FINAL_TEXT.search(head) or (title and cues.FINAL_TEXT.search(title)):
        # (the title too: a one-sentence article may be taken for its title)
        return "final-clause"
    if title and _all_final(title):
        return "final-clause"
    if title and cues.RESERVATION_TITLE.fullmatch(title.strip(" .:-–—")):
        return "reservation"
    if (cues.DEFINITION.match(head.lstrip()) or (title and cues.DEFINITION.match(title))) \
            and not cues.CREATES_OFFENCE.search(head):
        return "definition"
    if title and cues.OTHER_TITLE.fullmatch(title.strip(" .:-–—")):
        return "other"
    return None


_TITLE_JOINS = _lazy("_TITLE_JOINS", r"\s*(?:,|;|/|\band\b|\bor\b|&)\s*", re.IGNORECASE)


def _all_final(title: str) -> bool:
    """Whether every piece of a title names a final clause ("Signature and ratification")."""
    pieces = [p for p in _TITLE_JOINS.split(title.strip(" .:-–—")) if p]
    return bool(pieces) and all(cues.FINAL_TITLE.fullmatch(p) for p in pieces)


def _precedent(roles: list[str]) -> str | None:
    present = set(roles) - {"other"}
    if not present:
        return None
    return min(present, key=ROLES.index)


def _parts(text: str, article: Unit) -> list[tuple[Unit, list[tuple[int, int]], list[tuple[int, int]]]]:
    """The parts of an article: (unit, its own spans, the spans of the lead-ins
    and closing words that govern it)."""
    body_start = max(article.body_start, article.start)
    paragraphs = [c for c in article.children if c.kind in ("paragraph", "subparagraph")]
    if not paragraphs:
        return [(article, [(body_start, article.end)], [])]
    out: list = []
    first = paragraphs[0].start
    # Words before the first paragraph govern all of them (a lead-in).
    lead = _lead(text, body_start, first)
    for k, paragraph in enumerate(paragraphs):
        if (k + 1 < len(paragraphs) and paragraph.number is None
                and not any(c.kind in ("paragraph", "subparagraph") for c in paragraph.children)
                and _LEAD_END.search(text, paragraph.start, paragraph.end)):
            # An unnumbered paragraph ending "…:" governs those after it.
            lead = lead + [(paragraph.start, paragraph.end)]
            continue
        _split(text, paragraph, lead, out)
    return out


_LEAD_END = _lazy("_LEAD_END", r"(?::|:-|:—|—|–)\s*$")


def _split(text: str, unit: Unit, context: list[tuple[int, int]], out: list) -> None:
    items = [c for c in unit.children if c.kind == "subparagraph"]
    if len(items) >= 2 and _distinct_items(text, items, _creates(text[unit.start:items[0].start])):
        lead_end = items[0].start
        tail_start = items[-1].end
        governing = context + _lead(text, unit.start, lead_end)
        if tail_start < unit.end:
            governing.append((tail_start, unit.end))
        for item in items:
            _split(text, item, governing, out)
        return
    out.append((unit, [(unit.start, unit.end)], context))


def _distinct_items(text: str, items: list[Unit], lead_creates: bool = False) -> bool:
    """Whether a list's items are provisions of their own (each with its own
    conduct, measure or channel of cooperation, or an offence and the
    exception to it), not the pieces of one (the places of one search).
    Under a lead-in that itself creates the offence ("A person commits an
    offence if that person uses a computer to— (a) …"), items each of which
    restricts speech are offences of their own too."""
    kinds = set()
    speech = 0
    for item in items:
        chunk = text[item.start:item.end]
        found = (("exception" if cues.EXCEPTION.search(chunk) and not _creates(chunk) else None)
                 or _primary_conduct(chunk) or _first_value(cues.MEASURE, chunk) or _first_value(cues.CHANNEL, chunk))
        if found:
            kinds.add(found)
        speech += found == "content"
    # "(a) incite … a terrorist act; (b) incite ethnic divisions; …": each weighed apart against article
    # 19(3). (Only under a lead-in that creates the offence: where the closing words "shall be guilty of an
    # offence" come after the items, extraction often leaves them in the last item, and the items apart
    # would lose them.)
    return len(kinds) >= 2 or (lead_creates and kinds == {"content"} and speech >= 2)


_PAST_IN_MATCH = _lazy("_PAST_IN_MATCH", r"\b(?:were|was|been|had)\s+\w+ed\b", re.IGNORECASE)
_NOT_BEFORE = _lazy("_NOT_BEFORE", r"\b(?:not|no|never|neither|nor)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _creates(chunk: str) -> bool:
    """Whether words make an offence ("commits an offence"), not deny one
    ("does not constitute an offence")."""
    for m in cues.CREATES_OFFENCE.finditer(chunk):
        if _NOT_BEFORE.search(chunk, max(0, m.start() - 25), m.start()):
            continue
        if m.group().lower().startswith("punishable") and _DESCRIBES_OFFENCE.search(chunk, max(0, m.start() - 80), m.start()):
            continue  # "an offence listed in … punishable by": describes offences, creates none
        if m.group().lower().startswith("punishable") and _NAMES_PROVISION.match(chunk, m.end()):
            continue  # "a publication punishable under Section 4(c)": the offence is created there
        return True
    return False


# What follows a bare "punishable under" that names another provision (not "this Act").
_NAMES_PROVISION = _lazy("_NAMES_PROVISION", r"\s+(?:sub-?)?(?:sections?|articles?|paragraphs?|§+)\s*\(?\d", re.IGNORECASE)
_DESCRIBES_OFFENCE = _lazy("_DESCRIBES_OFFENCE", r"\b(?:offen[cs]es?|felon(?:y|ies)|crimes?|misdemeanou?rs?)\b[^.;]*$", re.IGNORECASE)


def _serious(chunk: str) -> bool:
    return any(cues.value_of(m) == "serious-offence" for m in cues.STANDARD.finditer(chunk))


def _first_value(pattern: re.Pattern, chunk: str) -> str | None:
    m = pattern.search(chunk)
    return cues.value_of(m) if m else None


def _primary_conduct(chunk: str) -> str | None:
    found = {cues.value_of(m) for m in cues.CONDUCT.finditer(chunk)}
    if "content" in found and not cues.SPEECH_VERB.search(chunk):
        found.discard("content")
    for value in cues.CONDUCT_ORDER:
        if value in found:
            return value
    return None


# -- a part ------------------------------------------------------------------
def _read_part(text: str, own: list[tuple[int, int]], context: list[tuple[int, int]], title_role: str | None,
               prohibition_is_offence: bool, coop_article: bool, article_text: str = "",
               offence_article: bool = False) -> tuple[Reading, str]:
    """The part's reading, and the role its elements are read for (the role may
    change after: an item of an article titled as a definition)."""
    spans = own + context
    chunk = " ".join(text[s:e] for s, e in own)
    every = " ".join(text[s:e] for s, e in spans)
    role = _role(chunk, every, title_role, prohibition_is_offence, coop_article, offence_article, article_text)
    reading = Reading(role)
    found = _Found(text, spans, reading.elements)
    if role == "offence":
        _conduct(found, own, context)  # read now: without one, the provision only sets a penalty
        if not dict.get(reading.elements, "conduct") and (cues.PENALTY_SETS.search(chunk) or cues.PENALTY_REFERENCE.search(chunk)):
            reading.role = role = "penalty"
    elif role == "power":
        _measure(found)
    _read_later(found, reading, role, own, every, article_text)
    return reading, role


def _read_later(found: "_Found", reading: Reading, role: str, own, every: str, article_text: str) -> None:
    """Make the reading's other elements those read when first asked for."""
    readers = _element_readers(found, role, own, every, article_text)
    already = dict(reading.elements)
    text, spans = found.text, found.spans

    def make(target: _LazyElements, name: str) -> None:
        # A fill of its own, given the elements it fills: a function holding
        # them, or their reading, would hold them in a cycle, left to the
        # collector's full pass, which the server seldom runs.
        readers[name](_Found(text, spans, target))

    reading.elements = _LazyElements(make, set(readers))
    for name, elements in already.items():
        dict.__setitem__(reading.elements, name, elements)


def _element_readers(found: "_Found", role: str, own, every: str, article_text: str) -> dict:
    """How each element of a provision with this role is read (when asked)."""
    out = {
        "negated": lambda found: found.flag("negated", cues.NEGATED, own),
        "exception": lambda found: found.flag("exception", cues.EXCEPTION_WORD, own),
        "optional": lambda found: found.flag("optional", cues.OPTIONAL, own),
    }
    if role == "offence":
        text = found.text
        out.update({
            "mental": lambda found: found.read("mental", cues.MENTAL),
            "without-right": lambda found: found.flag("without-right", cues.WITHOUT_RIGHT, _past_headings(found)),
            "harm": lambda found: found.flag("harm", cues.HARM, value="serious"),
            "penalty": lambda found: found.flag("penalty", cues.PENALTY),
            "reverse-burden": lambda found: found.flag("reverse-burden", cues.REVERSE_BURDEN),
            "defence": lambda found: (found.read("defence", cues.DEFENCE, own)
                                if cues.EXCEPTION.search(" ".join(text[s:e] for s, e in own)) else None),
        })
    elif role in ("power", "safeguard"):
        out.update({
            "authoriser": lambda found: _authoriser(found),
            "actor": lambda found: _actor(found),
            "warrantless": lambda found: found.flag("warrantless", cues.WARRANTLESS),
            "standards": lambda found: found.read("standards", cues.STANDARD),
            "time-limit": lambda found: found.flag("time-limit", cues.TIME_LIMIT),
            "notification": lambda found: found.flag("notification", cues.NOTIFICATION),
            "remedy": lambda found: found.flag("remedy", cues.REMEDY),
            "oversight": lambda found: found.flag("oversight", cues.OVERSIGHT),
        })
        if role == "power":
            out.update({
                "limited-duty": lambda found: found.flag("limited-duty", cues.LIMITED_DUTY),
                "scope": lambda found: found.read("scope", cues.SCOPE),
            })
        else:
            # The measure a safeguard limits ("A preservation order shall lapse …").
            out["measure"] = lambda found: _measure(found)
    elif role in ("cooperation", "refusal-ground"):
        out.update({
            "channel": lambda found: found.read("channel", cues.CHANNEL),
            "scope": lambda found: found.read("scope", cues.SCOPE),
            "mla-law": lambda found: found.flag("mla-law", cues.MLA_LAW),
            "dual-criminality": lambda found: found.flag("dual-criminality", cues.DUAL_CRIMINALITY),
            "refusal": lambda found: found.read("refusal", cues.REFUSAL_MODE),
            "refusal-ground": lambda found: found.read("refusal-ground", cues.REFUSAL_GROUND),
        })
    elif role == "exception":
        out["defence"] = lambda found: found.read("defence", cues.DEFENCE, own)
    elif role == "other":
        out["reverse-burden"] = lambda found: found.flag("reverse-burden", cues.PRESUMPTION_AGAINST)
    elif role == "institution":
        out["executive-control"] = lambda found: (
            found.flag("executive-control", cues.EXECUTIVE_CONTROL)
            if cues.INSTITUTION_DOMAIN.search(every) and not cues.INDEPENDENT.search(article_text) else None)
    elif role == "penalty":
        # An aggravated form may yet be read as an offence of a sibling's conduct.
        out.update({
            "penalty": lambda found: found.flag("penalty", cues.PENALTY),
            "mental": lambda found: found.read("mental", cues.MENTAL),
            "harm": lambda found: found.flag("harm", cues.HARM, value="serious"),
            "without-right": lambda found: found.flag("without-right", cues.WITHOUT_RIGHT, _past_headings(found)),
        })
    return out


# An item's heading run into its text ("(2) Unlawful Publication. – …",
# "(a) Unlawful recordings.—Whoever …"): the offence's name, not its elements.
_ITEM_HEADING = _lazy("_ITEM_HEADING", r"\s*(?:\(\w{1,4}\)\s*)?[A-Z][^.,;\n–—:]{2,80}\.\s*[–—]")


def _past_headings(found: "_Found") -> list[tuple[int, int]]:
    """The spans of a provision with the headings of its items left out: an
    offence named "Unlawful publication" does not require its conduct to be
    without right."""
    out = []
    for s, e in found.spans:
        m = _ITEM_HEADING.match(found.text, s, e)
        out.append((m.end() if m else s, e))
    return out


_MODIFIES_OFFENCE = _lazy("_MODIFIES_OFFENCE", r"\b(?:the|this|such) (?:offen[cs]e|conduct)\b", re.IGNORECASE)


class _Facts:
    """What several steps of _role ask of a part's words (whether they create
    an offence, the measure they name, the authority that may act), each found
    once and only when a step needs it: most parts are decided before most of
    these are asked, and each is a cue family run over the part's words."""

    def __init__(self, chunk: str, every: str):
        self.chunk = chunk
        self.every = every

    @cached_property
    def creates_own(self) -> bool:
        return _creates(self.chunk)

    @cached_property
    def creates(self) -> bool:
        return self.creates_own or (self.every != self.chunk and _creates(self.every))

    @cached_property
    def measure(self) -> re.Match | None:
        chunk = self.chunk
        return next((m for m in cues.MEASURE.finditer(chunk)
                     if not cues.PAST_MEASURE.search(chunk, max(0, m.start() - 12), m.start())
                     and not _PAST_IN_MATCH.search(m.group())), None)

    @cached_property
    def authority(self) -> re.Match | None:
        return cues.AUTHORITY_MAY.search(self.every) if self.measure else None

    @cached_property
    def power(self) -> bool:
        measure = self.measure
        return bool(measure) and bool(self.authority or cues.value_of(measure) == "other"
                                      or cues.WARRANTLESS.search(self.chunk))


def _role(chunk: str, every: str, title_role: str | None, prohibition_is_offence: bool, coop_article: bool,
          offence_article: bool = False, article_text: str = "") -> str:
    if title_role:
        return title_role
    # The steps below are in their order of precedence; each asks only what it needs, in an order
    # that leaves out the questions whose answer cannot change its outcome (plain flags first).
    facts = _Facts(chunk, every)
    if cues.REFUSAL_STRONG.search(chunk):
        return "refusal-ground"
    if (cues.PENALTY_REFERENCE.search(chunk) and not cues.MENTAL.search(chunk) and not cues.HARM.search(chunk)
            and _primary_conduct(chunk) in (None, "non-compliance")):
        return "penalty"
    if not coop_article and cues.EXCEPTION.search(chunk) and not facts.creates_own and not facts.power:
        return "exception"
    if cues.INSTITUTION.search(chunk) and not facts.creates:
        return "institution"
    measure = facts.measure
    if measure and cues.value_of(measure) == "disclosure-abroad" and (
            (facts.power and facts.authority) or cues.UNASKED.search(chunk)):
        return "power"
    if coop_article and cues.REFUSAL.search(chunk):  # (a strong refusal ground returned above)
        return "refusal-ground"
    if cues.COOPERATION.search(chunk) or (coop_article and not facts.creates):
        return "cooperation"
    if offence_article and _MODIFIES_OFFENCE.search(chunk) and (
            cues.MENTAL.search(chunk) or cues.HARM.search(chunk) or cues.WITHOUT_RIGHT.search(chunk)):
        # "A Party may require that the offence be committed with dishonest intent"
        return "offence"
    if facts.creates or (prohibition_is_offence and cues.PROHIBITION.search(every)):
        conduct = _primary_conduct(every)
        if conduct is None and (cues.SAFEGUARD.search(chunk) or _serious(chunk)):
            # "offences within paragraph 1 are those punishable by …; not in minor cases"
            return "safeguard"
        if conduct in (None, "non-compliance", "interception", "access") and measure and facts.authority:
            # "A police officer may intercept …; a person who obstructs commits an offence"
            if not facts.creates_own or conduct in (None, "non-compliance"):
                return "power"
        return "offence"
    if (not measure and cues.ISSUES_WARRANT.search(chunk) and not cues.NEGATED_POWER.search(chunk)
            and cues.MEASURE.search(article_text)):
        # "A judge may issue a warrant under this section if …": the power's
        # authorisation, its measure named elsewhere in the article (_warrant_terms).
        return "power"
    if cues.SAFEGUARD_STRONG.search(chunk) and (not measure or cues.value_of(measure) == "other"):
        return "safeguard"
    if cues.REPORTED_TO_JUDGE_CUE.search(chunk):
        # "Every seizure … shall be reported to the Magistrate, who may order its return": review of a power
        return "safeguard"
    if facts.power:
        return "power"
    if cues.INSTITUTION.search(chunk):
        return "institution"
    if cues.SAFEGUARD.search(chunk) or cues.SUBSIDIARITY.search(chunk):
        return "safeguard"
    if cues.RESERVATION.search(chunk):
        return "reservation"
    if cues.PENALTY.search(chunk) and cues.PENALTY_ONLY.search(chunk):
        return "penalty"
    return "other"


_NEVER_OPTIONAL = frozenset(("conduct", "measure", "channel", "scope", "authoriser", "warrantless", "negated",
                             "exception", "optional", "executive-control", "refusal", "refusal-ground"))


class _Found:
    """Adds elements read from spans of the draft to a reading."""

    def __init__(self, text: str, spans: list[tuple[int, int]], elements: dict):
        self.text = text
        self.spans = spans
        # The elements it fills: a reading's, or those of a lazy fill, handed
        # in for that fill only (_read_later), so that nothing the lazy
        # elements hold leads back to them.
        self.elements = elements

    def _add(self, name: str, value: str, start: int, end: int) -> None:
        assert value in ELEMENTS[name], (name, value)
        if name not in ("conduct", "measure") and cues.NOT_REQUIRED.search(self.text, max(0, start - 60), start):
            return  # "whether or not the person infringes a security measure"
        if name == "warrantless" and cues.NEGATED_POWER.search(self.text, _sentence_start(self.text, start), start):
            return  # "may not search … without a warrant": a safeguard
        # Only a safeguard or an element of an offence can be left for a State to choose.
        optional = name not in _NEVER_OPTIONAL and _optional(self.text, start, end)
        elements = dict.setdefault(self.elements, name, [])
        if not any(e.value == value and e.start == start for e in elements):
            elements.append(Element(name, value, start, end, optional))

    def read(self, name: str, pattern: re.Pattern, spans=None) -> None:
        for s, e in spans if spans is not None else self.spans:
            string, pos, endpos, shift = _span_words(pattern, self.text, s, e)
            for m in pattern.finditer(string, pos, endpos):
                self._add(name, cues.value_of(m), m.start() + shift, m.end() + shift)

    def flag(self, name: str, pattern: re.Pattern, spans=None, value: str = "yes") -> bool:
        for s, e in spans if spans is not None else self.spans:
            string, pos, endpos, shift = _span_words(pattern, self.text, s, e)
            m = pattern.search(string, pos, endpos)
            if m:
                self._add(name, value, m.start() + shift, m.end() + shift)
                return True
        return False

    def first(self, pattern: re.Pattern, spans=None) -> re.Match | None:
        for s, e in spans if spans is not None else self.spans:
            m = pattern.search(self.text, s, e)
            if m:
                return m
        return None


def _span_words(pattern, text: str, s: int, e: int) -> tuple[str, int, int | None, int]:
    """Where to look for a cue's matches in ``text[s:e]``: (string, pos, endpos,
    the offset to add to a match's place). The span's own words where they
    give the same matches: they are those a part's role was read from, so the
    cue's answers kept for them (prefilter._FOUND) serve its elements too.
    They do where nothing before ``s`` can change a match: a cue that looks
    behind or anchors at the start may see it (Cue.reads_alone), and a word
    character just before ``s`` would make its ``\\b`` fail there."""
    if s < e and getattr(pattern, "reads_alone", False) and (s == 0 or not _is_word_char(text[s - 1])):
        return text[s:e], 0, None, s
    return text, s, e, 0


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # Python's Unicode \w


def _sentence_start(text: str, start: int) -> int:
    lo = max(0, start - 400)
    for m in _SENTENCE_END.finditer(text, lo, start):
        lo = m.end()
    return lo


def _optional(text: str, start: int, end: int) -> bool:
    """Whether the sentence holding [start, end) only lets a State choose it."""
    lo = start
    for m in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        lo = m.end()
    m = _SENTENCE_END.search(text, end, end + 400)
    hi = m.start() if m else min(len(text), end + 400)
    sentence = text[lo:hi]
    return bool(cues.OPTIONAL.search(sentence))


def _conduct(found: _Found, own, context) -> None:
    text = found.text
    speech = any(cues.SPEECH_VERB.search(*_span_words(cues.SPEECH_VERB, text, a, b)[:3]) for a, b in own + context)
    conducts = []
    for spans in (own, context):
        for s, e in spans:
            string, pos, endpos, shift = _span_words(cues.CONDUCT, text, s, e)
            for m in cues.CONDUCT.finditer(string, pos, endpos):
                value = cues.value_of(m)
                if value == "content" and not speech:
                    continue
                conducts.append((cues.CONDUCT_ORDER.index(value), m.start() + shift, m.end() + shift, value))
        if conducts:
            break
    conducts = _outside_results(text, own + context, conducts)
    conducts.sort()
    seen = set()
    for _, start, end, value in conducts:
        if value not in seen:
            seen.add(value)
            found._add("conduct", value, start, end)


def _outside_results(text: str, spans, conducts: list) -> list:
    """The conducts read outside a consequence clause ("where it led to the
    deletion … of that information"), when there are any there."""
    results = [(m.start(), m.end()) for s, e in spans for m in cues.RESULT_CLAUSE.finditer(text, s, e)]
    if not results:
        return conducts
    outside = [c for c in conducts if not any(lo <= c[1] < hi for lo, hi in results)]
    return outside or conducts


def _measure(found: _Found) -> None:
    found.read("measure", cues.MEASURE)
    measures = dict.get(found.elements, "measure", [])
    if any(e.value != "other" for e in measures):
        dict.__setitem__(found.elements, "measure",
                         [e for e in measures if e.value != "other"] + [e for e in measures if e.value == "other"])


_ACTS = _lazy("_ACTS", r"\s*(?:,[^,.;]{0,80},\s*)?(?:may|shall|can|must|is (?:empowered|authori[sz]ed|entitled)|ha(?:s|ve) (?:the )?powers? to)\b",
                   re.IGNORECASE)
# "Where a police officer … has reasonable grounds …, that officer may …": the
# officer named in the condition acts in the main clause.
_THAT_OFFICER_ACTS = _lazy("_THAT_OFFICER_ACTS", r"[^.;]{0,200}?\b(?:that|the|such) (?:officer|official)\s+(?:may|shall|can|must)\b"
                                # "Any police officer not below the rank of Inspector who has reason to believe … may"
                                r"|[^.;,]{0,40}?\bwho\b[^.;]{0,200}?\b(?:may|can)\b(?!\s+(?:not|be)\b)", re.IGNORECASE)


def _authoriser(found: _Found) -> None:
    """Who authorises a measure: an authority named where authorisation is
    given ("with the approval of", "X may issue a warrant", "ordered by X",
    "apply to X")."""
    _authorising(found)


def _actor(found: _Found) -> None:
    """Who exercises a power on their own authority ("the Minister may direct
    …", "a police officer may require …"), where nobody else authorises it."""
    if found.elements.get("authoriser"):
        return
    text = found.text
    for s, e in found.spans:
        for m in cues.AUTHORISER.finditer(text, s, e):
            if cues.value_of(m) in ("executive", "police", "prosecutor") and (
                    _ACTS.match(text, m.end(), e) or _THAT_OFFICER_ACTS.match(text, m.end(), e)):
                found._add("actor", cues.value_of(m), m.start(), m.end())
                return


def _authorising(found: _Found) -> None:
    text = found.text
    for s, e in found.spans:
        for m in cues.AUTHORISER.finditer(text, s, e):
            before = text[max(s, m.start() - 80):m.start()]
            after = text[m.end():min(e, m.end() + 320)]  # "… is satisfied that …, he may issue" reads far
            if cues.NOT_AUTHORISING.search(before):
                continue
            if cues.AUTHORISING_BEFORE.search(before) or cues.AUTHORISING_AFTER.search(after) or (
                    cues.value_of(m) == "judge" and cues.JUDGE_ACTS.match(after)):
                found._add("authoriser", cues.value_of(m), m.start(), m.end())
        for m in cues.WARRANT_ALONE.finditer(text, s, e):
            if cues.WARRANT_FORGONE.search(text, max(s, m.start() - 40), m.start()) \
                    or cues.WARRANT_ISSUER.match(text, m.end(), e):
                continue
            if not any(el.value == "judge" for el in found.elements.get("authoriser", ())):
                found._add("authoriser", "judge", m.start(), m.end())


# -- one element, read anywhere ---------------------------------------------
_ELEMENT_CUES = {
    "mental": (cues.MENTAL, None), "without-right": (cues.WITHOUT_RIGHT, "yes"), "harm": (cues.HARM, "serious"),
    "penalty": (cues.PENALTY, "yes"), "reverse-burden": (cues.REVERSE_BURDEN, "yes"),
    "measure": (cues.MEASURE, None), "warrantless": (cues.WARRANTLESS, "yes"), "standards": (cues.STANDARD, None),
    "time-limit": (cues.TIME_LIMIT, "yes"), "notification": (cues.NOTIFICATION, "yes"), "remedy": (cues.REMEDY, "yes"),
    "oversight": (cues.OVERSIGHT, "yes"), "limited-duty": (cues.LIMITED_DUTY, "yes"), "scope": (cues.SCOPE, None),
    "channel": (cues.CHANNEL, None), "mla-law": (cues.MLA_LAW, "yes"), "dual-criminality": (cues.DUAL_CRIMINALITY, "yes"),
    "refusal": (cues.REFUSAL_MODE, None), "refusal-ground": (cues.REFUSAL_GROUND, None), "defence": (cues.DEFENCE, None),
    "executive-control": (cues.EXECUTIVE_CONTROL, "yes"), "negated": (cues.NEGATED, "yes"),
    "exception": (cues.EXCEPTION, "yes"), "optional": (cues.OPTIONAL, "yes"),
}


def read_element(text: str, spans: list[tuple[int, int]], name: str, path: str | None = None) -> list[Element]:
    """One element as read from any spans of a draft, whatever their role: where
    a requirement may be met elsewhere (a general safeguards article, the
    article a power refers to). Each span is read on its own and kept by its
    words, so the places many provisions share are read once (and, for the
    draft at ``path``, kept on disk by `check` for its next run: disk.py)."""
    out: list[Element] = []
    for s, e in spans:
        chunk = text[s:e]
        key = (chunk, name)
        kept = _ELEMENTS_KEPT.get(key)
        if kept is None:
            kept = _ELEMENTS_KEPT[key] = _element_from_disk_or_read(chunk, name, path)
            if len(_ELEMENTS_KEPT) > _KEPT_MAX * 4:
                _ELEMENTS_KEPT.popitem(last=False)
        out.extend(Element(x.name, x.value, x.start + s, x.end + s, x.optional) for x in kept)
    return out


def _element_from_disk_or_read(chunk: str, name: str, path: str | None) -> tuple[Element, ...]:
    key_digest = disk.element_digest(chunk, name) if disk.keeps(path) else None
    record = disk.load(path, key_digest) if key_digest is not None else None
    found = None
    if record is not None:
        try:
            found = tuple(Element(name, value, start, end, optional) for value, start, end, optional in record)
        except (TypeError, ValueError):  # a record of another shape: read afresh
            record = None
    if found is None:
        found = tuple(_read_element_in(chunk, name))
    if key_digest is not None:
        made = tuple((x.value, x.start, x.end, x.optional) for x in found)
        disk.remember(path, key_digest, lambda: made, record)
    return found


_ELEMENTS_KEPT: OrderedDict = OrderedDict()


def _read_element_in(chunk: str, name: str) -> list[Element]:
    reading = Reading("other")
    found = _Found(chunk, [(0, len(chunk))], reading.elements)
    if name == "authoriser":
        _authoriser(found)
    elif name == "conduct":
        _conduct(found, [(0, len(chunk))], [])
    elif name == "defence":
        # A defence is only where the words excuse ("it is a defence", "no person
        # shall be liable", "does not apply"): an offence that punishes
        # journalists names them without protecting them.
        for m in cues.DEFENCE.finditer(chunk):
            lo = _sentence_start(chunk, m.start())
            hi = _SENTENCE_END.search(chunk, m.end())
            if cues.EXCEPTION.search(chunk, lo, hi.start() if hi else len(chunk)):
                found._add(name, cues.value_of(m), m.start(), m.end())
    elif name in _ELEMENT_CUES:
        pattern, value = _ELEMENT_CUES[name]
        for m in pattern.finditer(chunk):
            found._add(name, value or cues.value_of(m), m.start(), m.end())
    return dict.get(reading.elements, name, [])

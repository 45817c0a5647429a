"""Drafting checks that work on the structure of a draft, not on its wording.

Broken cross-references, unused or doubly defined terms, numbering gaps: these
need the draft model (articles, paragraphs, defined terms, references), which
a lexicon pattern cannot see. Each check is named here and declared as a rule
in `rules/packs/drafting.yaml` (`kind: check`, `check: NAME`), so that its
severity, message, explanation and citations stay data like any other rule.

A check yields :class:`Spot`s: where to underline, the values its rule's
message template may use (``{reference}``, ``{term}``…) and ready fixes.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Callable, Iterator  # not typing: its import is a cost of every `check`

from safeguard_lsp.draft import CrossReference, Draft, Unit, _is_word_char
from safeguard_lsp.findings import Fix, LazyFixes, Related, TextEdit


@dataclass
class Spot:
    start: int
    end: int
    unit: Unit
    fields: dict = field(default_factory=dict)
    fixes: tuple[Fix, ...] | LazyFixes = ()
    related: tuple[Related, ...] = ()


# -- helpers ----------------------------------------------------------------
_INT = re.compile(r"\d+")
_ARTICLE_LIST = re.compile(
    r"(?i)\b(?:articles?|arts?\.|sections?|§§?)\s+"
    r"(?P<list>\d+(?:\s*(?:,\s*(?:and\s+|or\s+)?|and|or|to|through|[-\u2013])\s*\d+)*)"
)
_PARAGRAPH_LIST = re.compile(
    r"(?i)\b(?:paragraphs?|paras?\.)\s+(?P<list>\d+(?:\s*(?:,\s*(?:and\s+|or\s+)?|and|or|to|through|[-\u2013])\s*\d+)*)"
)


def _int(number: str | None) -> int | None:
    if not number or not number.isdigit():
        return None
    return int(number)


def _own_references(draft: Draft) -> list[CrossReference]:
    return [r for r in draft.references if r.instrument is None]


def _nearest(wanted: int, existing: list[int]) -> int | None:
    if not existing:
        return None
    return min(existing, key=lambda n: (abs(n - wanted), n))


def _number_tokens(text: str, pattern: re.Pattern) -> Iterator[tuple[int, int, int]]:
    """(start, end, value) of each number in the article or paragraph lists of a reference."""
    for match in pattern.finditer(text):
        base = match.start("list")
        for token in _INT.finditer(match.group("list")):
            yield base + token.start(), base + token.end(), int(token.group())


# -- broken cross-references -------------------------------------------------
def broken_references(draft: Draft) -> Iterator[Spot]:
    articles = [n for n in (_int(a.number) for a in draft.articles) if n is not None]
    for ref in _own_references(draft):
        if ref.targets:
            continue
        # "Articles 2, 3, 6 paragraph 1.b, 7, 9 paragraph 3": a paragraph that
        # follows a bare article number belongs to that article, not to this one.
        before = draft.text[max(0, ref.start - 12) : ref.start]
        if ref.article is None and re.search(r"\d[ \t,]*\Z", before):
            continue
        fixes: list[Fix] = []
        fields = {"reference": ref.text, "detail": ""}
        if ref.article is not None and draft.article(ref.article) is None:
            count = len(draft.articles)
            fields["detail"] = f"the draft has {count} article{'s' * (count != 1)}"
            wanted = _int(re.match(r"\d*", ref.article).group() or None)
            nearest = _nearest(wanted, articles) if wanted is not None else None
            if nearest is not None:
                token = next(((s, e) for s, e, v in _number_tokens(ref.text, _ARTICLE_LIST) if v == wanted), None)
                if token:
                    edit = TextEdit(ref.start + token[0], ref.start + token[1], str(nearest))
                    target = draft.article(str(nearest))
                    fixes.append(Fix(f"Refer to {target.label}" + (f" ({target.title})" if target.title else ""), (edit,), True))
        elif ref.paragraph is not None:
            article = draft.article(ref.article) if ref.article else ref.source.enclosing("article")
            if article is None:
                continue
            paragraphs = [n for n in (_int(p.number) for p in article.children if p.kind == "paragraph") if n is not None]
            count = len(paragraphs)
            fields["detail"] = f"{article.label} has {count} numbered paragraph{'s' * (count != 1)}"
            wanted = _int(ref.paragraph)
            if wanted is not None and wanted in paragraphs:
                continue  # the paragraph exists; a subparagraph may not, which is reported the same way
            nearest = _nearest(wanted, paragraphs) if wanted is not None else None
            if nearest is not None:
                token = next(((s, e) for s, e, v in _number_tokens(ref.text, _PARAGRAPH_LIST) if v == wanted), None)
                if token:
                    edit = TextEdit(ref.start + token[0], ref.start + token[1], str(nearest))
                    fixes.append(Fix(f"Refer to paragraph {nearest} of {article.label}", (edit,), True))
        else:
            continue
        yield Spot(ref.start, ref.end, ref.source, fields, tuple(fixes))


# -- defined terms ------------------------------------------------------------
def _first_definitions(draft: Draft):
    """Each defined term once, at its first definition (a long text may define
    the same term many times; the checks below need it once)."""
    seen: set[str] = set()
    for term in draft.terms:
        key = " ".join(term.term.lower().split())
        if key not in seen:
            seen.add(key)
            yield term


def unused_definitions(draft: Draft) -> Iterator[Spot]:
    for term in draft.terms:
        if not draft.term_used(term):
            yield Spot(term.start, term.end, term.unit, {"term": term.term})


def uses_before_definition(draft: Draft) -> Iterator[Spot]:
    """A defined term used in an article before the article that defines it:
    the reader meets the word before learning what it means."""
    articles = draft.articles
    order = {id(a): i for i, a in enumerate(articles)}
    for term in _first_definitions(draft):
        home = term.unit.enclosing("article")
        if home is None:
            continue
        # Only the uses before the defining article can be in an earlier one
        # (articles are in the order of the text; uses sorted): a term used a
        # thousand times after its definition is not gone through each time.
        uses = draft.phrase_uses(term.term)
        for start, end in uses[:bisect.bisect_left(uses, (home.start,))]:
            if start < term.definition_end and end > term.definition_start:
                continue  # inside its own definition (see Draft.term_uses)
            article = draft.unit_at(start, "article")
            if article is None or order.get(id(article), 1 << 30) >= order[id(home)]:
                continue
            yield Spot(start, end, draft.unit_at(start) or article,
                       {"term": term.term, "phrase": draft.text[start:end], "where": home.label},
                       related=(Related(term.start, term.end, f"the definition of “{term.term}”"),))
            break  # the first early use says it; the rest follow from it


def _definition_text(draft: Draft, term) -> str:
    return " ".join(draft.text[term.end : term.definition_end].split()).lower()


def duplicate_definitions(draft: Draft) -> Iterator[Spot]:
    first: dict[str, object] = {}
    for term in draft.terms:
        key = " ".join(term.term.lower().split())
        earlier = first.get(key)
        if earlier is None:
            first[key] = term
            continue
        if _definition_text(draft, earlier) == _definition_text(draft, term):
            continue
        where = earlier.unit.enclosing("article")
        yield Spot(term.start, term.end, term.unit,
                   {"term": term.term, "first": where.label if where else "earlier in the draft"},
                   related=(Related(earlier.start, earlier.end, f"the first definition of “{earlier.term}”"),))


_WORD = r"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F'-]*"


def term_variants(draft: Draft) -> Iterator[Spot]:
    """A two-word phrase on the head noun of a long defined term ("computer
    system" where "information and communications technology system" is
    defined) that is not itself defined: probably meant as the defined term."""
    defined = {" ".join(t.term.lower().split()) for t in draft.terms}
    seen: set[tuple[int, int]] = set()
    for term in _first_definitions(draft):
        words = term.term.split()
        if len(words) < 3:
            continue
        head = re.escape(words[-1])
        pattern = re.compile(rf"(?<![\w-])(?P<phrase>(?P<mod>{_WORD})\s+{head}(?:s|es)?)(?![\w-])", re.IGNORECASE)
        uses = draft.term_uses(term)
        for match in pattern.finditer(draft.text, draft.root.body_start):
            start, end = match.span("phrase")
            if (start, end) in seen or term.definition_start <= start < term.definition_end:
                continue
            modifier = match.group("mod").lower()
            phrase = " ".join(match.group("phrase").lower().split())
            singular = phrase[:-1] if phrase.endswith("s") and phrase[:-1] in defined else phrase
            if singular in defined or phrase in defined or modifier in {w.lower() for w in words}:
                continue
            if modifier in _FUNCTION_WORDS or any(s <= start < e for s, e in uses):
                continue
            seen.add((start, end))
            unit = draft.unit_at(start) or draft.root
            plural = phrase.endswith("s") and not term.term.lower().endswith("s")
            replacement = term.term + ("s" if plural else "")
            # A definition often opens a sentence ("Information … means"): follow
            # the case of the word replaced, not of the definition.
            if match.group("phrase")[:1].islower():
                replacement = replacement[:1].lower() + replacement[1:]
            yield Spot(start, end, unit, {"phrase": match.group("phrase"), "term": term.term},
                       (Fix(f"Use the defined term “{replacement}”", (TextEdit(start, end, replacement),), True),),
                       (Related(term.start, term.end, f"the definition of “{term.term}”"),))


_FUNCTION_WORDS = frozenset(
    "a an the any each every this that these those such other its their his her our your of in on by to for "
    "with from and or nor no one all some same own".split()
)


# -- numbering ---------------------------------------------------------------
def _number_span(draft: Draft, unit: Unit) -> tuple[int, int] | None:
    """Where the unit's number is written (in its heading or marker)."""
    if unit.number is None:
        return None
    start = unit.heading_start if unit.heading_start is not None else unit.start
    stop = unit.body_start if unit.body_start > start else unit.end
    # The number as a whole word: found with str.find, not with a pattern
    # made for each number (a thousand of them a check thrashed the cache of
    # compiled patterns when a pasted paragraph put a long article out of
    # sequence: ~0.3 s a check).
    text, number = draft.text, unit.number
    at = text.find(number, start, stop)
    while at != -1:
        end = at + len(number)
        if (at == 0 or not _is_word_char(text[at - 1]) or at == start) and \
                (end == len(text) or not _is_word_char(text[end]) or end == stop):
            return at, end
        at = text.find(number, at + 1, stop)
    return None


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
           "xvi", "xvii", "xviii", "xix", "xx"]


def _sequence_of(group: list[Unit]) -> list[str] | None:
    """None for numbers, else the letters or roman numerals the group uses."""
    numbers = [u.number.lower() for u in group]
    if all(n.isdigit() for n in numbers):
        return None
    if numbers and numbers[0] == "i" and all(n in _ROMANS for n in numbers):
        return _ROMANS
    return list(_LETTERS)


def _expected(sequence: list[str] | None, index: int, like: str) -> str:
    if sequence is None:
        return str(index + 1)
    value = sequence[index] if index < len(sequence) else str(index + 1)
    return value.upper() if like.isupper() else value


def _article_group(draft: Draft) -> list[Unit]:
    return [a for a in draft.articles if a.number and a.number.isdigit()]


def _groups_within(article: Unit) -> Iterator[tuple[str, list[Unit]]]:
    """The numbered paragraphs, and subparagraphs, of each unit of an article."""
    for unit in article.walk():
        if unit.kind in ("sentence",):
            continue
        paragraphs = [c for c in unit.children if c.kind == "paragraph" and c.number]
        if paragraphs:
            yield "paragraph", paragraphs
        subs = [c for c in unit.children if c.kind == "subparagraph" and c.number]
        if subs:
            yield "subparagraph", subs


_INSERTED = re.compile(r"^\d+\s*(?:bis|ter|quater|quinquies|sexies|septies|[A-Z])$")


def renumbering(draft: Draft, group: list[Unit]) -> dict[Unit, str]:
    """New numbers for the units of a sibling group that are out of sequence."""
    # An inserted article ("12 bis", "12A") keeps the sequence: treaty and
    # legislative practice insert so as not to renumber the rest.
    group = [u for u in group if not (u.number and _INSERTED.match(u.number))]
    if not group:
        return {}
    kind = _sequence_of(group)
    changes: dict[Unit, str] = {}
    for index, unit in enumerate(group):
        want = _expected(kind, index, unit.number)
        if unit.number != want:
            changes[unit] = want
    return changes


def _pointed(draft: Draft) -> list[tuple[CrossReference, set]]:
    """The draft's own cross-references, each with the articles it points into."""
    return [(ref, {t.enclosing("article") for t in ref.targets}) for ref in _own_references(draft)]


def renumber_edits(draft: Draft, level: str, changes: dict[Unit, str],
                   pointed: list[tuple[CrossReference, set]] | None = None) -> list[TextEdit]:
    """Edits that renumber the units and every cross-reference pointing at them.
    ``pointed``: :func:`_pointed` of the draft, when already made (a draft
    with many groups out of sequence asks for it once per group)."""
    edits: dict[tuple[int, int], TextEdit] = {}
    for unit, new in changes.items():
        span = _number_span(draft, unit)
        if span:
            edits[span] = TextEdit(span[0], span[1], new)
    if level in ("article", "paragraph"):
        old_to_new = {unit.number: new for unit, new in changes.items()}
        pattern = _ARTICLE_LIST if level == "article" else _PARAGRAPH_LIST
        owner = None
        if level == "paragraph":
            owner = next(iter(changes)).enclosing("article")
        for ref, articles in (pointed if pointed is not None else _pointed(draft)):
            if level == "paragraph" and owner not in articles:
                continue
            for start, end, value in _number_tokens(ref.text, pattern):
                new = old_to_new.get(str(value))
                if new is None:
                    continue
                if level == "article" and not any(a in changes for a in articles):
                    continue
                span = (ref.start + start, ref.start + end)
                edits[span] = TextEdit(span[0], span[1], new)
    return sorted(edits.values(), key=lambda e: e.start)


def _out_of_sequence_between(draft: Draft, lo: int, hi: int) -> list[tuple[int, int, str, int]]:
    """The paragraph and subparagraph groups out of sequence in the articles
    starting in text[lo:hi], each as (start, end) of the first number to
    change, its level and that number's distance from its unit's start.
    Kept with the draft (Draft.positional), and found again after an edit
    only in the article re-parsed: walking every unit of a long draft at
    each keystroke was a large share of a re-check."""
    found = []
    for article in draft.articles:
        if article.start < lo:
            continue
        if article.start >= hi:
            break
        for level, group in _groups_within(article):
            if len(group) < 2:
                continue
            changes = renumbering(draft, group)
            if changes:
                first = next(u for u in group if u in changes)
                start, end = _number_span(draft, first) or (first.start, first.start + 1)
                found.append((start, end, level, start - first.start))
    found.sort()
    return found


def _unit_starting(draft: Draft, at: int, kind: str) -> Unit | None:
    unit = draft.unit_at(at)
    while unit is not None and not (unit.kind == kind and unit.start == at):
        unit = unit.parent
    return unit


def numbering(draft: Draft) -> Iterator[Spot]:
    pointed: list = []  # _pointed(draft), made once, when a fix is first asked for

    def renumber(level: str, changes: dict[Unit, str], title: str) -> tuple[Fix, ...]:
        if not pointed:
            pointed.append(_pointed(draft))
        edits = tuple(renumber_edits(draft, level, changes, pointed[0]))
        return (Fix(title, edits, True),) if edits else ()

    groups = [("article", _article_group(draft))]
    for start, _, level, distance in draft.positional("numbering", _out_of_sequence_between):
        first = _unit_starting(draft, start - distance, level)
        if first is not None and first.parent is not None:
            groups.append((level, [c for c in first.parent.children if c.kind == level and c.number]))
    for level, group in groups:
        if not group:
            continue
        changes = renumbering(draft, group)
        if not changes:
            continue
        numbers = [u.number for u in group]
        counts = Counter(numbers)
        first = next(u for u in group if u in changes)
        span = _number_span(draft, first) or (first.start, first.start + 1)
        duplicate = counts[first.number] > 1
        what = "appears twice" if duplicate else "is out of sequence"
        owner = first.parent.label if level != "article" and first.parent else "the draft"
        fields = {
            "label": first.label,
            "what": what,
            "sequence": ", ".join(numbers[:12]) + ("…" if len(numbers) > 12 else ""),
            "where": owner,
            "expected": changes[first],
        }
        title = f"Renumber the {level}s of {owner} in sequence and update the references to them"
        # The edits when first asked for (see LazyFixes): a draft with pasted
        # paragraphs has dozens of groups out of sequence at every keystroke.
        fixes = LazyFixes(lambda level=level, changes=changes, title=title: renumber(level, changes, title))
        yield Spot(span[0], span[1], first, fields, fixes)


# -- obligations ------------------------------------------------------------
_MODAL = re.compile(r"(?<![\w-])(shall|must)(?![\w-])", re.IGNORECASE)
_MODAL_LOWER = re.compile(r"shall|must")


def _modals(draft: Draft) -> list[tuple[int, int, str]]:
    """Each whole-word "shall" or "must", in any case, after the document's
    title. Kept with the draft, and found again after an edit only in the
    article re-parsed (Draft.positional): this check reads the whole draft at
    every keystroke."""
    return draft.positional("modals", _modals_between)


def _modals_between(draft: Draft, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The modals starting in text[lo:hi]. Found as plain words in the lowered
    text, then kept where no word character or hyphen touches them (as
    ``_MODAL`` says): a quarter of the time of ``_MODAL`` over a long draft.
    The two words cannot overlap, so no occurrence hides another."""
    text = draft.text
    lowered = draft.lowered()
    lo = max(lo, draft.root.body_start)
    # Lowering changed the length (offsets would not match), or the text has a
    # long s, which the case-blind pattern reads as "s" and lowering keeps.
    if lowered is None or "\u017f" in text:
        found = []
        for m in _MODAL.finditer(text, lo):
            if m.start() >= hi:
                break
            found.append((m.start(), m.end(), m.group().lower()))
        return found
    size = len(text)
    found = []
    for m in _MODAL_LOWER.finditer(lowered, lo, min(size, hi + 4)):
        if m.start() >= hi:
            break
        start, end = m.span()
        if start and (text[start - 1] == "-" or _is_word_char(text[start - 1])):
            continue
        if end < size and (text[end] == "-" or _is_word_char(text[end])):
            continue
        found.append((start, end, m.group()))
    return found


def mixed_obligations(draft: Draft) -> Iterator[Spot]:
    found = _modals(draft)
    counts = Counter(word for _, _, word in found)
    if len(counts) < 2:
        return
    usual, _ = counts.most_common(1)[0]
    for start, end, word in found:
        if word == usual:
            continue
        unit = draft.unit_at(start) or draft.root
        original = draft.text[start:end]
        replacement = usual.capitalize() if original[0].isupper() else usual
        yield Spot(start, end, unit, {"word": original, "usual": usual, "count": counts[usual]},
                   (Fix(f"Write “{replacement}”, as elsewhere in the instrument", (TextEdit(start, end, replacement),), True),))


CHECKS: dict[str, Callable[[Draft], Iterator[Spot]]] = {
    "broken-reference": broken_references,
    "unused-definition": unused_definitions,
    "duplicate-definition": duplicate_definitions,
    "used-before-definition": uses_before_definition,
    "term-variant": term_variants,
    "numbering": numbering,
    "mixed-obligations": mixed_obligations,
}

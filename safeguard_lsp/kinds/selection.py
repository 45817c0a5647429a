"""Which parts of a unit a rule's ``reads:`` selects, and where to underline one.

Used by every kind that examines units: with ``reads``, a term, forbid or
require rule looks only inside the provisions its selector matches, and a
reading rule reports them.
"""

from __future__ import annotations

from safeguard_lsp.draft import Unit
from safeguard_lsp.reading import Reader
from safeguard_lsp.reading.model import Reading


def reader(ctx) -> Reader:
    found = getattr(ctx, "_reader", None)
    if found is None:
        found = ctx._reader = Reader(ctx.draft)
    return found


def matching_parts(rule, ctx, unit: Unit) -> list[tuple[Unit, Reading]]:
    """The parts of ``unit``'s article that overlap ``unit`` and that the rule's
    selector matches."""
    article = reader(ctx).article(unit)
    if article is None:
        return []
    matching = parts_reading_as(rule.reads, ctx, article)
    if unit is article.article:
        return matching
    return [(part, reading) for part, reading in matching if part.start < unit.end and unit.start < part.end]


def parts_reading_as(selector, ctx, article) -> list[tuple[Unit, Reading]]:
    """The parts of an article's reading (``Reader.article``) that ``selector``
    matches, kept per check; an article with none of the selector's roles is
    not read further."""
    if selector.roles and article.part_roles.isdisjoint(selector.roles):
        return []
    found_memo = memo(ctx)
    key = ("parts", id(selector), id(article.article))
    matching = found_memo.get(key)
    if matching is None:
        matching = found_memo[key] = [(part, reading) for part, reading in article.parts if selector.matches(reading)]
    return matching


def roles_read(ctx, units: list[Unit]) -> frozenset[str]:
    """The roles of the provisions of the articles that hold ``units``: a rule
    whose selector names none of them matches no part there (the engine then
    does not evaluate it on those units)."""
    found: set[str] = set()
    read = reader(ctx)
    for unit in units:
        article = read.article(unit)
        if article is not None:
            found |= article.part_roles
    return frozenset(found)


def anchor(rule, reading: Reading, part: Unit, text: str) -> tuple[int, int]:
    """Where to underline: the words of the first element the rule names that
    was read, else those that gave the part its role."""
    names = list(rule.reads.elements()) + ["conduct", "measure", "channel", "refusal", "defence"]
    for name in names:
        # Words of the part itself: an element read in a sibling ("A person who commits an offence
        # under subsection (1) with intent to defraud …" has subsection (1)'s conduct) would put
        # this part's finding on the sibling's words, where the sibling's own finding is.
        element = next((e for e in reading.elements.get(name) or () if part.start <= e.start < part.end), None)
        if element is not None:
            return element.start, element.end
    start = part.start
    newline = text.find("\n", start, part.end)
    end = newline if newline > start else part.end
    while start < end and text[start] in " \t([{0123456789.)]}":
        start += 1
    return start, max(start + 1, end)


def memo(ctx) -> dict:
    """What the rules of one check keep about readings (the parts each
    selector matched, the verdicts of shared places)."""
    found = getattr(ctx, "_reading_memo", None)
    if found is None:
        found = ctx._reading_memo = {}
    return found

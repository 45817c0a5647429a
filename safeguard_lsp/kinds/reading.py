"""Kind ``reading``: rules written against what a provision does.

A ``reading`` rule examines every part of every article (a paragraph, or an
item of a list under a lead-in) whose reading its selector matches, and reports
it unless the elements it ``require``s are read, firmly, in one of its places
(``within``): the article itself, the articles it refers to ("subject to article
15"), the safeguard and exception provisions of other articles that refer to it
("It is a defence to a charge under section 4 …"), the safeguard and exception
provisions of its division, or of the whole instrument. Without ``require``, every part the selector matches is reported.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from safeguard_lsp.draft import Unit
from safeguard_lsp.findings import Related
from safeguard_lsp.kinds import keys, values
from safeguard_lsp.kinds.anchors import instrument_heading
from safeguard_lsp.kinds.require import weak_finding
from safeguard_lsp.kinds.schema import Key, Kind
from safeguard_lsp.kinds.selection import anchor, matching_parts, memo, reader
from safeguard_lsp.reading import cues
from safeguard_lsp.reading.model import Reading, describe
from safeguard_lsp.reading.read import read_element

DIVISIONS = ("section", "chapter", "part")
# The roles of provisions elsewhere that can meet a requirement for others.
_DIVISION_ROLES = ("safeguard", "exception", "other")
_DOCUMENT_ROLES = ("safeguard", "exception")


def evaluate(engine, rule, ctx, triggered: list[Unit] | None = None):
    """The findings of a ``reading`` rule (and its summary on the instrument);
    ``triggered``: the articles known to hold provisions the rule is about."""
    count = 0
    for finding in _evaluate(engine, rule, ctx, triggered):
        count += 1
        yield finding
    if rule.summary and count and ctx.only is None:
        first = instrument_heading(ctx.draft)
        start, end = (first.heading_start, first.heading_end) if first is not None else (0, min(1, len(ctx.draft.text)))
        yield engine.finding(rule, ctx, start, end, ctx.draft.root, severity="information",
                             message=rule.summary.replace("{count}", str(count)))


def _evaluate(engine, rule, ctx, triggered=None):
    units = triggered if triggered is not None else ctx.only if ctx.only is not None else ctx.units(rule.unit)
    for unit in units:
        if unit.kind not in ("article", "document"):
            continue
        yield from engine.per_article(rule, ctx, unit, _reads_beyond,
                                      lambda unit=unit: _evaluate_in(engine, rule, ctx, [unit]))


def _evaluate_in(engine, rule, ctx, units):
    text = ctx.draft.text
    for unit in units:
        if unit.kind not in ("article", "document"):
            continue
        for part, reading in matching_parts(rule, ctx, unit):
            if part.start >= ctx.limit:
                continue  # past the max_size setting: not checked
            span = [(part.start, min(part.end, ctx.limit))]
            if (rule.when and not ctx.holds(rule.when, span)) or (rule.unless and ctx.holds(rule.unless, span)):
                continue
            if rule.refers_to is not None and not _refers_to(rule.refers_to, ctx, part):
                continue
            ctx.examined.append((rule.id, part))
            state = "missing"
            related = ()
            if rule.needs:
                state, related = _satisfaction(rule, ctx, unit, part)
                if state == "met":
                    continue
            spots = [anchor(rule, reading, part, text)]
            if not rule.needs:
                # Each occurrence of what the rule is about is reported (text
                # repeated by extraction, two warrantless routes in one paragraph).
                spots = _occurrences(rule, reading) or spots
            severity, message = weak_finding(rule) if state == "weak" else (rule.severity, rule.message)
            described = describe(reading, text)
            for start, end in spots:
                finding = engine.finding(rule, ctx, start, end, part, severity=severity, message=message,
                                         related=related)
                finding.reading = described
                yield finding


def _reads_beyond(rule, ctx, article: Unit) -> tuple:
    """What evaluating the rule on ``article`` reads outside it: the provisions
    its references lead to, and the texts of the safeguard and exception
    provisions of its division or of the instrument. Its findings there are
    kept between checks while this (and the article) is unchanged."""
    text = ctx.draft.text
    out = []
    if rule.refers_to is not None or (rule.needs and "referenced" in rule.within):
        for reference in ctx.draft.references_from(article):  # the references of each of its parts, and more
            for target in reference.targets:
                owner = target.enclosing("article")
                if owner is None:
                    out.append((target.start, target.end, text[target.start:target.end]))
                else:
                    out.append((owner is article, ctx.segment_key(owner) or text[owner.start:owner.end],
                                target.start - owner.start, target.end - owner.start))
    if rule.needs and "referring" in rule.within:
        for part, owner in _referring(ctx, article):
            out.append(("referring", ctx.segment_key(owner) or text[owner.start:owner.end],
                        part.start - owner.start, part.end - owner.start))
    if rule.needs:
        for place in rule.within:
            if place in ("division", "document", "operative"):
                scope = article.enclosing(*DIVISIONS) if place == "division" else None
                out.append((place, None if place == "division" and scope is None
                            else _general_texts(ctx, place, scope)))
    return tuple(out)


def _general_texts(ctx, place: str, scope) -> tuple[str, ...]:
    """The words of a division's or the instrument's safeguard and exception
    provisions (what a requirement met there depends on; once per check)."""
    kept = memo(ctx)
    division = place == "division"
    key = ("texts", division, scope.start if scope is not None else None)
    found = kept.get(key)
    if found is None:
        found = []
        for other in _articles_in(ctx, scope):
            found.extend([words for _, _, words in _general_parts(ctx, other, division)])
        # One object for the same words from check to check: the keys that hold it compare fast.
        found = kept[key] = ctx.stable(tuple(found))
    return found


def _general_parts(ctx, article: Unit, division: bool) -> tuple[tuple[int, int, str], ...]:
    """The article's provisions that can meet a requirement for others (in its
    division, or anywhere), as offsets from its start and words: kept with
    the article between checks, the same strings each time."""
    def find():
        roles = _DIVISION_ROLES if division else _DOCUMENT_ROLES
        text, start = ctx.draft.text, article.start
        return tuple((p.start - start, p.end - start, text[p.start:p.end])
                     for p, role in reader(ctx).roles(article) if role in roles)

    return ctx.article_value(article, ("general parts", division), find)


def _articles_in(ctx, scope) -> list[Unit]:
    """The articles that start in a division (all, without one)."""
    articles = ctx.draft.articles
    if scope is None:
        return articles
    kept = memo(ctx)
    starts = kept.get("article starts")
    if starts is None:
        starts = kept["article starts"] = [a.start for a in articles]
    return articles[bisect_left(starts, scope.start):bisect_left(starts, scope.end)]


def _refers_to(selector, ctx, part: Unit) -> bool:
    """Whether the provisions ``part`` refers to include one the selector matches."""
    for reference in ctx.draft.references_from(part):
        for target in reference.targets:
            article = reader(ctx).article(target)
            if article is None:
                continue
            for other, reading in article.parts:
                if other.start < target.end and target.start < other.end and selector.matches(reading):
                    return True
    return False


def _occurrences(rule, reading: Reading) -> list[tuple[int, int]]:
    """The spans of every element the rule's last-named condition selects."""
    for condition in reversed(rule.reads.conditions):
        if condition.operator not in ("any-of", "present") or condition.element == "conduct":
            continue
        spans = sorted({(e.start, e.end) for e in reading.elements.get(condition.element, ())
                        if condition.operator == "present" or e.value in condition.values})
        if spans:
            return spans
    return []


def _satisfaction(rule, ctx, article: Unit, part: Unit):
    """'met', 'weak' (only optional wording) or 'missing', with the places that
    hold weak wording."""
    text = ctx.draft.text
    kept = memo(ctx)
    weak = False
    related = []
    for key, spans, owner in _places(rule, ctx, article, part):
        # Places shared by many provisions (a division's safeguard articles, the
        # instrument's) are looked up once per rule and check.
        state = kept.get((rule.id, key)) if key is not None else None
        if state is None:
            state = _state(rule.needs, text, spans, ctx.draft.path)
            if key is not None:
                kept[(rule.id, key)] = state
        if state == "met":
            return "met", ()
        if state == "weak":
            weak = True
            if owner is not None and owner.heading_start is not None:
                related.append(Related(owner.heading_start, owner.heading_end,
                                       f"{owner.label} has only optional wording for this safeguard"))
    return ("weak" if weak else "missing"), tuple(related[:1])


def _state(alternatives, text: str, spans, path: str | None = None) -> str:
    states = [_all_state(needs, text, spans, path) for needs in alternatives]
    return "met" if "met" in states else "weak" if "weak" in states else "missing"


def _all_state(needs, text: str, spans, path: str | None = None) -> str:
    weak = False
    for condition in needs:
        elements = read_element(text, spans, condition.element, path)
        firm = [e for e in elements if not e.optional]
        if condition.operator == "present":
            if firm:
                continue
            if elements:
                weak = True
                continue
            return "missing"
        if any(e.value in condition.values for e in firm):
            continue
        if any(e.value in condition.values for e in elements):
            weak = True
            continue
        return "missing"
    return "weak" if weak else "met"


def _places(rule, ctx, article: Unit, part: Unit):
    """(memo key or None, spans, owner unit) for each place a requirement may be met."""
    draft = ctx.draft
    for place in rule.within:
        if place == "unit":
            yield None, _article_but_other_offences(ctx, article, part), None
        elif place == "parent":
            yield None, [(max(article.body_start, article.start), article.end)], None
        elif place == "referenced":
            for reference in draft.references_from(part):
                for target in reference.targets:
                    if target.enclosing("article") is article:
                        continue
                    yield ("unit", target.start, target.end), [(target.start, target.end)], target.enclosing("article") or target
        elif place == "referring":
            for other, owner in _referring(ctx, article):
                yield ("unit", other.start, other.end), [(other.start, other.end)], owner
        elif place in ("division", "document", "operative"):
            scope = article.enclosing(*DIVISIONS) if place == "division" else None
            if place == "division" and scope is None:
                continue
            spans = _general_spans(ctx, place, scope)
            if spans:
                yield (place, scope.start if scope is not None else 0), spans, None


def _article_but_other_offences(ctx, article: Unit, part: Unit) -> list[tuple[int, int]]:
    """The article's words, less those of its other offences that carry a
    penalty of their own: an aggravated form ("(2) A person who commits an
    offence under subsection (1) with intent to defraud is liable to …") does
    not give the basic offence its intent. A sentence that only qualifies the
    offence ("A Party may require that the offence be committed with dishonest
    intent") has no penalty, and still counts."""
    spans = [(max(article.body_start, article.start), article.end)]
    found = reader(ctx).article(article)
    if found is None:
        return spans
    for other, reading in found.parts:
        if other is part or other.start < part.end and part.start < other.end or reading.role != "offence" \
                or not reading.elements.get("penalty"):
            continue
        spans = [piece for lo, hi in spans
                 for piece in ((lo, min(hi, other.start)), (max(lo, other.end), hi)) if piece[0] < piece[1]]
    return spans


def _referring(ctx, article: Unit) -> list[tuple[Unit, Unit]]:
    """The safeguard and exception provisions of other articles that refer to
    ``article`` or to a part of it, each with its article: a defence, an
    exception or a condition written apart from the provision it limits."""
    kept = memo(ctx)
    inbound = kept.get("inbound")
    if inbound is None:
        # Once per check: article start -> (where a reference to it is, the article it is in).
        inbound = kept["inbound"] = {}
        for reference in ctx.draft.references:
            owner = reference.source.enclosing("article") if reference.source is not None else None
            if owner is None:
                continue
            for host in {id(h): h for h in (t.enclosing("article") for t in reference.targets) if h is not None}.values():
                if host is not owner:
                    inbound.setdefault(host.start, []).append((reference.start, owner))
    out, seen = [], set()
    text = ctx.draft.text
    for at, owner in inbound.get(article.start, ()):
        for part, role in reader(ctx).roles(owner):
            if role in _DOCUMENT_ROLES and part.start <= at < part.end and id(part) not in seen:
                seen.add(id(part))
                # A remedy against the measure ("may apply to the High Court for its review") names a
                # court that reviews, not one that authorises.
                if not cues.REMEDY.search(text, part.start, part.end):
                    out.append((part, owner))
    return out


def _general_spans(ctx, place: str, scope) -> list[tuple[int, int]]:
    """The spans of the safeguard and exception provisions of a division or of
    the instrument (made once per check)."""
    kept = memo(ctx)
    key = ("spans", place == "division", scope.start if scope is not None else None)  # document, operative: one
    found = kept.get(key)
    if found is None:
        found = []
        for other in _articles_in(ctx, scope):
            start = other.start
            found.extend([(start + lo, start + hi) for lo, hi, _ in _general_parts(ctx, other, place == "division")])
        kept[key] = found
    return found


def _summary(value, ctx, key):
    if not isinstance(value, str):
        ctx.error(key.name, "expected text")
        return None
    return value.strip()


KIND = Kind(
    "reading",
    "Every part of an article that `reads:` selects, or that lacks the elements `require:` names (see "
    "\"Reading rules\"). Underlines the words of the first element the selector names that was read.",
    (
        replace(keys.READS, required=True, missing="a reading rule needs 'reads': the provisions it is about"),
        Key("require", "elements, or a list of such mappings (any one of them)",
            "the elements a selected provision must have, firmly", "{authoriser: [judge, independent-body]}",
            parse=values.requirements, field="needs"),
        Key("within", "list of places", "where the required elements may be read",
            "[unit, referenced, referring, division]", values=values.READING_WITHIN, parse=values.reading_places),
        Key("summary", "text", "one information finding on the instrument, `{count}` filled",
            "'{count} powers lack prior judicial authorisation.'", parse=_summary),
        Key("refers_to", "selector", "only provisions that refer to one this selector matches",
            "{role: offence, conduct: [content]}", parse=values.selector),
        keys.UNIT,
        replace(keys.WHEN, doc="wording that must hold in the selected provision for the rule to examine it"),
        replace(keys.UNLESS, doc="wording that, when it holds in the selected provision, stops the rule"),
        keys.FALLBACK,
    ),
    evaluate,
)

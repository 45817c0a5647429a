"""Kind ``require``: wording that must be found where a trigger holds.

In each unit where ``when`` holds, the ``require`` wording must be found in one
of the places ``within`` lists; otherwise a finding underlines the first
occurrence of the trigger. Wording found only in a sentence that also holds a
``weakened_by`` term, or only the ``fallback`` wording, is reported at the
lower severity.
"""

from __future__ import annotations

from safeguard_lsp.draft import Unit
from safeguard_lsp.findings import Finding, Related, softer
from safeguard_lsp.kinds import keys
from safeguard_lsp.kinds.anchors import first_line, unit_anchor
from safeguard_lsp.kinds.selection import anchor, matching_parts
from safeguard_lsp.kinds.schema import Kind
from safeguard_lsp.reading import describe


def evaluate(engine, rule, ctx, triggered: list[Unit] | None = None):
    # Many units of a rule share places (the operative part of the
    # instrument, an article's division): satisfaction looks each place
    # up once per check.
    for unit in engine.examined_units(rule, ctx, triggered):
        state, weak_at = satisfaction(rule, ctx, ctx.places(unit, rule.within))
        if state == "met":
            continue
        start, end = _trigger_spot(rule, ctx, unit)
        finding = report_gap(engine, rule, ctx, unit, state, weak_at, start, end)
        if rule.reads is not None:
            parts = matching_parts(rule, ctx, unit)
            if parts:
                finding.reading = describe(parts[0][1], ctx.draft.text)
        yield finding


def _trigger_spot(rule, ctx, unit: Unit) -> tuple[int, int]:
    # With `when: {all: [a, b]}` the first term names what the rule is about (a gag order), the others
    # the context it must be found in (a measure): the finding underlines the first.
    terms = rule.when.any + rule.when.all[:1] or rule.when.all
    if rule.reads is not None:
        parts = matching_parts(rule, ctx, unit)
        if parts:
            part, reading = parts[0]
            spots = ctx.occurrences(terms, part.start, part.end) if terms else []
            return spots[0] if spots else anchor(rule, reading, part, ctx.draft.text)
    if terms:
        # Underline the trigger in the body ("may intercept") rather than
        # in the heading ("Article 21 – Interception") where both exist.
        spots = ctx.occurrences(terms, unit.body_start, unit.end) or ctx.occurrences(terms, unit.start, unit.end)
        if spots:
            return spots[0]
    return unit_anchor(unit) if unit.heading_start is not None else first_line(ctx.draft, unit.start, unit.end)


def satisfaction(rule, ctx, places) -> tuple[str, Unit | None]:
    """'met' (in any place), 'weak' (only weakened or fallback wording) or
    'missing', and the first place with weak wording that is a unit
    elsewhere."""
    weak_at: Unit | None = None
    weak = False
    verdicts = ctx.place_verdicts
    for span, owner in places:
        key = (rule.id, span)
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = _place_verdict(rule, ctx, span[0], span[1])
        if verdict == "met":
            return "met", None
        if verdict == "weak":
            weak, weak_at = True, weak_at or owner
    return ("weak" if weak else "missing"), weak_at


def _place_verdict(rule, ctx, start: int, end: int) -> str:
    """What one place holds of the required wording: 'met', 'weak' or
    'none'. Kept per place within a check: the units of a division, or
    of the whole operative part, share those places, and a division's
    wording was looked up again for each of its units."""
    required = ctx.occurrences(rule.require.any + rule.require.all, start, end)
    if rule.require.all and not all(ctx.matches.any_within(t, start, end) for t in rule.require.all):
        required = []
    if rule.require.none and any(ctx.matches.any_within(t, start, end) for t in rule.require.none):
        required = []
    weak = False
    for r_start, _ in required:
        if rule.weakened_by:
            s_start, s_end = ctx.sentence_span(r_start)
            if any(ctx.matches.any_within(t, s_start, s_end) for t in rule.weakened_by):
                weak = True
                continue
        return "met"
    if weak or (rule.fallback and any(ctx.matches.any_within(t, start, end) for t in rule.fallback.any)):
        return "weak"
    return "none"


def weak_finding(rule) -> tuple[str, str]:
    """The severity and message of a finding where only weak wording was read."""
    severity = rule.fallback.severity if rule.fallback else softer(rule.severity)
    message = (rule.fallback.message if rule.fallback and rule.fallback.message else
               f"{rule.message} The wording found is only optional or qualified.")
    return severity, message


def report_gap(engine, rule, ctx, unit: Unit, state: str, weak_at: Unit | None, start: int, end: int) -> Finding:
    related = []
    if weak_at is not None and weak_at.heading_start is not None:
        related.append(Related(weak_at.heading_start, weak_at.heading_end,
                               f"{weak_at.label} has only weaker wording for this safeguard"))
    if state == "weak":
        severity, message = weak_finding(rule)
        return engine.finding(rule, ctx, start, end, unit, severity=severity, message=message, related=related)
    return engine.finding(rule, ctx, start, end, unit, related=related)


KIND = Kind(
    "require",
    "In each unit where `when` holds, the `require` wording must be found `within` one of the places listed; "
    "otherwise a finding underlines the first trigger occurrence (with `when: {all: [...]}`, of its first "
    "term: what the rule is about, the others its context). Places: `unit` (the unit itself), `parent` "
    "(the enclosing article), `referenced` (the units it cross-references, e.g. \"subject to Articles 14 and "
    "15\"), `division` (the enclosing chapter or section), `document`, `operative` (the document outside its "
    "preamble).",
    (keys.REQUIRED_WORDING, keys.UNIT, keys.WHEN, keys.UNLESS, keys.READS, keys.WEAKENED_BY, keys.FALLBACK),
    evaluate,
)

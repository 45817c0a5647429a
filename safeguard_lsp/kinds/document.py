"""Kind ``document``: wording the instrument as a whole must contain.

The wording is looked up with the lexicon; ``or_reads`` lets a provision meet
the requirement by what it does, however it is worded: "A person affected by
a power under this Part may apply to the High Court for a remedy" is a remedy
whether or not the lexicon knows its words.
"""

from __future__ import annotations

from dataclasses import replace

from safeguard_lsp.kinds import keys, values
from safeguard_lsp.kinds.anchors import first_line, instrument_heading, unit_anchor
from safeguard_lsp.kinds.require import report_gap, satisfaction
from safeguard_lsp.kinds.schema import Key, Kind
from safeguard_lsp.kinds.selection import memo, parts_reading_as, reader


def evaluate(engine, rule, ctx, triggered=None):
    root = ctx.draft.root
    whole = [(0, ctx.limit)]
    if rule.when and not ctx.holds(rule.when, whole):
        return
    if rule.unless and ctx.holds(rule.unless, whole):
        return
    ctx.examined.append((rule.id, root))
    state, weak_at = satisfaction(rule, ctx, ctx.places(root, rule.within))
    if state == "met" or (rule.or_reads is not None and _read_somewhere(rule.or_reads, ctx)):
        return
    heading = instrument_heading(ctx.draft)
    start, end = unit_anchor(heading) if heading else first_line(ctx.draft, 0, len(ctx.draft.text))
    yield report_gap(engine, rule, ctx, root, state, weak_at, start, end)


def _read_somewhere(selector, ctx) -> bool:
    """Whether a provision of the operative text (an article's part, not the
    preamble) reads as ``selector`` asks (kept per check and selector)."""
    kept = memo(ctx)
    key = ("read somewhere", id(selector))
    found = kept.get(key)
    if found is None:
        found = kept[key] = any(
            part.start < ctx.limit
            for article in ctx.draft.articles if article.enclosing("preamble") is None
            for reading in (reader(ctx).article(article),) if reading is not None
            for part, _ in parts_reading_as(selector, ctx, reading))
    return found


KIND = Kind(
    "document",
    "The instrument as a whole must contain the `require` wording (`within: [operative]` by default), provided "
    "`when` holds somewhere in it. Underlines the title or first heading; the finding's unit is the document.",
    (replace(keys.REQUIRED_WORDING, doc="wording the instrument must contain, and where (within; default `operative`)",
             example="[human-rights-clause]"),
     replace(keys.UNIT, doc="the unit examined; default `document`", example="document"),
     replace(keys.WHEN, doc="wording that must hold somewhere in the instrument for the rule to examine it"),
     replace(keys.UNLESS, doc="wording that, anywhere in the instrument, stops the rule"),
     keys.WEAKENED_BY, keys.FALLBACK,
     Key("or_reads", "selector", "a provision whose reading this selector matches meets the requirement too, "
         "whatever its words", "{role: [refusal-ground], refusal-ground: [persecution]}", parse=values.selector)),
    evaluate,
    default_unit="document",
    default_within=("operative",),
)

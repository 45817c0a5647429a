"""Kind ``document``: wording the instrument as a whole must contain."""

from __future__ import annotations

from dataclasses import replace

from safeguard_lsp.kinds import keys
from safeguard_lsp.kinds.anchors import first_line, instrument_heading, unit_anchor
from safeguard_lsp.kinds.require import report_gap, satisfaction
from safeguard_lsp.kinds.schema import Kind


def evaluate(engine, rule, ctx, triggered=None):
    root = ctx.draft.root
    whole = [(0, ctx.limit)]
    if rule.when and not ctx.holds(rule.when, whole):
        return
    if rule.unless and ctx.holds(rule.unless, whole):
        return
    ctx.examined.append((rule.id, root))
    state, weak_at = satisfaction(rule, ctx, ctx.places(root, rule.within))
    if state == "met":
        return
    heading = instrument_heading(ctx.draft)
    start, end = unit_anchor(heading) if heading else first_line(ctx.draft, 0, len(ctx.draft.text))
    yield report_gap(engine, rule, ctx, root, state, weak_at, start, end)


KIND = Kind(
    "document",
    "The instrument as a whole must contain the `require` wording (`within: [operative]` by default), provided "
    "`when` holds somewhere in it. Underlines the title or first heading; the finding's unit is the document.",
    (replace(keys.REQUIRED_WORDING, doc="wording the instrument must contain, and where (within; default `operative`)",
             example="[human-rights-clause]"),
     replace(keys.UNIT, doc="the unit examined; default `document`", example="document"),
     replace(keys.WHEN, doc="wording that must hold somewhere in the instrument for the rule to examine it"),
     replace(keys.UNLESS, doc="wording that, anywhere in the instrument, stops the rule"),
     keys.WEAKENED_BY, keys.FALLBACK),
    evaluate,
    default_unit="document",
    default_within=("operative",),
)

"""Kind ``term``: every occurrence of the ``match`` wording in an examined unit."""

from __future__ import annotations

from safeguard_lsp.kinds import keys
from safeguard_lsp.kinds.selection import matching_parts
from safeguard_lsp.kinds.schema import Kind
from safeguard_lsp.reading import describe


def flag_occurrences(engine, rule, ctx, triggered=None):
    """A finding on each occurrence of the rule's ``match`` terms in the units
    it examines (with ``reads``, only inside the provisions it selects)."""
    seen: set[tuple[int, int]] = set()
    for unit in engine.examined_units(rule, ctx):
        parts = matching_parts(rule, ctx, unit) if rule.reads is not None else None
        for start, end in ctx.occurrences(rule.match, unit.start, unit.end):
            if (start, end) in seen:
                continue
            if parts is not None and not any(p.start <= start < p.end for p, _ in parts):
                continue
            seen.add((start, end))
            finding = engine.finding(rule, ctx, start, end, unit)
            if parts:
                finding.reading = next((describe(r, ctx.draft.text) for p, r in parts if p.start <= start < p.end), "")
            yield finding


# The keys of term and forbid rules.
KEYS = (keys.MATCH, keys.UNIT, keys.WHEN, keys.UNLESS, keys.READS)

KIND = Kind(
    "term",
    "Every occurrence of `match` inside an examined unit is a finding (optionally only in units where `when` "
    "holds). Underlines the occurrence.",
    KEYS,
    flag_occurrences,
)

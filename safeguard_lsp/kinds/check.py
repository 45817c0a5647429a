"""Kind ``check``: a drafting check on the structure of the draft.

The check (``drafting_quality.py``) finds the place and offers its own fixes
(the nearest existing article, a renumbering that also updates the
cross-references); the rule gives the severity, the message (which may use the
values the check provides in braces, such as ``{reference}``) and citations.
"""

from __future__ import annotations

from safeguard_lsp.kinds.drafting_quality import CHECKS
from safeguard_lsp.kinds.schema import Key, Kind


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def evaluate(engine, rule, ctx, triggered=None):
    for spot in CHECKS[rule.check](ctx.draft):
        if spot.start >= ctx.limit:
            continue
        message = rule.message.format_map(_Fields(spot.fields))
        finding = engine.finding(rule, ctx, spot.start, spot.end, spot.unit,
                                 message=message[:1].upper() + message[1:], related=spot.related)
        finding.fixes = spot.fixes + finding.fixes
        yield finding


def _drafting_check(value, ctx, key):
    if value not in CHECKS:
        ctx.error(key.name, f"expected the name of a drafting check: {', '.join(CHECKS)}",
                  ctx.line(key.name if key.name in ctx.item else "kind"))
    return value


_MISSING = f"expected the name of a drafting check: {', '.join(CHECKS)}"

KIND = Kind(
    "check",
    "A drafting check on the structure of the draft, named by `check:`. The check finds the place and offers "
    "its own fixes (the nearest existing article, a renumbering that also updates the cross-references); the "
    "message may use the values it provides in braces, such as `{reference}`, `{detail}`, `{term}`.",
    (Key("check", "one of", "the name of the drafting check", "broken-reference", required=True,
         values=tuple(CHECKS), parse=_drafting_check, missing=_MISSING),),
    evaluate,
)

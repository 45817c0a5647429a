"""Defined terms: '"computer system" means …', found line by line (a
definition never spans two lines), each with the unit it is defined in."""

from __future__ import annotations

from .model import DefinedTerm
from .text import LazyPattern

# typing.TYPE_CHECKING without importing typing (it slows every `check`'s
# start): type checkers treat this constant the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .document import Draft


def _lazy(name: str, *args) -> LazyPattern:
    return LazyPattern(globals(), name, *args)


_DEFINITION = _lazy("_DEFINITION",
    r"(?=[\"\u201c\u2018'\u00ab\u201e])(?<![\w])[\"\u201c\u2018'\u00ab\u201e](?P<term>[^\"\u201c\u201d\u2018\u2019'\u00ab\u00bb\u201e\n\r]{1,100}?)"
    r"[\"\u201d\u2019'\u00bb\u201c][*_]{0,2}[ \t]*(?:\([^()\n]{0,80}\)[ \t]*)?,?[ \t]*"
    r"(?:shall[ \t]+(?:mean|include|refer[ \t]+to|have[ \t]+the[ \t]+(?:same[ \t]+)?meaning)|means|includes"
    r"|refers[ \t]+to|has[ \t]+the[ \t]+(?:same[ \t]+)?meaning|is[ \t]+defined[ \t]+as|denotes)\b"
)


def defined_terms(text: str, draft: Draft, lo: int = 0, hi: int | None = None) -> list[DefinedTerm]:
    """Terms defined in text[lo:hi] (a definition never spans two lines)."""
    out = []
    lo = max(lo, draft.front_end)
    for m in _DEFINITION.finditer(text, lo, len(text) if hi is None else hi):
        raw_s, raw_e = m.span("term")
        term = text[raw_s:raw_e]
        stripped = term.strip()
        if not stripped or not any(ch.isalpha() for ch in stripped):
            continue
        s = raw_s + (len(term) - len(term.lstrip()))
        e = s + len(stripped)
        unit = draft.structural_at(raw_s - 1)
        out.append(DefinedTerm(stripped, s, e, raw_s - 1, max(unit.end, m.end()), unit))
    return out

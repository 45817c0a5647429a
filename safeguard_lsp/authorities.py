"""The authorities a finding rests on, grouped by what they are.

A lawyer weighs a treaty article, a General Comment and an NGO letter
differently, and an opponent rebuts a claim by pointing out that an "ask" was
presented as law. Hovers, the report and the rule reference therefore show
the citations of a finding in three groups, each line saying what the text is.
"""

from __future__ import annotations

import re
from typing import Iterable

from safeguard_lsp.ruleset import Citation

# (heading, the authority kinds it holds), in the order they are shown.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The law", ("treaty", "declaration")),
    ("Interpretation", ("interpretation", "judgment")),
    ("What civil society asks", ("advocacy",)),
)

# What the kind adds to a citation's one line, where the heading alone could
# mislead: the UDHR is not a treaty, a judgment is not a General Comment.
_KIND_NOTE = {
    "declaration": "declaration, not a treaty",
    "judgment": "judgment",
    "advocacy": "advocacy, not law",
}


def grouped(citations: Iterable[Citation]) -> list[tuple[str, list[Citation]]]:
    """The citations under their group headings, groups without any left out,
    each group in the order the rule cites them."""
    items = list(citations)
    out = []
    for heading, kinds in GROUPS:
        members = [c for c in items if c.authority in kinds]
        if members:
            out.append((heading, members))
    return out


_DATE = re.compile(r"\((?:\d{4}|\d{1,2} \w+ \d{4})\)")
# A UN document symbol, which a lawyer needs to find the text.
_SYMBOL = re.compile(r"\b(?:A/HRC|A|CCPR|E/CN\.4)/[A-Z0-9./]+")
_ASIDE = re.compile(r"\s*\([^()]*\)")


def short_instrument(citation: Citation) -> str:
    """The instrument's name without the details a one-line reference does
    not need (application numbers, treaty series, a General Comment's
    subject), keeping a date or a UN document symbol in brackets and the
    name of a case:
    "European Court of Human Rights, Roman Zakharov v. Russia"."""
    name = re.split(r", nos?\. ", citation.instrument)[0]
    name = name.split(": ")[0]
    while True:
        shorter = _ASIDE.sub(lambda m: m.group() if _DATE.fullmatch(m.group().strip()) or _SYMBOL.search(m.group())
                             else "", name)
        if shorter == name:
            break
        name = shorter
    return " ".join(name.split()).rstrip(":,; ")


def one_line(citation: Citation) -> str:
    """``Instrument, Article — title (kind)``: enough to recognise the text."""
    line = f"{short_instrument(citation)}, {citation.article}"
    if citation.title:
        line += f" — {citation.title}"
    notes = []
    if citation.authority in _KIND_NOTE:
        notes.append(_KIND_NOTE[citation.authority])
    if citation.by_reference:
        notes.append("cited by reference, not quoted")
    return line + (f" ({'; '.join(notes)})" if notes else "")

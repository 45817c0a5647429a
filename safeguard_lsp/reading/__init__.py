"""The reading layer: what each provision of a draft does, read from its words.

Between the draft model and the engine: rules ask about roles and elements
(``reads:`` in a pack) rather than about wording alone. This package knows
nothing of rules; see model.py for the schema, cues.py for the words, read.py
for how an article is read.
"""

from safeguard_lsp.reading.model import ELEMENTS, ROLES, Element, Reading, describe
from safeguard_lsp.reading.read import ArticleReading, Reader

__all__ = ["ELEMENTS", "ROLES", "Element", "Reading", "ArticleReading", "Reader", "describe"]

import weakref

_READERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def reading_line(draft, unit) -> str:
    """The reading of the provision that holds ``unit``, as shown to the user
    ("" where there is none: the document as a whole, a preamble)."""
    if unit is None or unit.kind in ("document", "preamble"):
        return ""
    reader = _READERS.get(draft)
    if reader is None:
        # The reader holds its draft weakly: a value holding its key keeps
        # the entry, and so every draft ever described (each draft of a
        # folder `check` wrote as JSON, each version the server hovered), alive.
        reader = _READERS[draft] = Reader(weakref.proxy(draft))
    found = reader.reading(unit)
    return describe(found, draft.text) if found is not None else ""

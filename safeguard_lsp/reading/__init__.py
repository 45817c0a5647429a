"""The reading layer: what each provision of a draft does, read from its words.

Between the draft model and the engine: rules ask about roles and elements
(``reads:`` in a pack) rather than about wording alone. This package knows
nothing of rules; see model.py for the schema, cues.py for the words, read.py
for how an article is read.
"""

from safeguard_lsp.reading.model import ELEMENTS, ROLES, Element, Reading, describe
from safeguard_lsp.reading.read import READERS, ArticleReading, Reader

__all__ = ["ELEMENTS", "ROLES", "Element", "Reading", "ArticleReading", "Reader", "describe"]


def reading_line(draft, unit) -> str:
    """The reading of the provision that holds ``unit``, as shown to the user
    ("" where there is none: the document as a whole, a preamble)."""
    if unit is None or unit.kind in ("document", "preamble"):
        return ""
    reader = READERS.get(draft) or Reader(draft)  # the check's own reader, where it made one
    found = reader.reading(unit)
    return describe(found, draft.text) if found is not None else ""

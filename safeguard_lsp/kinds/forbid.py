"""Kind ``forbid``: wording unacceptable in the units a trigger identifies.

Evaluated as ``term`` is (each occurrence is a finding); a kind of its own
because it says something else to the reader of a pack: the wording is
wrong where it stands (a weak "may" in a safeguard clause), not merely
worth noting.
"""

from __future__ import annotations

from safeguard_lsp.kinds.schema import Kind
from safeguard_lsp.kinds.term import KEYS, flag_occurrences

KIND = Kind(
    "forbid",
    "The same as `term`, for wording that is unacceptable in a unit the `when` trigger identifies (a weak `may` "
    "in a safeguard clause). Underlines the occurrence.",
    KEYS,
    flag_occurrences,
)

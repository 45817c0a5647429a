"""What a reading is: a provision's role and its elements, each read from words.

This module is the schema of the reading: the roles, the elements and the
values each element takes. Rules name these values (``reads:``), so the rule
loader validates them against the tables here, and the rule-language page lists
them from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# In order of precedence: when one provision does several things, the earlier
# role is the one it is read as (an article that creates an offence and ends
# with a penalty is an offence; a power whose paragraph sets a time limit is a power).
ROLES = (
    "final-clause", "definition", "preamble", "offence", "power", "cooperation", "refusal-ground",
    "institution", "safeguard", "exception", "penalty", "reservation", "other",
)

# Each element: its values, strongest or widest last where they are ordered.
ELEMENTS: dict[str, tuple[str, ...]] = {
    # offences
    "conduct": ("access", "interception", "data-interference", "system-interference", "misuse-of-devices",
                "content", "fraud", "forgery", "child-abuse-material", "cyber-enabled", "disclosure",
                "non-compliance", "accessory", "other"),
    "mental": ("none", "intentional", "dishonest"),
    "without-right": ("yes",),
    "harm": ("serious",),
    "penalty": ("yes",),
    "reverse-burden": ("yes",),
    # powers
    "measure": ("search-seizure", "production-order", "preservation", "real-time-traffic", "interception",
                "blocking", "assistance-duty", "decryption", "data-retention", "disclosure-abroad", "other"),
    "authoriser": ("none", "police", "executive", "prosecutor", "independent-body", "judge"),
    # who exercises a power on their own authority, where nobody else authorises it
    "actor": ("police", "executive", "prosecutor"),
    "warrantless": ("yes",),
    "standards": ("necessity", "proportionality", "reasonable-grounds", "serious-offence"),
    "time-limit": ("yes",),
    "notification": ("yes",),
    "remedy": ("yes",),
    "oversight": ("yes",),
    "limited-duty": ("yes",),
    "scope": ("instrument-offences", "serious-crime", "any-crime"),
    # cooperation
    "channel": ("mla", "direct-provider", "transborder"),
    "mla-law": ("yes",),
    "dual-criminality": ("yes",),
    "refusal": ("permissive", "mandatory"),
    "refusal-ground": ("persecution", "human-rights", "death-penalty", "political-offence", "essential-interests"),
    # exceptions and defences
    "defence": ("public-interest", "research", "authorised-testing", "journalism", "other"),
    # institutions
    "executive-control": ("yes",),
    # scope words (any role)
    "negated": ("yes",),
    "exception": ("yes",),
    "optional": ("yes",),
}

# Values ordered by strength, for "weaker than" selectors.
ORDERED = {"mental", "authoriser"}


@dataclass(frozen=True, slots=True)
class Element:
    """One element as read: its value, the words it was read from, and whether
    those words only let a State choose it ("A Party may require …")."""

    name: str
    value: str
    start: int
    end: int
    optional: bool = False


@dataclass(slots=True)
class Reading:
    """The reading of one unit: its role and elements (offsets into the draft)."""

    role: str
    role_start: int = -1
    role_end: int = -1
    roles: frozenset = frozenset()
    elements: dict[str, list[Element]] = field(default_factory=dict)

    def values(self, name: str, *, firm: bool = False) -> set[str]:
        """The values read for an element (only those not left optional, if ``firm``)."""
        return {e.value for e in self.elements.get(name, ()) if not (firm and e.optional)}

    def first(self, name: str, values: set[str] | None = None) -> Element | None:
        for element in self.elements.get(name, ()):
            if values is None or element.value in values:
                return element
        return None

    def strength(self, name: str, *, firm: bool = True) -> str | None:
        """For an ordered element, the strongest value read (None when none)."""
        order = ELEMENTS[name]
        found = self.values(name, firm=firm)
        return max(found, key=order.index) if found else None


def describe(reading: Reading, text: str) -> str:
    """A reading in a line a lawyer can check against the words:
    "offence; conduct: access ('accesses'); mental element: 'intentionally' (weak)"."""
    parts = [reading.role]
    for name, label in _SHOWN.get(reading.role, ()):
        elements = reading.elements.get(name)
        if not elements:
            if name in ("mental", "authoriser"):
                parts.append(f"{label}: —")
            continue
        shown = []
        seen = set()
        for e in elements:
            if (e.value, e.optional) in seen:
                continue
            seen.add((e.value, e.optional))
            words = " ".join(text[e.start:e.end].split())
            note = _STRENGTH_NOTE.get((name, e.value), "")
            if e.optional:
                note = (note + ", " if note else "") + "optional"
            value = "" if e.value == "yes" else e.value + " "
            shown.append(f"{value}'{words[:60]}'" + (f" ({note})" if note else ""))
            if len(shown) == 3:
                break
        parts.append(f"{label}: " + "; ".join(shown))
    return "; ".join(parts)


_SHOWN = {
    "offence": (("conduct", "conduct"), ("mental", "mental element"), ("without-right", "without right"),
                ("harm", "harm"), ("defence", "defence")),
    "power": (("measure", "measure"), ("authoriser", "authorised by"), ("actor", "exercised by"), ("warrantless", "without warrant"),
              ("standards", "standards"), ("scope", "scope"), ("time-limit", "time limit"),
              ("limited-duty", "limit")),
    "cooperation": (("channel", "channel"), ("scope", "scope"), ("dual-criminality", "dual criminality"),
                    ("refusal", "refusal"), ("mla-law", "subject to")),
    "refusal-ground": (("refusal", "refusal"), ("refusal-ground", "ground")),
    "exception": (("defence", "defence"),),
    "institution": (("executive-control", "executive control"),),
    "other": (("reverse-burden", "reverse burden"),),
}

_STRENGTH_NOTE = {
    ("mental", "intentional"): "weak",
    ("mental", "dishonest"): "strong",
    ("authoriser", "police"): "not independent",
    ("authoriser", "executive"): "not independent",
    ("authoriser", "prosecutor"): "not independent",
}

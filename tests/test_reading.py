"""The reading of provisions, against the expected readings of the style drafts.

tests/drafts/styles/ holds seven invented drafts, one per drafting style, each
with an expectation file written by someone other than the reader's author:
for each provision, its role and the elements its words state. Every key of
every expectation is one test, so a failure names the style, the provision and
the element (issue 18: the reading must get offences, powers, authorisers,
exceptions and refusal grounds right in every style).
"""

from __future__ import annotations

import pytest

from safeguard_lsp.reading import Reader
from safeguard_lsp.reading.model import Reading
from test_style_drafts import EXPECTATIONS, NOT_YET_SEGMENTED, _draft, _load, find_unit

# Expected values this reader does not yet get right, with why. Each entry must
# keep failing (strict): one that starts passing is taken off the list.
KNOWN_MISREADINGS: dict[tuple[str, str, str], str] = {}

_CACHE: dict = {}


def _reader(path):
    if path not in _CACHE:
        expectation = _load(path)
        text, draft = _draft(expectation)
        _CACHE[path] = (expectation, text, draft, Reader(draft))
    return _CACHE[path]


def reading_of(reader: Reader, unit) -> Reading | None:
    """The reading of a located unit: the article's (under its role), the part
    that holds the unit, or the parts the unit holds, together."""
    article = reader.article(unit)
    if article is None:
        return reader.reading(unit)
    if unit is article.article:
        return article.whole()
    inside = [(p, r) for p, r in article.parts if unit.start <= p.start and p.end <= unit.end]
    if inside:
        merged = Reading(inside[0][1].role)
        roles = [r.role for _, r in inside]
        from safeguard_lsp.reading.model import ROLES
        merged.role = min((r for r in roles if r != "other"), key=ROLES.index, default="other")
        for _, r in inside:
            for name, elements in r.elements.items():
                merged.elements.setdefault(name, []).extend(elements)
        return merged
    return reader.reading(unit)


def actual(reading: Reading, key: str):
    """The value of one expectation key in a reading, in the expectation's terms."""
    if key == "role":
        return reading.role
    if key == "conduct":
        elements = reading.elements.get("conduct")
        return elements[0].value if elements else None
    if key in ("mental", "authoriser"):
        return reading.strength(key) or "none"
    if key in ("measure", "channel", "scope"):
        return reading.values(key)
    if key == "refusal":
        return reading.values("refusal") or {"none"}
    if key == "standards":
        return reading.values("standards")
    return bool(reading.elements.get(key))


def agrees(key: str, expected, got) -> bool:
    if key == "standards":
        return set(expected) <= got
    if isinstance(got, set):
        return expected in got
    return expected == got


def _cases():
    for path in EXPECTATIONS:
        expectation = _load(path)
        style = expectation["style"]
        for provision in expectation["provisions"]:
            at = provision["at"]
            for key, expected in provision.items():
                if key == "at":
                    continue
                marks = []
                if at in NOT_YET_SEGMENTED.get(style, ()):
                    marks.append(pytest.mark.xfail(reason="layout not segmented yet", strict=False))
                elif (style, at, key) in KNOWN_MISREADINGS:
                    marks.append(pytest.mark.xfail(reason=KNOWN_MISREADINGS[(style, at, key)], strict=True))
                yield pytest.param(path, at, key, expected, marks=marks, id=f"{style}: {at}: {key}")


@pytest.mark.parametrize(("path", "at", "key", "expected"), list(_cases()))
def test_reading_matches_the_expected_reading(path, at, key, expected):
    _, text, draft, reader = _reader(path)
    unit = find_unit(draft, at)
    assert unit is not None, f"no unit {at!r}"
    reading = reading_of(reader, unit)
    assert reading is not None, f"{at}: not read"
    got = actual(reading, key)
    assert agrees(key, expected, got), f"{at}: {key}: expected {expected!r}, read {got!r}"

"""Where a reading rule underlines: in the words of the part it reports on.

An aggravated form of an offence ("(2) A person who commits an offence under
subsection (1) with intent to defraud …") is read with the conduct of the
offence it refers to; its finding is still put on its own words, not on
subsection (1)'s, where that subsection's own finding is (two identical
diagnostics on one place, each for a different provision, read as one
repeated)."""

from __future__ import annotations

from collections import Counter

import pytest

from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine

DRAFTS = {
    "commonwealth": ("ACT\n\nUnauthorised access\n3. (1) A person who intentionally and without authorisation accesses "
                     "a computer system commits an offence and is liable on conviction to imprisonment for two years.\n"
                     "(2) A person who commits an offence under subsection (1) with intent to defraud is liable on "
                     "conviction to imprisonment for five years.\n"),
    "code": ("CODE\n\nArticle 271. Abusive access\n1. Anyone who, without right, enters a computer system shall incur "
             "a prison sentence of one to three years.\n2. Where the act under paragraph 1 is committed in order to "
             "obtain an unlawful gain, the penalty shall be imprisonment of two to five years.\n"),
}


@pytest.mark.parametrize("name", sorted(DRAFTS))
def test_each_part_is_reported_on_its_own_words(shipped, name):
    text = DRAFTS[name]
    result = Engine(shipped, Config()).check(Draft.parse(text, path="draft.txt"))
    places = Counter((f.rule_id, f.start, f.end) for f in result.findings if f.unit.kind != "document")
    assert [place for place, count in places.items() if count > 1] == []
    for finding in result.findings:
        if finding.unit.kind in ("paragraph", "subparagraph"):
            assert finding.unit.start <= finding.start < finding.unit.end, (finding.rule_id, text[finding.start:finding.end])


def test_the_basic_offence_is_not_given_the_intent_of_its_aggravated_form(shipped):
    text = DRAFTS["commonwealth"]
    result = Engine(shipped, Config()).check(Draft.parse(text, path="draft.txt"))
    flagged = [text[f.unit.start:f.unit.start + 3] for f in result.findings if f.rule_id == "SG-ACCESS-INTENT"]
    assert flagged == ["(1)"]

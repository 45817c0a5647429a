"""Whether a draft says "State Party" or "Party" decides the wording of every
model clause a fix inserts. The count is made from the literal "Part" (far
faster on a long draft than a pattern that starts at a word boundary); it must
give exactly what the two whole-word patterns give, for any text."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from safeguard_lsp.draft import Draft
from safeguard_lsp.fixes import _parties_between, _party_counts, _party_facts, party_words

PIECES = ["State", "States", "state", " ", "  ", "Party", "Parties", "Part", "party", "x", "é", "_", "1", "\n",
          "ies", "y", "S", "\u00a0", "-"]


def reference(text: str) -> tuple[int, int]:
    state = len(re.findall(r"\bStates? Part(?:y|ies)\b", text))
    return state, len(re.findall(r"\bPart(?:y|ies)\b", text)) - state


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
@example("Party State ")  # a match at the start: no text before it to look at
@example("States Parties")
@example("xState Party")
@example("éStates Party")
@example("Partyé")
def test_counts_are_those_of_the_whole_word_patterns(text):
    assert _party_counts(_party_facts(text, 0, len(text))) == reference(text)


def test_the_majority_decides_the_words_of_the_fixes():
    assert party_words(Draft.parse("Each State Party shall act. The States Parties agree. A Party may.")) == (
        "State Party", "States Parties")
    assert party_words(Draft.parse("Each Party shall act. Parties agree. non-member States Parties")) == (
        "Party", "Parties")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1, exclude_max=True),
                          st.sampled_from(["State ", "States ", "Party", " Parties", "x", "\n", "the State Party "])),
                min_size=1, max_size=10))
def test_the_words_after_re_parses_are_those_of_a_full_parse(edits):
    """Where the draft says "Party" is kept with it and found again only in
    the article an edit re-parses: after each edit the words a fix uses are
    those of a fresh parse, and the counts those of the text."""
    text = ("# Convention\n\nArticle 1 – Scope\n\n1. Each Party shall act.\n\n"
            "Article 2 – Powers\n\n1. Each State Party shall act. The States Parties agree.\n\n"
            "2. A State Party may act.\n")
    draft = Draft.parse(text, syntax="markdown")
    for where, paste in edits:
        at = int(where * len(text))
        text = text[:at] + paste + text[at:]
        draft = Draft.parse(text, syntax="markdown", previous=draft)
        assert _party_counts(draft.positional("parties", _parties_between)) == reference(text)
        assert party_words(draft) == party_words(Draft.parse(text, syntax="markdown"))

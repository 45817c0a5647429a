"""Whether a draft says "State Party" or "Party" decides the wording of every
model clause a fix inserts. The count is made from the literal "Part" (far
faster on a long draft than a pattern that starts at a word boundary); it must
give exactly what the two whole-word patterns give, for any text."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from safeguard_lsp.fixes import _party_counts, party_words

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
    assert _party_counts(text) == reference(text)


def test_the_majority_decides_the_words_of_the_fixes():
    assert party_words("Each State Party shall act. The States Parties agree. A Party may.") == (
        "State Party", "States Parties")
    assert party_words("Each Party shall act. Parties agree. non-member States Parties") == ("Party", "Parties")

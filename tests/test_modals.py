"""The mixed-obligations check finds each whole-word "shall" and "must" in
the lowered text, then looks at the characters around it (it reads the whole
draft at every keystroke, and the case-blind pattern was four times slower).
It must find exactly what the case-blind pattern finds, for any text."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from safeguard_lsp.draft import Draft
from safeguard_lsp.kinds.drafting_quality import _MODAL, _modals

PIECES = ["shall", "Shall", "SHALL", "must", "Must", "mustshall", "-", " ", "\n", "x", "é", "_", "1", "ſhall",
          "İ", "sha", "ll", "mu", "st", ".", "Article 1\n\n", "# Title\n\n"]


def reference(draft: Draft) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _MODAL.finditer(draft.text, draft.root.body_start)]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
@example("must-shall shall_ SHALL")
@example("ſhall must")  # a long s: read as "s" by the case-blind pattern
@example("İ shall")  # lowering makes this longer
def test_modals_are_those_of_the_case_blind_pattern(text):
    draft = Draft.parse(text)
    assert _modals(draft) == reference(draft)

"""Where a phrase (a defined term) is used: found from its first word with
``str.find`` in the lowered text. It must give exactly what reading every
word of the draft gives (the way it was found before), for any text: plurals,
punctuation inside terms, underscores, digits, and letters whose lower case
is longer (then the word index is used)."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from safeguard_lsp.draft import Draft

WORDS = ["data", "Data", "computer", "system", "systems", "co", "operation", "x_y", "7", "DATAS", "İd", "ß"]
GAPS = [" ", "  ", "\n", "-", " - ", ", ", ".", "_", "", "'s "]
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=40).map(
    lambda pairs: "".join(w + g for w, g in pairs))
phrases = st.sampled_from(["data", "computer system", "co-operation", "computer data", "x_y", "7 data", "İd", "data"])


def reference(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every word of the text indexed, then the phrase's words read in turn."""
    parts = re.findall(r"(\w+)(\W*)", phrase)
    words = [w.lower() for w, _ in parts]
    tokens = [m.span() for m in re.finditer(r"\w+", text)]
    last = len(words) - 1
    firsts = [words[0]] if last else [words[0], words[0] + "s", words[0] + "es"]
    out = []
    for i, (s, e) in enumerate(tokens):
        if text[s:e].lower() not in firsts or i + last >= len(tokens):
            continue
        ok = True
        for k in range(1, last + 1):
            gap = text[tokens[i + k - 1][1]:tokens[i + k][0]]
            wanted = parts[k - 1][1]
            if not (gap.isspace() if wanted.isspace() else "".join(gap.split()) == "".join(wanted.split())):
                ok = False
                break
            word = text[tokens[i + k][0]:tokens[i + k][1]].lower()
            if word != words[k] and not (k == last and word in (words[k] + "s", words[k] + "es")):
                ok = False
                break
        if ok:
            out.append((s, tokens[i + last][1]))
    return sorted(out)


@settings(max_examples=300, deadline=None)
@given(text=texts, phrase=phrases)
@example(text="computer-system, computer  system, Computer\nsystems, computersystem", phrase="computer system")
@example(text="co - operation co-operation cooperation co,operation", phrase="co-operation")
@example(text="Datas data_x DATAES xdata data7 data", phrase="data")
@example(text="İd İD id", phrase="İd")
def test_phrase_uses_are_those_found_by_reading_every_word(text, phrase):
    draft = Draft.parse(text, syntax="text")
    expected = [(s, e) for s, e in reference(text, phrase) if s >= draft.front_end]
    assert draft.phrase_uses(phrase) == expected

"""The server's edit application, property-tested without the protocol: the
fast path for texts without carriage returns (regression: a keystroke in a
1 MB draft indexed the whole text, 20 ms each) must give exactly what the
full line index gives, for any position, including ones past the end."""

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from safeguard_lsp.server.positions import LineIndex, apply_change

from .conftest import FUZZ_EXAMPLES

texts = st.text(alphabet=st.sampled_from(list("ab \n\t.é\u0301😀公\u2028\x0c")), max_size=60)
positions = st.builds(types.Position, line=st.integers(0, 12), character=st.integers(0, 30))


@settings(max_examples=FUZZ_EXAMPLES * 20, deadline=None)
@given(text=texts, start=positions, end=positions, new=st.text(max_size=4),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_fast_edit_application_equals_the_line_index(text, start, end, new, encoding):
    if (start.line, start.character) > (end.line, end.character):
        start, end = end, start
    rng = types.Range(start=start, end=end)
    a, b = LineIndex(text, encoding).offsets(rng)
    expected = text[:a] + new + text[b:]
    assert apply_change(text, types.TextDocumentContentChangePartial(range=rng, text=new), encoding) == expected

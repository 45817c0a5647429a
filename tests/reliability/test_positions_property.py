"""The server's copy of a document, property-tested without the protocol:
edits are applied to a chunked buffer (regression: rebuilding a 1 MB string
at every keystroke held up every request behind a burst of typing). Whatever
the edits, the chunks, the line breaks (``\\r\\n``, ``\\r``, ``\\n``) and the
encoding, the buffer must read exactly what the full line index of the whole
text gives, for any position, including ones past the end."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from safeguard_lsp.server import textbuffer
from safeguard_lsp.server.positions import LineIndex
from safeguard_lsp.server.textbuffer import TextBuffer
from safeguard_lsp.textdiff import unchanged_ends

from .conftest import FUZZ_EXAMPLES

# A real editor / a property test: minutes, not seconds (the fast loop is -m 'not slow').
pytestmark = pytest.mark.slow

ALPHABET = list("ab \n\n\r\t.é\u0301😀公\u2028\x0c")
texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=60)
positions = st.builds(types.Position, line=st.integers(0, 14), character=st.integers(0, 30))
edits = st.lists(st.tuples(positions, positions, st.text(alphabet=st.sampled_from(ALPHABET), max_size=12)),
                 min_size=1, max_size=12)


@pytest.fixture(params=[4, 16, 4 * 1024], ids=["tiny chunks", "small chunks", "shipped chunk size"])
def chunk(request, monkeypatch):
    monkeypatch.setattr(textbuffer, "CHUNK", request.param)
    return request.param


# The chunk size is the same for every input of one test: the fixture need not reset.
@settings(max_examples=FUZZ_EXAMPLES * 8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, sequence=edits, encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_the_buffer_reads_as_the_edits_applied_to_the_whole_text(chunk, text, sequence, encoding):
    buffer = TextBuffer(text)
    for start, end, new in sequence:
        if (start.line, start.character) > (end.line, end.character):
            start, end = end, start
        rng = types.Range(start=start, end=end)
        index = LineIndex(text, encoding)
        a, b = index.offsets(rng)
        assert buffer.offset(start, encoding) == a
        text = text[:a] + new + text[b:]
        buffer.apply(types.TextDocumentContentChangePartial(range=rng, text=new), encoding)
        assert len(buffer) == len(text)
        assert all(chunk.endswith("\n") for chunk in buffer._chunks[:-1]), "a line cut between two chunks"
        assert buffer.line_count == LineIndex(text).line_count
        for size in (0, 1, chunk - 1, chunk, chunk + 1, len(text) // 2, len(text) + 3):
            assert buffer.head(size) == text[:size]  # what decides whether it is a draft, unjoined
        for number in range(buffer.line_count + 1):
            whole = LineIndex(text)
            expected = text[whole.starts[number]:whole.ends[number]] if number < whole.line_count else None
            assert buffer.line(number) == expected
    assert buffer.text == text
    buffer.apply(types.TextDocumentContentChangeWholeDocument(text="replaced\r\nall"), encoding)
    assert buffer.text == "replaced\r\nall" and buffer.line(1) == "all"


@settings(max_examples=FUZZ_EXAMPLES * 8, deadline=None)
@given(old=texts, new=texts, block=st.sampled_from([1, 3, 1 << 16]))
def test_unchanged_ends_are_the_longest_common_prefix_and_suffix(old, new, block):
    prefix, suffix = unchanged_ends(old, new, block)
    expected_prefix = 0
    while expected_prefix < min(len(old), len(new)) and old[expected_prefix] == new[expected_prefix]:
        expected_prefix += 1
    rest = min(len(old), len(new)) - expected_prefix
    expected_suffix = 0
    while expected_suffix < rest and old[-1 - expected_suffix] == new[-1 - expected_suffix]:
        expected_suffix += 1
    assert (prefix, suffix) == (expected_prefix, expected_suffix)


@settings(max_examples=FUZZ_EXAMPLES * 4, deadline=None)
@given(old=texts, new=texts, block=st.sampled_from([1, 3, 1 << 16]))
def test_unchanged_ends_counted_from_the_end_first(old, new, block):
    prefix, suffix = unchanged_ends(old, new, block, suffix_first=True)
    expected_suffix = 0
    while expected_suffix < min(len(old), len(new)) and old[-1 - expected_suffix] == new[-1 - expected_suffix]:
        expected_suffix += 1
    rest = min(len(old), len(new)) - expected_suffix
    expected_prefix = 0
    while expected_prefix < rest and old[expected_prefix] == new[expected_prefix]:
        expected_prefix += 1
    assert (prefix, suffix) == (expected_prefix, expected_suffix)
    # Either way, what lies between them is the whole change.
    assert old[:prefix] + new[prefix:len(new) - suffix] + old[len(old) - suffix:] == new


def _units(char: str, encoding: str) -> int:
    if encoding == "utf-32":
        return 1
    if encoding == "utf-8":
        return len(char.encode("utf-8", "surrogatepass"))
    return len(char.encode("utf-16-le", "surrogatepass")) // 2


@settings(max_examples=FUZZ_EXAMPLES * 20, deadline=None)
@given(line=st.text(alphabet=st.sampled_from(list("ab é\u0301😀公\ud83d\ude00\udc00")), max_size=40),
       column=st.integers(0, 60), encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_a_column_is_converted_as_counting_each_character(line, column, encoding):
    """The reference: count the units of each character in turn; a column
    inside a character means after it."""
    expected = total = 0
    while expected < len(line) and total < column:
        total += _units(line[expected], encoding)
        expected += 1
    text = "first line\n" + line + "\nlast"
    assert LineIndex(text, encoding).offset(types.Position(line=1, character=column)) == 11 + expected

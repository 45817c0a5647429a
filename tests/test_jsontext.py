"""`check --format json` and SARIF are written by jsontext.dumps: the text
must be json.dumps(value, ensure_ascii=False, indent=2)'s, character for
character, whatever the value."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from clirun import run_cli
from conftest import EXAMPLES
from safeguard_lsp.jsontext import dumps


def standard(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


EDGES = [
    [], {}, [[]], [{}], {"a": []}, {"a": {}}, "", None, True, False, 0, -7, 2**80,
    {"quote \" and \\ back": "line\nbreak\ttab\u0001 é — “curly” \u2028 \ud800 lone"},
    (1, (2, [3])),
    [1.5, -0.0, 1e300],  # floats: left to json.dumps
    float("nan"),
    {1: "an int key", None: "a null key", True: "a bool key"},  # keys json.dumps converts
]


def test_edge_values_are_written_as_json_dumps_writes_them():
    for value in EDGES:
        assert dumps(value) == standard(value), value


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(allow_nan=True),
    lambda children: st.lists(children, max_size=4) | st.tuples(children, children)
    | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_is_written_as_json_dumps_writes_it(value):
    assert dumps(value) == standard(value)


def test_check_json_of_the_examples_is_json_dumps_text():
    written = 0
    for path in sorted(EXAMPLES.glob("*.md")):
        proc = run_cli(["check", path, "--format", "json"], text=True)
        assert proc.returncode in (0, 1), proc.stderr
        findings = json.loads(proc.stdout)
        assert proc.stdout == standard(findings) + "\n"
        written += len(findings)
    assert written > 20

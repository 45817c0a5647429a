"""The cues' compiled forms, kept on disk between processes.

Compiling the cue families is most of what reading costs a fresh `check`
process: Python parses each long alternation and builds its program in pure
Python, and the RE2 gate is derived from the same parse. Both results are
plain data (the gate's RE2 source; the program Python's ``re`` hands to its C
engine), so they are kept in the rule cache's folder (rulecache.py: the same
trust rules, ``SAFEGUARD_NO_CACHE``) under a key of the cues' patterns, this
package's code and the Python version. A process then builds each pattern
from its program without parsing it. Whatever fails (no folder, a stale or
foreign entry, a Python whose ``re`` internals differ) falls back to
``re.compile`` and the gate compiled from source: slower, never different
(tests/test_reading_prefilter.py compares the two).
"""

from __future__ import annotations

import re
from pathlib import Path

from safeguard_lsp import keptpatterns
from safeguard_lsp.reading import gates
from safeguard_lsp.reading.gates import Untranslatable, check_of, check_source, gate_of, gate_source

MADE: list = []  # every cue made (prefilter.Cue), to compile them together

# (pattern, flags) -> (gate or error, program or None, check or None: gates.check_of)
_FORMS: dict[tuple[str, int], tuple] | None = None


def _forms() -> dict[tuple[str, int], tuple]:
    global _FORMS
    if _FORMS is None:
        _FORMS = _load_or_build()
    return _FORMS


def python_pattern(pattern: str, flags: int) -> re.Pattern:
    """The cue's ``re`` pattern, built from its kept program where there is one."""
    forms = _forms()
    gate_text, program, check_text = forms.get((pattern, flags), (None, None, None))
    if program is not None:
        # Used once: the program's list of ints (~1.7 MB for all cues) is not kept.
        forms[(pattern, flags)] = (gate_text, None, check_text)
    return keptpatterns.built(pattern, flags, program)


def gate(pattern: str, flags: int) -> str:
    """The cue's RE2 gate source (raises Untranslatable where it has none)."""
    found = _forms().get((pattern, flags))
    if found is None:
        return gate_source(pattern, flags)
    if found[0].startswith("!"):
        raise Untranslatable(found[0][1:])
    return found[0]


def check(pattern: str, flags: int) -> str | None:
    """The RE2 source that checks, at a place the gate found, whether the
    rest of the cue can follow (gates.check_of); None where the gate is whole."""
    found = _forms().get((pattern, flags))
    if found is None:
        try:
            return check_source(pattern, flags)
        except Untranslatable:
            return None
    return found[2]


def _compiled(pattern: str, flags: int) -> tuple:
    """(gate source, or "!" and why there is none; the ``re`` program or None;
    the check's source or None)."""
    from re import _parser  # Python's own parser (3.11+)

    tree = _parser.parse(pattern, flags)
    try:
        gate_text = gate_of(tree, flags)
        check_text = check_of(tree, flags)
    except Untranslatable as exc:
        gate_text, check_text = f"!{exc}", None
    try:
        program = keptpatterns.program_of(tree, flags)
    except Exception:
        program = None
    return gate_text, program, check_text


def _load_or_build() -> dict[tuple[str, int], tuple]:
    from safeguard_lsp import rulecache
    cues = [(c.pattern, c.flags) for c in MADE]
    try:
        import _sre

        identity = f"reading cues; sre {_sre.MAGIC}"
        source = Path(gates.__file__).read_bytes() + Path(__file__).read_bytes()
        listed = "\0".join(f"{flags}:{pattern}" for pattern, flags in cues).encode("utf-8", "surrogatepass")
        entry = rulecache.entry(identity, [source, listed])
    except Exception:
        entry = None
    if entry is None:
        return {}  # no cache: each cue is compiled from source when first used
    kept = entry.read()
    if isinstance(kept, dict) and all(key in kept for key in cues):
        return kept
    built = {}
    for key in cues:
        try:
            built[key] = _compiled(*key)
        except Exception:
            continue  # compiled from source when used
    entry.write(built)
    return built

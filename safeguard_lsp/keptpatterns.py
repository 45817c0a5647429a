"""Python ``re`` patterns built from programs kept on disk between processes.

CPython's ``re`` parses a pattern and builds its program in pure Python: the
parser's patterns (draft/) and the reading's (reading/cues.py, read.py) cost
each fresh `check` process over ten milliseconds of CPU before it reads a
word. The program that ``re`` hands to its C engine is plain data, so it is
kept in the rule cache's folder (rulecache.py: the same trust rules,
``SAFEGUARD_NO_CACHE``), by each pattern's text and flags, and a pattern is
built from its program without being parsed (reading/cuecache.py does the
same for the cues, with their RE2 gates).

The patterns are registered when their modules are imported (``register``)
and compiled on first use (``compiled``): on the first miss of a `check`
process (``keep_for_next_run``; the language server writes no file), every
registered pattern without a program gets one and the entry is written
again, so a pattern changed in the code is compiled and kept at its next use. Whatever fails (no folder, a foreign entry, a Python whose ``re``
internals differ) falls back to ``re.compile``: slower, never different
(tests/test_keptpatterns.py compares the two).
"""

from __future__ import annotations

import re
import threading

# (pattern, flags), in the order registered: those a process may compile.
_REGISTERED: dict[tuple[str, int], None] = {}
# (pattern, flags) -> program (see _program); None until first loaded.
_PROGRAMS: dict[tuple[str, int], tuple] | None = None
_TRIED: set[tuple[str, int]] = set()  # given a program once (or failing to): not again
_WRITING = False  # whether this process writes the programs (the `check` command)
_LOCK = threading.Lock()  # the server's worker and a hover may compile at once


def keep_for_next_run() -> None:
    """Write the programs of the patterns compiled from now on, for the next process."""
    global _WRITING
    _WRITING = True


def register(pattern: str, flags: int = 0) -> None:
    """A pattern the process may compile later (its program is then kept with the others)."""
    _REGISTERED[(pattern, int(flags))] = None


def compiled(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the kept program where there is one."""
    key = (pattern, int(flags))
    with _LOCK:
        programs = _programs()
        program = programs.get(key)
        if program is None and key in _REGISTERED and key not in _TRIED:
            _keep_missing(programs)
            program = programs.get(key)
    return built(pattern, flags, program)


def built(pattern: str, flags: int, program: tuple | None) -> re.Pattern:
    """The pattern made from its ``program`` (``program_of``), else compiled afresh."""
    if program is not None:
        try:
            import _sre

            final_flags, code, groups, groupindex, indexgroup = program
            return _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
        except Exception:  # another Python's program: compile it afresh
            pass
    return re.compile(pattern, flags)


def _program(pattern: str, flags: int) -> tuple:
    from re import _parser  # Python's own parser (3.11+)

    return program_of(_parser.parse(pattern, flags), flags)


def program_of(tree, flags: int) -> tuple:
    """What ``re`` hands to ``_sre.compile`` for a pattern parsed as ``tree``,
    as plain data (the opcodes are named int constants, which do not pickle)."""
    from re import _compiler  # Python's own compiler (3.11+)

    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | tree.state.flags), [int(op) for op in code], int(tree.state.groups - 1), groupindex,
            tuple(indexgroup))


def _entry():
    from safeguard_lsp import rulecache

    try:
        import _sre

        return rulecache.entry(f"python patterns; sre {_sre.MAGIC}", [])
    except Exception:
        return None


def _programs() -> dict[tuple[str, int], tuple]:
    global _PROGRAMS
    if _PROGRAMS is None:
        entry = _entry()
        kept = entry.read() if entry is not None else None
        _PROGRAMS = kept if isinstance(kept, dict) else {}
    return _PROGRAMS


def _keep_missing(programs: dict) -> None:
    """Give every registered pattern without a program one, and write the
    entry again (what was kept for patterns no longer registered is dropped)."""
    entry = _entry() if _WRITING else None
    if entry is None:
        _TRIED.update(_REGISTERED)  # no cache, or a process that writes nothing: each compiled from source
        return
    for key in _REGISTERED:
        if key not in programs:
            try:
                programs[key] = _program(*key)
            except Exception:  # compiled from source when used
                continue
    _TRIED.update(_REGISTERED)
    entry.write({key: programs[key] for key in _REGISTERED if key in programs})

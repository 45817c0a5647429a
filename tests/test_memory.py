"""A checked draft is not kept alive by the checker: the language server
checks a new draft at every pause in typing, and each of a long convention
weighs tens of megabytes (an LRU cache of drafts in fixes.py once held 16 of
them, ~550 MB for a 1 MB convention; the findings a check cache kept for
unchanged articles once held the units, and so the whole structure, of the
draft they were first found in)."""

import gc
import weakref
from pathlib import Path

from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft, Unit
from safeguard_lsp.engine import CheckCache, Engine

WEAK = (Path(__file__).resolve().parents[1] / "examples" / "weak-draft-convention.md").read_text(encoding="utf-8")


def _document_units() -> list[Unit]:
    gc.collect()
    return [o for o in gc.get_objects() if type(o) is Unit and o.kind == "document"]


def test_drafts_checked_one_after_another_are_freed(shipped):
    engine = Engine(shipped, Config())
    cache = CheckCache()
    before = _document_units()  # other tests' drafts, held here so no id is reused
    gone = []
    for n in range(4):
        draft = Draft.parse(WEAK.replace("Convention", f"Convention {n}", 1), syntax="markdown")
        result = engine.check(draft, cache=cache)
        assert result.findings and any(f.fixes for f in result.findings)  # fixes were built
        gone.append(weakref.ref(draft))
        del draft, result
    gc.collect()
    assert [ref() is None for ref in gone] == [True] * 4
    # Units (which have no weak references) hold their whole draft's structure:
    # none of these drafts' is left.
    left = [u for u in _document_units() if not any(u is b for b in before)]
    assert left == []


def test_a_draft_whose_findings_were_described_is_freed(shipped):
    """Each finding's JSON (and a hover) says how its provision was read
    (reading_line); the reader remembered for that draft must not keep it
    alive: it held every draft a folder `check --format json` wrote, and
    every version of a document the server was asked a hover on."""
    from safeguard_lsp.output import Checked, as_json

    engine = Engine(shipped, Config())
    draft = Draft.parse(WEAK, syntax="markdown")
    result = engine.check(draft)
    assert '"reading": "' in as_json([Checked("weak.md", draft, result.findings, result.notices)])
    gone = weakref.ref(draft)
    del draft, result
    gc.collect()
    assert gone() is None


def test_drafts_the_server_drops_are_freed_without_the_collector(shipped):
    """A draft's units form cycles (parent and children), which only the cycle
    collector frees, and its full pass costs ~45 ms beside a 1 MB draft. The
    language server unties each draft it makes once nothing holds it: with the
    collector off, as during the server's checks, dropped drafts are freed at
    once, re-parsed ones included, and the latest is intact; also when each
    check's objects are frozen out of the collector, as the server does after
    each check (gcpause.freeze_survivors)."""
    from safeguard_lsp import gcpause

    engine = Engine(shipped, Config())
    cache = CheckCache()
    before = _document_units()
    gc.disable()
    try:
        draft = None
        text = WEAK
        for n in range(4):
            text = text.replace("shall", "must", 1)  # within an article: re-parsed from the last draft
            with gcpause.paused():
                draft = Draft.parse(text, syntax="markdown", previous=draft)
                gcpause.untie_when_dropped(draft)
                engine.check(draft, cache=cache)
                gcpause.freeze_survivors()
        gc.unfreeze()  # gc.get_objects lists no frozen object
        left = [u for u in gc.get_objects() if type(u) is Unit and u.kind == "document"
                and not any(u is b for b in before)]
        assert left == [draft.root]
        del left
        assert draft.articles[3].parent is not None and draft.root.children
        expected = Draft.parse(text, syntax="markdown")
        assert [(u.kind, u.start, u.end) for u in draft.units()] == [(u.kind, u.start, u.end) for u in expected.units()]
    finally:
        gc.unfreeze()
        gc.enable()


def test_without_untying_the_units_wait_for_the_collector():
    """What the test above guards against: a dropped draft's units stay until
    the collector's full pass (which the server now runs only now and then)."""
    before = _document_units()
    gc.disable()
    try:
        for n in range(3):
            Draft.parse(WEAK.replace("Convention", f"Convention {n}", 1), syntax="markdown")
        left = [u for u in gc.get_objects() if type(u) is Unit and u.kind == "document"
                and not any(u is b for b in before)]
        assert len(left) == 3
        del left
        gc.collect()
        left = [u for u in gc.get_objects() if type(u) is Unit and u.kind == "document"
                and not any(u is b for b in before)]
        assert left == []
    finally:
        gc.enable()


_MALLINFO = '''
import ctypes, sys
from safeguard_lsp.server.memory import keep_large_blocks_mapped
class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "kept":
    assert keep_large_blocks_mapped()
first = bytearray(4 << 20)  # a large block, then freed, as a draft's text is at the next keystroke
del first
before = libc.mallinfo2().hblks
second = bytearray(1 << 20)
print(libc.mallinfo2().hblks - before)  # 1: the new block has its own mapping, given back when freed
'''


def test_the_server_keeps_large_blocks_out_of_the_heap():
    """glibc's malloc, once a large block is freed, serves the next ones from
    its heap, which a language server's megabyte texts fragment and never
    give back; the server keeps them in their own mappings (server/memory.py)."""
    import ctypes
    import subprocess
    import sys

    import pytest

    if not hasattr(ctypes.CDLL(None), "mallinfo2"):
        pytest.skip("the C library is not glibc 2.33 or later: the server leaves malloc as it is there")

    def mapped(mode: str) -> str:
        return subprocess.run([sys.executable, "-c", _MALLINFO, mode], capture_output=True, text=True,
                              check=True).stdout.strip()

    assert mapped("plain") == "0"  # the behaviour this works around
    assert mapped("kept") == "1"


def test_the_server_starts_with_the_collector_running_and_its_imports_frozen():
    """What `safeguard-lsp serve` has loaded when it starts reading the
    editor's messages (pygls, lsprotocol, our modules) is frozen out of the
    collector's passes, which then go through what the requests make alone;
    the collector itself runs, or cycles made while the editor talks to the
    server would never be freed. Checked on the real start path, up to where
    the server starts reading standard input."""
    import subprocess
    import sys

    probe = (
        "import gc, sys\n"
        "import safeguard_lsp.server.transport.stdio as stdio\n"
        "def serve_stdio(server, stdin, stdout):\n"
        "    sys.__stdout__.write(f'{gc.isenabled()} {gc.get_freeze_count() > 10000}')\n"
        "stdio.serve_stdio = serve_stdio\n"
        "from safeguard_lsp.cli import main\n"
        "main(['serve'])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.stdout == "True True", done.stderr


def test_a_re_check_leaves_no_cycles_for_the_collector(shipped):
    """The language server runs the collector's full pass only now and then
    (gcpause.collect_now_and_then): whatever a check leaves in a cycle stays
    until then. A re-check after an edit, as the server makes it (re-parsed
    from the previous draft, with the document's check cache), once left
    every unchanged article's reading in a cycle (its lazily read elements
    held a function that held the reading): ~1 MB an edit on a 1 MB draft."""
    from safeguard_lsp import gcpause

    engine = Engine(shipped, Config())
    cache = CheckCache()
    draft = Draft.parse(WEAK, syntax="markdown")
    gcpause.untie_when_dropped(draft)
    result = engine.check(draft, cache=cache)
    at = WEAK.index("\n\n", len(WEAK) // 2)
    gc.collect()
    gc.disable()
    try:
        for n in range(3):
            text = WEAK[:at] + " x" * (n + 1) + WEAK[at:]
            draft = Draft.parse(text, syntax="markdown", previous=draft)
            gcpause.untie_when_dropped(draft)
            result = engine.check(draft, cache=cache)
            assert result.findings
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []


def test_a_reading_pushed_out_of_the_kept_ones_leaves_no_cycle(shipped):
    """Readings are kept between checks up to a bound (reading/read.py), and
    the oldest go when it is reached: in a long session, or a test run that
    has read many drafts, at every check. A reading whose lazily read elements
    held (through their readers) the reading itself stayed in a cycle until the
    collector's full pass."""
    from safeguard_lsp.reading import read

    engine = Engine(shipped, Config())
    result = engine.check(Draft.parse(WEAK, syntax="markdown"))
    assert result.findings
    gc.collect()
    gc.disable()
    try:
        del result
        read._KEPT.clear()  # as the bound does, one reading at a time
        read._ELEMENTS_KEPT.clear()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left = sorted({type(o).__name__ for o in gc.garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert "Reading" not in left and "_LazyElements" not in left, left

"""Articles' readings kept on disk between `check` runs.

Reading an article's parts (their roles, the elements read at once) is most of
what the reading layer costs a fresh `check` process, and a law is checked
again and again while it is drafted or reviewed. An article's reading depends
only on its own words and structure and on the reading code, so it is kept in
the rule cache's folder (rulecache.py: the same trust rules,
``SAFEGUARD_NO_CACHE``), in a ``readings`` folder of its own with one entry
per draft (its absolute path; the `rulecache.KEEP` drafts checked last), each
article under a digest of its words and structure (its text is not stored),
so that a check loads the readings of its own draft only.

Beside the articles, the elements read in the places many provisions share
(read.read_element: a general safeguards article, the article a power refers
to) are kept under a digest of the words and the element's name.

Only what the reading decided is kept: each part's role, the spans it was
read from and the elements read by the time `check` saves (those its rules
asked for). The others are read from the article's words when first asked
for, as in a fresh reading (read.py rebuilds them; tests/test_reading_disk.py
compares the two).

Only the `check` command writes (``keep_for_next_run``, then ``save`` after
each draft); the language server reads what `check` kept, and keeps nothing
in memory to write.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from pathlib import Path

from safeguard_lsp import keptpatterns

# Articles kept per draft: the last read (a few hundred bytes each).
KEEP = 2048
FOLDER = "readings"


class _Kept:
    """The readings kept for one draft: those loaded, and those to write."""

    __slots__ = ("entry", "records", "pending")

    def __init__(self, entry):
        self.entry = entry
        self.records: OrderedDict = OrderedDict()  # digest -> record
        # digest -> (how to make its record, the record loaded for it or None):
        # made at save, when the check's rules have asked for the elements they need.
        self.pending: OrderedDict = OrderedDict()
        kept = entry.read()
        if isinstance(kept, dict):
            self.records.update(kept)


_DRAFTS: dict[str, _Kept | None] = {}
_WRITING = False  # set by the process that saves (`check`)
_SOURCES: list[bytes] | None = None


def digest(key: tuple) -> bytes:
    """The digest an article's reading is kept under (``key``: read._key's)."""
    text, body_offset, title, units = key
    found = hashlib.blake2b(digest_size=20)
    found.update(text.encode("utf-8", "surrogatepass"))
    found.update(b"\0")
    found.update(repr((body_offset, title, units)).encode("utf-8", "surrogatepass"))
    return found.digest()


def element_digest(words: str, name: str) -> bytes:
    """The digest one element read in some words is kept under (read.read_element)."""
    found = hashlib.blake2b(digest_size=20, person=b"element")
    found.update(name.encode("ascii"))
    found.update(b"\0")
    found.update(words.encode("utf-8", "surrogatepass"))
    return found.digest()


def keep_for_next_run() -> None:
    """Remember what is read from now on, for ``save`` (and the programs of
    the plain patterns compiled from now on: keptpatterns.py)."""
    global _WRITING
    _WRITING = True
    keptpatterns.keep_for_next_run()


def keeps(path: str | None) -> bool:
    """Whether the readings of the draft at ``path`` are kept on disk."""
    return _kept(path) is not None


def load(path: str | None, key_digest: bytes):
    """The record kept for an article of the draft at ``path``, or None."""
    kept = _kept(path)
    return kept.records.get(key_digest) if kept is not None else None


def remember(path: str | None, key_digest: bytes, make, loaded=None) -> None:
    """Keep, at the next ``save``, the record ``make()`` returns for an article
    of the draft at ``path`` (``loaded``: the record it was rebuilt from, if any)."""
    kept = _kept(path) if _WRITING else None
    if kept is None:
        return  # no cache, a draft without a path, or a process that writes nothing
    kept.pending[key_digest] = (make, loaded)
    kept.pending.move_to_end(key_digest)
    if len(kept.pending) > KEEP:
        kept.pending.popitem(last=False)


def save() -> None:
    """Write, for each draft, the articles read since its entry was loaded and
    those whose elements were read further (nothing when nothing changed)."""
    for kept in _DRAFTS.values():
        if kept is None or not kept.pending:
            continue
        changed = False
        for key_digest, (make, loaded) in kept.pending.items():
            try:
                record = make()
            except Exception:
                continue
            if record != loaded:
                kept.records[key_digest] = record
                kept.records.move_to_end(key_digest)
                changed = True
        kept.pending.clear()
        while len(kept.records) > KEEP:
            kept.records.popitem(last=False)
        if changed:
            kept.entry.write(dict(kept.records))


# An absolute path as given -> its normal form: asked for each article and
# element read (os.path.abspath, each time, was a visible part of a check).
_NAMES: dict[str, str] = {}


def _kept(path: str | None) -> _Kept | None:
    if not path or path == "-":
        return None
    name = _NAMES.get(path)
    if name is None:
        name = os.path.abspath(path)
        if os.path.isabs(path):  # (a relative one depends on the working folder)
            _NAMES[path] = name
    if name not in _DRAFTS:
        entry = _entry(name)
        _DRAFTS[name] = _Kept(entry) if entry is not None else None
    return _DRAFTS[name]


def _entry(name: str):
    global _SOURCES
    from safeguard_lsp import rulecache

    try:
        if _SOURCES is None:
            here = Path(__file__).resolve().parent
            _SOURCES = [path.read_bytes() for path in sorted(here.glob("*.py"))]
        found = rulecache.entry(f"article readings of {name}", _SOURCES)
        if found is None:
            return None
        # A folder of its own: its drafts are pruned among themselves, not with the rule sets.
        return rulecache.Entry(found.directory / FOLDER, found.path.stem, found.key.decode("ascii"))
    except Exception:
        return None

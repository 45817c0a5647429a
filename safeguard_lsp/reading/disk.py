"""Articles' readings kept on disk between `check` runs.

Reading an article's parts (their roles, the elements read at once) is most of
what the reading layer costs a fresh `check` process, and a law is checked
again and again while it is drafted or reviewed. An article's reading depends
only on its own words and structure and on the reading code, so it is kept in
the rule cache's folder (rulecache.py: the same trust rules,
``SAFEGUARD_NO_CACHE``), in one entry whose name changes with this package's
code, under a digest of the article (its text is not stored).

Only what the reading decided is kept: each part's role, the spans it was
read from and the elements read by the time `check` saves (those its rules
asked for). The others are read from the article's words when first asked
for, as in a fresh reading (read.py rebuilds them; tests/test_reading_disk.py
compares the two).

Only the `check` command writes (``save``), once, after its drafts; the
language server reads what `check` kept and writes nothing.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path

# Articles kept: the last read, across drafts (an entry of a few hundred KB).
KEEP = 4096

_STORE: OrderedDict | None = None  # digest -> record
_ENTRY = None
# digest -> (how to make its record, the record loaded for it or None): made
# at save, when the check's rules have asked for the elements they need.
_PENDING: OrderedDict = OrderedDict()


def digest(key: tuple) -> bytes:
    """The digest an article's reading is kept under (``key``: read._key's)."""
    text, body_offset, title, units = key
    found = hashlib.blake2b(digest_size=20)
    found.update(text.encode("utf-8", "surrogatepass"))
    found.update(b"\0")
    found.update(repr((body_offset, title, units)).encode("utf-8", "surrogatepass"))
    return found.digest()


def load(key_digest: bytes):
    """The record kept for an article, or None."""
    return _store().get(key_digest)


def remember(key_digest: bytes, make, loaded=None) -> None:
    """Keep, at the next ``save``, the record ``make()`` returns for an article
    (``loaded``: the record it was rebuilt from, if any)."""
    _store()
    if _ENTRY is None:
        return  # no cache: nothing would be written
    _PENDING[key_digest] = (make, loaded)
    _PENDING.move_to_end(key_digest)
    if len(_PENDING) > KEEP:  # a process that never saves (the server) holds no more than this
        _PENDING.popitem(last=False)


def save() -> None:
    """Write the articles read since the entry was loaded, and those whose
    elements were read further (nothing when nothing changed)."""
    if _ENTRY is None or _STORE is None or not _PENDING:
        return
    changed = False
    for key_digest, (make, loaded) in _PENDING.items():
        try:
            record = make()
        except Exception:
            continue
        if record != loaded:
            _STORE[key_digest] = record
            _STORE.move_to_end(key_digest)
            changed = True
    _PENDING.clear()
    while len(_STORE) > KEEP:
        _STORE.popitem(last=False)
    if changed:
        _ENTRY.write(dict(_STORE))


def _store() -> OrderedDict:
    global _STORE, _ENTRY
    if _STORE is None:
        _STORE = OrderedDict()
        _ENTRY = _entry()
        if _ENTRY is not None:
            kept = _ENTRY.read()
            if isinstance(kept, dict):
                _STORE.update(kept)
    return _STORE


def _entry():
    from safeguard_lsp import rulecache

    try:
        here = Path(__file__).resolve().parent
        sources = [path.read_bytes() for path in sorted(here.glob("*.py"))]
        return rulecache.entry("article readings", sources)
    except Exception:
        return None

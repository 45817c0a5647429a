"""A per-user cache of validated rule sets, so that `check` can skip the YAML.

Reading and validating the shipped packs with PyYAML's pure-Python parser
costs ~0.45 s of every `check` process; unpickling the RuleSet it produced
takes a few milliseconds. The cache lives in ``$XDG_CACHE_HOME/safeguard-lsp``
(else ``~/.cache/safeguard-lsp``); ``SAFEGUARD_NO_CACHE=1`` turns it off.

An entry is found by its *name*, a hash of what identifies a rule set (the
folders, how they are displayed, the versions of the package and of Python,
the package's own code): an edited pack overwrites its entry instead of
adding one. The entry's first line is the *key*, a hash of the name and the
bytes of every rule file; only an entry whose key matches is used. Whatever
goes wrong (no folder, a corrupt or foreign file, a class that changed) is a
miss: the caller loads the YAML and writes the entry again. Writing is atomic
(a temporary file renamed over the entry) and its failures are ignored. A
new version of the package, a change of its code or another project's packs
add an entry; when one is written, all but the KEEP written last are removed.

Why pickle is safe here: unpickling runs whatever code the file names, so
only files that no one but the user could have written are read. The folder
is created 0700, and a folder not owned by the user or writable by others is
not used at all; the entry itself must belong to the user too.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from safeguard_lsp import __version__

FORMAT = 1  # bump when the layout of an entry changes
DISABLE = "SAFEGUARD_NO_CACHE"
# Entries kept: one per set of rule folders, package version and code, so an
# upgrade or another project's packs add one (~185 KB each). Beyond this many,
# those written longest ago go when an entry is written. (Reading marks
# nothing: the language server writes no file. An entry removed while still
# in use is written again at its next load.)
KEEP = 16


def enabled() -> bool:
    return os.environ.get(DISABLE, "").strip() in ("", "0")


def cache_dir() -> Path | None:
    """The cache folder (it may not exist yet), or None when there is none."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        try:
            base = os.path.join(Path.home(), ".cache")
        except (KeyError, RuntimeError):  # no home folder to speak of
            return None
    return Path(base) / "safeguard-lsp"


def _trusted(st: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the folder is in the user's own profile
        return True
    return st.st_uid == getuid() and not st.st_mode & 0o022


def _code_stamp() -> str:
    """Size and modification time of the package's core modules: in a
    development checkout the loader changes without a new version number,
    and an entry pickled by the old code must not be read by the new."""
    here = Path(__file__).resolve().parent
    parts = []
    for path in sorted(here.glob("*.py")):
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


class Entry:
    """One cache entry: where it is and the key its content must carry."""

    def __init__(self, directory: Path, name: str, key: str):
        self.directory = directory
        self.path = directory / f"{name}.pickle"
        self.key = key.encode("ascii")

    def read(self):
        """The cached value, or None on a miss of any kind."""
        try:
            directory = os.stat(self.directory)
            if not _trusted(directory):
                return None
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                if not _trusted(os.fstat(handle.fileno())):
                    return None
                if handle.readline() != self.key + b"\n":
                    return None  # the files changed since: a stale entry
                # Safe: see the module docstring (the user's own 0700 folder).
                return pickle.load(handle)
        except Exception:  # corrupt, truncated, unreadable, a class gone: a miss
            return None

    def write(self, value) -> None:
        """Store ``value``; any failure leaves the cache as it was."""
        temporary = None
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _trusted(os.stat(self.directory)):
                return
            temporary = self.directory / f".{self.path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(temporary, flags, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.key + b"\n")
                handle.write(data)
            # A reader sees the old entry or the new one, never half of one.
            os.replace(temporary, self.path)
            temporary = None
            self._prune()
        except Exception:
            pass
        finally:
            if temporary is not None:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass


    def _prune(self) -> None:
        """Remove all but the KEEP entries written last (the temporary files
        of other processes' writes are left alone)."""
        found = []
        for path in self.directory.glob("*.pickle"):
            try:
                found.append((path.stat().st_mtime_ns, path))
            except OSError:
                continue
        found.sort(reverse=True)
        for _, path in found[KEEP:]:
            try:
                path.unlink()
            except OSError:
                pass


def entry(identity: str, contents: list[bytes]) -> Entry | None:
    """The entry for a value built from ``contents`` (the bytes of its files,
    in order) and described by ``identity`` (what else it depends on), or
    None when caching is off or there is no cache folder."""
    if not enabled():
        return None
    directory = cache_dir()
    if directory is None:
        return None
    name = hashlib.sha256()
    for part in (f"format {FORMAT}", f"safeguard-lsp {__version__}", f"python {sys.version}",
                 f"re2 {_module_stamp('re2')}", f"yaml {_module_stamp('yaml')}", _code_stamp(), identity):
        name.update(part.encode("utf-8", "surrogatepass"))
        name.update(b"\0")
    name_hex = name.hexdigest()
    key = hashlib.sha256(name_hex.encode("ascii"))
    for data in contents:
        # The length first, so that the boundaries between files count.
        key.update(len(data).to_bytes(8, "little"))
        key.update(data)
    return Entry(directory, name_hex, key.hexdigest())


def _module_stamp(module_name: str) -> str:
    """Where a library is installed and when: what a rule set holds depends on
    how PyYAML reads the files and how RE2 escapes and checks patterns. The
    library is found, not imported (importing PyYAML is what the cache saves)."""
    module = sys.modules.get(module_name)
    path = getattr(module, "__file__", None)
    if module is None:
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(module_name)
        path = spec.origin if spec is not None else None
    if not path:
        return "?"
    try:
        st = os.stat(path)
    except OSError:
        return path
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"

"""The YAML files of a rule folder, found by a bounded walk.

A rule folder can be named by a repository's `.safeguard.yaml`, so it is
untrusted: `packs: [/usr]` once walked a whole system tree at every request,
and `packs: ["/"]` crashed on an entry of /proc that vanished while it was
listed. Here links to folders are not followed, folders that cannot be
listed (or vanish) are passed over, and the walk stops with a problem once
it has gone too deep or looked at too many entries: no rule folder is that
large.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_DEPTH = 8  # folders below the rule folder
MAX_ENTRIES = 20_000  # files and folders looked at
SUFFIXES = (".yaml", ".yml")


class PackTooLarge(Exception):
    """The walk of a rule folder went past its bounds."""


def rule_files(directory: Path) -> list[Path]:
    """The .yaml and .yml files under ``directory``, sorted; PackTooLarge
    when the folder is deeper or larger than any rule folder."""
    found: list[Path] = []
    seen = 0
    base_depth = str(directory).rstrip(os.sep).count(os.sep)
    for top, dirs, names in os.walk(directory, onerror=lambda error: None, followlinks=False):
        seen += len(dirs) + len(names)
        if seen > MAX_ENTRIES:
            raise PackTooLarge(f"more than {MAX_ENTRIES} files and folders: this is no rule folder; not read")
        if top.rstrip(os.sep).count(os.sep) - base_depth >= MAX_DEPTH and dirs:
            raise PackTooLarge(f"folders nested more than {MAX_DEPTH} deep: this is no rule folder; not read")
        for name in names:
            if name.endswith(SUFFIXES):
                path = Path(top, name)
                if os.path.isfile(path):
                    found.append(path)
    return sorted(found)

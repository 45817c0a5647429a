"""Where the server may ask the editor to write.

The server writes nothing itself, but its edits create and overwrite files
(the report next to a draft, the ``.safeguard.yaml`` a silence goes into),
and editors follow symbolic links when they apply them: a repository could
hold ``draft.safeguard.html`` as a link to any file the user can write, and
accepting the report action would overwrite that file. An edit is therefore
offered only for a regular file (or none yet) that is no link, has no other
name (hard link), and lies inside a workspace folder.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WriteGuard:
    folders: tuple[Path, ...] = ()  # the workspace folders, resolved
    disabled_ok: bool = False  # the editor shows a refused action with its reason

    def refusal(self, target: Path) -> str | None:
        """Why the editor must not be asked to write ``target``; None when it may."""
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            return f"{target.name} cannot be examined ({exc.strerror}); nothing is written to it."
        if info is not None:
            if stat.S_ISLNK(info.st_mode):
                return (f"{target.name} is a symbolic link; safeguard-lsp does not write through links "
                        "(the file it points to would be overwritten). Remove the link first.")
            if not stat.S_ISREG(info.st_mode):
                return f"{target.name} exists and is not a regular file; nothing is written to it."
            if info.st_nlink > 1:
                return (f"{target.name} has other names (hard links); writing it would change them too. "
                        "Remove it first.")
        try:
            folder = target.parent.resolve(strict=True)
        except (OSError, RuntimeError):
            return f"the folder of {target.name} cannot be resolved; nothing is written there."
        if self.folders and not any(folder == root or root in folder.parents for root in self.folders):
            return (f"{target.name} would be written in {folder}, outside the workspace folder; "
                    "safeguard-lsp only asks the editor to write inside it.")
        return None


def guard_for(folders, disabled_ok: bool) -> WriteGuard:
    resolved = []
    for folder in folders:
        try:
            resolved.append(Path(folder).resolve())
        except (OSError, RuntimeError):
            continue
    return WriteGuard(tuple(resolved), disabled_ok)

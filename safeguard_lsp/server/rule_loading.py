"""Rule sets in use, keyed by their extra rule folders, and the last good one.

A user editing a pack will save it half-finished. The core skips a broken
file and loads the rest, which would silently drop the pack's rules while the
user is still typing; so a reload that brings new errors is not adopted: the
previous rule set keeps serving, and the errors are shown on the pack file.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from safeguard_lsp.ruleset import LoadError, RuleSet

log = logging.getLogger(__name__)

Key = tuple[str, ...]


def error_path(error: LoadError) -> Path | None:
    """The file a load error is about. The core names files relative to the
    process's working folder (for terminal output); make that absolute."""
    if not error.path:
        return None
    path = Path(error.path)
    if not path.is_absolute():
        path = Path(os.getcwd()) / path
    return path.resolve()


class RuleSets:
    def __init__(self) -> None:
        self._sets: dict[Key, RuleSet] = {}
        # Errors of the latest load of each key, adopted or not: they are what
        # the files on disk say now.
        self._latest_errors: dict[Key, list[LoadError]] = {}

    @staticmethod
    def key(folders) -> Key:
        seen: list[str] = []
        for folder in folders:
            text = str(Path(folder).resolve())
            if text not in seen:
                seen.append(text)
        return tuple(seen)

    def get(self, folders) -> RuleSet:
        key = self.key(folders)
        ruleset = self._sets.get(key)
        if ruleset is None:
            ruleset = RuleSet.load([Path(p) for p in key], write_cache=False)
            self._sets[key] = ruleset
            self._latest_errors[key] = list(ruleset.errors)
            log.info("loaded %d rules from the shipped set%s", len(ruleset.rules),
                     f" and {', '.join(key)}" if key else "")
        return ruleset

    def rule_ids(self) -> set[str] | None:
        """The ids of the rules of every rule set in use; None before any is loaded."""
        if not self._sets:
            return None
        return {rule.id for ruleset in self._sets.values() for rule in ruleset.rules}

    def folders_in_use(self) -> set[Path]:
        return {Path(p) for key in self._sets for p in key}

    def reload(self) -> list[LoadError]:
        """Reload every rule set in use; returns the errors new since the last
        load (the ones the user just introduced)."""
        introduced: list[LoadError] = []
        for key, old in list(self._sets.items()):
            new = RuleSet.load([Path(p) for p in key], write_cache=False)
            before = {str(e) for e in self._latest_errors.get(key, [])}
            fresh = [e for e in new.errors if str(e) not in before]
            introduced.extend(e for e in fresh if str(e) not in {str(i) for i in introduced})
            self._latest_errors[key] = list(new.errors)
            old_errors = {str(e) for e in old.errors}
            if all(str(e) in old_errors for e in new.errors):
                self._sets[key] = new
            else:
                log.warning("kept the previous rules for %s: the new files have errors", key or "the shipped set")
        return introduced

    def errors(self) -> list[LoadError]:
        out: dict[str, LoadError] = {}
        for errors in self._latest_errors.values():
            for error in errors:
                out.setdefault(str(error), error)
        return list(out.values())

    def clear(self) -> None:
        self._sets.clear()
        self._latest_errors.clear()

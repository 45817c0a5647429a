"""The configuration of each draft: editor settings merged with the
``.safeguard.yaml`` that governs it (see settings.py for the order).

An open ``.safeguard.yaml`` is read from the editor's buffer, so a change
takes effect as it is typed; a closed one from disk, cached until the file
watcher says it changed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from safeguard_lsp.config import CONFIG_NAME, Config, config_search_folders, exists_safely, parse_config
from safeguard_lsp.ruleset import LoadError
# PyYAML, slow to import, only when a .safeguard.yaml is read: the server's
# first reply does not wait for it.
from safeguard_lsp.yamldata import YamlProblem

from . import settings as settings_mod

log = logging.getLogger(__name__)


class DraftConfigs:
    def __init__(self) -> None:
        self.settings = settings_mod.defaults()
        self.folders: list[Path] = []  # workspace folders
        self._files: dict[Path, Config] = {}
        self.buffers: dict[Path, str] = {}  # open .safeguard.yaml files

    # -- editor settings --------------------------------------------------
    def workspace_root(self, path: Path | None) -> Path | None:
        if path is not None:
            for folder in sorted(self.folders, key=lambda f: len(str(f)), reverse=True):
                if path == folder or folder in path.parents:
                    return folder
        return self.folders[0] if self.folders else None

    def rule_paths(self, path: Path | None) -> list[Path]:
        root = self.workspace_root(path) or Path.cwd()
        out = []
        for entry in self.settings.rule_paths:
            folder = Path(entry).expanduser()
            out.append(folder if folder.is_absolute() else root / folder)
        return out

    def editor_config(self, path: Path | None, known_rules: set[str] | None = None) -> Config:
        where = (self.workspace_root(path) or Path.cwd()) / "editor settings"
        return parse_config(settings_mod.as_config_data(self.settings), where, known_rules)

    # -- .safeguard.yaml ----------------------------------------------------
    def file_config(self, path: Path) -> Config:
        path = path.resolve()
        if path in self.buffers:
            return self._parse_text(path, self.buffers[path], self._resolved_folders())
        cached = self._files.get(path)
        if cached is None:
            try:
                from safeguard_lsp.yamlload import load_config_file

                data = load_config_file(str(path))
                cached = parse_config(data, path, pack_stops=self._resolved_folders())
            except YamlProblem as problem:
                cached = Config(path=path)
                cached.errors.append(LoadError(str(path), problem.line, "", problem.message))
            except OSError as exc:
                cached = Config(path=path)
                cached.errors.append(LoadError(str(path), 0, "", f"cannot be read: {exc.strerror or exc}"))
            self._files[path] = cached
        return cached

    @staticmethod
    def _parse_text(path: Path, text: str, pack_stops: tuple[Path, ...] = ()) -> Config:
        try:
            from safeguard_lsp.yamlload import load_config_text

            return parse_config(load_config_text(text, str(path)), path, pack_stops=pack_stops)
        except YamlProblem as problem:
            config = Config(path=path)
            config.errors.append(LoadError(str(path), problem.line, "", problem.message))
            return config

    def config_file_for(self, path: Path | None) -> Path | None:
        if path is None:
            return None
        # An open but unsaved .safeguard.yaml counts as much as a saved one.
        for candidate in config_search_folders(path, self._resolved_folders()):
            if candidate / CONFIG_NAME in self.buffers:
                return candidate / CONFIG_NAME
            if exists_safely(candidate / CONFIG_NAME):
                return (candidate / CONFIG_NAME).resolve()
        return None

    def _resolved_folders(self) -> tuple[Path, ...]:
        out = []
        for folder in self.folders:
            try:
                out.append(folder.resolve())
            except (OSError, RuntimeError):
                continue
        return tuple(out)

    def invalidate(self, path: Path | None = None) -> None:
        if path is None:
            self._files.clear()
        else:
            self._files.pop(path.resolve(), None)

    def for_draft(self, path: Path | None) -> tuple[Config, list[Path]]:
        """The merged configuration of a draft and the extra rule folders it uses."""
        editor = self.editor_config(path)
        found = self.config_file_for(path)
        config = editor.merged(self.file_config(found)) if found else editor
        folders = self.rule_paths(path) + [p for p in config.packs]
        return config, folders

    def config_files(self) -> list[Path]:
        return sorted(set(self._files) | set(self.buffers))

"""Files of the workspace that change the rules: a .safeguard.yaml or a rule
pack saved in the editor (``didSave``) or changed on disk
(``workspace/didChangeWatchedFiles``, watched where the editor lets the
server ask for it). The rules are then reloaded and every draft checked
again.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types

from safeguard_lsp.config import CONFIG_NAME

from ..documents import uri_path
from ..file_problems import report_file_problems
from ..handlers import guarded
from ..progress import begin_progress, end_progress
from .configuration import check_rule_settings

log = logging.getLogger("safeguard_lsp.server")


def register(server) -> None:
    server.feature(types.TEXT_DOCUMENT_DID_SAVE)(guarded(did_save))
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(guarded(watched_files))


async def watch_rule_files(ls) -> None:
    """Ask the editor to tell of changes to .safeguard.yaml and rule files."""
    if not ls.client.watched_files_registration:
        return
    watchers = [types.FileSystemWatcher(glob_pattern=f"**/{CONFIG_NAME}"),
                types.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}")]
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[
            types.Registration(id="safeguard-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                               register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
    except Exception as exc:
        log.info("the editor did not accept file watching: %s", exc)


async def did_save(ls, params: types.DidSaveTextDocumentParams):
    path = uri_path(params.text_document.uri)
    if path is not None and (path.name == CONFIG_NAME or is_rule_file(ls, path)):
        ls.configs.invalidate(path)
        await reload_rules(ls)


async def watched_files(ls, params: types.DidChangeWatchedFilesParams):
    reload = False
    for change in params.changes:
        path = uri_path(change.uri)
        if path is None:
            continue
        if path.name == CONFIG_NAME:
            ls.configs.invalidate(path)
            reload = True
        elif is_rule_file(ls, path):
            reload = True
    if reload:
        await reload_rules(ls)


async def reload_rules(ls) -> None:
    token = await begin_progress(ls, "Reloading safeguard rules")
    try:
        # On the checker's thread, off the event loop: a pack's patterns
        # are measured as it loads (patternbudget.py), and the loop must
        # go on answering; one thread also keeps it from racing a check.
        await asyncio.get_running_loop().run_in_executor(ls.checker, ls.rulesets.reload)
        ls.configs.invalidate()
        report_file_problems(ls)
        check_rule_settings(ls)
    finally:
        end_progress(ls, token)
    ls.recheck_all()


def is_rule_file(ls, path: Path | None) -> bool:
    if path is None or path.suffix not in (".yaml", ".yml"):
        return False
    resolved = path.resolve()
    return any(resolved == f or f in resolved.parents for f in ls.rulesets.folders_in_use())

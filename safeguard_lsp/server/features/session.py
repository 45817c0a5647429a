"""The session's start and end: ``initialize`` (the workspace folders, what
the editor can do, the editor's process to watch), ``initialized`` (settings,
file watching, the rules), ``shutdown`` and ``exit``.

Requests out of this order are answered by the transport
(transport/lifecycle.py) before they reach these handlers.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from safeguard_lsp import __version__

from ..capabilities import ClientSupport
from ..file_problems import report_file_problems
from ..handlers import guarded
from .configuration import apply_settings, check_rule_settings, fetch_settings
from .workspace import watch_rule_files

log = logging.getLogger("safeguard_lsp.server")

PARENT_POLL_SECONDS = 1.0


def register(server) -> None:
    server.feature(types.INITIALIZE)(guarded(on_initialize))
    server.feature(types.INITIALIZED)(guarded(on_initialized))
    server.feature(types.SHUTDOWN)(on_shutdown)
    server.feature(types.EXIT)(on_exit)


def on_initialize(ls, params: types.InitializeParams):
    # pygls has read the capabilities and chosen the position encoding by now.
    ls.client = ClientSupport.resolve(ls.client_capabilities, ls.workspace.position_encoding)
    ls.init_options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
    folders = [to_fs_path(f.uri) for f in params.workspace_folders or []]
    if not folders and params.root_uri:
        folders = [to_fs_path(params.root_uri)]
    elif not folders and params.root_path:
        folders = [params.root_path]
    ls.configs.folders = [Path(f).resolve() for f in folders if f]
    watch_parent(ls, params.process_id)


async def on_initialized(ls, params: types.InitializedParams):
    await fetch_settings(ls)
    apply_settings(ls)
    await watch_rule_files(ls)
    await asyncio.get_running_loop().run_in_executor(ls.checker, ls.rulesets.get, ls.configs.rule_paths(None))
    report_file_problems(ls)
    check_rule_settings(ls)
    ls.documents.ready.set()
    ls.recheck_all()
    log.info("safeguard-lsp %s ready (positions in %s)", __version__, ls.client.position_encoding)


def on_shutdown(ls, params):
    ls.shut_down = True
    for document in ls.documents:
        if document.pending:
            document.pending.cancel()


def on_exit(ls, params):
    # The specification's exit codes: 0 after a shutdown request, 1 without.
    ls.exit_code = 0 if ls.shut_down else 1


def watch_parent(ls, pid: int | None) -> None:
    """Exit when the editor's process (``processId``) dies, as the
    specification asks: an editor that crashed cannot close our input."""
    if not pid or pid == os.getpid() or sys.platform == "win32" or not _alive(pid):
        return  # no process, or one we cannot see (a container): nothing to watch

    async def watch() -> None:
        while _alive(pid):
            await asyncio.sleep(PARENT_POLL_SECONDS)
        log.warning("the editor's process %s has ended; the server stops", pid)
        logging.shutdown()
        os._exit(1)  # the stdin reader thread blocks an orderly stop

    ls.parent_watch = asyncio.ensure_future(watch())  # kept: a task nothing refers to may be collected


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True

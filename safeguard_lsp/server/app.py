"""The language server assembled: its state, and each feature registered.

A feature is a module of ``features/`` with a ``register(server)``; the
transport (the protocol class, stdio, TCP) is ``transport/``; what the
editor can do is read once into ``server.client`` (capabilities.py). Analysis
itself is the core's (Draft, Engine); this layer adds versions, debouncing,
configuration and capability negotiation. docs/architecture.md has the map.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from safeguard_lsp import __version__

from .analysis import analyse, analyse_async
from .capabilities import ClientSupport
from .documents import Documents
from .draft_config import DraftConfigs
from .draft_scope import is_draft
from .features import (code_actions, code_lens, completion, configuration, diagnostics, document_sync, hover,
                       navigation, session, workspace)
from .features.navigation import WorkspaceDrafts
from .handlers import DocumentNotOpen
from .rule_loading import RuleSets
from .transport.protocol import SafeguardProtocol

log = logging.getLogger("safeguard_lsp.server")

FEATURES = (session, document_sync, configuration, workspace, diagnostics, hover, code_actions, navigation,
            completion, code_lens)
# How long a request that came before the editor's settings waits for them.
READY_TIMEOUT = 10


class SafeguardServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("safeguard-lsp", __version__, protocol_cls=SafeguardProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.client = ClientSupport()  # resolved at initialize
        self.configs = DraftConfigs()
        self.rulesets = RuleSets()
        self.documents = Documents(functools.partial(analyse, self), functools.partial(diagnostics.publish_analysis, self),
                                   functools.partial(analyse_async, self))
        # Checks run on one worker thread, so that hovers and other requests
        # are answered while a long draft is checked (one at a time: two
        # cores, and a check is CPU-bound).
        self.checker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="safeguard-check")
        self.workspace_drafts = WorkspaceDrafts()
        self.init_options: dict = {}
        self.client_settings: dict = {}
        self.problem_uris: set[str] = set()
        self.draft_versions: dict[str, tuple] = {}  # uri -> (the text's head that decided, generation, is a draft)
        self.shown_messages: set[str] = set()
        self.generation = 0  # bumped when settings or rules change: pulled results go stale
        self.changed = asyncio.Event()
        self.reported_errors: set[str] | None = None
        self.logged_failures: set[str] = set()
        self.shut_down = False  # a shutdown request came: exit is then orderly
        self.exit_code = 0
        self.parent_watch: asyncio.Task | None = None

    def warn_user(self, message: str, once: bool = True) -> None:
        if once and message in self.shown_messages:
            return
        self.shown_messages.add(message)
        log.warning("%s", message)
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))

    def report_server_error(self, error, source) -> None:
        if isinstance(error, DocumentNotOpen):
            log.info("%s", error)
            return
        log.error("internal error (%s): %s", getattr(source, "__name__", source), error)

    async def wait_ready(self) -> None:
        """Requests that arrive before the editor's settings do wait for them
        (briefly): an answer made with the wrong rules would be worse."""
        if not self.documents.ready.is_set():
            try:
                await asyncio.wait_for(self.documents.ready.wait(), timeout=READY_TIMEOUT)
            except asyncio.TimeoutError:
                pass

    def recheck_all(self) -> None:
        """Check every open draft again (the settings or the rules changed)."""
        self.generation += 1
        self.documents.invalidate_all()
        for document in self.documents:
            if is_draft(self, document):
                self.documents.schedule(document, 0)
        self.changed.set()
        if not self.client.push_diagnostics and self.client.diagnostic_refresh:
            self.workspace_diagnostic_refresh(None)
        if self.client.code_lens_refresh:
            self.workspace_code_lens_refresh(None)


def create_server() -> SafeguardServer:
    server = SafeguardServer()
    for feature in FEATURES:
        feature.register(server)
    return server

"""The language server: protocol wiring over the modules of this package.

Each handler is small: it finds the document and its current analysis, and
hands over to the module that knows the feature. Analysis itself is the
core's (Draft, Engine); this layer adds versions, debouncing, configuration
and capability negotiation.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import inspect
import json
import logging
import os
import sys
import traceback
import uuid
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from safeguard_lsp import __version__
from safeguard_lsp import scope
from safeguard_lsp.config import CONFIG_NAME
from safeguard_lsp.configcheck import rule_id_problems
from safeguard_lsp.checking import check_source
from safeguard_lsp.draft import Draft
from safeguard_lsp.gcpause import collect_now_and_then, freeze_survivors, paused, untie_when_dropped

from . import settings as settings_mod
from .actions import FIX_ALL_KIND, EditSupport, code_actions, fix_all_action, kind_wanted
from .codelens import code_lenses
from .completion import completions
from .configuration import Configurations
from .diagnostics import diagnostics_for, diagnostics_json, file_uri, load_error_diagnostics
from .documents import Analysis, Document, Documents, uri_path
from .document_files import document_file_diagnostics_async, is_document_file, publish_document_file
from .hover import hover
from .lifecycle import Lifecycle
from .navigation import (WorkspaceDrafts, definition, document_symbols, draft_symbols, folding_ranges, references,
                         workspace_files)
from .positions import LineIndex
from .report_action import REPORT_KIND, report_action, report_target, resolve_report
from .rulesets import RuleSets, error_path
from .writeguard import guard_for

log = logging.getLogger("safeguard_lsp.server")

PARENT_POLL_SECONDS = 1.0
# How long the settings (workspace/configuration) are waited for before the
# defaults are used; an answer that comes later is applied then.
CONFIGURATION_TIMEOUT = 2.0


def guarded(handler):
    """Log a handler's exception with its traceback, then let pygls answer the
    request with a protocol error (a notification's error is only logged):
    one bad request must not take the server down."""

    if inspect.iscoroutinefunction(handler):
        @functools.wraps(handler)
        async def run_async(*args, **kwargs):
            try:
                return await handler(*args, **kwargs)
            except Exception as error:
                _log_failure(handler, error)
                raise

        return run_async

    @functools.wraps(handler)
    def run(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except Exception as error:
            _log_failure(handler, error)
            raise

    return run


def _log_failure(handler, error: Exception) -> None:
    if isinstance(error, DocumentNotOpen):
        return  # the client's mistake, answered as such: no traceback
    log.error("%s failed:\n%s", handler.__name__, traceback.format_exc())


class DocumentNotOpen(JsonRpcException):
    """A request about a document the editor never opened: the protocol's
    RequestFailed, with the reason (the server knows only the text of open
    documents). A document opened and closed since answers empty, as a
    request racing its close is normal."""

    CODE = -32803


class _Unreadable:
    jsonrpc = None  # handle_message ignores it (already answered)


_UNREADABLE = _Unreadable()


class SafeguardProtocol(LanguageServerProtocol):
    """pygls' protocol without pygls' own copy of each open document.

    That copy is never read here (``Documents`` keeps ours), it doubles the
    memory of every draft and re-splits it at every keystroke, and updating
    it rewrote the change's range *in place* before our handler saw it: pygls
    splits lines at U+2028, form feeds and the like, which the protocol does
    not, and clamps a column past its idea of the line end, so text was lost
    (tests/reliability/test_lsp_edits.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lifecycle = Lifecycle()

    def structure_message(self, data):
        """pygls drops a request whose params it cannot read without
        answering it, so the editor would wait for ever: answer InvalidParams."""
        try:
            return super().structure_message(data)
        except JsonRpcException:
            if not (isinstance(data, dict) and "id" in data and "method" in data and "error" not in data):
                raise
            self._send_response(data["id"], None, JsonRpcInvalidParams(
                f"the params of {data.get('method')!r} do not match the protocol").to_response_error())
            return _UNREADABLE

    def handle_message(self, message):
        """Typing sends one didChange a keystroke; pygls' general dispatch
        (a context copy, a runtime Protocol check, two random ids, a
        generator) cost more than applying the edit, and a hover sent during
        a burst waited behind hundreds of them. didChange goes straight to
        its handler, in order, with the params pygls has already checked."""
        if self.lifecycle.refuses(self, message):
            return
        if (type(message) is types.DidChangeTextDocumentNotification and not self._shutdown
                and (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None):
            result = handler(message.params)
            if inspect.isawaitable(result):
                asyncio.ensure_future(result)
            return
        super().handle_message(message)

    def notify_json(self, method: str, params_json: str) -> None:
        """Send a notification whose params are JSON text already (made off
        the event loop), framed as pygls frames every message."""
        if self.writer is None:
            return
        body = f'{{"jsonrpc": "2.0", "method": {json.dumps(method)}, "params": {params_json}}}'.encode("utf-8")
        header = (f"Content-Length: {len(body)}\r\n"
                  f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n").encode("ascii")
        try:
            self.writer.write(header + body)
        except BrokenPipeError:
            raise
        except Exception as error:  # as pygls' own sending: logged, the server goes on
            log.exception("sending %s failed", method)
            self._server._report_server_error(error, JsonRpcInternalError)

    def _user(self, method: str, params):
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        yield from self._user(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        yield from self._user(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        yield from self._user(types.TEXT_DOCUMENT_DID_CLOSE, params)


class SafeguardServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("safeguard-lsp", __version__, protocol_cls=SafeguardProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.configs = Configurations()
        self.rulesets = RuleSets()
        self.documents = Documents(self.analyse, self.publish_analysis, self.analyse_async)
        # Checks run on one worker thread, so that hovers and other requests
        # are answered while a long draft is checked (one at a time: two
        # cores, and a check is CPU-bound).
        self.checker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="safeguard-check")
        self.workspace_drafts = WorkspaceDrafts()
        self.init_options: dict = {}
        self.client_settings: dict = {}
        self.problem_uris: set[str] = set()
        self.draft_versions: dict[str, tuple] = {}  # uri -> (version, generation, is a draft)
        self.shown_messages: set[str] = set()
        self.generation = 0  # bumped when settings or rules change: pulled results go stale
        self.changed = asyncio.Event()
        self.reported_errors: set[str] | None = None
        self.logged_failures: set[str] = set()
        self.shut_down = False  # a shutdown request came: exit is then orderly
        self.exit_code = 0
        self._parent_watch: asyncio.Task | None = None

    # -- lifecycle ------------------------------------------------------------
    def watch_parent(self, pid: int | None) -> None:
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

        self._parent_watch = asyncio.ensure_future(watch())

    # -- capabilities ---------------------------------------------------------
    def cap(self, path: str, default: Any = None) -> Any:
        return get_capability(self.client_capabilities, path, default)

    @property
    def encoding(self):
        try:
            return self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        except RuntimeError:
            return types.PositionEncodingKind.Utf16

    @property
    def push_diagnostics(self) -> bool:
        # Clients that pull (VS Code, Neovim 0.10+) would show pushed ones twice.
        return self.cap("text_document.diagnostic") is None

    @property
    def markdown_hover(self) -> bool:
        formats = self.cap("text_document.hover.content_format") or []
        return not formats or types.MarkupKind.Markdown in formats

    def edit_support(self) -> EditSupport:
        operations = self.cap("workspace.workspace_edit.resource_operations") or []
        return EditSupport(
            document_changes=bool(self.cap("workspace.workspace_edit.document_changes", False)),
            create_files=types.ResourceOperationKind.Create in operations,
            guard=guard_for(self.configs.folders, bool(self.cap("text_document.code_action.disabled_support", False))),
        )

    # -- messages ---------------------------------------------------------------
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

    # -- settings ---------------------------------------------------------------
    def apply_settings(self) -> None:
        raw = settings_mod.merge(settings_mod.section_of(self.init_options), settings_mod.section_of(self.client_settings))
        parsed, problems = settings_mod.parse(raw)
        self.configs.settings = parsed
        self.configs.invalidate()
        for problem in problems:
            self.warn_user(problem)
        self.generation += 1

    async def fetch_settings(self) -> None:
        if not self.cap("workspace.configuration", False):
            return
        asked = asyncio.ensure_future(self.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=settings_mod.SECTION)])))
        try:
            result = await asyncio.wait_for(asyncio.shield(asked), CONFIGURATION_TIMEOUT)
        except asyncio.TimeoutError:
            # Requests must not wait on an editor that never answers: the
            # defaults now, the editor's settings if they come later.
            self.warn_user(f"The editor did not send its settings (workspace/configuration) within "
                           f"{CONFIGURATION_TIMEOUT:g} s; safeguard-lsp uses its defaults until they come.")
            asked.add_done_callback(self._late_settings)
            return
        except Exception as exc:  # the client may refuse; defaults then
            log.warning("the editor did not give its settings (%s); using the defaults", exc)
            return
        self._take_settings(result)

    def _late_settings(self, asked: asyncio.Future) -> None:
        if asked.cancelled() or asked.exception() is not None:
            return
        log.info("the editor's settings came late; applying them")
        self._take_settings(asked.result())
        self.apply_settings()
        self.recheck_all()

    def _take_settings(self, result) -> None:
        if result and isinstance(result[0], dict):
            self.client_settings = result[0]
        elif result and result[0] is None:
            self.client_settings = {}

    def check_rule_settings(self) -> None:
        """Editor settings naming rules that do not exist (a typo silently
        disables nothing)."""
        rulesets = list(self.rulesets._sets.values())
        if not rulesets:
            return
        known = {r.id for rs in rulesets for r in rs.rules}
        for rule_id in self.configs.settings.rules:
            if rule_id not in known:
                self.warn_user(f"The setting safeguard.rules names the rule {rule_id}, which does not exist; "
                               "it has no effect.")

    # -- analysis ---------------------------------------------------------------
    def analyse(self, document: Document) -> Analysis | None:
        config, folders = self.configs.for_draft(document.path)
        ruleset = self.rulesets.get(folders)
        checked = check_source(document.text, config=config, ruleset=ruleset,
                               path=str(document.path) if document.path else None, syntax=document.syntax,
                               previous=_previous_draft(document), cache=document.check_cache)
        untie_when_dropped(checked.draft)
        self.log_rule_failures(checked.result)
        self.report_file_problems()
        return Analysis(document.version, checked.draft, checked.result, ruleset, config, document.index(self.encoding))

    async def analyse_async(self, document: Document) -> Analysis | None:
        """As :meth:`analyse`, with the parse and the check on the worker
        thread. Configuration and rule sets are looked up here, on the event
        loop, which owns them; the thread gets a snapshot of the text."""
        config, folders = self.configs.for_draft(document.path)
        ruleset = self.rulesets.get(folders)
        text, version, syntax, cache, encoding = (document.text, document.version, document.syntax,
                                                   document.check_cache, self.encoding)
        path = str(document.path) if document.path else None
        previous = _previous_draft(document)

        uri = document.uri
        push = self.push_diagnostics

        def work() -> Analysis:
            collect_now_and_then()
            with paused():
                checked = check_source(text, config=config, ruleset=ruleset, path=path, syntax=syntax,
                                       previous=previous, cache=cache)
                untie_when_dropped(checked.draft)
                analysis = Analysis(version, checked.draft, checked.result, ruleset, config,
                                    LineIndex(text, encoding, checked.draft.line_bounds))
                if push:
                    diagnostics_json(uri, analysis)
                else:
                    diagnostics_for(uri, analysis)
                freeze_survivors()
            return analysis

        analysis = await asyncio.get_running_loop().run_in_executor(self.checker, work)
        self.log_rule_failures(analysis.result)
        self.report_file_problems()
        return analysis

    def log_rule_failures(self, result) -> None:
        """A rule that raised is logged with its id and traceback (once per
        rule and error, not at every keystroke); its notice reaches the editor
        with the other rules' findings."""
        for notice in result.notices:
            if notice.code != "SG-RULE-FAILED":
                continue
            extra = notice.extra or {}
            key = f"{extra.get('rule')}: {notice.message}"
            if key in self.logged_failures:
                continue
            self.logged_failures.add(key)
            log.error("rule %s failed: %s\n%s", extra.get("rule"), notice.message, extra.get("traceback", ""))

    def analyse_file(self, path: Path) -> tuple[Analysis, Document] | None:
        text = self.workspace_drafts.text(path)
        if text is None:
            return None
        document = Document(file_uri(path), text, None)
        return self.analyse(document), document

    async def publish_analysis(self, document: Document, analysis: Analysis) -> None:
        self.changed.set()
        if not self.push_diagnostics:
            return
        diagnostics = diagnostics_json(document.uri, analysis)
        self.protocol.notify_json(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
                                  f'{{"uri": {json.dumps(document.uri)}, "version": {json.dumps(document.version)}, '
                                  f'"diagnostics": {diagnostics}}}')

    def is_draft(self, document: Document) -> bool:
        # A Word or PDF file's findings come from document_files, not its editor text.
        if document.is_config or is_document_file(document.uri) or not document.is_draft(self.configs.settings.file_patterns):
            return False
        # Decided by the text as it is now (an edited document and the same
        # text opened afresh must be treated alike), once per version.
        known = self.draft_versions.get(document.uri)
        if known is not None and known[0] == document.version and known[1] == self.generation:
            return known[2]
        answer = self.in_scope(document.path, document.text, document.language_id)
        self.draft_versions[document.uri] = (document.version, self.generation, answer)
        return answer

    def publish_nothing(self, document: Document) -> None:
        """An empty list for a file of the draft patterns that is not a draft
        (a README): the editor then knows this version was looked at."""
        if (self.push_diagnostics and not is_document_file(document.uri)
                and document.is_draft(self.configs.settings.file_patterns)):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=document.uri, version=document.version, diagnostics=[]))

    def in_scope(self, path: Path | None, text: str, language_id: str = "") -> bool:
        """Whether a file is a draft to check: by the include/exclude globs of
        its .safeguard.yaml, else by its content (scope.py), never a README."""
        if language_id == "treaty-draft":  # the editor was told it is one
            return True
        config, _ = self.configs.for_draft(path)
        base = config.path.parent if config.path is not None else None
        return scope.is_draft(path, text, base, config.include, config.exclude)

    def recheck_all(self) -> None:
        self.generation += 1
        self.documents.invalidate_all()
        for document in self.documents:
            if self.is_draft(document):
                self.documents.schedule(document, 0)
        self.changed.set()
        if not self.push_diagnostics and self.cap("workspace.diagnostics.refresh_support", False):
            self.workspace_diagnostic_refresh(None)
        if self.cap("workspace.code_lens.refresh_support", False):
            self.workspace_code_lens_refresh(None)

    # -- problems in rule files and .safeguard.yaml --------------------------------
    def report_file_problems(self) -> None:
        errors = list(self.rulesets.errors())
        for path in self.configs.config_files():
            config = self.configs.file_config(path)
            errors.extend(config.errors)
            errors.extend(config.warnings)
            if not config.errors:  # rule ids are judged against the rules this file's drafts use
                ruleset = self.rulesets.get(self.configs.rule_paths(path) + list(config.packs))
                errors.extend(rule_id_problems(config, {rule.id for rule in ruleset.rules}))
        key = {str(e) for e in errors}
        if key == self.reported_errors:
            return
        new = [e for e in errors if self.reported_errors is None or str(e) not in self.reported_errors]
        self.reported_errors = key
        by_uri: dict[str, tuple[Path, list]] = {}
        for error in errors:
            path = error_path(error)
            if path is None:
                continue
            by_uri.setdefault(file_uri(path), (path, []))[1].append(error)
        for uri, (path, file_errors) in by_uri.items():
            open_doc = self.documents.get(uri)
            text = open_doc.text if open_doc else _read_text(path)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, version=open_doc.version if open_doc else None,
                diagnostics=load_error_diagnostics(file_errors, text, self.encoding)))
        for uri in self.problem_uris - set(by_uri):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self.problem_uris = set(by_uri)
        if new:
            first = new[0]
            more = f" (and {len(new) - 1} more problem{'s' if len(new) > 2 else ''})" if len(new) > 1 else ""
            self.warn_user(
                f"A safeguard rule or settings file has a problem: {first}{more}. Until it is fixed, the rules "
                "that loaded before are still applied; the problems are marked in the file.", once=False)

    # -- rule reloads ---------------------------------------------------------------
    async def reload_rules(self) -> None:
        token = await self.begin_progress("Reloading safeguard rules")
        try:
            # On the checker's thread, off the event loop: a pack's patterns
            # are measured as it loads (patternbudget.py), and the loop must
            # go on answering; one thread also keeps it from racing a check.
            await asyncio.get_running_loop().run_in_executor(self.checker, self.rulesets.reload)
            self.configs.invalidate()
            self.report_file_problems()
            self.check_rule_settings()
        finally:
            self.end_progress(token)
        self.recheck_all()

    def is_rule_file(self, path: Path | None) -> bool:
        if path is None or path.suffix not in (".yaml", ".yml"):
            return False
        resolved = path.resolve()
        return any(resolved == f or f in resolved.parents for f in self.rulesets.folders_in_use())

    # -- progress ---------------------------------------------------------------------
    async def begin_progress(self, title: str) -> str | None:
        if not self.cap("window.work_done_progress", False):
            return None
        token = f"safeguard-{uuid.uuid4()}"
        try:
            await self.work_done_progress.create_async(token)
        except Exception as exc:
            log.info("the editor refused a progress bar: %s", exc)
            return None
        self.work_done_progress.begin(token, types.WorkDoneProgressBegin(title=title, percentage=0))
        return token

    def report_progress(self, token: str | None, message: str, percentage: int) -> None:
        if token is not None:
            self.work_done_progress.report(token, types.WorkDoneProgressReport(message=message, percentage=percentage))

    def end_progress(self, token: str | None) -> None:
        if token is not None:
            self.work_done_progress.end(token, types.WorkDoneProgressEnd())

    # -- lookups for handlers -----------------------------------------------------------
    async def wait_ready(self) -> None:
        """Requests that arrive before the editor's settings do wait for them
        (briefly): an answer made with the wrong rules would be worse."""
        if not self.documents.ready.is_set():
            try:
                await asyncio.wait_for(self.documents.ready.wait(), timeout=10)
            except asyncio.TimeoutError:
                pass

    def open_document(self, uri: str) -> Document | None:
        """The open document at ``uri``; a protocol error if it was never opened."""
        document = self.documents.get(uri)
        if document is None and uri not in self.documents.seen:
            raise DocumentNotOpen(f"{uri} is not open: open it (textDocument/didOpen) before asking about it")
        return document

    async def analysis_of(self, uri: str) -> tuple[Document, Analysis] | None:
        await self.wait_ready()
        document = self.open_document(uri)
        if document is None or not self.is_draft(document):
            return None
        analysis = await self.documents.current_async(document)
        if analysis is None:
            return None
        return document, analysis

    async def analysis_at(self, uri: str, line: int) -> tuple[Document, Analysis, int] | None:
        """For a request about one line (a hover): the latest analysis when the
        edits made since did not touch that line, without waiting for the
        check of the newest version (while the user types elsewhere in a long
        draft), with the line's number in it; otherwise the analysis of the
        current text."""
        await self.wait_ready()
        document = self.open_document(uri)
        if document is None or not self.is_draft(document):
            return None
        analysis = document.analysis
        if analysis is not None:
            if document.is_current(analysis):
                return document, analysis, line
            then = document.line_in(analysis, line, self.encoding)
            if then is not None:
                return document, analysis, then
        found = await self.analysis_of(uri)
        return None if found is None else (*found, line)

    def read_config(self, path: Path) -> tuple[str | None, int | None]:
        document = self.documents.get(file_uri(path))
        if document is not None:
            return document.text, document.version
        return _read_text(path), None


def _previous_draft(document: Document) -> Draft | None:
    """The draft of the document's last analysis: an edit within one article
    is then parsed as a change to it (see reparse.py)."""
    return document.analysis.draft if document.analysis is not None else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def create_server() -> SafeguardServer:
    server = SafeguardServer()

    # -- lifecycle ----------------------------------------------------------------
    @server.feature(types.INITIALIZE)
    @guarded
    def on_initialize(ls: SafeguardServer, params: types.InitializeParams):
        ls.init_options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        folders = [to_fs_path(f.uri) for f in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [to_fs_path(params.root_uri)]
        elif not folders and params.root_path:
            folders = [params.root_path]
        ls.configs.folders = [Path(f).resolve() for f in folders if f]
        ls.watch_parent(params.process_id)

    @server.feature(types.INITIALIZED)
    @guarded
    async def on_initialized(ls: SafeguardServer, params: types.InitializedParams):
        await ls.fetch_settings()
        ls.apply_settings()
        if ls.cap("workspace.did_change_watched_files.dynamic_registration", False):
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{CONFIG_NAME}"),
                        types.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}")]
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                    types.Registration(id="safeguard-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                       register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
            except Exception as exc:
                log.info("the editor did not accept file watching: %s", exc)
        await asyncio.get_running_loop().run_in_executor(ls.checker, ls.rulesets.get, ls.configs.rule_paths(None))
        ls.report_file_problems()
        ls.check_rule_settings()
        ls.documents.ready.set()
        ls.recheck_all()
        log.info("safeguard-lsp %s ready (positions in %s)", __version__, ls.encoding)

    @server.feature(types.SHUTDOWN)
    def on_shutdown(ls: SafeguardServer, params):
        ls.shut_down = True
        for document in ls.documents:
            if document.pending:
                document.pending.cancel()

    @server.feature(types.EXIT)
    def on_exit(ls: SafeguardServer, params):
        # The specification's exit codes: 0 after a shutdown request, 1 without.
        ls.exit_code = 0 if ls.shut_down else 1

    # -- document sync ------------------------------------------------------------
    def config_edited(ls: SafeguardServer, document: Document, text: str | None) -> None:
        if document.path is None:
            return
        if text is None:
            ls.configs.buffers.pop(document.path.resolve(), None)
        else:
            ls.configs.buffers[document.path.resolve()] = text
        ls.configs.invalidate(document.path)
        ls.report_file_problems()
        ls.recheck_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded
    def did_open(ls: SafeguardServer, params: types.DidOpenTextDocumentParams):
        item = params.text_document
        document = ls.documents.open(item.uri, item.text, item.version, item.language_id)
        if is_document_file(item.uri):  # a Word or PDF file: read from disk
            asyncio.ensure_future(publish_document_file(ls, item.uri))
            return
        if document.is_config:
            config_edited(ls, document, document.text)
        elif ls.is_draft(document):
            ls.documents.schedule(document, 0)
        else:
            ls.publish_nothing(document)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded
    def did_change(ls: SafeguardServer, params: types.DidChangeTextDocumentParams):
        document = ls.documents.change(params.text_document.uri, params.content_changes,
                                       params.text_document.version, ls.encoding)
        if document is None:
            return
        if document.is_config:
            config_edited(ls, document, document.text)
        elif ls.is_draft(document):
            ls.documents.schedule(document, ls.configs.settings.debounce)
        else:
            ls.publish_nothing(document)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded
    async def did_save(ls: SafeguardServer, params: types.DidSaveTextDocumentParams):
        path = uri_path(params.text_document.uri)
        if path is not None and (path.name == CONFIG_NAME or ls.is_rule_file(path)):
            ls.configs.invalidate(path)
            await ls.reload_rules()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded
    def did_close(ls: SafeguardServer, params: types.DidCloseTextDocumentParams):
        document = ls.documents.close(params.text_document.uri)
        ls.draft_versions.pop(params.text_document.uri, None)
        if document is None:
            return
        if document.is_config:
            config_edited(ls, document, None)
        elif ls.push_diagnostics and document.uri not in ls.problem_uris:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=document.uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded
    async def watched_files(ls: SafeguardServer, params: types.DidChangeWatchedFilesParams):
        reload = False
        for change in params.changes:
            path = uri_path(change.uri)
            if path is None:
                continue
            if path.name == CONFIG_NAME:
                ls.configs.invalidate(path)
                reload = True
            elif ls.is_rule_file(path):
                reload = True
        if reload:
            await ls.reload_rules()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded
    async def did_change_configuration(ls: SafeguardServer, params: types.DidChangeConfigurationParams):
        if ls.cap("workspace.configuration", False):
            await ls.fetch_settings()
        elif isinstance(params.settings, dict):
            ls.client_settings = params.settings
        old_paths = ls.configs.settings.rule_paths
        ls.apply_settings()
        if ls.configs.settings.rule_paths != old_paths:
            await asyncio.get_running_loop().run_in_executor(ls.checker, ls.rulesets.get,
                                                             ls.configs.rule_paths(None))
            ls.report_file_problems()
        ls.check_rule_settings()
        ls.recheck_all()

    # -- diagnostics (pull) ------------------------------------------------------------
    def result_id(ls: SafeguardServer, document: Document) -> str:
        return f"{ls.generation}:{document.version}"

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                    types.DiagnosticOptions(identifier="safeguard", inter_file_dependencies=True,
                                            workspace_diagnostics=True))
    @guarded
    async def pull_diagnostics(ls: SafeguardServer, params: types.DocumentDiagnosticParams):
        if is_document_file(params.text_document.uri) and ls.documents.get(params.text_document.uri) is not None:
            items = await document_file_diagnostics_async(ls, params.text_document.uri)
            return types.RelatedFullDocumentDiagnosticReport(items=items)
        found = await ls.analysis_of(params.text_document.uri)
        if found is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        document, analysis = found
        rid = result_id(ls, document)
        if params.previous_result_id == rid:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
        return types.RelatedFullDocumentDiagnosticReport(items=diagnostics_for(document.uri, analysis), result_id=rid)

    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    @guarded
    async def workspace_diagnostics(ls: SafeguardServer, params: types.WorkspaceDiagnosticParams):
        await ls.wait_ready()
        previous = {p.uri: p.value for p in params.previous_result_ids or []}
        for _ in range(2):
            reports = await collect_workspace(ls, previous)
            if not previous or any(isinstance(r, types.WorkspaceFullDocumentDiagnosticReport) for r in reports):
                return types.WorkspaceDiagnosticReport(items=reports)
            # Nothing changed: hold the request until something does, as the
            # specification intends, instead of letting the client poll in a loop.
            ls.changed.clear()
            try:
                await asyncio.wait_for(ls.changed.wait(), timeout=60)
            except asyncio.TimeoutError:
                pass
        return types.WorkspaceDiagnosticReport(items=reports)

    async def collect_workspace(ls: SafeguardServer, previous: dict) -> list:
        token = await ls.begin_progress("Checking the drafts of the workspace")
        reports: list = []
        try:
            paths = workspace_files(ls.configs.folders, ls.configs.settings.file_patterns)
            open_docs = {d.uri: d for d in ls.documents if ls.is_draft(d)}
            uris = list(open_docs) + [file_uri(p) for p in paths if file_uri(p) not in open_docs]
            for n, uri in enumerate(uris):
                if n % 10 == 0:
                    ls.report_progress(token, f"{n} of {len(uris)} drafts", int(100 * n / max(len(uris), 1)))
                    await asyncio.sleep(0)  # let edits and cancellations through
                document = open_docs.get(uri)
                if document is not None:
                    rid = result_id(ls, document)
                    if previous.get(uri) == rid:
                        reports.append(types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, version=document.version, result_id=rid))
                        continue
                    analysis = ls.documents.current(document)
                    if analysis is not None:
                        reports.append(types.WorkspaceFullDocumentDiagnosticReport(
                            uri=uri, version=document.version, items=diagnostics_for(uri, analysis), result_id=rid))
                    continue
                path = uri_path(uri)
                text = ls.workspace_drafts.text(path)
                if text is None or not ls.in_scope(path, text):
                    continue
                try:
                    rid = f"{ls.generation}:disk:{path.stat().st_mtime_ns}"
                except OSError:
                    continue
                if previous.get(uri) == rid:
                    reports.append(types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, version=None, result_id=rid))
                    continue
                found = ls.analyse_file(path)
                if found is None:
                    continue
                analysis, doc = found
                reports.append(types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri, version=None, items=diagnostics_for(uri, analysis), result_id=rid))
        finally:
            ls.end_progress(token)
        return reports

    # -- reading features -----------------------------------------------------------------
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded
    async def on_hover(ls: SafeguardServer, params: types.HoverParams):
        found = await ls.analysis_at(params.text_document.uri, params.position.line)
        if found is None:
            return None
        document, analysis, line = found
        # The hover has no range, so a line moved by edits elsewhere needs no mapping back.
        position = types.Position(line=line, character=params.position.character)
        return hover(analysis, analysis.ruleset, position, ls.markdown_hover)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND,
                                                               REPORT_KIND], resolve_provider=True))
    @guarded
    async def on_code_action(ls: SafeguardServer, params: types.CodeActionParams):
        found = await ls.analysis_of(params.text_document.uri)
        if found is None:
            return []
        document, analysis = found
        support = ls.edit_support()
        resolvable = "edit" in (ls.cap("text_document.code_action.resolve_support.properties", None) or [])
        actions = code_actions(document, analysis, params, support, ls.read_config, ls.encoding, resolvable)
        report = report_action(document, analysis, support.create_files and support.document_changes,
                               params.context.only, resolvable, support.guard)
        if report is not None:
            actions.append(report)
        elif (params.context.only and kind_wanted(REPORT_KIND, params.context.only) and document.path is not None
              and support.create_files and support.document_changes):
            # Asked for by its kind (the user chose "source actions"): say why
            # it is not there, where the editor cannot show it greyed out.
            refused = support.guard.refusal(report_target(document))
            if refused is not None:
                ls.warn_user(refused, once=False)
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    @guarded
    async def on_code_action_resolve(ls: SafeguardServer, action: types.CodeAction):
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("report") or data.get("fixAll")
        if action.kind not in (REPORT_KIND, FIX_ALL_KIND) or not isinstance(uri, str):
            return action
        found = await ls.analysis_of(uri)
        if found is None:
            return action
        document, analysis = found
        if action.kind == REPORT_KIND:
            # Checked again: a link may have appeared since the action was listed.
            refused = ls.edit_support().guard.refusal(report_target(document))
            if refused is not None:
                ls.warn_user(refused, once=False)
                return action
            return resolve_report(action, document, analysis)
        return fix_all_action(document, analysis, ls.edit_support(), action)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded
    async def on_document_symbol(ls: SafeguardServer, params: types.DocumentSymbolParams):
        found = await ls.analysis_of(params.text_document.uri)
        if found is None:
            return []
        document, analysis = found
        hierarchical = bool(ls.cap("text_document.document_symbol.hierarchical_document_symbol_support", False))
        return document_symbols(analysis, hierarchical, document.uri)

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    @guarded
    async def on_folding_range(ls: SafeguardServer, params: types.FoldingRangeParams):
        found = await ls.analysis_of(params.text_document.uri)
        return folding_ranges(found[1]) if found else []

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @guarded
    async def on_definition(ls: SafeguardServer, params: types.DefinitionParams):
        found = await ls.analysis_of(params.text_document.uri)
        return definition(found[1], found[0].uri, params.position) if found else []

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @guarded
    async def on_references(ls: SafeguardServer, params: types.ReferenceParams):
        found = await ls.analysis_of(params.text_document.uri)
        if found is None:
            return []
        return references(found[1], found[0].uri, params.position, params.context.include_declaration)

    @server.feature(types.WORKSPACE_SYMBOL)
    @guarded
    async def on_workspace_symbol(ls: SafeguardServer, params: types.WorkspaceSymbolParams):
        await ls.wait_ready()
        out = []
        seen = set()
        for document in ls.documents:
            if ls.is_draft(document):
                analysis = ls.documents.current(document)
                if analysis is not None:
                    out.extend(draft_symbols(analysis.draft, document.uri, ls.encoding, params.query, analysis.index))
                    seen.add(document.uri)
        for path in workspace_files(ls.configs.folders, ls.configs.settings.file_patterns):
            uri = file_uri(path)
            if uri in seen:
                continue
            draft = ls.workspace_drafts.draft(path)
            if draft is not None:
                out.extend(draft_symbols(draft, uri, ls.encoding, params.query))
        return out

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":"]))
    @guarded
    async def on_completion(ls: SafeguardServer, params: types.CompletionParams):
        found = await ls.analysis_of(params.text_document.uri)
        if found is None:
            return types.CompletionList(is_incomplete=False, items=[])
        document, analysis = found
        snippets = bool(ls.cap("text_document.completion.completion_item.snippet_support", False))
        formats = ls.cap("text_document.completion.completion_item.documentation_format") or []
        return completions(analysis, analysis.ruleset, params.position, snippets, types.MarkupKind.Markdown in formats)

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    @guarded
    async def on_code_lens(ls: SafeguardServer, params: types.CodeLensParams):
        await ls.wait_ready()
        if not ls.configs.settings.code_lens:
            return []
        found = await ls.analysis_of(params.text_document.uri)
        return code_lenses(found[1]) if found else []

    return server

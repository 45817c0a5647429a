"""Open documents: their text and version, their latest analysis, and the
debounced re-check after an edit.

An analysis remembers the version it was made for, and nothing is published
unless that version is still the latest the client sent: a slow check of
version 7 that finishes after version 8 arrived is dropped. Versions should
only grow; a change that comes with a lower one is applied all the same.
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable

from lsprotocol import types
from pygls.uris import to_fs_path

from safeguard_lsp import gcpause
from safeguard_lsp.config import CONFIG_NAME, Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import CheckCache, CheckResult
from safeguard_lsp.ruleset import RuleSet
from safeguard_lsp.textdiff import unchanged_ends

from .positions import LineIndex
from .textbuffer import TextBuffer

log = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = (".md", ".markdown")


def uri_path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


@dataclass
class Analysis:
    version: int | None
    draft: Draft
    result: CheckResult
    ruleset: RuleSet
    config: Config
    index: LineIndex
    # Made once, with the check (on the worker thread): the diagnostics for
    # the document it was made for.
    diagnostics: list | None = field(default=None, repr=False)
    diagnostics_json: tuple[str, str] | None = field(default=None, repr=False)  # (uri, JSON text)
    diagnostic_objects: tuple[str, list] | None = field(default=None, repr=False)  # (uri, for pulls)
    # Each finding's diagnostic as written, for the next version's (kept_diagnostics.py).
    kept_diagnostics: object | None = field(default=None, repr=False)


ANALYSED_TEXTS_KEPT = 4
# Seconds without an edit after which the collector's full pass, when due, is
# made (gcpause.full_pass_due): a pause in the typing, not a pause of it.
IDLE_SECONDS = 1.5


class Document:
    def __init__(self, uri: str, text: str, version: int | None, language_id: str = ""):
        self.uri = uri
        self.buffer = TextBuffer(text)
        self.version = version
        self.language_id = language_id or ""
        self.path = uri_path(uri)
        self._analysis: Analysis | None = None
        # The texts of the last versions analysed: a quick fix asked with a
        # diagnostic of one of them is mapped to the current text (features/quick_fixes.py).
        self.analysed_texts: dict[int, str] = {}
        self.pending: asyncio.Task | None = None
        self._index: LineIndex | None = None
        self._unchanged: tuple | None = None  # (analysis, version) -> unchanged_ends
        self._lock: asyncio.Lock | None = None  # one analysis of a document at a time
        # Matches and article-local findings of the previous check, by article
        # text: a re-check after an edit redoes only the edited article (and
        # the document-level rules). See engine.CheckCache.
        self.check_cache = CheckCache()

    @property
    def analysis(self) -> Analysis | None:
        return self._analysis

    @analysis.setter
    def analysis(self, analysis: Analysis | None) -> None:
        self._analysis = analysis
        if analysis is not None and analysis.version is not None:
            texts = self.analysed_texts
            texts.pop(analysis.version, None)
            texts[analysis.version] = analysis.draft.text
            while len(texts) > ANALYSED_TEXTS_KEPT:
                del texts[next(iter(texts))]

    def text_of(self, version: int | None) -> str | None:
        """The text of an analysed version still remembered."""
        if version is None:
            return None
        text = self.analysed_texts.get(version)
        if version == self.version and text is not self.text:
            return None  # the number was reused by a change that went back
        return text

    @property
    def lock(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    def is_current(self, analysis: Analysis | None) -> bool:
        return analysis is not None and analysis.version == self.version and analysis.draft.text is self.text

    @property
    def text(self) -> str:
        return self.buffer.text

    def line_in(self, analysis: Analysis, line: int, encoding) -> int | None:
        """The line of the analysed text that is ``line`` of the current text,
        untouched by the edits made since (before them all, or after them
        all), so that a request about it can be answered from ``analysis``
        while the newest version is still being checked; None otherwise."""
        then = analysis.index
        span = self.buffer.line_offsets(line)
        if span is None or then.encoding != (encoding or types.PositionEncodingKind.Utf16):
            return None
        old = analysis.draft.text
        key = (id(analysis), self.version)
        if self._unchanged is None or self._unchanged[0] != key:
            self._unchanged = (key, unchanged_ends(old, self.text))
        prefix, suffix = self._unchanged[1]
        start, end = span
        if end < prefix:  # the line and its line break come before every edit
            return line
        shift = len(self.buffer) - len(old)
        if start > len(self.buffer) - suffix:  # it and the break before it come after them
            return then.line_of(start - shift)
        return None

    def index(self, encoding) -> LineIndex:
        if self._index is None or self._index.encoding != encoding or self._index.text is not self.text:
            self._index = LineIndex(self.text, encoding)
        return self._index

    def edit(self, changes, version: int | None, encoding) -> None:
        for change in changes:
            self.buffer.apply(change, encoding)
        self.version = version
        self._index = None

    @property
    def syntax(self) -> str | None:
        if self.language_id == "markdown":
            return "markdown"
        if self.path is not None and self.path.suffix.lower() in MARKDOWN_SUFFIXES:
            return "markdown"
        if self.language_id == "plaintext":
            return "text"
        return None

    @property
    def is_config(self) -> bool:
        return self.path is not None and self.path.name == CONFIG_NAME

    def is_draft(self, patterns: list[str]) -> bool:
        if self.path is None:  # an untitled buffer: go by its language
            return self.language_id in ("markdown", "plaintext", "restructuredtext")
        return matches_patterns(self.path, patterns)


def matches_patterns(path: Path, patterns: list[str]) -> bool:
    text = path.as_posix()
    for pattern in patterns:
        if "/" in pattern:
            if fnmatch.fnmatch(text, pattern) or fnmatch.fnmatch(text, "*/" + pattern.lstrip("/")):
                return True
        elif fnmatch.fnmatch(path.name, pattern):
            return True
    return False


class Documents:
    """Documents the client has open, with debounced checking.

    ``analyse(document)`` is given by the server: it builds the Analysis of the
    document's current text. ``publish(document, analysis)`` is called after a
    debounced check, only when the analysis is of the latest version.
    """

    def __init__(self, analyse: Callable[[Document], Analysis | None],
                 publish: Callable[[Document, Analysis], Awaitable[None] | None],
                 analyse_async: Callable[[Document], Awaitable[Analysis | None]] | None = None):
        self._docs: dict[str, Document] = {}
        self.seen: set[str] = set()  # every URI opened since the start, closed or not
        self._analyse = analyse
        self._analyse_async = analyse_async
        self._publish = publish
        self.ready = asyncio.Event()  # set once the settings are known
        self.generation = 0  # counts invalidations: an analysis begun before one is not kept
        self._idle: asyncio.TimerHandle | None = None  # the collector's full pass, waiting for a pause

    def __iter__(self):
        return iter(list(self._docs.values()))

    def get(self, uri: str) -> Document | None:
        return self._docs.get(uri)

    def open(self, uri: str, text: str, version: int | None, language_id: str) -> Document:
        old = self._docs.get(uri)
        if old is not None and old.pending:
            old.pending.cancel()
        document = Document(uri, text, version, language_id)
        self._docs[uri] = document
        self.seen.add(uri)
        return document

    def change(self, uri: str, changes, version: int | None, encoding) -> Document | None:
        document = self._docs.get(uri)
        if document is None:
            log.warning("a change arrived for %s, which is not open; ignored", uri)
            return None
        if version is not None and document.version is not None and version <= document.version:
            # The specification leaves versions to the client: dropping the
            # change would leave our text different from the editor's.
            log.warning("a change with version %s after version %s of %s arrived; applied", version,
                        document.version, uri)
            document.analysis = None  # its version number may now be taken by another text
            document.analysed_texts = {v: t for v, t in document.analysed_texts.items() if v < version}
        document.edit(changes, version, encoding)
        return document

    def close(self, uri: str) -> Document | None:
        document = self._docs.pop(uri, None)
        if document is not None and document.pending:
            document.pending.cancel()
        return document

    # -- analysis -----------------------------------------------------------
    def current(self, document: Document) -> Analysis | None:
        """The analysis of the document's current text, made now if stale."""
        analysis = document.analysis
        if analysis is not None and analysis.version == document.version and analysis.draft.text is document.text:
            return analysis
        analysis = self._analyse(document)
        document.analysis = analysis
        return analysis

    async def current_async(self, document: Document, attempts: int = 3) -> Analysis | None:
        """The analysis of the document's current text, made off the event loop
        when stale, so that the server keeps answering while a long draft is
        checked. Edits that arrive meanwhile start another round (a few at
        most: then the latest analysis is returned, and its version says what
        it is of)."""
        if self._analyse_async is None:
            return self.current(document)
        analysis = document.analysis
        for _ in range(attempts):
            if document.is_current(analysis):
                return analysis
            async with document.lock:
                analysis = document.analysis
                if document.is_current(analysis):
                    return analysis
                generation = self.generation
                made = await self._analyse_async(document)
                if generation != self.generation:
                    analysis = None  # rules or settings changed meanwhile: check again
                    continue
                if made is not None and (document.analysis is None or document.analysis.version is None
                                         or made.version is None or made.version >= document.analysis.version):
                    document.analysis = made
                analysis = made
        return analysis

    def invalidate_all(self) -> None:
        self.generation += 1
        for document in self._docs.values():
            document.analysis = None
            document.check_cache = CheckCache()

    def schedule(self, document: Document, delay_ms: int) -> None:
        """Check the document after ``delay_ms`` without further edits, then
        publish; an edit in the meantime starts the wait again."""
        if self._idle is not None:  # typing again: no pause yet
            self._idle.cancel()
            self._idle = None
        if document.pending is not None:
            document.pending.cancel()
        document.pending = asyncio.ensure_future(self._check_later(document, document.version, delay_ms))

    async def _check_later(self, document: Document, version: int | None, delay_ms: int) -> None:
        try:
            if delay_ms > 0:
                await asyncio.sleep(delay_ms / 1000)
            if not self.ready.is_set():
                try:
                    await asyncio.wait_for(self.ready.wait(), timeout=10)
                except asyncio.TimeoutError:
                    log.warning("settings did not arrive from the editor; checking with the defaults")
            if (self._docs.get(document.uri) is not document or document.version != version
                    or document.pending is not asyncio.current_task()):
                # Closed, reopened, edited or scheduled again: a newer check is
                # on its way. (A cancel that lands as the wait for the settings
                # ends is swallowed by Python 3.11's wait_for; the draft was
                # then checked and published twice.)
                return
            # Held until the diagnostics are out: freeing the analysis this one
            # replaces (all the units of a long draft) need not delay them.
            replaced = document.analysis
            analysis = await self.current_async(document, attempts=1)
            if (analysis is None or document.version != version or analysis.version != version
                    or document.pending is not asyncio.current_task()):
                return
            result = self._publish(document, analysis)
            if asyncio.iscoroutine(result):
                await result
            del replaced  # freed here, after publishing
            self._full_pass_when_idle()
        except asyncio.CancelledError:
            pass
        except Exception:  # a crash here would only be seen in a log nobody reads
            log.exception("checking %s failed", document.uri)
        finally:
            if document.pending is asyncio.current_task():
                document.pending = None

    def _full_pass_when_idle(self) -> None:
        """The collector's full pass, when due, made once no edit has come
        for IDLE_SECONDS: made before a check, it held up that edit's
        diagnostics (gcpause.collect_now_and_then)."""
        if self._idle is None and gcpause.full_pass_due():
            self._idle = asyncio.get_running_loop().call_later(IDLE_SECONDS, self._idle_pass)

    def _idle_pass(self) -> None:
        self._idle = None
        if any(document.pending is not None for document in self._docs.values()):
            return  # a check is on its way: the next one published asks again
        gcpause.full_pass()

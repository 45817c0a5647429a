"""What every handler shares: a failure stays in its request, and a request
about a draft gets the draft's current analysis, or a protocol error when the
document was never opened, or an empty answer when it is no draft (or was
closed since)."""

from __future__ import annotations

import functools
import inspect
import logging
import traceback
from typing import Any, Callable

from pygls.exceptions import JsonRpcException

from .documents import Analysis, Document
from .draft_scope import is_draft

log = logging.getLogger("safeguard_lsp.server")

class DocumentNotOpen(JsonRpcException):
    """A request about a document the editor never opened: the protocol's
    RequestFailed, with the reason (the server knows only the text of open
    documents). A document opened and closed since answers empty, as a
    request racing its close is normal."""

    CODE = -32803


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


def open_document(ls, uri: str) -> Document | None:
    """The open document at ``uri``; a protocol error if it was never opened."""
    document = ls.documents.get(uri)
    if document is None and uri not in ls.documents.seen:
        raise DocumentNotOpen(f"{uri} is not open: open it (textDocument/didOpen) before asking about it")
    return document


async def analysis_of(ls, uri: str) -> tuple[Document, Analysis] | None:
    await ls.wait_ready()
    document = open_document(ls, uri)
    if document is None or not is_draft(ls, document):
        return None
    analysis = await ls.documents.current_async(document)
    if analysis is None:
        return None
    return document, analysis


async def analysis_at(ls, uri: str, line: int) -> tuple[Document, Analysis, int] | None:
    """For a request about one line (a hover): the latest analysis when the
    edits made since did not touch that line, without waiting for the
    check of the newest version (while the user types elsewhere in a long
    draft), with the line's number in it; otherwise the analysis of the
    current text."""
    await ls.wait_ready()
    document = open_document(ls, uri)
    if document is None or not is_draft(ls, document):
        return None
    analysis = document.analysis
    if analysis is not None:
        if document.is_current(analysis):
            return document, analysis, line
        then = document.line_in(analysis, line, ls.client.position_encoding)
        if then is not None:
            return document, analysis, then
    found = await analysis_of(ls, uri)
    return None if found is None else (*found, line)


def about_draft(empty: Callable[[], Any]):
    """A request handler about an open draft, called as
    ``handler(ls, params, document, analysis)`` with its current analysis;
    ``empty()`` answers when there is none. Failures are ``guarded``."""

    def wrap(handler):
        @functools.wraps(handler)
        async def run(ls, params):
            found = await analysis_of(ls, params.text_document.uri)
            if found is None:
                return empty()
            return handler(ls, params, *found)

        return guarded(run)

    return wrap


def about_draft_line(empty: Callable[[], Any]):
    """As :func:`about_draft`, for a request about the line of
    ``params.position``: called as ``handler(ls, params, document, analysis,
    line)``, where ``line`` is that line in the analysis given (see
    :func:`analysis_at`)."""

    def wrap(handler):
        @functools.wraps(handler)
        async def run(ls, params):
            found = await analysis_at(ls, params.text_document.uri, params.position.line)
            if found is None:
                return empty()
            return handler(ls, params, *found)

        return guarded(run)

    return wrap

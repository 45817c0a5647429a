"""Open documents: ``didOpen``, ``didChange``, ``didClose``.

A draft is checked after each change (debounced, documents.py); an open
.safeguard.yaml takes effect as it is typed; a Word or PDF file is read from
disk (document_files.py); any other file is only acknowledged.
"""

from __future__ import annotations

import asyncio

from lsprotocol import types

from ..documents import Document
from ..document_files import is_document_file, publish_document_file
from ..draft_scope import is_draft
from ..file_problems import report_file_problems
from ..handlers import guarded
from .diagnostics import publish_nothing


def register(server) -> None:
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(guarded(did_open))
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(guarded(did_change))
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(guarded(did_close))


def did_open(ls, params: types.DidOpenTextDocumentParams):
    item = params.text_document
    document = ls.documents.open(item.uri, item.text, item.version, item.language_id)
    if is_document_file(item.uri):  # a Word or PDF file: read from disk
        asyncio.ensure_future(publish_document_file(ls, item.uri))
        return
    if document.is_config:
        config_edited(ls, document, document.text)
    elif is_draft(ls, document):
        ls.documents.schedule(document, 0)
    else:
        publish_nothing(ls, document)


def did_change(ls, params: types.DidChangeTextDocumentParams):
    document = ls.documents.change(params.text_document.uri, params.content_changes,
                                   params.text_document.version, ls.client.position_encoding)
    if document is None:
        return
    if document.is_config:
        config_edited(ls, document, document.text)
    elif is_draft(ls, document):
        ls.documents.schedule(document, ls.configs.settings.debounce)
    else:
        publish_nothing(ls, document)


def did_close(ls, params: types.DidCloseTextDocumentParams):
    document = ls.documents.close(params.text_document.uri)
    ls.draft_versions.pop(params.text_document.uri, None)
    if document is None:
        return
    if document.is_config:
        config_edited(ls, document, None)
    elif ls.client.push_diagnostics and document.uri not in ls.problem_uris:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=document.uri, diagnostics=[]))


def config_edited(ls, document: Document, text: str | None) -> None:
    """An open .safeguard.yaml counts as typed (``None``: closed, read from disk again)."""
    if document.path is None:
        return
    if text is None:
        ls.configs.buffers.pop(document.path.resolve(), None)
    else:
        ls.configs.buffers[document.path.resolve()] = text
    ls.configs.invalidate(document.path)
    report_file_problems(ls)
    ls.recheck_all()

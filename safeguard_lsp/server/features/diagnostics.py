"""Diagnostics as the editor takes them: pushed (``publishDiagnostics``) to
editors that do not pull, pulled (``textDocument/diagnostic``,
``workspace/diagnostic``) by those that do. How a finding becomes a
diagnostic is ../diagnostics.py.
"""

from __future__ import annotations

import asyncio
import json

from lsprotocol import types

from ..analysis import analyse_file
from ..diagnostics import diagnostics_for, diagnostics_json, file_uri
from ..document_files import document_file_diagnostics_async, is_document_file
from ..documents import Analysis, Document, uri_path
from ..draft_scope import in_scope, is_draft
from ..handlers import analysis_of, guarded
from ..progress import begin_progress, end_progress, report_progress
from .navigation import workspace_files

# How long a workspace pull with nothing new is held before it is answered.
WORKSPACE_HOLD_SECONDS = 60


def register(server) -> None:
    server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                   types.DiagnosticOptions(identifier="safeguard", inter_file_dependencies=True,
                                           workspace_diagnostics=True))(guarded(pull_diagnostics))
    server.feature(types.WORKSPACE_DIAGNOSTIC)(guarded(workspace_diagnostics))


async def publish_analysis(ls, document: Document, analysis: Analysis) -> None:
    ls.changed.set()
    if not ls.client.push_diagnostics:
        return
    diagnostics = diagnostics_json(document.uri, analysis)
    ls.protocol.notify_json(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
                            f'{{"uri": {json.dumps(document.uri)}, "version": {json.dumps(document.version)}, '
                            f'"diagnostics": {diagnostics}}}')


def publish_nothing(ls, document: Document) -> None:
    """An empty list for a file of the draft patterns that is not a draft
    (a README): the editor then knows this version was looked at."""
    if (ls.client.push_diagnostics and not is_document_file(document.uri)
            and document.is_draft(ls.configs.settings.file_patterns)):
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=document.uri, version=document.version, diagnostics=[]))


def result_id(ls, document: Document) -> str:
    return f"{ls.generation}:{document.version}"


async def pull_diagnostics(ls, params: types.DocumentDiagnosticParams):
    if is_document_file(params.text_document.uri) and ls.documents.get(params.text_document.uri) is not None:
        items = await document_file_diagnostics_async(ls, params.text_document.uri)
        return types.RelatedFullDocumentDiagnosticReport(items=items)
    found = await analysis_of(ls, params.text_document.uri)
    if found is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    document, analysis = found
    rid = result_id(ls, document)
    if params.previous_result_id == rid:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
    return types.RelatedFullDocumentDiagnosticReport(items=diagnostics_for(document.uri, analysis), result_id=rid)


async def workspace_diagnostics(ls, params: types.WorkspaceDiagnosticParams):
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
            await asyncio.wait_for(ls.changed.wait(), timeout=WORKSPACE_HOLD_SECONDS)
        except asyncio.TimeoutError:
            pass
    return types.WorkspaceDiagnosticReport(items=reports)


async def collect_workspace(ls, previous: dict) -> list:
    token = await begin_progress(ls, "Checking the drafts of the workspace")
    reports: list = []
    try:
        paths = workspace_files(ls.configs.folders, ls.configs.settings.file_patterns)
        open_docs = {d.uri: d for d in ls.documents if is_draft(ls, d)}
        uris = list(open_docs) + [file_uri(p) for p in paths if file_uri(p) not in open_docs]
        for n, uri in enumerate(uris):
            if n % 10 == 0:
                report_progress(ls, token, f"{n} of {len(uris)} drafts", int(100 * n / max(len(uris), 1)))
                await asyncio.sleep(0)  # let edits and cancellations through
            document = open_docs.get(uri)
            report = (_open_report(ls, document, previous) if document is not None
                      else _disk_report(ls, uri, previous))
            if report is not None:
                reports.append(report)
    finally:
        end_progress(ls, token)
    return reports


def _open_report(ls, document: Document, previous: dict):
    rid = result_id(ls, document)
    if previous.get(document.uri) == rid:
        return types.WorkspaceUnchangedDocumentDiagnosticReport(uri=document.uri, version=document.version,
                                                                result_id=rid)
    analysis = ls.documents.current(document)
    if analysis is None:
        return None
    return types.WorkspaceFullDocumentDiagnosticReport(
        uri=document.uri, version=document.version, items=diagnostics_for(document.uri, analysis), result_id=rid)


def _disk_report(ls, uri: str, previous: dict):
    """A workspace draft that is not open, checked as it is on disk; its
    result id changes when the file does."""
    path = uri_path(uri)
    text = ls.workspace_drafts.text(path)
    if text is None or not in_scope(ls, path, text):
        return None
    try:
        rid = f"{ls.generation}:disk:{path.stat().st_mtime_ns}"
    except OSError:
        return None
    if previous.get(uri) == rid:
        return types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, version=None, result_id=rid)
    found = analyse_file(ls, path)
    if found is None:
        return None
    analysis, _ = found
    return types.WorkspaceFullDocumentDiagnosticReport(
        uri=uri, version=None, items=diagnostics_for(uri, analysis), result_id=rid)

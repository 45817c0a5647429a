"""Word, PDF and OpenDocument drafts opened in the editor.

What an editor sends in ``didOpen`` for a .docx or .pdf is not the text a
reader sees (at best its bytes read as text). For such a file, the server
reads the file from disk, checks the document's text, and gives its findings
at the top of the file: a position in the text read from the document has no
place in what the editor shows, so each message names the article and the
page or paragraph instead. Edits are not followed (the editor does not edit
these files); the file is read again when it is opened again. Quick fixes
are not offered: `safeguard-lsp annotate` puts the suggested clauses into
the Word file.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types

from safeguard_lsp.documents import DOCUMENT_SUFFIXES, DocumentError, read_document
from safeguard_lsp.checking import check_source
from safeguard_lsp.finding_shapes import diagnostic_fields, document_place

from .documents import uri_path

log = logging.getLogger(__name__)
_TOP = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))


def is_document_file(uri: str) -> bool:
    path = uri_path(uri)
    return path is not None and path.suffix.lower() in DOCUMENT_SUFFIXES


def document_file_diagnostics(path: Path, config, ruleset) -> list[types.Diagnostic]:
    """The findings of the Word, PDF or OpenDocument file at ``path``, as
    diagnostics at the top of the file (run on the checker's thread)."""
    try:
        document = read_document(path.read_bytes(), path.name)
    except OSError as exc:
        return [_problem(f"{path.name}: cannot read the file: {exc.strerror or exc}")]
    except DocumentError as exc:
        return [_problem(str(exc))]
    checked = check_source(document.text, config=config, ruleset=ruleset, path=str(path), source=document)
    out = [_problem(note, types.DiagnosticSeverity.Information) for note in document.notes]
    for finding in sorted(checked.findings, key=lambda f: (f.start, f.rule_id)):
        fields = diagnostic_fields(finding)
        out.append(types.Diagnostic(
            range=_TOP,
            message=f"{document_place(document, finding.start, finding.unit)}: {fields['message']}",
            severity=types.DiagnosticSeverity(fields["severity"]),
            code=fields["code"],
            source=fields["source"],
            code_description=types.CodeDescription(**fields["codeDescription"]) if finding.url else None,
        ))
    return out


def _problem(message: str, severity=types.DiagnosticSeverity.Warning) -> types.Diagnostic:
    return types.Diagnostic(range=_TOP, message=message, severity=severity, code="SG-DOCUMENT", source="safeguard")


async def document_file_diagnostics_async(ls, uri: str) -> list[types.Diagnostic]:
    await ls.wait_ready()
    path = uri_path(uri)
    # Configuration and rule sets are looked up on the event loop, which owns
    # them; reading and checking the file (a PDF takes a moment) on the
    # checker's thread, as the checks of text drafts are.
    config, folders = ls.configs.for_draft(path)
    ruleset = ls.rulesets.get(folders)
    return await asyncio.get_running_loop().run_in_executor(ls.checker, document_file_diagnostics, path, config, ruleset)


async def publish_document_file(ls, uri: str) -> None:
    try:
        diagnostics = await document_file_diagnostics_async(ls, uri)
    except Exception:  # the server goes on; the log says what happened
        log.exception("checking the document %s failed", uri)
        diagnostics = [_problem(f"{uri_path(uri).name}: the check failed; the server log says why")]
    document = ls.documents.get(uri)
    if document is not None:  # still open
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=diagnostics, version=document.version))

"""The scorecard report from the editor: a source action that writes
`DRAFT.safeguard.html` next to the draft.

Standard LSP only: the action carries a WorkspaceEdit that creates the file
and fills it, so any editor that applies edits can use it, and the server
itself writes nothing to disk. Editors ask for code actions at every move of
the cursor; the page is only rendered when the action is chosen
(``codeAction/resolve``), or at once for a client that cannot resolve and
asked for this kind of action by name.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .quick_fixes import kind_wanted, refused_action
from ..diagnostics import file_uri
from ..documents import Analysis, Document
from ..writeguard import WriteGuard

REPORT_KIND = "source.safeguard.report"


def report_target(document: Document) -> Path:
    return document.path.with_name(document.path.stem + ".safeguard.html")


def report_action(document: Document, analysis: Analysis, create_files: bool, only: list[str] | None,
                  can_resolve: bool, guard: WriteGuard = WriteGuard()) -> types.CodeAction | None:
    if document.path is None or not create_files or not kind_wanted(REPORT_KIND, only):
        return None
    target = report_target(document)
    title = f"Write the safeguard report next to this draft ({target.name})"
    refused = guard.refusal(target)
    if refused is not None:
        action = refused_action(title, refused, None, guard)
        if action is not None:
            action.kind = REPORT_KIND
        return action
    action = types.CodeAction(
        title=title,
        kind=REPORT_KIND,
        data={"report": document.uri, "version": document.version},
    )
    if can_resolve:
        return action
    if not only:
        return None  # rendering a whole report at every cursor move is too dear
    return resolve_report(action, document, analysis)


def resolve_report(action: types.CodeAction, document: Document, analysis: Analysis) -> types.CodeAction:
    from safeguard_lsp.report import build_scorecard
    from safeguard_lsp.report_html import render_scorecards

    target = report_target(document)
    card = build_scorecard(document.path.name, analysis.draft, analysis.ruleset, analysis.result)
    html = render_scorecards([card])
    uri = file_uri(target)
    start = types.Position(line=0, character=0)
    action.edit = types.WorkspaceEdit(document_changes=[
        # A report written before is replaced; where there is none, a file
        # (or link) that appears before the editor applies this is left alone.
        types.CreateFile(uri=uri, options=types.CreateFileOptions(overwrite=True) if target.is_file()
                         else types.CreateFileOptions(overwrite=False, ignore_if_exists=False)),
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
            edits=[types.TextEdit(range=types.Range(start=start, end=start), new_text=html)],
        ),
    ])
    return action

"""The scorecard report from the editor: a source action that writes
`DRAFT.safeguard.html` next to the draft.

Standard LSP only: the action carries a WorkspaceEdit that creates the file
and fills it, so any editor that applies edits can use it, and the server
itself writes nothing to disk.
"""

from __future__ import annotations

from lsprotocol import types

from safeguard_lsp.report import build_scorecard
from safeguard_lsp.report_html import render_scorecards

from .diagnostics import file_uri
from .documents import Analysis, Document

REPORT_KIND = "source.safeguard.report"


def report_action(document: Document, analysis: Analysis, create_files: bool,
                  only: list[str] | None) -> types.CodeAction | None:
    if document.path is None or not create_files:
        return None
    if only and not any(REPORT_KIND == o or REPORT_KIND.startswith(f"{o}.") for o in only):
        return None
    target = document.path.with_name(document.path.stem + ".safeguard.html")
    card = build_scorecard(document.path.name, analysis.draft, analysis.ruleset, analysis.result)
    html = render_scorecards([card])
    uri = file_uri(target)
    start = types.Position(line=0, character=0)
    return types.CodeAction(
        title=f"Write the safeguard report next to this draft ({target.name})",
        kind=REPORT_KIND,
        edit=types.WorkspaceEdit(document_changes=[
            types.CreateFile(uri=uri, options=types.CreateFileOptions(overwrite=True)),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=[types.TextEdit(range=types.Range(start=start, end=start), new_text=html)],
            ),
        ]),
    )

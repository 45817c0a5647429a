"""``textDocument/codeAction`` and ``codeAction/resolve``: the quick fixes,
fix-all and silencing of quick_fixes.py, and the report of report_action.py,
with what the editor can apply (EditSupport) and where it may write
(writeguard.py)."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from ..diagnostics import file_uri
from ..documents import Analysis, Document
from ..file_problems import read_text
from ..handlers import about_draft, analysis_of, guarded
from ..writeguard import guard_for
from .quick_fixes import FIX_ALL_KIND, EditSupport, code_actions, fix_all_action, kind_wanted
from .report_action import REPORT_KIND, report_action, report_target, resolve_report


def register(server) -> None:
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                   types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND,
                                                              REPORT_KIND], resolve_provider=True))(on_code_action)
    server.feature(types.CODE_ACTION_RESOLVE)(guarded(on_code_action_resolve))


def edit_support(ls) -> EditSupport:
    return EditSupport(
        document_changes=ls.client.document_changes,
        create_files=ls.client.create_files,
        guard=guard_for(ls.configs.folders, ls.client.disabled_actions),
    )


@about_draft(empty=list)
def on_code_action(ls, params: types.CodeActionParams, document: Document, analysis: Analysis):
    support = edit_support(ls)
    resolvable = ls.client.resolves_action_edits
    actions = code_actions(document, analysis, params, support, lambda path: read_config(ls, path),
                           ls.client.position_encoding, resolvable)
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


async def on_code_action_resolve(ls, action: types.CodeAction):
    data = action.data if isinstance(action.data, dict) else {}
    uri = data.get("report") or data.get("fixAll")
    if action.kind not in (REPORT_KIND, FIX_ALL_KIND) or not isinstance(uri, str):
        return action
    found = await analysis_of(ls, uri)
    if found is None:
        return action
    document, analysis = found
    if action.kind == REPORT_KIND:
        # Checked again: a link may have appeared since the action was listed.
        refused = edit_support(ls).guard.refusal(report_target(document))
        if refused is not None:
            ls.warn_user(refused, once=False)
            return action
        return resolve_report(action, document, analysis)
    return fix_all_action(document, analysis, edit_support(ls), action)


def read_config(ls, path: Path) -> tuple[str | None, int | None]:
    """A .safeguard.yaml's text and version: the editor's if it is open, else the file's."""
    document = ls.documents.get(file_uri(path))
    if document is not None:
        return document.text, document.version
    return read_text(path), None

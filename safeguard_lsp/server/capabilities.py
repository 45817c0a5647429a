"""What the editor can do, read once from its ``initialize`` request.

Features read these answers (``ls.client``); none looks into the client's
capabilities itself, so each capability is interpreted in one place, with
the default the specification gives when the editor says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types
from pygls.capabilities import get_capability


@dataclass(frozen=True)
class ClientSupport:
    # Positions in the units the editor and server agreed on (pygls chooses
    # from the editor's offer at initialize).
    position_encoding: str = types.PositionEncodingKind.Utf16
    # An editor that pulls diagnostics (VS Code, Neovim 0.10+) would show
    # pushed ones twice: they are pushed only to editors that do not pull.
    push_diagnostics: bool = True
    diagnostic_refresh: bool = False
    code_lens_refresh: bool = False
    markdown_hover: bool = True
    hierarchical_symbols: bool = False
    snippets: bool = False
    markdown_completion_docs: bool = False
    # Workspace edits: versioned document changes, and creating files (the report).
    document_changes: bool = False
    create_files: bool = False
    # The editor shows an action it cannot apply greyed out, with its reason.
    disabled_actions: bool = False
    # The editor asks for an action's edit only when it is chosen (codeAction/resolve).
    resolves_action_edits: bool = False
    # workspace/configuration: the server asks for the settings.
    configuration: bool = False
    watched_files_registration: bool = False
    work_done_progress: bool = False

    @classmethod
    def resolve(cls, capabilities: types.ClientCapabilities, position_encoding: str | None) -> ClientSupport:
        def cap(path: str, default=None):
            return get_capability(capabilities, path, default)

        hover_formats = cap("text_document.hover.content_format") or []
        completion_formats = cap("text_document.completion.completion_item.documentation_format") or []
        operations = cap("workspace.workspace_edit.resource_operations") or []
        return cls(
            position_encoding=position_encoding or types.PositionEncodingKind.Utf16,
            push_diagnostics=cap("text_document.diagnostic") is None,
            diagnostic_refresh=bool(cap("workspace.diagnostics.refresh_support", False)),
            code_lens_refresh=bool(cap("workspace.code_lens.refresh_support", False)),
            markdown_hover=not hover_formats or types.MarkupKind.Markdown in hover_formats,
            hierarchical_symbols=bool(cap("text_document.document_symbol.hierarchical_document_symbol_support", False)),
            snippets=bool(cap("text_document.completion.completion_item.snippet_support", False)),
            markdown_completion_docs=types.MarkupKind.Markdown in completion_formats,
            document_changes=bool(cap("workspace.workspace_edit.document_changes", False)),
            create_files=types.ResourceOperationKind.Create in operations,
            disabled_actions=bool(cap("text_document.code_action.disabled_support", False)),
            resolves_action_edits="edit" in (cap("text_document.code_action.resolve_support.properties", None) or []),
            configuration=bool(cap("workspace.configuration", False)),
            watched_files_registration=bool(cap("workspace.did_change_watched_files.dynamic_registration", False)),
            work_done_progress=bool(cap("window.work_done_progress", False)),
        )

"""The edits of the code actions: the quick fixes of each diagnostic, fix-all, and silencing a
rule where the user decides it does not apply.

Only standard LSP: every action carries its WorkspaceEdit, none runs a
command the editor would have to know.

Edits are made from the current findings: the one a diagnostic's ``data``
names, carried over the edits made since its version (the user typed since)
when they left it untouched; otherwise none, never the nearest other one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lsprotocol import types

from safeguard_lsp.config import CONFIG_NAME
from safeguard_lsp.finding_shapes import SOURCE, fix_dicts
from safeguard_lsp.findings import Finding
from safeguard_lsp.textdiff import unchanged_ends

from ..diagnostics import file_uri
from ..documents import Analysis, Document
from ..positions import LineIndex, range_from_json
from ..writeguard import WriteGuard

log = logging.getLogger(__name__)


def fixes_data(finding: Finding, index: LineIndex) -> list[dict]:
    """A finding's fixes with their edits' ranges in the editor's positions
    (made when a code action asks: diagnostics no longer carry them)."""
    return fix_dicts(finding, index.range_dict)


FIX_ALL_KIND = "source.fixAll.safeguard"


@dataclass
class EditSupport:
    document_changes: bool
    create_files: bool
    guard: WriteGuard = WriteGuard()


def kind_wanted(kind: str, only) -> bool:
    if not only:
        return True
    return any(kind == o or kind.startswith(f"{o}.") for o in only)


def _workspace_edit(document: Document, edits: list[types.TextEdit], support: EditSupport) -> types.WorkspaceEdit:
    if support.document_changes:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version),
                    edits=edits,
                )
            ]
        )
    return types.WorkspaceEdit(changes={document.uri: edits})


def _edits_of(fix: dict) -> list[types.TextEdit]:
    out = []
    for edit in fix.get("edits", []):
        rng = range_from_json(edit.get("range"))
        if rng is not None:
            out.append(types.TextEdit(range=rng, new_text=str(edit.get("newText", ""))))
    return out


def _finding_for(diagnostic: types.Diagnostic, analysis: Analysis,
                 text_of: Callable[[int | None], str | None] = lambda version: None) -> Finding | None:
    """The current finding a (possibly stale) diagnostic stands for: the one
    at the diagnostic's offsets, carried over the edits made since its
    version when they left it untouched; None when that cannot be known
    (a fix is then refused rather than applied to another finding)."""
    rule = diagnostic.code
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    candidates = [f for f in analysis.result.findings if f.rule_id == rule]
    if not candidates:
        return None
    offsets = data.get("offsets")
    if isinstance(offsets, list) and len(offsets) == 2 and all(type(o) is int for o in offsets):
        start, end = offsets
        version = data.get("version")
        if version != analysis.version:
            old = text_of(version)
            moved = None if old is None else carried_over(old, analysis.draft.text, start, end)
            if moved is None:
                log.info("a quick fix for %s asked with a diagnostic of version %s, edited since: refused",
                         rule, version)
                return None
            start, end = moved
    else:  # no data (a client that drops it): the finding at exactly that range now
        start, end = analysis.index.offsets(diagnostic.range)
    return next((f for f in candidates if f.start == start and f.end == end), None)


def carried_over(old: str, new: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``old[start:end]`` is in ``new``, when every edit between the two
    lies wholly before or after it; None when one touched it."""
    if not 0 <= start <= end <= len(old):
        return None
    prefix, suffix = unchanged_ends(old, new)
    if end <= prefix:  # before every edit
        return start, end
    if start >= len(old) - suffix:  # after every edit
        shift = len(new) - len(old)
        return start + shift, end + shift
    return None


def _fixes_for(diagnostic: types.Diagnostic, analysis: Analysis,
               text_of=lambda version: None) -> tuple[list[dict], Finding | None]:
    finding = _finding_for(diagnostic, analysis, text_of)
    if finding is None:
        return [], None
    return fixes_data(finding, analysis.index), finding


def _is_ours(diagnostic: types.Diagnostic) -> bool:
    return diagnostic.source == SOURCE and isinstance(diagnostic.code, str)


def non_overlapping(fixes: list[list[types.TextEdit]], index: LineIndex) -> list[types.TextEdit]:
    """Edits of several fixes that can be applied together: a fix whose edits
    touch text another accepted fix changes (or insert at the same point) is
    left for a later round."""
    taken: list[tuple[int, int]] = []
    out: list[types.TextEdit] = []
    for edits in fixes:
        spans = [index.offsets(e.range) for e in edits]
        clash = any(
            (s < te and ts < e) or s == ts or (s == e and ts <= s <= te) or (ts == te and s <= ts <= e)
            for s, e in spans for ts, te in taken
        )
        if clash:
            continue
        taken.extend(spans)
        out.extend(edits)
    return out


def _first_choice(fixes: list[dict]) -> dict | None:
    if not fixes:
        return None
    return next((f for f in fixes if f.get("preferred")), fixes[0])


# -- silencing -------------------------------------------------------------
_BLANK = re.compile(r"\n[ \t]*\r?\n")


def _newline(text: str) -> str:
    i = text.find("\n")
    return "\r\n" if i > 0 and text[i - 1] == "\r" else "\n"


def markdown_silence_edit(analysis: Analysis, finding: Finding) -> types.TextEdit:
    """A comment line before the paragraph (block of text) of the finding."""
    text = analysis.draft.text
    block_start = 0
    for match in _BLANK.finditer(text, 0, finding.start):
        block_start = match.end()
    while block_start < finding.start and text[block_start] in "\r\n":
        block_start += 1
    index = analysis.index
    line_start = index.starts[index.line_of(block_start)]
    indent = re.match(r"[ \t]*", text[line_start:]).group()
    comment = f'{indent}<!-- safeguard: ignore {finding.rule_id} reason="" -->{_newline(text)}'
    position = analysis.index.position(line_start)
    return types.TextEdit(range=types.Range(start=position, end=position), new_text=comment)


_SILENCE_KEY = re.compile(r"^silence:[ \t]*(?:#.*)?$")
_SILENCE_EMPTY = re.compile(r"^silence:[ \t]*(?:\[\s*\]|null|~)?[ \t]*(?:#.*)?$")
_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def _yaml_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def config_silence_edit(config_text: str | None, rule_id: str, article: str, encoding) -> types.TextEdit:
    """An entry under ``silence:`` in a .safeguard.yaml (created when absent),
    written by ruamel.yaml's round-trip so that comments, order and flow
    style are kept; one edit spanning only what changed."""
    from safeguard_lsp.configedit import NotEditable, with_silence

    text = config_text or ""
    try:
        new = with_silence(text, rule_id, article)
    except NotEditable:
        return _silence_edit_by_lines(text, rule_id, article, encoding)
    start = 0
    limit = min(len(text), len(new))
    while start < limit and text[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and text[len(text) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    # a position cannot fall between \r and \n: widen the edit to the whole break
    if 0 < start < len(text) and text[start - 1] == "\r" and text[start] == "\n":
        start -= 1
    cut = len(text) - end
    if end and 0 < cut < len(text) and text[cut - 1] == "\r" and text[cut] == "\n":
        end -= 1
    index = LineIndex(text, encoding)
    return types.TextEdit(range=index.range(start, len(text) - end), new_text=new[start:len(new) - end])


def _silence_edit_by_lines(text: str, rule_id: str, article: str, encoding) -> types.TextEdit:
    """The entry appended by lines, for a file YAML cannot read yet (it is
    being typed): the user sees the problem marked and can fix both."""
    nl = _newline(text) if text else "\n"
    index = LineIndex(text, encoding)

    def entry(indent: str) -> str:
        inner = indent + "  "
        return (f"{indent}- rule: {rule_id}{nl}{inner}article: {_yaml_quote(article)}{nl}"
                f"{inner}reason: \"\"{nl}")

    lines = [text[index.starts[i]:index.ends[i]] for i in range(index.line_count)]
    for i, line in enumerate(lines):
        if _SILENCE_KEY.match(line) or _SILENCE_EMPTY.match(line):
            if not _SILENCE_KEY.match(line):
                # `silence: []` → a block list in its place
                rng = index.range(index.starts[i], index.ends[i])
                return types.TextEdit(range=rng, new_text=f"silence:{nl}{entry('  ').rstrip(chr(13) + chr(10))}")
            last = i
            indent = "  "
            found_item = False
            for j in range(i + 1, len(lines)):
                if _TOP_KEY.match(lines[j]):
                    break
                if lines[j].strip():
                    last = j
                    if not found_item and lines[j].lstrip().startswith("- "):
                        indent = lines[j][: len(lines[j]) - len(lines[j].lstrip())]
                        found_item = True
            if last + 1 < index.line_count:
                at = index.starts[last + 1]
                position = index.position(at)
                return types.TextEdit(range=types.Range(start=position, end=position), new_text=entry(indent))
            end = index.position(len(text))
            return types.TextEdit(range=types.Range(start=end, end=end), new_text=nl + entry(indent))
    end = index.position(len(text))
    prefix = "" if not text or text.endswith(("\n", "\r")) else nl
    return types.TextEdit(range=types.Range(start=end, end=end), new_text=f"{prefix}silence:{nl}{entry('  ')}")


def _silence_action(document: Document, analysis: Analysis, finding: Finding, diagnostic: types.Diagnostic,
                    support: EditSupport, read_config: Callable[[Path], tuple[str | None, int | None]],
                    encoding) -> types.CodeAction | None:
    title = f"Silence {finding.rule_id} here (record the reason)"
    if analysis.draft.syntax == "markdown":
        edit = markdown_silence_edit(analysis, finding)
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                edit=_workspace_edit(document, [edit], support))
    article = finding.unit.enclosing("article")
    if article is None or not article.number or document.path is None or not support.document_changes:
        return None
    config_path = document.path.parent / CONFIG_NAME
    title = f"Silence {finding.rule_id} for {article.label} in {CONFIG_NAME} (record the reason)"
    refused = support.guard.refusal(config_path)
    if refused is not None:
        return refused_action(title, refused, diagnostic, support.guard)
    text, version = read_config(config_path)
    if text is None and not support.create_files:
        return None
    uri = file_uri(config_path)
    edit = config_silence_edit(text, finding.rule_id, article.number, encoding)
    changes: list = []
    if text is None:
        changes.append(types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True)))
    changes.append(types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits=[edit]))
    return types.CodeAction(
        title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(document_changes=changes))


def refused_action(title: str, reason: str, diagnostic: types.Diagnostic | None,
                   guard: WriteGuard) -> types.CodeAction | None:
    """The action shown greyed out with its reason, where the editor can; else none."""
    log.warning("%s: refused: %s", title, reason)
    if not guard.disabled_ok:
        return None
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic] if diagnostic else None,
                            disabled=types.CodeActionDisabled(reason=reason))


# -- the request -------------------------------------------------------------
def code_actions(document: Document, analysis: Analysis, params: types.CodeActionParams, support: EditSupport,
                 read_config, encoding, can_resolve: bool = False) -> list[types.CodeAction]:
    only = params.context.only
    actions: list[types.CodeAction] = []
    quickfix = kind_wanted(types.CodeActionKind.QuickFix, only)
    fix_all_rules: dict[str, str] = {}
    if quickfix:
        for diagnostic in params.context.diagnostics:
            if not _is_ours(diagnostic) or (isinstance(diagnostic.data, dict) and diagnostic.data.get("notice")):
                continue
            fixes, finding = _fixes_for(diagnostic, analysis, document.text_of)
            if finding is None and not fixes:
                continue
            for fix in fixes:
                edits = _edits_of(fix)
                if edits:
                    actions.append(types.CodeAction(
                        title=fix["title"], kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                        is_preferred=bool(fix.get("preferred")) or None,
                        edit=_workspace_edit(document, edits, support)))
            if finding is not None:
                fix_all_rules.setdefault(finding.rule_id, finding.title or finding.rule_id)
                silence = _silence_action(document, analysis, finding, diagnostic, support, read_config, encoding)
                if silence is not None:
                    actions.append(silence)
        for rule_id, title in fix_all_rules.items():
            same = [f for f in analysis.result.findings if f.rule_id == rule_id and f.fixes]
            if len(same) < 2:
                continue
            edits = non_overlapping([_edits_of(_first_choice(fixes_data(f, analysis.index))) for f in same],
                                    analysis.index)
            if edits:
                actions.append(types.CodeAction(
                    title=f"Fix all «{title}» in this document", kind=types.CodeActionKind.QuickFix,
                    edit=_workspace_edit(document, edits, support)))
    if any(f.fixes for f in analysis.result.findings):
        if only and kind_wanted(FIX_ALL_KIND, only):
            action = fix_all_action(document, analysis, support)
            if action is not None:
                actions.append(action)
        elif not only and can_resolve:
            # Asked for every action (at each move of the cursor): the edits of
            # a whole long draft are made only if the user chooses this one.
            actions.append(types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL_KIND,
                                            data={"fixAll": document.uri, "version": document.version}))
    return actions


FIX_ALL_TITLE = "Apply all safeguard fixes"


def fix_all_action(document: Document, analysis: Analysis, support: EditSupport,
                   action: types.CodeAction | None = None) -> types.CodeAction | None:
    """Every finding's first fix, without overlaps (fills ``action`` when resolving one)."""
    fixable = [f for f in analysis.result.findings if f.fixes]
    edits = non_overlapping([_edits_of(_first_choice(fixes_data(f, analysis.index))) for f in fixable],
                            analysis.index)
    if not edits:
        return action
    action = action or types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL_KIND)
    action.edit = _workspace_edit(document, edits, support)
    return action

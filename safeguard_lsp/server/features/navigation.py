"""Finding one's way in a draft: outline (``documentSymbol``), folding,
defined terms and cross-references (``definition``, ``references``), and
articles across the workspace (``workspace/symbol``)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from lsprotocol import types

from safeguard_lsp.draft import Draft, Unit

from ..diagnostics import file_uri
from ..documents import Analysis, matches_patterns
from ..draft_scope import is_draft
from ..handlers import about_draft, guarded
from ..positions import LineIndex

log = logging.getLogger(__name__)

DIVISION_KINDS = ("part", "chapter", "section", "title")
# Schedules, an arrangement of sections and a memorandum are shown beside
# the law's divisions; the sections a schedule reproduces are shown under it.
OUTLINE_KINDS = DIVISION_KINDS + ("schedule", "contents", "memorandum", "preamble", "article", "paragraph")
SYMBOL_KIND = {
    "schedule": types.SymbolKind.Namespace,
    "contents": types.SymbolKind.String,
    "memorandum": types.SymbolKind.String,
    "part": types.SymbolKind.Namespace,
    "chapter": types.SymbolKind.Namespace,
    "section": types.SymbolKind.Namespace,
    "title": types.SymbolKind.Namespace,
    "preamble": types.SymbolKind.String,
    "article": types.SymbolKind.Class,
    "paragraph": types.SymbolKind.Field,
}
MAX_WORKSPACE_FILES = 2_000
MAX_WORKSPACE_FILE_BYTES = 5_000_000


def _name(unit: Unit) -> str:
    label = unit.label
    return label[:1].upper() + label[1:]


def _trimmed_end(text: str, unit: Unit) -> int:
    end = unit.end
    while end > unit.start and text[end - 1].isspace():
        end -= 1
    return end


def _selection(unit: Unit, text: str) -> tuple[int, int]:
    if unit.heading_start is not None and unit.heading_end is not None:
        return unit.heading_start, unit.heading_end
    newline = text.find("\n", unit.start, unit.end)
    return unit.start, newline if newline != -1 else _trimmed_end(text, unit)


def _symbol(unit: Unit, draft: Draft, index: LineIndex) -> types.DocumentSymbol:
    start, end = unit.start, max(_trimmed_end(draft.text, unit), unit.start)
    sel_start, sel_end = _selection(unit, draft.text)
    sel_end = min(max(sel_end, sel_start), end)
    children = [_symbol(c, draft, index) for c in unit.children if c.kind in OUTLINE_KINDS]
    detail = unit.title or None
    if unit.kind == "paragraph":
        snippet = " ".join(draft.text[unit.body_start or unit.start:unit.end].split())[:80]
        detail = snippet or None
    return types.DocumentSymbol(
        name=_name(unit), detail=detail, kind=SYMBOL_KIND[unit.kind],
        range=index.range(start, end), selection_range=index.range(sel_start, sel_end),
        children=children or None,
    )


def document_symbols(analysis: Analysis, hierarchical: bool, uri: str):
    draft = analysis.draft
    top = [c for c in draft.root.children if c.kind in OUTLINE_KINDS]
    symbols = [_symbol(u, draft, analysis.index) for u in top]
    if hierarchical:
        return symbols
    flat: list[types.SymbolInformation] = []

    def walk(items, container):
        for s in items:
            flat.append(types.SymbolInformation(name=s.name, kind=s.kind, container_name=container,
                                                location=types.Location(uri=uri, range=s.range)))
            walk(s.children or [], s.name)

    walk(symbols, None)
    return flat


def folding_ranges(analysis: Analysis) -> list[types.FoldingRange]:
    out = []
    text = analysis.draft.text
    for unit in analysis.draft.units(*DIVISION_KINDS, "article", "preamble"):
        start_line = analysis.index.line_of(unit.start)
        end_line = analysis.index.line_of(_trimmed_end(text, unit))
        if end_line > start_line:
            out.append(types.FoldingRange(start_line=start_line, end_line=end_line,
                                          kind=types.FoldingRangeKind.Region))
    return out


# -- terms and cross-references ------------------------------------------------
def _term_at(draft: Draft, offset: int):
    for term in draft.terms:
        if term.start <= offset <= term.end:
            return term
        if any(s <= offset <= e for s, e in draft.term_uses(term)):
            return term
    return None


def _reference_at(draft: Draft, offset: int):
    for reference in draft.references:
        if reference.start <= offset <= reference.end and reference.instrument is None and reference.targets:
            return reference
    return None


def _target_span(unit: Unit, text: str) -> tuple[int, int]:
    return _selection(unit, text)


def definition(analysis: Analysis, uri: str, position: types.Position) -> list[types.Location]:
    draft = analysis.draft
    offset = analysis.index.offset(position)
    reference = _reference_at(draft, offset)
    if reference is not None:
        return [types.Location(uri=uri, range=analysis.index.range(*_target_span(t, draft.text)))
                for t in reference.targets]
    term = _term_at(draft, offset)
    if term is not None:
        return [types.Location(uri=uri, range=analysis.index.range(term.start, term.end))]
    return []


def references(analysis: Analysis, uri: str, position: types.Position, include_declaration: bool) -> list[types.Location]:
    draft = analysis.draft
    index = analysis.index
    offset = index.offset(position)
    term = _term_at(draft, offset)
    reference = _reference_at(draft, offset)
    if term is not None and reference is None:
        spans = list(draft.term_uses(term))
        if include_declaration:
            spans.insert(0, (term.start, term.end))
        return [types.Location(uri=uri, range=index.range(s, e)) for s, e in spans]
    # An article: the one referred to under the cursor, or the one whose heading it is on.
    if reference is not None:
        articles = [t.enclosing("article") or t for t in reference.targets]
    else:
        unit = draft.unit_at(offset, "article")
        on_heading = unit is not None and unit.heading_start is not None and unit.heading_start <= offset <= (unit.heading_end or unit.heading_start)
        articles = [unit] if on_heading else []
    if not articles:
        return []
    wanted = {id(a) for a in articles}
    out = []
    if include_declaration:
        out.extend(types.Location(uri=uri, range=index.range(*_target_span(a, draft.text))) for a in articles)
    for ref in draft.references:
        if ref.instrument is not None:
            continue
        if any(id(t) in wanted or id(t.enclosing("article")) in wanted for t in ref.targets):
            out.append(types.Location(uri=uri, range=index.range(ref.start, ref.end)))
    return out


# -- workspace symbols ---------------------------------------------------------
def _read_draft_file(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_WORKSPACE_FILE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def workspace_files(folders: list[Path], patterns: list[str]) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            # hidden folders and dependency trees are never drafts
            dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__", "venv")]
            for name in files:
                path = Path(root) / name
                if matches_patterns(path, patterns):
                    found.append(path)
                    if len(found) >= MAX_WORKSPACE_FILES:
                        return found
    return found


class WorkspaceDrafts:
    """Parsed drafts of the workspace files, re-read when they change on disk."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[float, Draft]] = {}

    def draft(self, path: Path) -> Draft | None:
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        cached = self._cache.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        text = _read_draft_file(path)
        if text is None:
            return None
        syntax = "markdown" if path.suffix.lower() in (".md", ".markdown") else None
        draft = Draft.parse(text, path=str(path), syntax=syntax)
        self._cache[path] = (mtime, draft)
        return draft

    def text(self, path: Path) -> str | None:
        return _read_draft_file(path)


def _matches(query: str, name: str) -> bool:
    if not query:
        return True
    name = name.lower()
    query = query.lower()
    if query in name:
        return True
    # in order, as editors' fuzzy pickers do ("art12" finds "Article 12")
    i = 0
    for ch in name:
        if i < len(query) and ch == query[i]:
            i += 1
    return i == len(query)


def draft_symbols(draft: Draft, uri: str, encoding, query: str, index: LineIndex | None = None) -> list[types.SymbolInformation]:
    index = index or LineIndex(draft.text, encoding)
    out = []
    for unit in draft.units(*DIVISION_KINDS, "article"):
        name = _name(unit) + (f" – {unit.title}" if unit.title else "")
        if not _matches(query, name):
            continue
        container = unit.parent.label if unit.parent is not None and unit.parent.kind in DIVISION_KINDS else None
        sel = _selection(unit, draft.text)
        out.append(types.SymbolInformation(
            name=name, kind=SYMBOL_KIND[unit.kind], container_name=container,
            location=types.Location(uri=uri, range=index.range(*sel))))
    return out


def register(server) -> None:
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(on_document_symbol)
    server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)(on_folding_range)
    server.feature(types.TEXT_DOCUMENT_DEFINITION)(on_definition)
    server.feature(types.TEXT_DOCUMENT_REFERENCES)(on_references)
    server.feature(types.WORKSPACE_SYMBOL)(guarded(on_workspace_symbol))


@about_draft(empty=list)
def on_document_symbol(ls, params: types.DocumentSymbolParams, document, analysis: Analysis):
    return document_symbols(analysis, ls.client.hierarchical_symbols, document.uri)


@about_draft(empty=list)
def on_folding_range(ls, params: types.FoldingRangeParams, document, analysis: Analysis):
    return folding_ranges(analysis)


@about_draft(empty=list)
def on_definition(ls, params: types.DefinitionParams, document, analysis: Analysis):
    return definition(analysis, document.uri, params.position)


@about_draft(empty=list)
def on_references(ls, params: types.ReferenceParams, document, analysis: Analysis):
    return references(analysis, document.uri, params.position, params.context.include_declaration)


async def on_workspace_symbol(ls, params: types.WorkspaceSymbolParams):
    await ls.wait_ready()
    encoding = ls.client.position_encoding
    out = []
    seen = set()
    for document in ls.documents:
        if is_draft(ls, document):
            analysis = ls.documents.current(document)
            if analysis is not None:
                out.extend(draft_symbols(analysis.draft, document.uri, encoding, params.query, analysis.index))
                seen.add(document.uri)
    for path in workspace_files(ls.configs.folders, ls.configs.settings.file_patterns):
        uri = file_uri(path)
        if uri in seen:
            continue
        draft = ls.workspace_drafts.draft(path)
        if draft is not None:
            out.extend(draft_symbols(draft, uri, encoding, params.query))
    return out

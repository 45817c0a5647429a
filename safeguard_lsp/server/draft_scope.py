"""Which open documents are drafts to check: by the file patterns of the
settings, then by the include/exclude globs of the draft's .safeguard.yaml,
else by the text itself (the core's scope.py)."""

from __future__ import annotations

from pathlib import Path

from safeguard_lsp import scope

from .document_files import is_document_file
from .documents import Document


def is_draft(ls, document: Document) -> bool:
    # A Word or PDF file's findings come from document_files, not its editor text.
    if document.is_config or is_document_file(document.uri) or not document.is_draft(ls.configs.settings.file_patterns):
        return False
    # Decided by the text as it is now (an edited document and the same
    # text opened afresh must be treated alike). Only its beginning
    # decides, and an edit after it leaves the answer as it was: joining
    # and reading a long draft at every keystroke was most of its cost.
    head = document.buffer.head(scope.SAMPLE_SIZE)
    known = ls.draft_versions.get(document.uri)
    if known is not None and known[0] is head and known[1] == ls.generation:
        return known[2]
    answer = in_scope(ls, document.path, head, document.language_id)
    ls.draft_versions[document.uri] = (head, ls.generation, answer)
    return answer


def in_scope(ls, path: Path | None, text: str, language_id: str = "") -> bool:
    """Whether a file is a draft to check: by the include/exclude globs of
    its .safeguard.yaml, else by its content (scope.py), never a README."""
    if language_id == "treaty-draft":  # the editor was told it is one
        return True
    config, _ = ls.configs.for_draft(path)
    base = config.path.parent if config.path is not None else None
    return scope.is_draft(path, text, base, config.include, config.exclude)

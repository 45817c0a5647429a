"""Checking an open document: its configuration and rules, the core's parse
and check, and the positions the editor uses (an ``Analysis``).

``documents.py`` decides when a document is checked; these functions do it,
on the event loop (``analyse``) or with the parse and check on the checker's
thread (``analyse_async``).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from safeguard_lsp.checking import check_source
from safeguard_lsp.draft import Draft
from safeguard_lsp.gcpause import collect_now_and_then, freeze_survivors, paused, untie_when_dropped

from .diagnostics import diagnostics_for, diagnostics_json, file_uri
from .documents import Analysis, Document
from .file_problems import report_file_problems
from .positions import LineIndex

log = logging.getLogger("safeguard_lsp.server")


def analyse(ls, document: Document) -> Analysis | None:
    config, folders = ls.configs.for_draft(document.path)
    ruleset = ls.rulesets.get(folders)
    checked = check_source(document.text, config=config, ruleset=ruleset,
                           path=str(document.path) if document.path else None, syntax=document.syntax,
                           previous=_previous_draft(document), cache=document.check_cache)
    untie_when_dropped(checked.draft)
    log_rule_failures(ls, checked.result)
    report_file_problems(ls)
    return Analysis(document.version, checked.draft, checked.result, ruleset, config,
                    document.index(ls.client.position_encoding))


async def analyse_async(ls, document: Document) -> Analysis | None:
    """As :func:`analyse`, with the parse and the check on the worker
    thread. Configuration and rule sets are looked up here, on the event
    loop, which owns them; the thread gets a snapshot of the text."""
    config, folders = ls.configs.for_draft(document.path)
    ruleset = ls.rulesets.get(folders)
    text, version, syntax, cache, encoding = (document.text, document.version, document.syntax,
                                               document.check_cache, ls.client.position_encoding)
    path = str(document.path) if document.path else None
    previous = _previous_draft(document)
    written = document.analysis  # whose diagnostics the unchanged findings keep

    uri = document.uri
    push = ls.client.push_diagnostics

    def work() -> Analysis:
        collect_now_and_then()
        with paused():
            checked = check_source(text, config=config, ruleset=ruleset, path=path, syntax=syntax,
                                   previous=previous, cache=cache)
            untie_when_dropped(checked.draft)
            analysis = Analysis(version, checked.draft, checked.result, ruleset, config,
                                LineIndex(text, encoding, checked.draft.line_bounds))
            # The diagnostics are made here, off the event loop, and kept
            # with the analysis for the push or the pull that follows.
            if push:
                diagnostics_json(uri, analysis, written)
            else:
                diagnostics_for(uri, analysis, written)
            freeze_survivors()
        return analysis

    analysis = await asyncio.get_running_loop().run_in_executor(ls.checker, work)
    log_rule_failures(ls, analysis.result)
    report_file_problems(ls)
    return analysis


def analyse_file(ls, path: Path) -> tuple[Analysis, Document] | None:
    """A workspace draft that is not open, read from disk."""
    text = ls.workspace_drafts.text(path)
    if text is None:
        return None
    document = Document(file_uri(path), text, None)
    return analyse(ls, document), document


def log_rule_failures(ls, result) -> None:
    """A rule that raised is logged with its id and traceback (once per
    rule and error, not at every keystroke); its notice reaches the editor
    with the other rules' findings."""
    for notice in result.notices:
        if notice.code != "SG-RULE-FAILED":
            continue
        extra = notice.extra or {}
        key = f"{extra.get('rule')}: {notice.message}"
        if key in ls.logged_failures:
            continue
        ls.logged_failures.add(key)
        log.error("rule %s failed: %s\n%s", extra.get("rule"), notice.message, extra.get("traceback", ""))


def _previous_draft(document: Document) -> Draft | None:
    """The draft of the document's last analysis: an edit within one article
    is then parsed as a change to it (see reparse.py)."""
    return document.analysis.draft if document.analysis is not None else None

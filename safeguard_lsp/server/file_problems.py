"""Problems in rule files and .safeguard.yaml files, shown where they are:
as diagnostics on each file (open or not), and once in a message, since a
broken file may be one the user is not looking at."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from safeguard_lsp.configcheck import rule_id_problems

from .diagnostics import file_uri, load_error_diagnostics
from .rule_loading import error_path


def report_file_problems(ls) -> None:
    errors = _current_problems(ls)
    key = {str(e) for e in errors}
    if key == ls.reported_errors:
        return
    new = [e for e in errors if ls.reported_errors is None or str(e) not in ls.reported_errors]
    ls.reported_errors = key
    by_uri: dict[str, tuple[Path, list]] = {}
    for error in errors:
        path = error_path(error)
        if path is None:
            continue
        by_uri.setdefault(file_uri(path), (path, []))[1].append(error)
    for uri, (path, file_errors) in by_uri.items():
        open_doc = ls.documents.get(uri)
        text = open_doc.text if open_doc else read_text(path)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=open_doc.version if open_doc else None,
            diagnostics=load_error_diagnostics(file_errors, text, ls.client.position_encoding)))
    for uri in ls.problem_uris - set(by_uri):
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
    ls.problem_uris = set(by_uri)
    if new:
        first = new[0]
        more = f" (and {len(new) - 1} more problem{'s' if len(new) > 2 else ''})" if len(new) > 1 else ""
        ls.warn_user(
            f"A safeguard rule or settings file has a problem: {first}{more}. Until it is fixed, the rules "
            "that loaded before are still applied; the problems are marked in the file.", once=False)


def _current_problems(ls) -> list:
    errors = list(ls.rulesets.errors())
    for path in ls.configs.config_files():
        config = ls.configs.file_config(path)
        errors.extend(config.errors)
        errors.extend(config.warnings)
        if not config.errors:  # rule ids are judged against the rules this file's drafts use
            ruleset = ls.rulesets.get(ls.configs.rule_paths(path) + list(config.packs))
            errors.extend(rule_id_problems(config, {rule.id for rule in ruleset.rules}))
    return errors


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None

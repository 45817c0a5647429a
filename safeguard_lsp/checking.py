"""The check pipeline, written once: a draft's text, the `.safeguard.yaml`
that governs it and the rule set it names, to what was found.

Every way in uses it: `check`, `report`, `compare`, `annotate`, `rules test`
(each rule's own examples) and the language server's analyses. What stays
with each caller is its own concern: how the text is read (a file, standard
input, an editor's buffer), how problems are shown, and, in the server, the
previous analysis of the open document, cancellation and the thread.

The steps: :func:`governing_config` (the `--config` file, else the nearest
`.safeguard.yaml`), :func:`with_selection` (`--select`/`--ignore` over it),
:class:`RuleSetsByFolders` (one rule set per set of extra rule folders),
:func:`config_problems` (what the user must be told about them), then
:func:`check_source` (parse, check; silences are the engine's).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from safeguard_lsp.alternatives import check_alternatives
from safeguard_lsp.config import Config, find_config, load_config
from safeguard_lsp.configcheck import rule_id_problems
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import CheckCache, CheckResult, Engine
from safeguard_lsp.findings import Finding, Notice
from safeguard_lsp.gcpause import paused
from safeguard_lsp.ruleset import LoadError, Rule, RuleSet

MARKDOWN_SUFFIXES = (".md", ".markdown")


class _SyntaxByName:
    """The default of ``syntax``: Markdown for a name ending in .md or
    .markdown, plain text otherwise."""

    def __repr__(self) -> str:
        return "SYNTAX_BY_NAME"


SYNTAX_BY_NAME = _SyntaxByName()


@dataclass
class Checked:
    """One checked draft: its path as shown, the draft and what was found."""

    path: str
    draft: Draft
    findings: list[Finding]
    notices: list[Notice]
    # The Word, PDF or OpenDocument file the text was read from
    # (safeguard_lsp.documents.Document), None for a text draft.
    source: object = None
    # The whole result (what each rule examined, for the report), and what it
    # was checked with; None where a Checked is made by hand.
    result: CheckResult | None = None
    ruleset: RuleSet | None = None
    config: Config | None = None


def syntax_by_name(name: str | None) -> str | None:
    """"markdown" for a name ending in .md or .markdown, else None (plain text)."""
    return "markdown" if name and name.lower().endswith(MARKDOWN_SUFFIXES) else None


def governing_config(start: Path, stops: tuple[Path, ...] = (), explicit: Path | None = None) -> Config:
    """The configuration of a draft at ``start`` (a file or folder): the file
    ``explicit`` names (`--config`), else the nearest `.safeguard.yaml` found
    upward as far as ``stops`` (see config.find_config), else the defaults.
    Rule folders it names are bounded by ``stops`` too."""
    if explicit is not None:
        return load_config(explicit, pack_stops=stops)
    found = find_config(start, stops)
    return load_config(found, pack_stops=stops) if found else Config()


def with_selection(config: Config, select=(), ignore=()) -> Config:
    """``config`` with rules chosen on the command line: ``select`` replaces
    the file's `select:`, ``ignore`` adds to its `ignore:`."""
    if not select and not ignore:
        return config
    return replace(config, select=list(select) or config.select, ignore=config.ignore + list(ignore))


def config_problems(config: Config, ruleset: RuleSet, select=(), ignore=()) -> list[LoadError]:
    """What is wrong with the rules and the configuration a draft is checked
    with: the rule files' errors, the configuration's errors and warnings,
    and every rule id it (or ``select``/``ignore``) names that no rule has."""
    known = {rule.id for rule in ruleset.rules}
    return (list(ruleset.errors) + list(config.errors) + list(config.warnings)
            + rule_id_problems(config, known, list(select), list(ignore)))


class RuleSetsByFolders:
    """The rule sets of one run of a command, one per list of extra rule
    folders (the shipped set is always loaded): drafts governed by the same
    configuration share theirs."""

    def __init__(self) -> None:
        self._sets: dict[tuple[Path, ...], RuleSet] = {}

    def get(self, folders) -> RuleSet:
        key = tuple(folders)
        ruleset = self._sets.get(key)
        if ruleset is None:
            ruleset = self._sets[key] = RuleSet.load(list(key))
        return ruleset

    def first(self) -> RuleSet | None:
        return next(iter(self._sets.values()), None)


def check_source(text: str, *, config: Config, ruleset: RuleSet, path: str | None = None,
                 syntax=SYNTAX_BY_NAME, source: object = None, alternatives: bool = False,
                 only: list[Rule] | None = None, previous: Draft | None = None,
                 cache: CheckCache | None = None) -> Checked:
    """Parse ``text`` and check it.

    ``path``: the name shown for the draft (its syntax follows its suffix
    unless ``syntax`` is given: "markdown" or None for plain text).
    ``source``: the Word, PDF or OpenDocument file the text was read from.
    ``alternatives``: check every option of bracketed choices (`[shall/may]`)
    and label the findings of one option (alternatives.py): for the command
    line's whole-draft checks; the editor checks the text as written.
    ``only``: these rules, enabled or not (a rule's own examples).
    ``previous``, ``cache``: the last draft and the check cache of the same
    document, so that an edit re-parses and re-checks only what changed;
    the findings are the same without them."""
    if syntax is SYNTAX_BY_NAME:
        syntax = syntax_by_name(path)
    engine = Engine(ruleset, config)
    # The collector is paused while the many objects of a draft are made (gcpause.py).
    with paused():
        draft = Draft.parse(text, path=path, syntax=syntax, previous=previous)
        if alternatives:
            result = check_alternatives(engine, draft)
        else:
            result = engine.check(draft, rules=only, cache=cache)
    return Checked(path or "", draft, result.findings, result.notices, source=source, result=result,
                   ruleset=ruleset, config=config)

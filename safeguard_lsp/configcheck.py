"""Configuration mistakes that only the loaded rules or the drafts reveal.

A `.safeguard.yaml` that ignores `SG-WEAK-MAYY` ignores nothing, and a CI job
that relies on it looks green for the wrong reason. Each rule id the
configuration names is therefore checked against the rules actually loaded,
and each silence against the articles of the drafts it governed; every
problem names the file, the line and the key, with the nearest valid name.
"""

from __future__ import annotations

from safeguard_lsp.config import Config, ConfigWarning, did_you_mean
from safeguard_lsp.ruleset import LoadError

COMMAND_LINE = "command line"


def _names_rules(entry: str, known: set[str]) -> bool:
    """Whether a select/ignore entry (an id or a prefix such as SG-WEAK-) names
    any rule, read as Config.rule_enabled reads it."""
    prefix = entry.rstrip("*")
    return entry in known or (bool(prefix) and any(rule_id.startswith(prefix) for rule_id in known))


def rule_id_problems(config: Config, known: set[str], cli_select: list[str] = (),
                     cli_ignore: list[str] = ()) -> list[LoadError]:
    """Every rule id in ``config`` (and on the command line) that names no loaded rule.

    An unknown id under ``rules:`` is an error (it always was); in
    select/ignore and silences it is a warning."""
    problems: list[LoadError] = []
    shown = str(config.path) if config.path else COMMAND_LINE
    for (key, entry), line in config.id_lines.items():
        if key == "rules":
            if entry not in known:
                problems.append(LoadError(shown, line, f"rules.{entry}", f"unknown rule id{did_you_mean(entry, known)}"))
        elif not _names_rules(entry, known):
            problems.append(ConfigWarning(shown, line, key, f"{entry!r} names no rule{did_you_mean(entry, known)}; "
                                          "nothing is " + ("selected" if key == "select" else "ignored") + " by it"))
    for option, entries in (("--select", cli_select), ("--ignore", cli_ignore)):
        for entry in entries:
            if not _names_rules(entry, known):
                problems.append(ConfigWarning(COMMAND_LINE, 0, option,
                                              f"{entry!r} names no rule{did_you_mean(entry, known)}"))
    for silence in config.silences:
        if silence.rule not in known:
            problems.append(ConfigWarning(silence.path, silence.rule_line or silence.line, f"silence[{silence.index}].rule",
                                          f"{silence.rule!r} names no rule{did_you_mean(silence.rule, known)}; "
                                          "this silence silences nothing"))
    return problems


def missing_article_problems(config: Config, articles: set[str], drafts: list[str]) -> list[ConfigWarning]:
    """Silences naming an article that none of ``drafts`` (the drafts this
    configuration governed, with the article numbers ``articles``) has."""
    problems: list[ConfigWarning] = []
    if not drafts:
        return problems
    where = drafts[0] if len(drafts) == 1 else f"any of the {len(drafts)} drafts checked"
    for silence in config.silences:
        if silence.article not in articles:
            hint = did_you_mean(silence.article, articles) or _article_list(articles)
            problems.append(ConfigWarning(
                silence.path, silence.article_line or silence.line, f"silence[{silence.index}].article",
                f"there is no article {silence.article} in {where}{hint}; this silence silences nothing"))
    return problems


def _article_list(articles: set[str]) -> str:
    """' (articles: 1, 2, 3 … 24)': what the user may have meant, in reading order."""
    if not articles:
        return " (it has no numbered articles)"
    ordered = sorted(articles, key=lambda n: (len(n), n) if n.isdigit() else (99, n))
    shown = ", ".join(ordered) if len(ordered) <= 8 else ", ".join(ordered[:6]) + f" … {ordered[-1]}"
    return f" (articles: {shown})"

"""User configuration: `.safeguard.yaml`, found from the draft's folder upward
as far as the workspace folder or the repository's root (never above).

```yaml
packs: [our-coalition-rules]         # extra rule folders, relative to this file (see pack_refusal)
select: [SG-ACCESS-INTENT]           # only these rules (ids or id prefixes)
ignore: [SG-WEAK-MAY]                # never these
rules:
  SG-WEAK-AS-APPROPRIATE: off        # disable
  SG-CONTENT-EXTREMISM: {severity: error}
silence:
  - rule: SG-ACCESS-INTENT
    article: "7"
    reason: Intent is defined once for all offences in Article 3.
max_size: 5000000                    # characters checked in full
include: ["drafts/**"]               # globs (relative to this file) of drafts to check
exclude: ["**/README.md"]            # globs of files never to check
```

Mistakes that change what is checked without breaking anything (a rule id
that names no rule, a misspelt key inside a silence) are *warnings*, kept in
``Config.warnings``: they do not stop a check, but ``--strict`` makes them
errors. Rule ids can only be judged once the rule packs are loaded, so that
part is in configcheck.py.

Names, one for each idea: a ``config`` is this model of a `.safeguard.yaml`
(a :class:`Config`; "configuration" in prose and messages), found and read
here, checked in configcheck.py, edited in configedit.py; ``settings`` are
only the editor's (server/settings.py), which the server reads into a Config
of their own and merges under the file's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from safeguard_lsp.findings import SEVERITIES
from safeguard_lsp.ruleset import LoadError, _nearest
from safeguard_lsp.yamldata import Mapping, YamlProblem

CONFIG_NAME = ".safeguard.yaml"
DEFAULT_MAX_SIZE = 5_000_000
TOP_KEYS = ("packs", "select", "ignore", "rules", "silence", "max_size", "include", "exclude")
SILENCE_KEYS = ("rule", "article", "reason")


@dataclass(frozen=True)
class ArticleSilence:
    rule: str
    article: str
    reason: str
    path: str = ""
    line: int = 0
    rule_line: int = 0  # the line of its `rule:` key
    article_line: int = 0
    index: int = 0  # its place under `silence:`


@dataclass(frozen=True)
class ConfigWarning(LoadError):
    """A configuration mistake that does not stop a check (an error with --strict)."""

    severity = "warning"


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'X'?)' for the nearest choice, or ''."""
    hint = _nearest(str(word), tuple(choices))
    return f" (did you mean {hint!r}?)" if hint else ""


@dataclass
class Config:
    packs: list[Path] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    disabled: set[str] = field(default_factory=set)
    severities: dict[str, str] = field(default_factory=dict)
    silences: list[ArticleSilence] = field(default_factory=list)
    max_size: int = DEFAULT_MAX_SIZE
    path: Path | None = None
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[ConfigWarning] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    # the line of each select/ignore entry, for warnings about unknown ids
    id_lines: dict[tuple[str, str], int] = field(default_factory=dict)

    def rule_enabled(self, rule_id: str) -> bool:
        if rule_id in self.disabled:
            return False
        if self.select and not any(rule_id == s or rule_id.startswith(s.rstrip("*")) for s in self.select):
            return False
        if any(rule_id == s or rule_id.startswith(s.rstrip("*")) for s in self.ignore):
            return False
        return True

    def merged(self, other: "Config") -> "Config":
        """``other`` (higher priority) over this one."""
        return replace(
            self,
            packs=self.packs + [p for p in other.packs if p not in self.packs],
            select=other.select or self.select,
            ignore=self.ignore + other.ignore,
            disabled=self.disabled | other.disabled,
            severities={**self.severities, **other.severities},
            silences=self.silences + other.silences,
            max_size=other.max_size if other.max_size != DEFAULT_MAX_SIZE else self.max_size,
            path=other.path or self.path,
            errors=self.errors + other.errors,
            warnings=self.warnings + other.warnings,
            include=other.include or self.include,
            exclude=self.exclude + other.exclude,
            id_lines={**self.id_lines, **other.id_lines},
        )


# A folder holding one of these is the root of a repository: the search for
# `.safeguard.yaml` stops there (a file above it belongs to someone else).
VCS_MARKERS = (".git", ".hg", ".svn")


def exists_safely(path: Path, kind: str = "file") -> bool:
    """``is_file``/``is_dir``/``exists`` that answers False for a path the
    system cannot examine (too long, no permission) instead of raising."""
    try:
        return path.is_file() if kind == "file" else path.is_dir() if kind == "dir" else path.exists()
    except (OSError, ValueError):
        return False


def config_search_folders(start: Path, stops: tuple[Path, ...] = ()) -> list[Path]:
    """The folders searched for `.safeguard.yaml`, nearest first: ``start``
    (a folder or file) and the folders above it, up to and including the
    first that is one of ``stops`` (the editor's workspace folders, or the
    current folder of a command) or the root of a repository. When neither
    is reached, only the draft's own folder is searched."""
    folder = start if exists_safely(start, "dir") else start.parent
    try:
        folder = folder.resolve()
    except (OSError, RuntimeError):
        return []
    stops = tuple(stops)
    out = []
    for candidate in (folder, *folder.parents):
        out.append(candidate)
        if candidate in stops or any(exists_safely(candidate / marker, "any") for marker in VCS_MARKERS):
            return out
    return out[:1]


def find_config(start: Path, stops: tuple[Path, ...] = ()) -> Path | None:
    """The nearest `.safeguard.yaml` in ``start`` (a folder or file) or above,
    within the boundary of :func:`config_search_folders`."""
    for candidate in config_search_folders(start, stops):
        path = candidate / CONFIG_NAME
        if exists_safely(path):
            return path
    return None


def user_config_folder() -> Path:
    """The user's own folder of safeguard-lsp files (rule packs may live there)."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "safeguard-lsp"


def pack_refusal(folder: Path, config_path: Path, stops: tuple[Path, ...] = ()) -> str | None:
    """Why a `.safeguard.yaml` may not name ``folder`` as a rule folder, or
    None. It comes with the repository, so it is untrusted: it may name
    folders inside the repository (up to the workspace folder, the current
    folder of a command or the repository's root, as the search for the file
    itself) or in the user's own configuration folder, never elsewhere (a
    walk of /usr at every request). Editor settings and --rules are the
    user's own choice and are not bounded."""
    root = config_search_folders(config_path.parent, stops)[-1:] or [config_path.parent]
    user = user_config_folder()
    # The user's folder as written (links in it are the user's own doing);
    # the repository's with every link resolved (a link in it may lead out).
    if _within(Path(os.path.normpath(folder)), Path(os.path.normpath(user))):
        return None
    try:
        if _within(folder.resolve(), root[0].resolve()):
            return None
    except (OSError, RuntimeError):
        return f"{folder}: the folder cannot be resolved; not read"
    return (f"{os.path.normpath(folder)} is outside this repository ({root[0]}) and your own configuration folder "
            f"({user}); a .safeguard.yaml may only name rule folders inside them. Name it in your editor "
            "settings (rulePaths) or with --rules instead")


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _id_list(data: Mapping, key: str, shown: str, errors: list[LoadError],
             lines: dict | None = None, what: str = "rule ids") -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(LoadError(shown, data.line_of(key), key, f"expected a list of {what}"))
        return []
    if lines is not None:
        for index, item in enumerate(value):
            line = value.line_of(index) if hasattr(value, "line_of") else data.line_of(key)
            lines.setdefault((key, item), line)
    return list(value)


def parse_config(data, path: Path, known_rules: set[str] | None = None, pack_stops: tuple[Path, ...] = ()) -> Config:
    """Build a Config from parsed YAML; problems go to ``config.errors``.
    ``pack_stops``: the workspace folders (or the current folder) that bound
    the rule folders a `.safeguard.yaml` may name (see :func:`pack_refusal`)."""
    shown = str(path)
    config = Config(path=path)
    errors = config.errors
    if data is None:
        return config
    if not isinstance(data, dict):
        errors.append(LoadError(shown, getattr(data, "line", 1), "", "expected a mapping of settings"))
        return config
    if not isinstance(data, Mapping):
        # Settings from an editor arrive as plain dicts without lines.
        wrapped = Mapping(data)
        wrapped.key_lines = {}
        data = wrapped
    for key in data:
        if key not in TOP_KEYS:
            hint = _nearest(str(key), TOP_KEYS)
            extra = f" (did you mean {hint!r}?)" if hint else f"; allowed: {', '.join(TOP_KEYS)}"
            errors.append(LoadError(shown, data.line_of(key), str(key), f"unknown setting{extra}"))
    _read_packs(data, path, pack_stops, config)
    config.select = _id_list(data, "select", shown, errors, config.id_lines)
    config.ignore = _id_list(data, "ignore", shown, errors, config.id_lines)
    config.include = _id_list(data, "include", shown, errors, what="file globs")
    config.exclude = _id_list(data, "exclude", shown, errors, what="file globs")
    _read_rule_severities(data, shown, known_rules, config)
    _read_silences(data, shown, config)
    if "max_size" in data:
        value = data["max_size"]
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            config.max_size = value
        else:
            errors.append(LoadError(shown, data.line_of("max_size"), "max_size", "expected a positive number of characters"))
    return config


def _read_packs(data: Mapping, path: Path, pack_stops: tuple[Path, ...], config: Config) -> None:
    """`packs:`, the extra rule folders, relative to the file."""
    shown, errors = str(path), config.errors
    packs = data.get("packs") or []
    if isinstance(packs, str):
        packs = [packs]
    if not isinstance(packs, list):
        errors.append(LoadError(shown, data.line_of("packs"), "packs", "expected a list of rule folders"))
        packs = []
    for entry in packs:
        if not isinstance(entry, str):
            errors.append(LoadError(shown, data.line_of("packs"), "packs", "expected folder names"))
            continue
        folder = (path.parent / entry) if not Path(entry).is_absolute() else Path(entry)
        if path.name == CONFIG_NAME:  # a repository's file, not the user's own settings
            refused = pack_refusal(folder, path, pack_stops)
            if refused is not None:
                lines = getattr(packs, "item_lines", None) or []
                line = lines[packs.index(entry)] if packs.index(entry) < len(lines) else data.line_of("packs")
                errors.append(LoadError(shown, line, "packs", refused))
                continue
        config.packs.append(folder)


def _read_rule_severities(data: Mapping, shown: str, known_rules: set[str] | None, config: Config) -> None:
    """`rules:`, each rule turned off or given another severity."""
    errors = config.errors
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        errors.append(LoadError(shown, data.line_of("rules"), "rules", "expected a mapping of rule ids to settings"))
        rules = {}
    line_of = rules.line_of if isinstance(rules, Mapping) else (lambda _k: data.line_of("rules"))
    for rule_id, setting in rules.items():
        key = f"rules.{rule_id}"
        config.id_lines.setdefault(("rules", str(rule_id)), line_of(rule_id))
        if known_rules is not None and rule_id not in known_rules:
            errors.append(LoadError(shown, line_of(rule_id), key, f"unknown rule id{did_you_mean(rule_id, known_rules)}"))
            continue
        if setting is False or setting == "off":
            config.disabled.add(rule_id)
        elif setting is True or setting == "on":
            pass
        elif isinstance(setting, str) and setting in SEVERITIES:
            config.severities[rule_id] = setting
        elif isinstance(setting, dict):
            for sub in setting:
                if sub not in ("severity", "enabled"):
                    hint = did_you_mean(sub, ("severity", "enabled")) or "; allowed: severity, enabled"
                    errors.append(LoadError(shown, line_of(rule_id), f"{key}.{sub}", f"unknown setting{hint}"))
            if setting.get("enabled") is False:
                config.disabled.add(rule_id)
            if "severity" in setting:
                if setting["severity"] in SEVERITIES:
                    config.severities[rule_id] = setting["severity"]
                else:
                    errors.append(LoadError(shown, line_of(rule_id), f"{key}.severity", f"expected one of {', '.join(SEVERITIES)}"))
        else:
            errors.append(LoadError(shown, line_of(rule_id), key, f"expected off, a severity ({', '.join(SEVERITIES)}) or {{severity: …}}"))


def _read_silences(data: Mapping, shown: str, config: Config) -> None:
    """`silence:`, each {rule, article, reason}; a misspelt key in one is a warning."""
    silences = data.get("silence") or []
    if not isinstance(silences, list):
        config.errors.append(LoadError(shown, data.line_of("silence"), "silence", "expected a list of {rule, article, reason}"))
        silences = []
    for index, entry in enumerate(silences):
        entry_line = silences.line_of(index) if hasattr(silences, "line_of") else data.line_of("silence")
        key = f"silence[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str) or entry.get("article") is None:
            config.errors.append(LoadError(shown, entry_line, key, "expected {rule: ID, article: NUMBER, reason: WHY}"))
            continue
        entry_line_of = entry.line_of if isinstance(entry, Mapping) else (lambda _k: entry_line)
        for sub in entry:
            if sub not in SILENCE_KEYS:
                config.warnings.append(ConfigWarning(
                    shown, entry_line_of(sub), f"{key}.{sub}",
                    f"unknown key{did_you_mean(sub, SILENCE_KEYS) or '; allowed: ' + ', '.join(SILENCE_KEYS)}"))
        reason = entry.get("reason")
        config.silences.append(
            ArticleSilence(entry["rule"], str(entry["article"]), str(reason).strip() if reason else "", shown, entry_line,
                           entry_line_of("rule"), entry_line_of("article"), index)
        )


def load_config(path: Path, known_rules: set[str] | None = None, pack_stops: tuple[Path, ...] = ()) -> Config:
    # PyYAML only when there is a configuration file to read (see yamldata.py).
    from safeguard_lsp.yamlload import load_config_file

    try:
        data = load_config_file(str(path))
    except YamlProblem as problem:
        config = Config(path=path)
        config.errors.append(LoadError(str(path), problem.line, problem.key, problem.message))
        return config
    return parse_config(data, path, known_rules, pack_stops)

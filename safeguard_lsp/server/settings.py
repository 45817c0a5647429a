"""The editor settings of the server, in one place.

The VS Code extension's manifest (``contributes.configuration``) is checked
against SETTINGS, so every key, default and description lives here and only
here.

Where settings come from, lowest priority first (a later source overrides an
earlier one, key by key):

1. ``initializationOptions`` sent with ``initialize`` (either the settings
   themselves or ``{"safeguard": {...}}``);
2. ``workspace/configuration`` for the section ``safeguard``, asked again
   whenever the client sends ``workspace/didChangeConfiguration``;
3. the ``.safeguard.yaml`` found beside the draft or in a folder above it,
   which is shared with the command line and so speaks for the whole team.

An invalid value is reported to the user (``window/showMessage``, warning)
naming the setting and what is wrong, and the default is used instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from safeguard_lsp.config import DEFAULT_MAX_SIZE
from safeguard_lsp.findings import SEVERITIES

SECTION = "safeguard"
DEFAULT_FILE_PATTERNS = ["*.md", "*.markdown", "*.txt", "*.rst"]


@dataclass(frozen=True)
class Setting:
    default: Any
    schema: dict  # JSON schema of the value, as a VS Code manifest writes it
    description: str
    check: Callable[[Any], str | None]  # None when valid, else what is wrong


def _string_list(value) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "it must be a list of texts"
    return None


def _rule_levels(value) -> str | None:
    if not isinstance(value, dict):
        return 'it must map rule ids to "off", "on" or a severity'
    allowed = ("off", "on") + SEVERITIES
    for rule_id, level in value.items():
        if level is False or level is True:
            continue
        if not isinstance(level, str) or level not in allowed:
            return f'the value for {rule_id} must be one of {", ".join(allowed)}, not {level!r}'
    return None


def _whole_number(minimum: int) -> Callable[[Any], str | None]:
    def check(value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            return f"it must be a whole number of at least {minimum}"
        return None

    return check


def _boolean(value) -> str | None:
    return None if isinstance(value, bool) else "it must be true or false"


SETTINGS: dict[str, Setting] = {
    "safeguard.rules": Setting(
        {},
        {"type": "object", "additionalProperties": {"enum": ["off", "on", *SEVERITIES]}},
        'Turn rules off or change their severity, e.g. {"SG-WEAK-MAY": "off", "SG-ACCESS-INTENT": "error"}.',
        _rule_levels,
    ),
    "safeguard.select": Setting(
        [],
        {"type": "array", "items": {"type": "string"}},
        "Check only these rules (ids or id prefixes such as SG-CONTENT-). Empty: all rules.",
        _string_list,
    ),
    "safeguard.ignore": Setting(
        [],
        {"type": "array", "items": {"type": "string"}},
        "Never check these rules (ids or id prefixes).",
        _string_list,
    ),
    "safeguard.rulePaths": Setting(
        [],
        {"type": "array", "items": {"type": "string"}},
        "Extra folders of rule packs, added to the shipped rules. Relative folders are read from the workspace folder.",
        _string_list,
    ),
    "safeguard.debounce": Setting(
        150,
        {"type": "integer", "minimum": 0},
        "Milliseconds to wait after the last keystroke before checking the draft again (0: check at once).",
        _whole_number(0),
    ),
    "safeguard.filePatterns": Setting(
        list(DEFAULT_FILE_PATTERNS),
        {"type": "array", "items": {"type": "string"}},
        "File name patterns of the drafts to check.",
        _string_list,
    ),
    "safeguard.codeLens": Setting(
        True,
        {"type": "boolean"},
        "Show above each article heading how many safeguard findings it has and in which categories.",
        _boolean,
    ),
    "safeguard.maxSize": Setting(
        DEFAULT_MAX_SIZE,
        {"type": "integer", "minimum": 1},
        "Number of characters of a draft checked in full; the rest of a longer draft is not checked.",
        _whole_number(1),
    ),
}


@dataclass(frozen=True)
class Settings:
    rules: dict
    select: list
    ignore: list
    rule_paths: list
    debounce: int
    file_patterns: list
    code_lens: bool
    max_size: int


_FIELDS = {
    "rules": "rules",
    "select": "select",
    "ignore": "ignore",
    "rulePaths": "rule_paths",
    "debounce": "debounce",
    "filePatterns": "file_patterns",
    "codeLens": "code_lens",
    "maxSize": "max_size",
}
assert set(f"{SECTION}.{k}" for k in _FIELDS) == set(SETTINGS), "SETTINGS and Settings disagree"


def defaults() -> Settings:
    return Settings(**{field: _copy(SETTINGS[f"{SECTION}.{key}"].default) for key, field in _FIELDS.items()})


def _copy(value):
    if isinstance(value, (list, dict)):
        return type(value)(value)
    return value


def section_of(raw) -> dict:
    """The ``safeguard`` settings in what a client sent: either the section
    itself, ``{"safeguard": {...}}``, or flat dotted keys ``{"safeguard.debounce": 0}``."""
    if not isinstance(raw, dict):
        return {}
    if isinstance(raw.get(SECTION), dict):
        return dict(raw[SECTION])
    flat = {k[len(SECTION) + 1:]: v for k, v in raw.items() if isinstance(k, str) and k.startswith(SECTION + ".")}
    if flat:
        return flat
    return dict(raw)


def merge(*sources: dict) -> dict:
    """Later sources override earlier ones, key by key."""
    out: dict = {}
    for source in sources:
        out.update({k: v for k, v in source.items() if v is not None})
    return out


def parse(raw: dict) -> tuple[Settings, list[str]]:
    """Settings from the merged editor values, and plain-language problems."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        if key not in _FIELDS:
            known = ", ".join(f"{SECTION}.{k}" for k in _FIELDS)
            problems.append(f"The setting {SECTION}.{key} is not one safeguard knows and is ignored (known settings: {known}).")
            continue
        setting = SETTINGS[f"{SECTION}.{key}"]
        wrong = setting.check(value)
        if wrong:
            problems.append(
                f"The setting {SECTION}.{key} is not valid: {wrong}. The default ({_shown(setting.default)}) is used instead."
            )
            continue
        values[_FIELDS[key]] = _copy(value)
    base = defaults()
    return Settings(**{**base.__dict__, **values}), problems


def _shown(value) -> str:
    if value == {} or value == []:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def as_config_data(settings: Settings) -> dict:
    """The parts of the settings the core's configuration understands, in the
    shape of a ``.safeguard.yaml`` (rule folders are added separately, since
    they are read relative to the workspace, not to a file)."""
    data: dict = {}
    if settings.rules:
        data["rules"] = {k: ("off" if v is False else "on" if v is True else v) for k, v in settings.rules.items()}
    if settings.select:
        data["select"] = list(settings.select)
    if settings.ignore:
        data["ignore"] = list(settings.ignore)
    if settings.max_size != DEFAULT_MAX_SIZE:
        data["max_size"] = settings.max_size
    return data

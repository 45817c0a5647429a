"""The rule kinds: one module each, declaring its keys as data and its evaluation.

``ruleset.py`` reads a rule's id and kind and lets the declarations read the
rest (:func:`common_keys`, then the kind's ``keys``); ``engine.py`` calls the
kind's ``evaluate``; ``docs/rule-language.md`` (``kinds/markdown.py``) and the
editor's key completion in rule packs (``kinds/keycompletion.py``) list the
same declarations. To add a kind: a module here with a ``KIND``, listed
below, and its markers in docs/rule-language.md.
"""

from __future__ import annotations

from safeguard_lsp.kinds import check, document, forbid, reading, require, term
from safeguard_lsp.kinds.keys import COMMON
from safeguard_lsp.kinds.schema import Key, Kind, misplaced, nearest

BY_NAME: dict[str, Kind] = {module.KIND.name: module.KIND
                            for module in (term, require, forbid, document, check, reading)}
NAMES = tuple(BY_NAME)

KIND = Key("kind", "one of", "what the rule does; its kind decides its other keys", "require",
           required=True, values=NAMES)


def common_keys() -> tuple[Key, ...]:
    """The keys every rule has, whatever its kind."""
    return COMMON[:1] + (KIND,) + COMMON[1:]


def rule_keys(kind: str | None) -> tuple[Key, ...]:
    """The keys a rule of ``kind`` may have: the common keys, then the
    kind's own (only the common ones when the kind is unknown)."""
    found = BY_NAME.get(kind) if isinstance(kind, str) else None
    return common_keys() + (found.keys if found is not None else ())


def kinds_with(key: str) -> list[str]:
    """The kinds whose rules have ``key`` among their own keys."""
    return [name for name, kind in BY_NAME.items() if any(k.name == key for k in kind.keys)]


def check_rule_keys(item, kind: Kind | None, add_error, where: str) -> None:
    """An error for each key of a rule that its kind does not have: one that
    belongs to other kinds says which; one no kind has is unknown."""
    names = tuple(k.name for k in rule_keys(kind.name if kind is not None else None))
    for key in item:
        if key in names:
            continue
        owners = kinds_with(str(key))
        if owners:
            if kind is not None:  # with no valid kind, the kind's own error says enough
                inside = next((k.name for k in kind.keys if key in k.fields), None)
                message = (f"in a {kind.name} rule, '{key}' goes inside '{inside}:'" if inside
                           else misplaced(str(key), owners, kind.name))
                add_error(item.line_of(key), f"{where}.{key}", message)
            continue
        everything = names + tuple(k.name for other in BY_NAME.values() for k in other.keys)
        hint = nearest(str(key), names) or nearest(str(key), everything)
        extra = f" (did you mean {hint!r}?)" if hint else f"; allowed: {', '.join(names)}"
        add_error(item.line_of(key), f"{where}.{key}", f"unknown key{extra}")

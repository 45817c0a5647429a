"""What a rule's keys are, as data: the schema of every rule kind.

A :class:`Key` says what one key of a rule holds (its type in words, whether
it is required, the values it allows, a one-line doc and an example) and how
its value is read. A :class:`Kind` is a rule kind: its keys, its defaults and
its evaluation. The loader validates with these declarations, the rule-language
page is generated from them, and the editor completes a rule's keys from them,
so the three cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    name: str
    type: str  # what the value is, in words a pack author reads
    doc: str  # one line: shown in completion and in docs/rule-language.md
    example: str  # a YAML value
    required: bool = False
    values: tuple[str, ...] = ()  # the values allowed, where there is a fixed list
    # Reads the YAML value: (value, KeyContext) -> the rule's field(s). A dict
    # returned by a parser of several fields (``fields``) fills each of them.
    parse: Callable | None = None
    field: str = ""  # the Rule attribute it fills; default: the key's name
    fields: tuple[str, ...] = ()
    # For a key of a kind (not of every rule): the message when it is absent.
    missing: str = ""

    @property
    def target(self) -> str:
        return self.field or self.name.replace("-", "_")


@dataclass(frozen=True)
class Kind:
    name: str
    doc: str  # one paragraph: what the kind reports and where it underlines
    keys: tuple[Key, ...]
    # (engine, rule, context, triggered units or None) -> findings
    evaluate: Callable
    default_unit: str = "article"
    default_within: tuple[str, ...] = ("unit",)


@dataclass
class KeyContext:
    """What a key's parser needs: the rule's mapping, where it is (for
    messages), where to put errors (``add_error(line, key, message)``), the
    rule's kind and the names it may refer to."""

    item: object
    where: str
    add_error: Callable[[int, str, str], None]
    kind: Kind | None
    terms: dict
    citations: dict
    clauses: dict

    def line(self, key: str | None = None) -> int:
        return self.item.line_of(key) if key is not None else self.item.line

    def error(self, key: str, message: str, line: int | None = None) -> None:
        """An error about ``key`` (a dotted path below the rule, such as
        ``require.within``), at its line unless ``line`` is given."""
        self.add_error(self.line(key.split(".")[0]) if line is None else line, f"{self.where}.{key}", message)

    def known_terms(self, names, line: int, key: str) -> None:
        for name in names:
            if name not in self.terms:
                self.add_error(line, f"{self.where}.{key}", f"unknown lexicon term {name!r}{did_you_mean(name, self.terms)}")


def nearest(word: str, choices) -> str | None:
    import difflib  # only when a key is wrong: not a cost of every load

    found = difflib.get_close_matches(word, tuple(choices), n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean(word: str, choices) -> str:
    hint = nearest(str(word), choices)
    return f" (did you mean {hint!r}?)" if hint else ""


def check_keys(mapping, allowed: tuple[str, ...], add_error: Callable[[int, str, str], None], where: str) -> None:
    """An "unknown key" error for each key of ``mapping`` not ``allowed``."""
    for key in mapping:
        if key not in allowed:
            hint = nearest(str(key), allowed)
            extra = f" (did you mean {hint!r}?)" if hint else f"; allowed: {', '.join(allowed)}"
            add_error(mapping.line_of(key), f"{where}{key}", f"unknown key{extra}")


def misplaced(key: str, kinds: list[str], kind: str) -> str:
    """The message for a key that belongs to other kinds of rule."""
    names = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return f"'{key}' is for {names} rules, not {kind}"


def read_keys(item, keys: tuple[Key, ...], ctx: KeyContext) -> dict:
    """The fields of a rule read from ``item`` by ``keys``: a key that is
    absent keeps the rule's default, or is reported when required."""
    fields: dict = {}
    for key in keys:
        if key.parse is None:
            continue
        if key.name not in item:
            if not key.required:
                continue
            if key.missing:  # a key of the kind: reported where the kind is named
                ctx.error(key.name, key.missing.format(kind=ctx.kind.name), ctx.line("kind"))
                continue
        value = key.parse(item.get(key.name), ctx, key)
        if key.fields:
            fields.update(value)
        else:
            fields[key.target] = value
    return fields

"""Which keys of a rule to offer where a pack author is typing one.

Read from the text, line by line, not with a YAML parser: a pack being edited
is seldom valid YAML at the moment a key is half typed. The cursor must be
where a key of an item of the top-level ``rules:`` list is written (after the
item's indentation, or after its ``- ``); the keys offered are those of the
item's ``kind:`` (the common keys while no kind is given) not yet written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from safeguard_lsp import kinds
from safeguard_lsp.kinds.schema import Key

_TYPING = re.compile(r"^(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<word>[A-Za-z_][\w-]*)?$")
_KEY = re.compile(r"^(?P<indent>[ ]*)(?:-[ ]+)?(?P<key>[A-Za-z_][\w-]*)[ ]*:(?:[ ]+(?P<value>[^#\n]*))?")


@dataclass(frozen=True)
class KeyOffer:
    keys: tuple[Key, ...]  # the keys not yet written: the kind's own, then those of every rule
    start: int  # where the word being typed starts (what a chosen key replaces)
    kind: str | None  # the rule's kind, when written


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


_DASH = re.compile(r"^[ ]*-[ ]+")


def item_start(lines: list[str], row: int, column: int) -> int | None:
    """The row of the ``- `` that opens the list item whose keys start at ``column``."""
    for r in range(row, -1, -1):
        line = lines[r]
        dash = _DASH.match(line)
        if dash is not None and dash.end() == column:
            return r
        if r != row and not blank(line) and indent(line) < column:
            return None  # left the item without finding its dash
    return None


def in_rules_list(lines: list[str], item_row: int) -> bool:
    """Whether the item at ``item_row`` is an item of the top-level ``rules:``."""
    dash = indent(lines[item_row])
    for r in range(item_row - 1, -1, -1):
        line = lines[r]
        if blank(line) or indent(line) > dash or (indent(line) == dash and _DASH.match(line)):
            continue  # inside an earlier item, or an earlier item
        return line.rstrip() == "rules:"
    return False


def item_keys(lines: list[str], item_row: int, column: int, skip: int) -> dict[str, str]:
    """The keys written at ``column`` in the item (row ``skip`` aside), with their values."""
    found: dict[str, str] = {}
    dash = indent(lines[item_row])
    for r in range(item_row, len(lines)):
        line = lines[r]
        if r > item_row and not blank(line) and indent(line) <= dash:
            break
        match = _KEY.match(line)
        if r == skip or match is None:
            continue
        key_column = match.start("key")
        if key_column == column:
            found[match.group("key")] = (match.group("value") or "").strip().strip("'\"")
    return found


def keys_to_offer(text: str, offset: int) -> KeyOffer | None:
    """The keys to offer at ``offset`` of a rule pack's text, or None when the
    cursor is not where a rule's key is typed."""
    line_start = text.rfind("\n", 0, offset) + 1
    typing = _TYPING.match(text[line_start:offset])
    if typing is None:
        return None
    column = len(typing.group("indent")) + len(typing.group("dash") or "")
    word = typing.group("word") or ""
    lines = text.split("\n")
    row = text.count("\n", 0, line_start)
    item_row = item_start(lines, row, column)
    if item_row is None or not in_rules_list(lines, item_row):
        return None
    written = item_keys(lines, item_row, column, skip=row)
    kind = written.get("kind") or None
    # The kind's own keys first: they are what a rule of that kind is about.
    own = kinds.BY_NAME[kind].keys if kind in kinds.BY_NAME else ()
    offered = tuple(key for key in own + kinds.common_keys() if key.name not in written)
    return KeyOffer(offered, offset - len(word), kind)

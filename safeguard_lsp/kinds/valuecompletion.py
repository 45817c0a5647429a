"""Which values to offer where a pack author is typing the value of a rule's key.

The companion of keycompletion.py: there the keys of a rule, here what goes
after them. ``severity: wa`` is offered the severities; ``reads: {role: power,
measure: [inter`` the roles, the elements and each element's values of the
reading schema (reading/model.py); ``match: [`` and ``when: {any: [`` the
lexicon's terms; ``cites: [`` the citations. What a key's value holds is
decided by the reader its declaration names (``Key.parse``), so a key and its
completion cannot disagree.

Read from the text, not with a YAML parser (a value being typed is seldom
valid YAML): the lines of the rule's key up to the cursor, flow collections
(``{…}``, ``[…]``) and one level of block mapping or list below the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from safeguard_lsp import kinds
from safeguard_lsp.findings import SEVERITIES
from safeguard_lsp.kinds import values
from safeguard_lsp.kinds.keycompletion import blank, in_rules_list, indent, item_keys, item_start
from safeguard_lsp.kinds.schema import Key
from safeguard_lsp.reading.model import ELEMENTS, ROLES

_KEY_LINE = re.compile(r"^(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[A-Za-z_][\w-]*)[ ]*:(?=[ ]|$)")
_WORD = re.compile(r"[\w-]*$")
PRESENCE = ("present", "absent")


@dataclass(frozen=True)
class Vocabulary:
    """The names the caller knows and the schema does not: the lexicon's terms
    and the citations of the rule set the pack is loaded with."""

    terms: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueOffer:
    values: tuple[str, ...]  # what may be written here, not yet written beside it
    start: int  # where the word being typed starts (what a chosen value replaces)
    path: tuple[str, ...]  # the key, and the keys inside it, the value is for ("reads", "measure")
    what: str  # in words: "value of measure", "element of a selector"


# -- what each reader's value holds ------------------------------------------------
# A shape answers two questions about a place inside the value: the keys a
# mapping there may have, and the values that may be written there.
Shape = Callable[[tuple[str, ...], Vocabulary], tuple[tuple[str, ...], tuple[str, ...]]]


def _element_values(name: str) -> tuple[str, ...]:
    return ROLES if name == "role" else ELEMENTS.get(name, ()) + PRESENCE


def _elements_shape(with_role: bool) -> Shape:
    def shape(inner, vocab):
        if not inner:  # the selector's own mapping
            return (("role",) if with_role else ()) + tuple(ELEMENTS), ()
        element = inner[0]
        if len(inner) == 1:  # {measure: [...]}, or {measure: {not: ...}}
            return ("not", "below"), _element_values(element)
        return (), ROLES if element == "role" else ELEMENTS.get(element, ())  # {not: [...]} / {below: v}
    return shape


def _condition_shape(extra: dict[str, tuple[str, ...]]) -> Shape:
    def shape(inner, vocab):
        if not inner:
            return ("any", "all", "none") + tuple(extra), vocab.terms
        return (), extra.get(inner[0], vocab.terms)
    return shape


def _listing(pick: Callable[[Vocabulary], tuple[str, ...]]) -> Shape:
    return lambda inner, vocab: ((), pick(vocab) if not inner else ())


_SHAPES: dict[Callable, Shape] = {
    values.selector: _elements_shape(with_role=True),
    values.requirements: _elements_shape(with_role=False),
    values.terms: _listing(lambda vocab: vocab.terms),
    values.cites: _listing(lambda vocab: vocab.citations),
    values.condition: _condition_shape({}),
    values.required_wording: _condition_shape({"within": values.WITHIN}),
    values.fallback: lambda inner, vocab: (("any", "severity", "message"), ()) if not inner else
    ((), {"any": vocab.terms, "severity": SEVERITIES}.get(inner[0], ())),
}


def _shape_of(key: Key) -> Shape | None:
    found = _SHAPES.get(key.parse)
    if found is not None:
        return found
    if key.values:
        return lambda inner, vocab: ((), key.values if not inner else ())
    return None


# -- where the cursor is inside the value ---------------------------------------------
@dataclass
class _Frame:
    mapping: bool
    key: str | None = None  # in a mapping: the key whose value is being written
    expecting_key: bool = True
    written: list | None = None  # the keys (mapping) or values (list) already written

    def __post_init__(self):
        self.written = []


def _walk(fragment: str) -> tuple[list[_Frame], str] | None:
    """The open collections at the end of ``fragment`` (a value written in flow
    style, block lines turned into it by the caller), and the word being typed."""
    stack: list[_Frame] = []
    word = ""
    quote = None
    for char in fragment:
        if quote:
            if char == quote:
                quote = None
            continue
        if char in "'\"":
            quote = char
        elif char in "{[":
            stack.append(_Frame(mapping=char == "{"))
            word = ""
        elif char in "}]":
            if not stack:
                return None
            stack.pop()
            word = ""
        elif char == ":" and stack and stack[-1].mapping and stack[-1].expecting_key:
            frame = stack[-1]
            frame.key, frame.expecting_key = word.strip(), False
            frame.written.append(frame.key)
            word = ""
        elif char == ",":
            if stack and stack[-1].mapping:
                stack[-1].expecting_key = True
            elif stack:
                stack[-1].written.append(word.strip())
            word = ""
        elif char == "#" and not word.strip():
            return None  # a comment: nothing to offer
        else:
            word += char
    if quote:
        return None
    return stack, word


def _block_to_flow(lines: list[str], key_row: int, row: int, column: int, key_column: int) -> str | None:
    """The value of the key at ``key_row`` up to the cursor (``row``, ``column``),
    with a block mapping or list below the key written as flow (one level)."""
    first = lines[key_row][:column] if row == key_row else lines[key_row]
    head = _KEY_LINE.match(first)
    after = first[head.end():]
    if row == key_row:
        return after
    if after.strip():
        # A flow value continued on the next lines.
        return after + " " + " ".join(lines[r] for r in range(key_row + 1, row)) + " " + lines[row][:column]
    body = [lines[r] for r in range(key_row + 1, row) if not blank(lines[r])] + [lines[row][:column]]
    inner = indent(body[0]) if body[0].strip() else len(body[0])
    if inner <= key_column or any(indent(line) != inner for line in body if line.strip()):
        return None  # outside the key's block, or a block deeper than one level: not read
    if body[0].lstrip().startswith("-"):
        if not body[-1].lstrip().startswith("-"):
            return None
        return "[" + ", ".join(line.strip()[1:].strip() for line in body)
    return "{" + ", ".join(line.strip() for line in body)


def values_to_offer(text: str, offset: int, vocab: Vocabulary = Vocabulary()) -> ValueOffer | None:
    """The values to offer at ``offset`` of a rule pack's text, or None when the
    cursor is not in the value of a rule's key with a known vocabulary."""
    lines = text[:offset].split("\n")
    row = len(lines) - 1
    column = len(lines[row])
    all_lines = text.split("\n")
    key_row = _key_row(all_lines, row, column)
    if key_row is None:
        return None
    head = _KEY_LINE.match(all_lines[key_row])
    key_column = head.start("key")
    item_row = item_start(all_lines, key_row, key_column)
    if item_row is None or not in_rules_list(all_lines, item_row):
        return None
    written = item_keys(all_lines, item_row, key_column, skip=-1)
    key = next((k for k in kinds.rule_keys(written.get("kind") or None) if k.name == head.group("key")), None)
    shape = _shape_of(key) if key is not None else None
    fragment = _block_to_flow(all_lines, key_row, row, column, key_column)
    walked = _walk(fragment) if shape is not None and fragment is not None else None
    if walked is None:
        return None
    stack, word = walked
    typed = _WORD.search(word).group()
    if word[:len(word) - len(typed)].strip():
        return None  # after other words: a value is written already
    inner = tuple(frame.key for frame in stack if frame.mapping and not frame.expecting_key)
    top = stack[-1] if stack else None
    if top is not None and top.mapping and top.expecting_key:
        offered, what = shape(inner, vocab)[0], "key"
    else:
        offered, what = shape(inner, vocab)[1], "value"
    taken = set(top.written) if top is not None else set()
    offered = tuple(v for v in offered if v not in taken)
    if not offered:
        return None
    path = (key.name,) + inner
    return ValueOffer(offered, offset - len(typed), path, f"{what} of {'.'.join(path)}")


def _key_row(lines: list[str], row: int, column: int) -> int | None:
    """The row of the rule key whose value the cursor is in: this line's key
    when the cursor is past its colon, else the key above it the lines below
    which the cursor's line continues."""
    here = _KEY_LINE.match(lines[row])
    if here is not None and column >= here.end():
        # A key inside a block mapping (``  measure: [`` below ``reads:``) is
        # the block's: the rule key is the one above it, where there is one.
        above = _parent_key_row(lines, row, indent(lines[row]))
        return row if above is None else above
    return _parent_key_row(lines, row, indent(lines[row][:column]) if lines[row][:column].strip() else column)


def _parent_key_row(lines: list[str], row: int, column: int) -> int | None:
    """The row of the nearest key above ``row`` written left of ``column``,
    when it is a key of a rule."""
    for r in range(row - 1, -1, -1):
        line = lines[r]
        if blank(line):
            continue
        match = _KEY_LINE.match(line)
        line_indent = match.start("key") if match is not None else indent(line)
        if line_indent < column:
            return r if match is not None and _in_item(lines, r, match.start("key")) else None
    return None


def _in_item(lines: list[str], row: int, column: int) -> bool:
    item = item_start(lines, row, column)
    return item is not None and in_rules_list(lines, item)

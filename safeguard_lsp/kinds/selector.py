"""Which provisions a rule is about, by their reading: the ``reads:`` of a rule.

A selector names a role and conditions on elements::

    reads:
      role: [power]                       # one role or a list
      measure: [interception]             # the element has one of these values
      authoriser: {below: independent-body}   # ordered elements: weaker than
      mental: {not: [dishonest]}          # none of these (optional wording aside)
      standards: {all: [necessity, proportionality]}   # every one of these
      warrantless: present                # read at all / absent: not read

``conduct`` is matched on the offence's main conduct (the first read): an
offence of fraud committed by accessing a system is not an access offence.
This module is the schema of ``reads:`` (the loader validates with it, the
rule-language page lists from it) and its matcher.
"""

from __future__ import annotations

from dataclasses import dataclass

from safeguard_lsp.reading.model import ELEMENTS, ORDERED, ROLES, Reading

OPERATORS = ("any-of", "all-of", "not", "below", "present", "absent")


@dataclass(frozen=True)
class Condition:
    element: str
    operator: str  # one of OPERATORS
    values: tuple[str, ...] = ()

    def holds(self, reading: Reading) -> bool:
        elements = reading.elements.get(self.element, ())
        if self.operator == "present":
            return bool(elements)
        if self.operator == "absent":
            return not elements
        if self.element == "conduct":
            firm = [elements[0].value] if elements else []
        else:
            firm = [e.value for e in elements if not e.optional]
        if self.operator == "any-of":
            return any(v in self.values for v in firm)
        if self.operator == "all-of":
            return all(v in firm for v in self.values)
        if self.operator == "not":
            return not any(v in self.values for v in firm)
        # below: the strongest firm value is weaker than the named one (or none)
        order = ELEMENTS[self.element]
        limit = order.index(self.values[0])
        strongest = max((order.index(v) for v in firm), default=-1)
        return strongest < limit


@dataclass(frozen=True)
class Selector:
    roles: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()

    def matches(self, reading: Reading) -> bool:
        if self.roles and reading.role not in self.roles:
            return False
        return all(c.holds(reading) for c in self.conditions)

    def elements(self) -> tuple[str, ...]:
        return tuple(c.element for c in self.conditions)


def parse_selector(raw, where: str, line_of, add_error) -> Selector | None:
    """A selector from YAML, or None with errors added (``add_error(line, key, message)``)."""
    if not isinstance(raw, dict):
        add_error(line_of(None), where, "expected a mapping: role and element conditions")
        return None
    ok = True
    roles: tuple[str, ...] = ()
    conditions: list[Condition] = []
    for key, value in raw.items():
        line = line_of(key)
        if key == "role":
            values = [value] if isinstance(value, str) else value
            if not isinstance(values, list) or not values or any(v not in ROLES for v in values):
                add_error(line, f"{where}.role", f"expected one or more of: {', '.join(ROLES)}")
                ok = False
            else:
                roles = tuple(values)
            continue
        if key not in ELEMENTS:
            add_error(line, f"{where}.{key}", f"unknown element; expected role or one of: {', '.join(ELEMENTS)}")
            ok = False
            continue
        condition = _condition(key, value, f"{where}.{key}", line, add_error)
        if condition is None:
            ok = False
        else:
            conditions.append(condition)
    return Selector(roles, tuple(conditions)) if ok else None


def parse_requirements(raw, where: str, line_of, add_error) -> tuple[tuple[Condition, ...], ...] | None:
    """What a reading rule requires, as alternatives: a mapping {element:
    [values]} (all its elements, each with any of the values, firmly), or a
    list of such mappings (any one of them)."""
    if isinstance(raw, list) and raw:
        out = []
        for index, entry in enumerate(raw):
            lines = (lambda key, entry=entry: entry.line_of(key) if key is not None and hasattr(entry, "line_of")
                     else line_of(None))
            one = _requirement(entry, f"{where}[{index}]", lines, add_error)
            if one is None:
                return None
            out.append(one)
        return tuple(out)
    one = _requirement(raw, where, line_of, add_error)
    return None if one is None else (one,)


def _requirement(raw, where: str, line_of, add_error) -> tuple[Condition, ...] | None:
    if not isinstance(raw, dict) or not raw:
        add_error(line_of(None), where, "expected a mapping of elements to the values that meet the requirement")
        return None
    out = []
    for key, value in raw.items():
        if key not in ELEMENTS:
            add_error(line_of(key), f"{where}.{key}", f"unknown element; expected one of: {', '.join(ELEMENTS)}")
            return None
        condition = _condition(key, value, f"{where}.{key}", line_of(key), add_error)
        if condition is None:
            return None
        out.append(condition)
    return tuple(out)


def _condition(element: str, value, where: str, line: int, add_error) -> Condition | None:
    allowed = ELEMENTS[element]
    if value in ("present", "absent"):
        return Condition(element, value)
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        bad = [v for v in value if v not in allowed]
        if bad or not value:
            add_error(line, where, f"unknown value {bad[0] if bad else ''!r}; expected any of: {', '.join(allowed)}")
            return None
        return Condition(element, "any-of", tuple(value))
    if isinstance(value, dict) and len(value) == 1:
        (op, operand), = value.items()
        if op in ("not", "all"):  # {not: [values]}: none of them; {all: [values]}: every one
            operand = [operand] if isinstance(operand, str) else operand
            if not isinstance(operand, list) or not operand or any(v not in allowed for v in operand):
                add_error(line, where, f"'{op}' takes values of {element}: {', '.join(allowed)}")
                return None
            return Condition(element, "not" if op == "not" else "all-of", tuple(operand))
        if op == "below":
            if element not in ORDERED:
                add_error(line, where, f"'below' is for ordered elements ({', '.join(sorted(ORDERED))})")
                return None
            if operand not in allowed:
                add_error(line, where, f"'below' takes one value of {element}: {', '.join(allowed)}")
                return None
            return Condition(element, "below", (operand,))
    add_error(line, where, "expected a list of values, present, absent, {not: [...]}, {all: [...]} or {below: value}")
    return None


def describe_schema() -> str:
    """The selector's schema as Markdown (for docs/rule-language.md)."""
    lines = ["| element | values |", "| --- | --- |", f"| `role` | {', '.join(f'`{r}`' for r in ROLES)} |"]
    for name, values in ELEMENTS.items():
        shown = ", ".join(f"`{v}`" for v in values)
        if name in ORDERED:
            shown += " (weakest to strongest)"
        lines.append(f"| `{name}` | {shown} |")
    return "\n".join(lines)

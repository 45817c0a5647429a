"""Where a finding about a whole unit, or the whole instrument, is underlined."""

from __future__ import annotations

from safeguard_lsp.draft import Draft, Unit


def unit_anchor(unit: Unit) -> tuple[int, int]:
    """A unit's heading, else its first character."""
    if unit.heading_start is not None and unit.heading_end is not None:
        return unit.heading_start, unit.heading_end
    return unit.start, max(unit.start, min(unit.end, unit.start + 1))


def first_line(draft: Draft, start: int, end: int) -> tuple[int, int]:
    newline = draft.text.find("\n", start, end)
    stop = newline if newline != -1 else end
    return start, max(start + 1, stop) if stop > start else start


def instrument_heading(draft: Draft) -> Unit | None:
    """Where findings on the instrument go: its title, else its first heading."""
    root = draft.root
    if root.heading_start is not None:
        return root
    return next((u for u in root.walk() if u is not root and u.heading_start is not None), None)

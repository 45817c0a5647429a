"""Findings for a person at a terminal (`check` with `--format pretty`, the
default on a terminal).

Grouped by file and then by article, one line per finding cut to the width,
the same message repeated in one article shown once with a count, and a
summary with the counts by severity. On a terminal, rich adds colour (never
with NO_COLOR); piped, the same layout is written as plain text at a fixed
width, so that it is stable to compare. rich is imported only for the
terminal. The problem-matcher format (`--format text`) is output.py's.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from safeguard_lsp.finding_shapes import entries
from safeguard_lsp.findings import SEVERITIES, SEVERITY_RANK

PLAIN_WIDTH = 100
WHOLE = "The instrument as a whole"
_STYLE = {"error": "bold red", "warning": "yellow", "information": "cyan", "hint": "dim"}
_PLURAL = {"error": "errors", "warning": "warnings", "information": "information", "hint": "hints"}


@dataclass
class Line:
    """One line of a group: a finding (or several with the same message)."""

    line: int  # 1-based; 0 for the instrument as a whole
    column: int
    severity: str
    code: str
    message: str
    count: int = 1


@dataclass
class Group:
    heading: str  # "Article 7 – Dissemination of false information"
    lines: list[Line]


def _heading(unit) -> str:
    if unit is None:
        return WHOLE
    article = unit.enclosing("article")
    if article is not None:
        return article.label + (f" – {article.title}" if article.title else "")
    if unit.kind == "document" or unit.parent is None:
        return WHOLE
    top = unit
    while top.parent is not None and top.parent.parent is not None:
        top = top.parent
    return top.label[:1].upper() + top.label[1:]


def groups_of(item) -> list[Group]:
    """The findings and notices of one checked file, grouped by article in
    the order of the text, the instrument as a whole first."""
    draft = item.draft
    by_heading: dict[str, Group] = {}
    order: list[tuple[int, str]] = []
    seen: dict[tuple, Line] = {}
    for entry in entries(item.findings, item.notices):
        start, severity, code, message = entry.start, entry.severity, entry.code, entry.message
        unit = entry.unit
        if unit is None and entry.end:  # a notice about a stretch of text: under the heading where it starts
            unit = draft.unit_at(start)
        heading = _heading(unit)
        whole = heading == WHOLE
        if heading not in by_heading:
            by_heading[heading] = Group(heading, [])
            order.append((-1 if whole else start, heading))
        key = (heading, code, message)
        if key in seen:
            seen[key].count += 1
            continue
        line, column = draft.position(start)
        shown = Line(0 if whole else line + 1, 0 if whole else column + 1, severity, code, message)
        seen[key] = shown
        by_heading[heading].lines.append(shown)
    return [by_heading[h] for _, h in sorted(order, key=lambda o: o[0])]


def counts(checked) -> dict[str, int]:
    out = {s: 0 for s in SEVERITIES}
    for item in checked:
        for finding in item.findings:
            out[finding.severity] += 1
        for notice in item.notices:
            out[notice.severity] = out.get(notice.severity, 0) + 1
    return out


def summary(checked) -> str:
    tally = counts(checked)
    total = sum(tally.values())
    files = len(checked)
    parts = [f"{tally[s]} {(_PLURAL[s] if tally[s] != 1 else s)}" for s in SEVERITIES if tally[s]]
    head = f"{total} finding{'s' * (total != 1)} in {files} draft{'s' * (files != 1)}"
    return head + (": " + ", ".join(parts) if parts else "") + "."


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"


def _line_parts(entry: Line) -> tuple[str, str, str, str]:
    where = f"{entry.line}:{entry.column}" if entry.line else "—"
    # the count beside the rule, where cutting the message cannot hide it
    times = f" ×{entry.count}" if entry.count > 1 else ""
    return where, entry.severity, entry.code + times, entry.message


def render_plain(checked, width: int = PLAIN_WIDTH) -> str:
    """The grouped layout as plain text (piped output, NO_COLOR)."""
    out: list[str] = []
    for item in checked:
        groups = groups_of(item)
        if not groups:
            continue
        out.append(item.path)
        for group in groups:
            out.append(f"  {_cut(group.heading, width - 2)}")
            for entry in group.lines:
                where, severity, code, message = _line_parts(entry)
                prefix = f"    {where:>7}  {severity:<11} {code}  "
                out.append(prefix + _cut(message, max(10, width - len(prefix))))
        out.append("")
    out.append(summary(checked))
    return "\n".join(out) + "\n"


def use_colour(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def render_rich(checked, stream=None) -> None:
    """The grouped layout with colours, on a terminal."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream or sys.stdout, highlight=False, soft_wrap=False)
    width = console.width
    for item in checked:
        groups = groups_of(item)
        if not groups:
            continue
        console.print(Text(item.path, style="bold underline"))
        for group in groups:
            console.print(Text("  " + _cut(group.heading, width - 2), style="bold"))
            for entry in group.lines:
                where, severity, code, message = _line_parts(entry)
                line = Text(f"    {where:>7}  ")
                line.append(f"{severity:<11}", style=_STYLE.get(severity, ""))
                line.append(f" {code}  ", style="dim")
                room = max(10, width - len(line.plain))
                line.append(_cut(message, room))
                console.print(line, overflow="ellipsis", no_wrap=True)
        console.print()
    tally = counts(checked)
    text = Text(summary(checked).split(":")[0])
    parts = [(f"{tally[s]} {(_PLURAL[s] if tally[s] != 1 else s)}", _STYLE[s]) for s in SEVERITIES if tally[s]]
    if parts:
        text.append(": ")
        for index, (words, style) in enumerate(parts):
            if index:
                text.append(", ")
            text.append(words, style=style)
    text.append(".")
    console.print(text)


def keep_at_least(checked, level: str) -> None:
    """--min-severity: drop findings and notices below ``level``, in place."""
    limit = SEVERITY_RANK[level]
    for item in checked:
        item.findings = [f for f in item.findings if SEVERITY_RANK[f.severity] <= limit]
        item.notices = [n for n in item.notices if SEVERITY_RANK.get(n.severity, 0) <= limit]


class Progress:
    """A progress bar on standard error for a folder of many drafts, on a
    terminal only; a no-op otherwise."""

    def __init__(self, total: int, enabled: bool):
        self._bar = None
        if enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn

            self._bar = Bar(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                            transient=True, console=_stderr_console())
            self._task = self._bar.add_task("", total=total)
            self._bar.start()

    def advance(self, name: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=name)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)


def show_markdown(text: str, stream=None) -> None:
    """`rules show` on a terminal: the Markdown rendered."""
    from rich.console import Console
    from rich.markdown import Markdown

    Console(file=stream or sys.stdout).print(Markdown(text))

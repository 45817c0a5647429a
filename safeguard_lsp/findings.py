"""What the engine reports: findings, their fixes and the text edits of a fix.

Offsets are Python ``str`` indices (Unicode code points) into the draft text;
conversion to editor positions happens in the server, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# typing.TYPE_CHECKING without importing typing (~4 ms of a `check`): type
# checkers treat this constant the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from safeguard_lsp.draft import Unit

SEVERITIES = ("error", "warning", "information", "hint")
# Lower rank is more severe: "reaches warning" means rank <= rank("warning").
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class TextEdit:
    """Replace ``text[start:end]`` with ``new_text``."""

    start: int
    end: int
    new_text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[TextEdit, ...]
    preferred: bool = False


@dataclass(frozen=True)
class Related:
    """Another place that matters for a finding (the article it relies on)."""

    start: int
    end: int
    message: str


@dataclass
class Finding:
    rule_id: str
    severity: str
    message: str
    start: int
    end: int
    unit: Unit
    category: str = ""
    title: str = ""
    citations: tuple[str, ...] = ()
    fixes: tuple[Fix, ...] = ()
    related: tuple[Related, ...] = ()
    url: str | None = None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule_id)


def apply_edits(text: str, edits: tuple[TextEdit, ...] | list[TextEdit]) -> str:
    """Apply non-overlapping edits to ``text`` (from the end, so offsets stay valid)."""
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.new_text + out[edit.end :]
    return out


@dataclass
class Notice:
    """Something the user should know that is not a finding about the draft
    (a silence without a reason, a draft too large to check in full)."""

    message: str
    severity: str = "information"
    start: int = 0
    end: int = 0
    code: str = "SG-NOTICE"
    extra: dict = field(default_factory=dict)

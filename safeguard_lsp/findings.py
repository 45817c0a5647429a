"""What the engine reports: findings, their fixes and the text edits of a fix.

Offsets are Python ``str`` indices (Unicode code points) into the draft text;
conversion to editor positions happens in the server, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# typing.TYPE_CHECKING without importing typing (a cost to every `check` process): type
# checkers treat this constant the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from safeguard_lsp.draft import Unit

SEVERITIES = ("error", "warning", "information", "hint")
# Lower rank is more severe: "reaches warning" means rank <= rank("warning").
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def softer(severity: str) -> str:
    """The next lower severity (what wording that only half meets a rule earns)."""
    return SEVERITIES[min(SEVERITY_RANK[severity] + 1, len(SEVERITIES) - 1)]


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


class LazyFixes:
    """A finding's fixes, made when first read; reads as the tuple it stands
    for.

    Fixes are offered one finding at a time (the quick fixes under the
    cursor), but every re-check of a long draft makes again the findings of
    the rules that read other articles and of the drafting checks: making
    their edits (model clauses numbered in the article's style,
    renumberings) at every keystroke was a large part of a re-check.
    ``some``: whether there is at least one fix, when known without making
    them (asked whenever the editor lists code actions)."""

    __slots__ = ("_make", "_fixes", "_some")

    def __init__(self, make, some: bool | None = None):
        self._make = make
        self._fixes = None
        self._some = some

    def resolve(self) -> tuple[Fix, ...]:
        fixes = self._fixes
        if fixes is None:
            # Two threads may make them both (the editor's thread and the
            # checker's); they make the same, and either is kept.
            fixes = self._fixes = tuple(self._make())
        return fixes

    def __iter__(self):
        return iter(self.resolve())

    def __len__(self) -> int:
        return len(self.resolve())

    def __getitem__(self, index):
        return self.resolve()[index]

    def __bool__(self) -> bool:
        return self._some if self._some is not None and self._fixes is None else bool(self.resolve())

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyFixes):
            other = other.resolve()
        return self.resolve() == other if isinstance(other, tuple) else NotImplemented

    __hash__ = None

    def __add__(self, other) -> "LazyFixes":
        return LazyFixes(lambda: self.resolve() + tuple(other), _either(self._some_known(), _known(other)))

    def __radd__(self, other) -> "LazyFixes":
        return LazyFixes(lambda: tuple(other) + self.resolve(), _either(_known(other), self._some_known()))

    def _some_known(self) -> bool | None:
        return bool(self._fixes) if self._fixes is not None else self._some

    def __repr__(self) -> str:
        return repr(self.resolve())


def _known(fixes) -> bool | None:
    return fixes._some_known() if isinstance(fixes, LazyFixes) else bool(fixes)


def _either(a: bool | None, b: bool | None) -> bool | None:
    if a or b:
        return True
    return None if a is None or b is None else False


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
    fixes: tuple[Fix, ...] | LazyFixes = ()
    related: tuple[Related, ...] = ()
    url: str | None = None
    # What the reading layer read of the provision ("offence; conduct: access …"),
    # and the safeguard categories the finding concerns (verdict keys).
    reading: str = ""
    safeguard: tuple[str, ...] = ()

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

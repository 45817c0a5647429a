"""Drafting brackets and alternatives, each read and checked in turn.

A negotiating text keeps options open: "Each State Party [shall/may] ensure…",
or paragraphs headed "Alt. 1" and "Alt. 2". The checker reads each option as
the text it would become: option i of every bracket and Alt. i of every group
of alternatives (the last one where a bracket offers fewer). An alternative left out is
blanked (same length and lines); a bracket is replaced by its option, and
the findings' offsets are mapped back to the draft as written. A finding
that only some options produce says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# "[shall/may]", "[shall / should / may]": short options, no nested brackets.
_BRACKET = re.compile(r"\[(?P<body>[^\[\]\n]{1,200}?/[^\[\]\n]{0,200}?)\](?!\()")  # not a Markdown link
# a paragraph opened by "Alt. 2", "Alternative 2", "[Alt. 2]", "**Alt. 2**"
_ALT = re.compile(r"[ \t]*(?:\[|\*\*|_)?[ \t]*(?:Alt\.?|Alternative)[ \t]*(?P<n>\d+)\b", re.IGNORECASE)
_BLANK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Site:
    """One place where the draft offers options."""

    start: int
    end: int
    options: tuple[str, ...]  # the bracket's options, or the alternatives' labels
    blocks: tuple[tuple[int, int], ...] = ()  # for alternatives: each one's span

    @property
    def is_bracket(self) -> bool:
        return not self.blocks

    def choice(self, index: int) -> int:
        return min(index, len(self.options) - 1)

    def describe(self, index: int) -> str:
        option = self.options[self.choice(index)]
        if self.is_bracket:
            return f"with “{option}” for [{'/'.join(self.options)}]"
        return f"in {option}"


def _brackets(text: str) -> list[Site]:
    sites = []
    for match in _BRACKET.finditer(text):
        options = tuple(part.strip() for part in match.group("body").split("/"))
        if len(options) >= 2 and all(options) and all(len(o) <= 80 for o in options):
            sites.append(Site(match.start(), match.end(), options))
    return sites


def _blocks(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for match in _BLANK.finditer(text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _alternative_groups(text: str) -> list[Site]:
    if not re.search(r"\bAlt(?:\.|ernative)\s*\d", text, re.IGNORECASE):
        return []
    groups: list[Site] = []
    current: list[tuple[int, int, str]] = []

    def close() -> None:
        if len(current) >= 2:
            groups.append(Site(current[0][0], current[-1][1], tuple(c[2] for c in current),
                               tuple((c[0], c[1]) for c in current)))
        current.clear()

    for start, end in _blocks(text):
        match = _ALT.match(text, start)
        if match is None:
            close()
            continue
        if match.group("n") == "1":
            close()
        current.append((start, end, f"Alt. {match.group('n')}"))
    close()
    return groups


def sites(text: str) -> list[Site]:
    """Every bracket of options and every group of alternatives, in order."""
    return sorted(_brackets(text) + _alternative_groups(text), key=lambda s: s.start)


@dataclass
class Variant:
    """The draft with one option taken at every site, and the way back to the
    offsets of the draft as written."""

    text: str
    # (start in the variant, end in the variant, start in the draft, end in the draft)
    replaced: list[tuple[int, int, int, int]]

    def original(self, offset: int, is_end: bool = False) -> int:
        """A variant offset in the draft as written; inside an option, the
        bracket's start (or, for the end of a range, its end)."""
        shift = 0
        for v_start, v_end, o_start, o_end in self.replaced:
            if offset < v_start or (offset == v_start and not is_end):
                break
            if offset < v_end or (offset == v_end and is_end):
                return o_end if is_end else o_start
            shift = o_end - v_end
        return offset + shift

    def touches_replaced(self, start: int, end: int) -> bool:
        return any(start < v_end and end > v_start or start == end == v_start
                   for v_start, v_end, _, _ in self.replaced)


def variant(text: str, found: list[Site], index: int) -> Variant:
    """The draft with option ``index`` taken at every site."""
    chars = list(text)
    for site in found:
        if not site.is_bracket:
            choice = site.choice(index)
            for number, (start, end) in enumerate(site.blocks):
                if number != choice:
                    chars[start:end] = [c if c in "\r\n" else " " for c in text[start:end]]
    blanked = "".join(chars)
    out, replaced, at = [], [], 0
    length = 0
    for site in found:
        if not site.is_bracket:
            continue
        out.append(blanked[at:site.start])
        length += site.start - at
        option = site.options[site.choice(index)]
        replaced.append((length, length + len(option), site.start, site.end))
        out.append(option)
        length += len(option)
        at = site.end
    out.append(blanked[at:])
    return Variant("".join(out), replaced)


def _mapped(finding, way: Variant):
    """The finding with the offsets of the draft as written (fixes that edit
    an option are dropped: they were written for that option's words)."""
    if not way.replaced:
        return finding
    fixes = []
    for fix in tuple(finding.fixes):
        if any(way.touches_replaced(e.start, e.end) for e in fix.edits):
            continue
        fixes.append(replace(fix, edits=tuple(replace(e, start=way.original(e.start), end=way.original(e.end, True))
                                              for e in fix.edits)))
    related = tuple(replace(r, start=way.original(r.start), end=way.original(r.end, True)) for r in finding.related)
    return replace(finding, start=way.original(finding.start), end=way.original(finding.end, True),
                   fixes=tuple(fixes), related=related)


def check_alternatives(engine, draft):
    """The engine's result for ``draft``, every option checked: findings that
    every option produces once, the others labelled with the option that
    produces them (and without fixes, which were written for that option's
    text). Returns the CheckResult of the first option, findings merged."""
    from safeguard_lsp.draft import Draft

    found = sites(draft.text)
    if not found:
        return engine.check(draft)
    count = max(len(site.options) for site in found)
    results = []
    for index in range(count):
        way = variant(draft.text, found, index)
        result = engine.check(Draft.parse(way.text, path=draft.path, syntax=draft.syntax))
        result.findings = [_mapped(f, way) for f in result.findings]
        results.append(result)

    def key(finding):
        return (finding.rule_id, finding.start, finding.end)

    keys = [{key(f) for f in result.findings} for result in results]
    everywhere = set.intersection(*keys)
    merged, seen = [], set()
    for result in results:
        for finding in result.findings:
            k = key(finding)
            if k in seen:
                continue
            seen.add(k)
            if k in everywhere:
                merged.append(finding)
                continue
            producing = [i for i, ks in enumerate(keys) if k in ks]
            merged.append(replace(finding, message=f"{_label(found, producing, finding)}: {finding.message}", fixes=()))
    first = results[0]
    first.findings = sorted(merged, key=lambda f: f.sort_key)
    return first


def _label(found: list[Site], producing: list[int], finding) -> str:
    """'With “may” for [shall/may]' for the sites near the finding (its
    paragraph), else the option's number."""
    # the sites in the finding's paragraph (offsets of the draft as written)
    lo, hi = finding.start, finding.end
    near = [s for s in found if s.start <= hi and s.end >= lo] or found
    parts = []
    for site in near:
        choices = sorted({site.choice(i) for i in producing})
        if len(choices) == len(site.options):
            continue  # every option of this site produces it: not the cause
        parts.append(" or ".join(site.describe(i) for i in choices))
    text = "; ".join(parts) if parts else f"in option {' or '.join(str(i + 1) for i in producing)}"
    return text[:1].upper() + text[1:]

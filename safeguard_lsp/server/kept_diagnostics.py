"""The diagnostics written for the previous version of a document, reused for
the findings an edit left as they were.

A finding's diagnostic is its range, its rule's fields, its related places
and the definition in force of each defined term it underlines, all as line
and column, then its ``data`` (the version, the rule, the offsets). After an
edit, a finding whose every place lies far enough before the edited text, or
after it on a line the edit does not reach, reads the same up to ``data``,
but for the line of each place after the edit, moved by the lines the edit
added or removed: its text is kept from the previous version with those
lines moved, and only the version and the offsets are written again. Finding the
definitions in force and the line and column of each place was most of the
time of writing a long draft's diagnostics, for every finding at every edit.

What decides whether a place is far enough: the terms in force over a span
are found from the uses of defined terms overlapping it (words within the
longest use's length of it) and from where each of those terms is defined.
So the places must lie ``margin`` characters from the edit, and each term
with a use overlapping the finding must be defined where it was (its places
and its definitions', moved with the text after the edit), or the
finding's diagnostic is written again.
"""

from __future__ import annotations

import re

from safeguard_lsp.textdiff import unchanged_ends

# Characters between an edit and a kept finding's places, besides twice the
# longest defined term (a use of a term that overlaps the span, and the word
# boundaries on each side of it).
MARGIN = 1024


class KeptDiagnostics:
    """The text of each finding's diagnostic up to its version, what
    follows the version up to its offsets, the phrases of the defined terms
    used in its span and the offsets of the places whose lines it gives, by
    (rule, severity, message, url, start, end, related places): made when an
    analysis's diagnostics are written, read when the next version's are."""

    def __init__(self, uri: str, encoding: str, text: str, line_count: int, terms: tuple, longest: int):
        self.uri, self.encoding, self.text, self.line_count, self.terms = uri, encoding, text, line_count, terms
        self.longest = longest  # the longest use of a defined term
        self.pieces: dict[tuple, tuple[str, str, tuple, tuple]] = {}
        self.reused = 0  # how many of these came from the previous version's (for tests)


def finding_key(finding, start: int, end: int, related: tuple) -> tuple:
    return (finding.rule_id, finding.severity, finding.message, finding.url, start, end, related)


def terms_of(draft) -> tuple:
    """What the definitions in force depend on besides the text near a span:
    where the front matter ends, and each defined term's place and its
    definition's, by phrase (see :func:`phrase`)."""
    by_phrase: dict[str, list] = {}
    for t in draft.terms:
        by_phrase.setdefault(phrase(t.term), []).append((t.start, t.end, t.definition_start, t.definition_end))
    return draft.front_end, by_phrase


def phrase(term: str) -> str:
    """The words of a term, lowered: two terms whose uses are the same
    phrase's (draft/term_spans.py) have the same, and some that are not."""
    found = _PHRASES.get(term)
    if found is None:
        found = _PHRASES[term] = " ".join(_WORDS.findall(term.lower()))
    return found


_WORDS = re.compile(r"\w+")
_PHRASES: dict[str, str] = {}


class Shift:
    """Where the places of the new version lie from the edit: a place before
    ``before`` is where it was, a place from ``after`` on (a line the edit
    does not reach) was ``delta`` characters and ``lines`` lines further
    back, any other is too near the edit to keep its diagnostic. ``moved``:
    the phrases whose definitions are not all where they were (a finding on
    a use of one is written again)."""

    def __init__(self, old: KeptDiagnostics, text: str, index, terms: tuple, longest: int):
        prefix, suffix = unchanged_ends(old.text, text)
        margin = MARGIN + 2 * max(longest, old.longest)  # a use the edit made, or unmade
        self.delta = len(text) - len(old.text)
        self.lines = index.line_count - old.line_count
        self.before = prefix - margin
        self.after = len(text) + 1
        line = index.line_of(min(len(text), len(text) - suffix + margin)) + 1
        if line < index.line_count:
            self.after = index.starts[line]
        self.old_after = self.after - self.delta
        front, by_phrase = terms
        old_front, old_by_phrase = old.terms
        self.usable = self.old(front) == old_front
        at = self.old
        self.moved = {word for word in by_phrase.keys() | old_by_phrase.keys()
                      if [tuple(map(at, places)) for places in by_phrase.get(word, ())]
                      != old_by_phrase.get(word)}

    def old(self, offset: int) -> int | None:
        """Where ``offset`` of the new text was, when its place may be kept."""
        if offset < self.before:
            return offset
        if offset >= self.after:
            return offset - self.delta
        return None


def kept_pieces(shift: Shift, previous: dict, finding, related: tuple, key: tuple) -> tuple | None:
    """The previous version's pieces of ``finding``'s diagnostic (``key``:
    its key in this version), moved to this version (see
    :func:`moved_pieces`); None when it must be written again."""
    start, end = finding.start, finding.end
    if related:
        at = shift.old
        places = [(at(s), at(e), message) for s, e, message in related]
        if any(s is None or e is None for s, e, _ in places):
            return None
        key = finding_key(finding, at(start), at(end), tuple(places))
        if key[4] is None or key[5] is None:
            return None
    elif start >= shift.before or end >= shift.before:  # not wholly before the edit: after it?
        if start < shift.after or end < shift.after:
            return None
        delta = shift.delta
        key = (key[0], key[1], key[2], key[3], start - delta, end - delta, ())
    pieces = previous.get(key)
    if pieces is None or (pieces[2] and not shift.moved.isdisjoint(pieces[2])):
        return None
    return moved_pieces(shift, pieces)


def moved_pieces(shift: Shift, pieces: tuple) -> tuple | None:
    """A kept diagnostic's pieces for the new version: its places (the
    offsets whose lines it gives, in their order in its text) moved with the
    text, and the line of each place after the edit moved with the lines;
    None when one of them is too near the edit."""
    body, data, phrases, places = pieces
    if (not shift.delta and not shift.lines) or max(places) < shift.before:
        return pieces
    before, old_after, delta, lines = shift.before, shift.old_after, shift.delta, shift.lines
    if min(places) >= old_after:  # all after the edit
        if lines:
            body = _LINE_NUMBER.sub(lambda m: f'"line":{int(m.group(1)) + lines}', body)
        return body, data, phrases, tuple([offset + delta for offset in places])
    moved = []
    for offset in places:
        if offset >= old_after:
            moved.append(offset + delta)
        elif offset < before:
            moved.append(offset)
        else:
            return None
    if lines:
        parts = body.split(_LINE)
        if len(parts) != len(places) + 1:
            return None
        out = [parts[0]]
        for offset, part in zip(places, parts[1:]):
            if offset >= old_after:
                digits = _DIGITS.match(part).end()
                part = f"{int(part[:digits]) + lines}{part[digits:]}"
            out.append(part)
        body = _LINE.join(out)
    return body, data, phrases, tuple(moved)


_LINE = '"line":'  # only ever a key of a position: a string's quotes are escaped
_LINE_NUMBER = re.compile(r'"line":(\d+)')
_DIGITS = re.compile(r"\d+")


def shift_from(previous, uri: str, text: str, index, terms: tuple, longest: int) -> Shift | None:
    """How the new version's places map to ``previous`` (a KeptDiagnostics,
    or None), when its diagnostics were written for the same document in the
    same position encoding and the draft's terms allow keeping any."""
    if previous is None or previous.uri != uri or previous.encoding != index.encoding:
        return None
    shift = Shift(previous, text, index, terms, longest)
    return shift if shift.usable else None

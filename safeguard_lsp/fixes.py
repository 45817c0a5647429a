"""Turn a rule's fix specifications into concrete text edits for one finding.

Inserted text follows the draft's own conventions: its line endings, the way
it numbers paragraphs (``2.`` or ``(2)``), the way it writes article headings
(Markdown ``## Article 9. Title``, one line ``Article 9 – Title`` or two lines),
and whether it speaks of "State Party" or "Party". Edits never touch text
outside the place they insert into or replace.
"""

from __future__ import annotations

import bisect
import re
import weakref

from safeguard_lsp.draft import Draft, Unit, _is_word_char
from safeguard_lsp.findings import Fix, LazyFixes, TextEdit
from safeguard_lsp.ruleset import FixSpec, RuleSet

_NUMBERED = re.compile(r"[ \t]*(?P<open>\()?(?P<num>\d+)(?P<close>[.)])?")


def newline_of(text: str) -> str:
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    return "\n"


# A draft's conventions are read once per draft, not once per fix: a long
# convention can have hundreds of findings. Only the drafts still in use are
# remembered: an LRU cache of 16 kept 16 old drafts of a long convention
# alive in the language server (~35 MB each, one a keystroke).
_per_draft: "weakref.WeakKeyDictionary[Draft, dict]" = weakref.WeakKeyDictionary()


def party_words(draft: Draft) -> tuple[str, str]:
    # Counted once per draft: every fix that inserts a model clause asks.
    memo = _memo(draft)
    words = memo.get("party words")
    if words is None:
        # By majority: a treaty that says "Party" may still mention
        # "non-member States Parties" once.
        state, bare = _party_counts(draft.positional("parties", _parties_between))
        words = memo["party words"] = (("State Party", "States Parties") if state and state >= bare
                                       else ("Party", "Parties"))
    return words


_PARTY = re.compile(r"Part(?:y|ies)\b")


def _parties_between(draft: Draft, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    """Each whole-word "Party"/"Parties" starting in text[lo:hi], and whether
    "State"/"States" is the word before it. Kept with the draft and found
    again only in the article an edit re-parses (Draft.positional): counted
    over the whole draft, ~7 ms of every 1 MB re-check."""
    return _party_facts(draft.text, lo, hi)


def _party_facts(text: str, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    """Searched from the literal "Part", which ``re`` finds far faster than a
    pattern starting with ``\\b`` (~50 ms on 1 MB before). It reads nothing
    beyond the line of each match and the line breaks around it, which an
    edit of other lines leaves as they are."""
    found = []
    for match in _PARTY.finditer(text, lo):
        at = match.start()
        if at >= hi:
            break
        if at and _is_word_char(text[at - 1]):
            continue
        state = (at >= 6 and text.startswith("State ", at - 6) and (at < 7 or not _is_word_char(text[at - 7]))) or \
            (at >= 7 and text.startswith("States ", at - 7) and (at < 8 or not _is_word_char(text[at - 8])))
        found.append((at, match.end(), state))
    return found


def _party_counts(facts: list[tuple[int, int, bool]]) -> tuple[int, int]:
    """How often the facts say "State(s) Party/Parties" and "Party/Parties"
    alone."""
    state = sum(1 for fact in facts if fact[2])
    return state, len(facts) - state


def _memo(draft: Draft) -> dict:
    memo = _per_draft.get(draft)
    if memo is None:
        memo = _per_draft[draft] = {}
    return memo


def _article_starts(draft: Draft) -> list[int]:
    memo = _memo(draft)
    if "starts" not in memo:
        memo["starts"] = [a.start for a in draft.articles]
    return memo["starts"]


def _article_numbers(draft: Draft) -> tuple[int, ...]:
    memo = _memo(draft)
    if "numbers" not in memo:
        memo["numbers"] = tuple(n for n in (_as_int(a.number) for a in draft.articles) if n is not None)
    return memo["numbers"]


def fill(template: str, draft: Draft) -> str:
    party, parties = party_words(draft)
    out = template.replace("{party}", party).replace("{parties}", parties)
    return out.replace("\n", newline_of(draft.text)) if newline_of(draft.text) != "\n" else out


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _clause_text(spec: FixSpec, ruleset: RuleSet, draft: Draft) -> tuple[str, str | None]:
    if spec.clause:
        clause = ruleset.clauses[spec.clause]
        return fill(clause.text, draft), clause.title
    return fill(spec.text or "", draft), None


def _as_int(number: str | None) -> int | None:
    if number is None:
        return None
    match = re.match(r"\d+", number)
    return int(match.group()) if match else None


def _paragraph_separator(draft: Draft, paragraphs: list[Unit]) -> str:
    nl = newline_of(draft.text)
    if len(paragraphs) >= 2:
        gap = draft.text[paragraphs[-2].end : paragraphs[-1].start]
        return nl if gap.count("\n") < 2 else nl + nl
    return nl + nl


_NUMBER_SPACING = re.compile(r"\d+[.)]([ \t]*)")


def append_paragraph(draft: Draft, article: Unit, body: str) -> TextEdit:
    """A paragraph after the article's last one, numbered in the article's style."""
    paragraphs = [c for c in article.children if c.kind == "paragraph"]
    text = draft.text
    label = ""
    indent = ""
    if paragraphs:
        last = paragraphs[-1]
        line_start = text.rfind("\n", 0, last.start) + 1
        head = text[line_start : last.start + 8]
        match = _NUMBERED.match(head)
        numbers = [n for n in (_as_int(p.number) for p in paragraphs) if n is not None]
        indent = re.match(r"[ \t]*", text[line_start:last.start + 1]).group() if line_start <= last.start else ""
        if numbers and match and match.group("num"):
            following = str(max(numbers) + 1)
            if match.group("open"):
                label = f"({following}) "
            else:
                # Matched in place: a slice from here would copy the rest of
                # the draft for every fix (quadratic on a long draft).
                spacing = _NUMBER_SPACING.match(text, last.start)
                gap = spacing.group(1) if spacing and spacing.group(1) else " "
                label = f"{following}{match.group('close') or '.'}{gap}"
        elif numbers:
            label = f"{max(numbers) + 1}. "
        separator = _paragraph_separator(draft, paragraphs)
    else:
        separator = newline_of(text) * 2
    at = article.end
    return TextEdit(at, at, f"{separator}{indent}{label}{body}")


def _heading_like(draft: Draft, model: Unit | None, number: str, title: str) -> str:
    nl = newline_of(draft.text)
    if model is None or model.heading_start is None or model.heading_end is None:
        prefix = "## " if draft.syntax == "markdown" else ""
        separator = ". " if draft.syntax == "markdown" else nl + nl
        return f"{prefix}Article {number}{separator}{title}"
    heading = draft.text[model.heading_start : model.heading_end]
    if model.number:
        heading = re.sub(rf"(?<![\w]){re.escape(model.number)}(?![\w])", number, heading, count=1)
    if model.title and model.title in heading:
        head, _, tail = heading.rpartition(model.title)
        heading = head + title + tail
    elif not model.title:
        heading = heading.rstrip() + f" – {title}"
    return heading


def add_article(draft: Draft, anchor: Unit | None, at: str, title: str, body: str) -> TextEdit:
    """A new article after the last one of the division (or of the draft)."""
    articles = draft.articles
    nl = newline_of(draft.text)
    if not articles:
        heading = _heading_like(draft, None, "1", title)
        end = len(draft.text.rstrip())
        return TextEdit(end, end, f"{nl}{nl}{heading}{nl}{nl}{body}{nl}")
    numbers = _article_numbers(draft)
    last = articles[-1]
    number = str(max(numbers) + 1) if numbers else "1"
    if at == "end-of-division" and anchor is not None:
        division = anchor.enclosing("section", "chapter", "part")
        if division is not None:
            # The last article starting inside the division (a bisection: a long
            # convention has many findings, each with this fix).
            i = bisect.bisect_left(_article_starts(draft), division.end) - 1
            inside = articles[i] if i >= 0 and articles[i].start >= division.start else None
            if inside is not None and inside is not articles[-1]:
                last = inside
                # Numbering the new article after the last one of the division
                # would collide with the next article; treaty practice inserts
                # it as "bis" without renumbering the rest.
                number = f"{last.number} bis"
    heading = _heading_like(draft, last, number, title)
    return TextEdit(last.end, last.end, f"{nl}{nl}{heading}{nl}{nl}{body}")


def promises_fixes(specs: tuple[FixSpec, ...]) -> bool:
    """Whether :func:`build_fixes` makes at least one fix from ``specs``
    (each kind makes one, a replacement one per wording), known without
    making them."""
    return any(spec.action != "replace" or spec.replacements for spec in specs)


def lazy_fixes(specs: tuple[FixSpec, ...], ruleset: RuleSet, draft: Draft, start: int, end: int,
               unit: Unit) -> LazyFixes | tuple[Fix, ...]:
    """:func:`build_fixes`, made when first read (see LazyFixes)."""
    if not specs:
        return ()
    return LazyFixes(lambda: build_fixes(specs, ruleset, draft, start, end, unit), promises_fixes(specs))


def build_fixes(
    specs: tuple[FixSpec, ...],
    ruleset: RuleSet,
    draft: Draft,
    start: int,
    end: int,
    unit: Unit,
) -> tuple[Fix, ...]:
    fixes: list[Fix] = []
    original = draft.text[start:end]
    for spec in specs:
        if spec.action == "replace":
            for replacement in spec.replacements:
                new_text = _match_case(original, fill(replacement, draft))
                title = spec.title if len(spec.replacements) == 1 else f"{spec.title}: “{new_text}”"
                fixes.append(Fix(title, (TextEdit(start, end, new_text),), spec.preferred))
        elif spec.action == "insert":
            text, _ = _clause_text(spec, ruleset, draft)
            at = start if spec.at == "before-trigger" else end
            fixes.append(Fix(spec.title, (TextEdit(at, at, text),), spec.preferred))
        elif spec.action == "append_paragraph":
            article = unit.enclosing("article") or draft.unit_at(start, "article")
            body, _ = _clause_text(spec, ruleset, draft)
            if article is None:
                end_of_text = len(draft.text.rstrip())
                nl = newline_of(draft.text)
                edit = TextEdit(end_of_text, end_of_text, f"{nl}{nl}{body}")
            else:
                edit = append_paragraph(draft, article, body)
            fixes.append(Fix(spec.title, (edit,), spec.preferred))
        elif spec.action == "add_article":
            body, title = _clause_text(spec, ruleset, draft)
            edit = add_article(draft, unit, spec.at or "end-of-document", title or spec.title, body)
            fixes.append(Fix(spec.title, (edit,), spec.preferred))
    if len(fixes) == 1 and not fixes[0].preferred:
        fixes[0] = Fix(fixes[0].title, fixes[0].edits, True)
    return tuple(fixes)

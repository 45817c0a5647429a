"""Re-parsing one article after an edit gives exactly the full parse.

``Draft.parse(text, previous=draft)`` re-parses only the article an edit
falls in when it can be sure that nothing else changes (reparse.py). Random
edit sequences on real drafts of every style (Articles, sections, '§',
Markdown, plain text) must give, unit for unit, the tree, defined terms,
cross-references (with what they point to) and lines of a parse from
scratch, and leave the earlier draft as it was.
"""

from __future__ import annotations

import os
import random
import weakref

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import BUDAPEST, EXAMPLES, REPO
from safeguard_lsp.draft import DIVISIONS, Draft
from safeguard_lsp.kinds.drafting_quality import _modals
from safeguard_lsp.draft.reparse import reparse
from safeguard_lsp.gcpause import untie_when_dropped

DRAFTS = sorted(EXAMPLES.glob("*.md")) + sorted(p for p in (REPO / "tests" / "drafts").iterdir() if p.is_file())
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in DRAFTS}
# The Budapest Convention (../shared), ten times the examples' length: its
# cases run in CI, the example drafts' in the fast loop.
BUDAPEST_SLOW = pytest.param("budapest", marks=pytest.mark.slow)
# A draft saved on Windows: every line ends with \r\n.
TEXTS["weak-crlf.md"] = TEXTS["weak-draft-convention.md"].replace("\n", "\r\n")

# Typing, and pastes that open headings, fences, comments, definitions and
# references, so that both the re-parse and the cases it must refuse are met.
PASTES = [
    "x", " ", "\n", "\n\n", ".", "may ", "e",
    "\n\n1. Each Party may order any person to disclose data, as appropriate.\n",
    "\n\n(a) the interception of content data;\n",
    "\n\nArticle 99 – Extra powers\n\n",
    "\n## Article 3. Moved\n",
    "\nChapter IX\n", "\nSection 4\n", "\n§ 12\n", "\n12. Scope\n", "\n477.3 Scope\n", "\nDivision 9—Other\n",
    "“Service provider” means any public or private entity. ",
    "\"data\" means anything; ",
    "see Article 5, paragraph 2 ", "Articles 3 to 5 and paragraph 1 ", "paragraph 2 of Article 4 ",
    "Article 14 of the Covenant ", "section 3(1) ",
    "```\n", "<!-- note -->", "<!--", "\n---\n", "# ", "Preamble\n",
    "Title\n", "\r\n", "\r",
    "must ", "SHALL ", "ſhall ", "İ",  # modals, a long s, a letter whose lower case is longer
    "ΟΔΟΣ ", "Σ",  # a capital sigma lowers by what surrounds it
]


def snapshot(draft: Draft) -> dict:
    """Everything a parse makes, with units named by their place in the order."""
    place = {id(u): k for k, u in enumerate(draft.order)}
    shape = draft.shape
    return {
        "units": [(u.kind, u.start, u.end, u.number, u.title, u.heading_start, u.heading_end, u.body_start,
                   u.keyword, None if u.parent is None else place[id(u.parent)],
                   [place[id(c)] for c in u.children]) for u in draft.order],
        "walk": [place[id(u)] for u in draft.root.walk()],
        "terms": [(t.term, t.start, t.end, t.definition_start, t.definition_end, place[id(t.unit)])
                  for t in draft.terms],
        "references": [(r.start, r.end, r.text, r.article, r.paragraph, r.subparagraph, place[id(r.source)],
                        [place[id(t)] for t in r.targets], r.instrument) for r in draft.references],
        "lines": draft.line_bounds,
        "syntax": draft.syntax,
        "front": draft.front_end,
        "shape": None if shape is None else (shape.article_types, shape.front_end_line, shape.front_reach,
                                              shape.syntax_detected, shape.heading_spans),
        "articles": [place[id(a)] for a in draft.articles],
        # Looked up once per draft and carried over by a re-parse.
        "uses": {t.term: draft.phrase_uses(t.term) for t in draft.terms},
        "modals": _modals(draft),
        "lowered": draft.lowered(),
    }


edits = st.lists(st.tuples(st.floats(0, 1), st.sampled_from([0, 0, 0, 1, 3, 40]), st.sampled_from(PASTES)),
                 min_size=1, max_size=6)


def _apply(text: str, edit) -> str:
    where, cut, paste = edit
    at = int(where * len(text))
    return text[:at] + paste + text[at + cut:]


def _text_of(name: str) -> tuple[str, str]:
    """A test draft's text and path by name, or the Budapest Convention's."""
    if name == "budapest":
        if not BUDAPEST.exists():
            pytest.skip("../shared/corpus (the Budapest Convention) is not beside the repository")
        return BUDAPEST.read_text(encoding="utf-8"), str(BUDAPEST)
    return TEXTS[name], name


def _check_sequence(name: str, text: str, sequence, path: str | None) -> int:
    draft = Draft.parse(text, path=path)
    made = 0
    for edit in sequence:
        text = _apply(text, edit)
        draft, quick = _check_edit(name, draft, text, path, edit)
        made += quick
    return made


def _check_edit(name: str, draft: Draft, text: str, path: str | None, edit) -> tuple[Draft, bool]:
    """The draft of ``text`` made from ``draft``; whether it was re-parsed.
    A re-parse must equal the full parse, and leave ``draft`` as it was."""
    before = snapshot(draft)
    quick = reparse(draft, text)
    assert snapshot(draft) == before, "the earlier draft was changed"
    full = Draft.parse(text, path=path)
    if quick is not None:
        assert snapshot(quick) == snapshot(full), f"{name}: re-parse differs after {edit!r}"
    draft = Draft.parse(text, path=path, previous=draft)
    assert snapshot(draft) == snapshot(full)
    return draft, quick is not None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(TEXTS)), sequence=edits, as_file=st.booleans())
# A bill of numbered sections turned into one of articles by one pasted
# article, whose heading is then broken: its sections are articles again.
@example(name="national-law.txt", sequence=[(0.3203125, 40, "\n\nArticle 99 – Extra powers\n\n"),
                                            (0.5, 40, "x"), (0.34375, 0, "x")], as_file=False)
# A bill of numbered titles whose only heading read as a title loses its
# title words: it then has no articles.
@example(name="national-law.txt", sequence=[
    (0.11520828674600514, 200, "İ"), (0.009137055837563452, 3, "1"), (0.7285854594083604, 1, "CHAPTER IV\n"),
    (0.3544813695871098, 3, "\nChapter IX\n"), (0.36227544910179643, 40, "CHAPTER IV\n"),
    (0.7163412127440905, 200, "paragraph 2 of Article 4 ")], as_file=True)
@pytest.mark.slow
def test_random_edits_reparse_as_a_full_parse(name, sequence, as_file):
    # As a file the name decides the syntax; without one it is guessed from the text.
    _check_sequence(name, TEXTS[name], sequence, name if as_file else None)


@pytest.mark.slow
@pytest.mark.skipif(not BUDAPEST.exists(), reason="../shared/corpus (the Budapest Convention) is not beside the repository")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequence=edits)
def test_random_edits_of_the_budapest_convention_reparse_as_a_full_parse(sequence):
    _check_sequence("Budapest", BUDAPEST.read_text(encoding="utf-8"), sequence, str(BUDAPEST))


# Edits at a heading (chosen by its place among the headings) and a few
# characters into it: where the re-parses of runs of articles, of a chapter's
# opening and of the preamble decide, which random places seldom reach.
heading_edits = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 14), st.sampled_from([0, 0, 1, 3, 40, 200]),
                                   st.sampled_from(PASTES + ["0", "1", "A", "\n\nArticle 12. New\n\n"])),
                         min_size=1, max_size=6)
_EXAMPLES = int(os.environ.get("SAFEGUARD_FUZZ_EXAMPLES", "300"))


@pytest.mark.slow
@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(TEXTS)), sequence=heading_edits, as_file=st.booleans())
def test_random_edits_at_headings_reparse_as_a_full_parse(name, sequence, as_file):
    text, path = TEXTS[name], name if as_file else None
    draft = Draft.parse(text, path=path)
    for which, into, cut, paste in sequence:
        headed = [u for u in draft.units() if u.heading_start is not None] or [draft.root]
        at = min(len(text), headed[which % len(headed)].start + into)
        text = text[:at] + paste + text[at + cut:]
        draft, _ = _check_edit(name, draft, text, path, (at, cut, paste))


def test_typing_in_an_article_body_reparses_that_article_only():
    text = TEXTS["weak-draft-convention.md"]
    draft = Draft.parse(text, path="weak.md")
    article = draft.articles[len(draft.articles) // 2]
    at = article.children[-1].end  # the end of its last paragraph
    edited = text[:at] + " as appropriate" + text[at:]
    quick = reparse(draft, edited)
    assert quick is not None
    assert snapshot(quick) == snapshot(Draft.parse(edited, path="weak.md"))
    # The units of other articles are copies, moved where they follow the edit.
    later = draft.articles[-1]
    assert quick.articles[-1] is not later and quick.articles[-1].start == later.start + len(" as appropriate")


@pytest.mark.parametrize("paste", ["\nCHAPTER IX\n", "\n```\n"])
def test_an_edit_that_opens_a_division_or_a_fence_is_parsed_in_full(paste):
    text = TEXTS["weak-draft-convention.md"]
    draft = Draft.parse(text, path="weak.md")
    article = draft.articles[len(draft.articles) // 2]
    at = article.children[-1].end
    edited = text[:at] + paste + text[at:]
    assert reparse(draft, edited) is None
    assert snapshot(Draft.parse(edited, path="weak.md", previous=draft)) == snapshot(Draft.parse(edited, path="weak.md"))


def test_a_title_typed_in_a_heading_reparses_that_article():
    text = TEXTS["weak-draft-convention.md"]
    draft = Draft.parse(text, path="weak.md")
    article = draft.articles[2]
    at = article.heading_end
    edited = text[:at] + " and more" + text[at:]
    quick = reparse(draft, edited)
    assert quick is not None and quick.articles[2].title.endswith(" and more")
    assert snapshot(quick) == snapshot(Draft.parse(edited, path="weak.md"))


def test_an_article_typed_in_a_body_is_reparsed_with_its_neighbour():
    text = TEXTS["weak-draft-convention.md"]
    draft = Draft.parse(text, path="weak.md")
    article = draft.articles[len(draft.articles) // 2]
    at = article.children[-1].end
    edited = text[:at] + "\n\nArticle 77 – New\n\nAs provided in Article 3.\n" + text[at:]
    quick = reparse(draft, edited)
    assert quick is not None and len(quick.articles) == len(draft.articles) + 1
    assert snapshot(quick) == snapshot(Draft.parse(edited, path="weak.md"))


def test_a_heading_given_another_number_moves_the_references_to_it():
    text = ("# Convention\n\nArticle 1 – Scope\n\n1. This applies.\n\n"
            "Article 2 – Powers\n\nAs provided in Article 2, powers apply.\n\n"
            "Article 3 – Review\n\nArticle 20 and Article 2 are reviewed.\n")
    draft = Draft.parse(text, path="c.md")
    at = text.index("Article 2 – Powers") + len("Article 2")
    edited = text[:at] + "0" + text[at:]  # Article 2 becomes Article 20
    quick = reparse(draft, edited)
    assert quick is not None
    targets = {r.text: [(t.kind, t.number) for t in r.targets] for r in quick.references}
    assert targets == {"Article 2": [], "Article 20": [("article", "20")]}
    assert snapshot(quick) == snapshot(Draft.parse(edited, path="c.md"))


def _heading_edits(text: str, draft: Draft):
    """Edits that change which articles the draft has: a digit typed into an
    article's number, a letter into its keyword, its heading line deleted, a
    copy of its heading line numbered 77 pasted after its last paragraph, and
    everything from the middle of one article to the middle of the next
    deleted."""
    articles = draft.articles
    for k, article in enumerate(articles):
        if article.number and article.heading_start is not None:
            number_end = text.index(article.number, article.start) + len(article.number)
            yield "digit", text[:number_end] + "0" + text[number_end:]
            yield "keyword", text[:article.start + 2] + "x" + text[article.start + 2:]
            line_end = text.find("\n", article.start)
            yield "heading deleted", text[:article.start] + text[line_end + 1:]
        if article.children and article.number:
            # Its own heading line, numbered 77, and a body citing it.
            line = text[article.start:text.find("\n", article.start)].replace(article.number, "77", 1)
            at = article.children[-1].end
            yield "pasted", text[:at] + f"\n\n{line}\n\nSee Article 77.\n" + text[at:]
        if k + 1 < len(articles):
            later = articles[k + 1]
            yield "across", text[:(article.start + article.end) // 2] + text[(later.start + later.end) // 2:]


@pytest.mark.parametrize("name", sorted(TEXTS) + [BUDAPEST_SLOW])
def test_an_edit_that_adds_removes_or_renumbers_articles_reparses_them(name):
    """A heading given another number, one that stops being a heading, an
    article pasted, two articles joined: the run of articles parsed again,
    every reference resolved again, as the full parse would have them."""
    text, path = _text_of(name)
    draft = Draft.parse(text, path=path)
    made: dict[str, list[int]] = {}
    for kind, edited in _heading_edits(text, draft):
        quick = reparse(draft, edited)
        if quick is not None:
            assert snapshot(quick) == snapshot(Draft.parse(edited, path=path)), f"{name}: {kind}"
        counts = made.setdefault(kind, [0, 0])
        counts[0] += 1
        counts[1] += quick is not None
    if draft.articles and draft.shape.article_types - {"num"}:
        # Refused only for what the run does not cover (the first article of
        # a chapter losing its heading, a fence, a '#' in a guessed syntax).
        assert all(quick for _, quick in made.values()), made


def test_a_reference_into_the_edited_article_points_at_its_new_paragraph():
    text = ("# Convention\n\nArticle 1 – Scope\n\n1. This applies.\n\n"
            "Article 2 – Powers\n\nAs provided in Article 1, paragraph 2, powers apply.\n")
    draft = Draft.parse(text, path="c.md")
    ref = next(r for r in draft.references if r.paragraph == "2")
    assert ref.targets == []
    at = text.index("1. This applies.") + len("1. This applies.")
    edited = text[:at] + "\n\n2. This also applies." + text[at:]
    quick = reparse(draft, edited)
    assert quick is not None
    ref = next(r for r in quick.references if r.paragraph == "2")
    assert [(t.kind, t.number) for t in ref.targets] == [("paragraph", "2")]
    assert snapshot(quick) == snapshot(Draft.parse(edited, path="c.md"))


def _division_edits(text: str, draft: Draft):
    """Edits in each chapter's or section's heading lines: words typed at
    the end of its title, a letter typed in its heading line, the last
    character of its title deleted."""
    for unit in draft.units():
        if unit.kind not in DIVISIONS or unit.heading_start is None or unit.heading_end is None:
            continue
        end, middle = unit.heading_end, (unit.heading_start + unit.heading_end) // 2
        yield "typed", text[:end] + " and more" + text[end:]
        yield "letter", text[:middle] + "e" + text[middle:]
        yield "deleted", text[:end - 1] + text[end:]


_WITH_DIVISIONS = [name for name, text in sorted(TEXTS.items())
                   if any(u.kind in DIVISIONS for u in Draft.parse(text, path=name).units())]


@pytest.mark.parametrize("name", _WITH_DIVISIONS + [BUDAPEST_SLOW])
def test_an_edit_in_a_division_heading_reparses_its_heading_lines(name):
    """A chapter's title typed or corrected: its heading lines are parsed
    again and the articles it holds moved, as the full parse would have them
    (the typed title always; a letter in 'CHAPTER' or in its number makes a
    full parse)."""
    text, path = _text_of(name)
    draft = Draft.parse(text, path=path)
    typed = quick_typed = 0
    for kind, edited in _division_edits(text, draft):
        quick = reparse(draft, edited)
        full = Draft.parse(edited, path=path)
        if quick is not None:
            assert snapshot(quick) == snapshot(full), f"{name}: {kind}"
        if kind == "typed":
            typed += 1
            quick_typed += quick is not None
        assert snapshot(Draft.parse(edited, path=path, previous=draft)) == snapshot(full)
    # Every typed title but one naming the document (no title line of its own).
    assert typed and quick_typed >= typed - 1, (quick_typed, typed)



@pytest.mark.parametrize("name", _WITH_DIVISIONS + [BUDAPEST_SLOW])
def test_the_first_article_of_a_division_losing_its_heading_joins_its_opening_text(name):
    """A letter typed into the keyword of a chapter's first article, or its
    heading line deleted: its lines become the chapter's opening text, parsed
    again with the chapter's heading lines, as the full parse would have them."""
    text, path = _text_of(name)
    draft = Draft.parse(text, path=path)
    firsts = [u.children[0] for u in draft.units() if u.kind in DIVISIONS and u.children
              and u.children[0].kind == "article" and u.children[0].heading_start is not None]
    assert firsts
    # Which headings make articles is read from all of them; numbered titles
    # ('1. Scope') are left to the full parse.
    numbered = "num" in draft.shape.article_types
    for article in firsts:
        line_end = text.find("\n", article.start)
        for edited in (text[:article.start + 2] + "x" + text[article.start + 2:],
                       text[:article.start] + text[line_end + 1:]):
            quick = reparse(draft, edited)
            # (A code fence or comment in its lines makes a full parse, as anywhere.)
            assert quick is not None or numbered or "<!--" in text[article.start:article.end], article.label
            if quick is not None:
                assert snapshot(quick) == snapshot(Draft.parse(edited, path=path)), article.label

_WITH_PREAMBLE = [name for name, text in sorted(TEXTS.items())
                  if any(u.kind == "preamble" for u in Draft.parse(text, path=name).units())]


@pytest.mark.parametrize("name", _WITH_PREAMBLE + [BUDAPEST_SLOW])
def test_an_edit_in_the_preamble_reparses_the_preamble(name):
    """Typing, a new paragraph, a deletion, a heading or opening words pasted,
    at places through the preamble: the preamble parsed again as the full
    parse would have it (or, when the edit makes it something else, a full
    parse); a letter typed in the middle of it is always a re-parse."""
    text, path = _text_of(name)
    draft = Draft.parse(text, path=path)
    preamble = next(u for u in draft.units() if u.kind == "preamble")
    for where in (0.0, 0.1, 0.5, 0.9, 1.0):
        at = int(preamble.start + where * (preamble.end - preamble.start))
        for paste, cut in (("x", 0), ("\n\n", 0), ("", 5), ("\nPreamble\n", 0), ("\n\nArticle 3\n\n", 0),
                           ("\n\nThe States Parties", 0)):
            edited = text[:at] + paste + text[at + cut:]
            quick = reparse(draft, edited)
            if quick is not None:
                assert snapshot(quick) == snapshot(Draft.parse(edited, path=path)), (where, paste, cut)
            if where == 0.5 and paste == "x":
                assert quick is not None


def _giving_sequence(name: str, edits: int, seed: int) -> int:
    """``edits`` random edits re-parsed as the language server re-parses:
    each draft freed, its units cut from each other, once the next replaces
    it (gcpause.untie_when_dropped), so that it gives the next the units
    before the edited lines. Each draft must equal the full parse, still
    after the one before it is freed; a draft that gave nothing is left as
    it was. Returns how many units the drafts shared."""
    text, path = _text_of(name)
    rng = random.Random(seed)
    draft = Draft.parse(text, path=path)
    untie_when_dropped(draft)
    shared = 0
    for _ in range(edits):
        edit = (rng.random(), rng.choice([0, 0, 0, 1, 3, 40]), rng.choice(PASTES))
        text = _apply(text, edit)
        before = snapshot(draft)
        new = Draft.parse(text, path=path, previous=draft)
        untie_when_dropped(new)
        if draft.given:
            old_units = {id(u) for u in draft.order}
            shared += sum(1 for u in new.order if id(u) in old_units)
            assert reparse(draft, text) is None, "a draft that gave its units was re-parsed again"
            assert snapshot(Draft.parse(text, path=path, previous=draft)) == snapshot(new)
        else:
            assert snapshot(draft) == before, f"{name}: the earlier draft was changed by {edit!r}"
        gone = weakref.ref(draft)
        del draft  # freed: its units are cut, but for those it gave
        assert gone() is None
        draft = new
        assert snapshot(draft) == snapshot(Draft.parse(text, path=path)), f"{name}: after {edit!r}"
    return shared


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_language_servers_drafts_share_the_units_before_an_edit(name):
    """The units before an edited article are the previous draft's own,
    placed under the new draft's copies of their divisions (copying them was
    much of a re-parse of a long draft); the drafts equal the full parse."""
    shared = _giving_sequence(name, 25, seed=11)
    if name in ("weak-draft-convention.md", "strong-draft-convention.md"):
        assert shared > 100


@pytest.mark.slow
@pytest.mark.skipif(not BUDAPEST.exists(), reason="../shared/corpus (the Budapest Convention) is not beside the repository")
def test_the_budapest_conventions_drafts_share_the_units_before_an_edit():
    assert _giving_sequence("budapest", 60, seed=12) > 1000

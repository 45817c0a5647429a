"""Incremental re-checking gives exactly the findings of a full check.

The server keeps one CheckCache per open document: after an edit, segments
(articles) whose text is unchanged reuse their lexicon matches and the findings
of article-local rules. Random edit sequences on a real draft, each re-parsed
from the draft before it as the server does (reparse.py), must give the same
findings, fixes and examined units as a fresh parse and a fresh engine without
a cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import CheckCache, Engine
from safeguard_lsp.patterns import Lexicon
from safeguard_lsp.draft.reparse import reparse
from safeguard_lsp.gcpause import untie_when_dropped

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WEAK = (EXAMPLES / "weak-draft-convention.md").read_text(encoding="utf-8")
STRONG = (EXAMPLES / "strong-draft-convention.md").read_text(encoding="utf-8")

PASTES = [
    "x",
    " ",
    "\n",
    ".",
    "may ",
    "\n\nArticle 99 – Extra powers\n\n1. Each Party may order any person to disclose data, as appropriate.\n",
    "\n\n## Article 3. Moved\n\nThe competent authorities may intercept content data without a warrant.\n",
    "subject to conditions and safeguards provided for under its domestic law",
    " prior authorisation by a judge or other independent authority ",
    "\n\n2. A Party may refuse assistance where the request concerns a political offence.\n",
    "“Service provider” means any public or private entity. ",
    "Chapter II\n\n",
]


def _key(result):
    findings = [
        (f.rule_id, f.severity, f.message, f.start, f.end, f.unit.kind, f.unit.start,
         tuple((fix.title, fix.preferred, tuple((e.start, e.end, e.new_text) for e in fix.edits)) for fix in f.fixes),
         tuple((r.start, r.end, r.message) for r in f.related))
        for f in result.findings
    ]
    examined = [(rule_id, unit.kind, unit.start, unit.end) for rule_id, unit in result.examined]
    notices = [(n.code, n.message, n.start, n.end) for n in result.notices]
    return findings, examined, notices


# Where the title of the weak example's Chapter III lies.
_IN_A_CHAPTER_TITLE = (WEAK.index("Procedural measures and law") + 10) / len(WEAK)

edit = st.tuples(
    st.floats(min_value=0, max_value=1),                  # where
    st.integers(min_value=0, max_value=40),               # how many characters to delete
    st.sampled_from(PASTES),                              # what to type or paste
)


@pytest.fixture(scope="module")
def engine(shipped):
    return Engine(shipped)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(["weak", "strong"]), edits=st.lists(edit, min_size=1, max_size=8))
# A chapter heading typed into an article leaves a paragraph under no article,
# whose fix appends at the end of the draft: outside its segment, so its
# finding must not be cached with the segment (an edit later in the draft
# moves the end).
@example(start="weak", edits=[(0.7222003066761152, 34, "Chapter II\n\n"), (0.9312939807378224, 0, "x")])
# A chapter's title typed, then a letter of it deleted: its heading lines are
# parsed again, the articles it holds moved (reparse.py).
@pytest.mark.slow
@example(start="weak", edits=[(_IN_A_CHAPTER_TITLE, 0, " and more"), (_IN_A_CHAPTER_TITLE, 1, "")])
def test_random_edit_sequences_match_a_full_check(engine, start, edits):
    text = WEAK if start == "weak" else STRONG
    cache = CheckCache()
    draft = Draft.parse(text, path="draft.md")
    untie_when_dropped(draft)
    engine.check(draft, cache=cache)
    for where, delete, paste in edits:
        at = int(where * len(text))
        text = text[:at] + paste + text[at + delete:]
        # As the server does: the draft made from the last one where the edit
        # allows it (reparse.py; each draft freed once replaced, and so
        # giving the next its units before the edit), checked with the
        # document's cache.
        draft = Draft.parse(text, path="draft.md", previous=draft)
        untie_when_dropped(draft)
        cached = engine.check(draft, cache=cache)
        fresh = Engine(engine.ruleset).check(Draft.parse(text, path="draft.md"))
        assert _key(cached) == _key(fresh)


def _at(needle: str, offset: int) -> int:
    return WEAK.index(needle) + offset


# Edits that re-parse more than one article's lines (reparse.py), each
# followed by typing elsewhere: (where, characters deleted, text typed).
_REPARSED = {
    "an article given another number": [(_at("### Article 5.", 13), 0, "0"), (_at("Article 9.", 20), 0, "x")],
    "an article heading broken": [(_at("### Article 4.", 6), 0, "x"), (_at("Article 10.", 20), 0, "x")],
    "a chapter's first article losing its heading": [(_at("### Article 3.", 6), 0, "x"), (_at("Article 6.", 20), 0, "x")],
    "an article pasted": [(_at("### Article 6.", 0), 0, "### Article 77. New\n\nThe competent authorities may "
                                                    "intercept content data without a warrant.\n\n"),
                          (_at("Article 4.", 20), 0, "x")],
    "two articles joined": [(_at("### Article 7.", -30), 200, ""), (_at("Article 2.", 20), 0, "x")],
    "the preamble": [(_at("Convinced that rapid", 5), 0, "x"), (_at("Concerned by", 0), 0, "\n\n")],
}


@pytest.mark.parametrize("giving", [False, True], ids=["drafts kept", "drafts freed as the server frees them"])
@pytest.mark.parametrize("name", sorted(_REPARSED))
def test_edits_reparsing_runs_of_articles_or_the_preamble_match_a_full_check(engine, name, giving):
    text = WEAK
    cache = CheckCache()
    draft = Draft.parse(text, path="draft.md")
    if giving:
        untie_when_dropped(draft)
    engine.check(draft, cache=cache)
    for at, delete, typed in _REPARSED[name]:
        edited = text[:at] + typed + text[at + delete:]
        quick = reparse(draft, edited)
        assert quick is not None, "made a full parse"
        if giving:
            untie_when_dropped(quick)
            assert draft.given
        text, draft = edited, quick
        cached = engine.check(draft, cache=cache)
        fresh = Engine(engine.ruleset).check(Draft.parse(text, path="draft.md"))
        assert _key(cached) == _key(fresh)


def test_an_edit_reuses_the_other_articles(engine):
    cache = CheckCache()
    engine.check(Draft.parse(WEAK, path="draft.md"), cache=cache)
    at = WEAK.index("Article 5")
    edited = WEAK[:at] + "Note. " + WEAK[at:]
    cache.hits = cache.misses = 0
    result = engine.check(Draft.parse(edited, path="draft.md"), cache=cache)
    assert cache.misses <= 2 and cache.hits > 5
    fresh = Engine(engine.ruleset).check(Draft.parse(edited, path="draft.md"))
    assert _key(result) == _key(fresh)


def test_findings_of_a_cached_check_are_copies(engine):
    """Severity overrides mutate a result's findings: the cache must not see it."""
    cache = CheckCache()
    draft = Draft.parse(WEAK, path="draft.md")
    first = engine.check(draft, cache=cache)
    for finding in first.findings:
        finding.severity = "hint"
    second = engine.check(Draft.parse(WEAK, path="draft.md"), cache=cache)
    assert _key(second) == _key(Engine(engine.ruleset).check(Draft.parse(WEAK, path="draft.md")))


def test_the_literal_prefilter_misses_nothing(shipped):
    """Each segment is searched only for the terms its literals allow: the
    same matches as searching for every term."""
    lexicon = shipped.lexicon
    plain = Lexicon(shipped.scanned_terms())
    plain.prefilter = False
    for text in (WEAK, STRONG, WEAK.upper(), STRONG.replace("e", "é")):
        draft = Draft.parse(text, path="draft.md")
        bounds = [a.start for a in draft.articles]
        assert lexicon.scan(text, bounds).spans == plain.scan(text, bounds).spans


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(["weak", "strong"]), edits=st.lists(edit, min_size=1, max_size=10))
def test_matches_taken_from_the_last_scan_are_those_of_a_fresh_scan(shipped, start, edits):
    """After an edit the scan takes the matches of the segments at the start
    and at the end of the text, the same as before, from the last scan in one
    piece, moved by the change in length: each version's matches must be a
    fresh scan's, term for term."""
    from safeguard_lsp.patterns import SegmentCache

    lexicon = shipped.lexicon
    text = WEAK if start == "weak" else STRONG
    cache = SegmentCache()
    # The last step changes nothing: every segment is the same as before
    # (the one before it gives the last segment matches).
    for where, delete, paste in [(0.0, 0, "")] + edits + [(1.0, 0, " may intercept data"), (0.5, 0, "")]:
        at = int(where * len(text))
        text = text[:at] + paste + text[at + delete:]
        bounds = sorted({a.start for a in Draft.parse(text, path="draft.md").articles if a.start > 0})
        assert lexicon.scan(text, bounds, cache).spans == lexicon.scan(text, bounds).spans

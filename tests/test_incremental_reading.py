"""Reading rules re-checked article by article give the findings of a full check.

A ``reading`` rule that may find its required safeguard elsewhere (the
articles a power refers to, its chapter's or the instrument's safeguard
articles) is evaluated again, after an edit, only on the articles whose text
changed or whose places elsewhere changed (Engine.per_article). Each kind of
edit that can change what such a rule reads elsewhere must give exactly the
findings of a fresh check, and must change them where the draft's safeguards
changed (so the comparison has something to catch).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import CheckCache, Engine
from safeguard_lsp.gcpause import untie_when_dropped

WEAK = (Path(__file__).resolve().parents[1] / "examples" / "weak-draft-convention.md").read_text(encoding="utf-8")

_SAFEGUARDS = ("\n\n4. The powers provided for in this chapter shall be exercised only with the prior authorisation "
               "of an independent judicial authority, granted on a reasoned application showing that the measure "
               "is necessary and proportionate to the investigation.")
_SAFEGUARD_ARTICLE = ("### Article 15A. Authorisation and proportionality\n\nThe powers provided for in this chapter "
                      "shall be exercised only with the prior authorisation of an independent judicial authority, "
                      "granted on a reasoned application showing that the measure is necessary and proportionate to "
                      "the investigation.\n\n")


def _at(text: str, needle: str, offset: int = 0) -> int:
    return text.index(needle) + offset


def _edit(text: str, needle: str, typed: str, offset: int = 0, delete: int = 0) -> str:
    at = _at(text, needle, offset)
    return text[:at] + typed + text[at + delete:]


def _inside_a_power(text):
    return _edit(text, "### Article 18.", "\n\n2. The competent authorities may also intercept content data without "
                                         "a warrant.", offset=-2)


def _in_the_chapters_safeguard_article(text):
    return _edit(text, "3. Each State Party may provide for the notification", _SAFEGUARDS.rstrip() + "\n\n")


def _a_power_referring_to_the_safeguard_article(text):
    return _edit(text, "Each State Party shall adopt such legislative and other measures as may be necessary to "
                       "empower its competent authorities to order:", "Subject to article 15A, ")


def _a_safeguard_article_added(text):
    return _edit(text, "### Article 16. Preservation", _SAFEGUARD_ARTICLE)


def _the_safeguard_article_removed(text):
    at = text.index("### Article 15A.")
    return text[:at] + text[at + len(_SAFEGUARD_ARTICLE):]


_DISCLOSURE_OFFENCE = ("### Article 11A. Disclosure of confidential data\n\nEach State Party shall adopt such "
                       "legislative and other measures as may be necessary to establish as a criminal offence the "
                       "publication of data obtained without right from an ICT system.\n\n")
_DEFENCE = ("### Article 11B. Disclosure in the public interest\n\nArticle 11A shall not apply to a disclosure made "
            "in good faith in the public interest.\n\n")


def _a_disclosure_offence_added(text):
    return _edit(text, "### Article 12.", _DISCLOSURE_OFFENCE)


def _a_defence_referring_to_it_added(text):
    return _edit(text, "### Article 12.", _DEFENCE)


def _the_defence_made_to_refer_elsewhere(text):
    return _edit(text, "Article 11A shall not apply", "Article 10", delete=len("Article 11A"))


def _typing_elsewhere(text):
    return _edit(text, "### Article 27.", "x", offset=30)


# Each sequence ends where its edits no longer change reading findings, so a
# stale finding kept from an earlier state is caught by the last comparison.
SEQUENCES = {
    "inside an article": [_inside_a_power, _typing_elsewhere],
    "in the chapter's safeguard article": [_in_the_chapters_safeguard_article, _typing_elsewhere],
    # The reference is typed first: it leads nowhere until the article is added.
    "a safeguard article referred to, added, removed": [
        _a_power_referring_to_the_safeguard_article, _typing_elsewhere, _a_safeguard_article_added,
        _typing_elsewhere, _the_safeguard_article_removed, _typing_elsewhere],
    # A defence written apart from the offence, in an article that refers to it (within: referring).
    "a defence referring to an offence, added, then pointed elsewhere": [
        _a_disclosure_offence_added, _typing_elsewhere, _a_defence_referring_to_it_added, _typing_elsewhere,
        _the_defence_made_to_refer_elsewhere, _typing_elsewhere],
}


def _reading_findings(result, engine) -> list[tuple]:
    kinds = {rule.id: rule.kind for rule in engine.ruleset.rules}
    return [(f.rule_id, f.severity, f.message, f.start, f.end, f.unit.kind, f.unit.start,
             tuple((r.start, r.end, r.message) for r in f.related), getattr(f, "reading", None))
            for f in result.findings if kinds[f.rule_id] == "reading"]


def _everything(result) -> tuple:
    findings = [(f.rule_id, f.severity, f.message, f.start, f.end, f.unit.kind, f.unit.start,
                 tuple((fix.title, tuple((e.start, e.end, e.new_text) for e in fix.edits)) for fix in f.fixes),
                 tuple((r.start, r.end, r.message) for r in f.related), getattr(f, "reading", None))
                for f in result.findings]
    examined = [(rule_id, unit.kind, unit.start, unit.end) for rule_id, unit in result.examined]
    return findings, examined, [(n.code, n.message) for n in result.notices]


@pytest.fixture(scope="module")
def engine(shipped):
    return Engine(shipped)


@pytest.mark.parametrize("giving", [False, True], ids=["drafts kept", "drafts freed as the server frees them"])
@pytest.mark.parametrize("name", sorted(SEQUENCES))
def test_a_recheck_after_each_kind_of_edit_equals_a_fresh_check(engine, name, giving):
    text = WEAK
    cache = CheckCache()
    draft = Draft.parse(text, path="draft.md")
    if giving:  # each draft gives the next its units before the edit (reparse.py)
        untie_when_dropped(draft)
    before = _reading_findings(engine.check(draft, cache=cache), engine)
    for step in SEQUENCES[name]:
        text = step(text)
        draft = Draft.parse(text, path="draft.md", previous=draft)
        if giving:
            untie_when_dropped(draft)
        cached = engine.check(draft, cache=cache)
        fresh = Engine(engine.ruleset).check(Draft.parse(text, path="draft.md"))
        assert _everything(cached) == _everything(fresh), step.__name__
        after = _reading_findings(cached, engine)
        if step not in (_typing_elsewhere, _a_power_referring_to_the_safeguard_article):
            # Each edit of a safeguard changed which reading findings there
            # are: the cache was put to the test.
            assert sorted(f[0] for f in after) != sorted(f[0] for f in before), step.__name__
        before = after


def test_an_edit_evaluates_the_reading_rules_again_only_where_it_changed(engine, monkeypatch):
    from safeguard_lsp.kinds import reading

    cache = CheckCache()
    draft = Draft.parse(WEAK, path="draft.md")
    engine.check(draft, cache=cache)
    evaluated = []
    original = reading._evaluate_in

    def counted(engine, rule, ctx, units):
        if ctx.only is None:  # not the rules that read only their article (kept with its segment)
            evaluated.extend(u.number for u in units)
        return original(engine, rule, ctx, units)

    monkeypatch.setattr(reading, "_evaluate_in", counted)
    text = _typing_elsewhere(_edit(WEAK, "### Article 19.", "x", offset=-3))  # in Article 18, a power
    draft = Draft.parse(text, path="draft.md", previous=draft)
    engine.check(draft, cache=cache)
    # The edited articles, and those whose references lead into one of them.
    edited = {"18", "27"}
    referring = {article.number for article in draft.articles
                 for reference in draft.references_from(article) for target in reference.targets
                 if (target.enclosing("article") or target).number in edited}
    assert evaluated and set(evaluated) <= edited | referring
    assert len(set(evaluated)) < len(draft.articles) / 3

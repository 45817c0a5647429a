"""Each rule kind and each fix kind, on drafts written for the purpose.

Fixes are applied to the text and the result is checked again: the finding the
fix answers must be gone, and the text outside the edit must be unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguard_lsp.config import Config, parse_config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.findings import apply_edits
from safeguard_lsp.ruleset import RuleSet
from safeguard_lsp.selftest import test_rules as run_examples

PACK = Path(__file__).parent / "fixtures" / "pack"


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    loaded = RuleSet.load([PACK], shipped=False)
    assert loaded.errors == []
    return loaded


def check(ruleset, text, config=None, syntax=None):
    draft = Draft.parse(text, syntax=syntax)
    return draft, Engine(ruleset, config or Config()).check(draft)


def only(result, rule_id):
    return [f for f in result.findings if f.rule_id == rule_id]


UN_DRAFT = """Draft Convention on Countering the Criminal Misuse of Technology

Chapter I – Criminalisation

Article 1 – False information

1. Each State Party shall establish as a criminal offence the dissemination of false information.
2. Fake news is regrettable.

Article 2 – Illegal access

1. Each State Party shall establish as a criminal offence the access to a computer system without right.

Article 3 – Interception

1. Each State Party shall empower its authorities to intercept communications.
2. This article is subject to Article 4.

Article 4 – Conditions

1. Powers shall be subject to safeguards, including judicial or other independent review.
2. A Party may provide further safeguards.
"""


def test_the_fixture_pack_passes_its_own_examples(ruleset):
    tested, failures = run_examples(ruleset)
    assert tested == 5
    assert failures == [], "\n".join(map(str, failures))


def test_term_rule_flags_each_occurrence_in_offence_paragraphs_only(ruleset):
    draft, result = check(ruleset, UN_DRAFT)
    found = only(result, "TEST-TERM")
    assert [draft.text[f.start:f.end] for f in found] == ["false information"]
    assert found[0].unit.enclosing("article").number == "1"
    assert found[0].severity == "error"


def test_require_rule_sees_the_referenced_article_and_grades_the_fallback(ruleset):
    draft, result = check(ruleset, UN_DRAFT)
    [finding] = only(result, "TEST-REQUIRE")
    assert draft.text[finding.start:finding.end] == "intercept"
    assert finding.unit.number == "3"
    # Article 4, which Article 3 relies on, only has review: the weaker tier.
    assert finding.severity == "information"
    assert finding.message == "Only review, not prior authorisation."
    assert [draft.text[r.start:r.end] for r in finding.related] == ["Article 4 – Conditions"]


def test_require_rule_met_in_referenced_article(ruleset):
    text = UN_DRAFT.replace("including judicial or other independent review", "authorised by a judge")
    _, result = check(ruleset, text)
    assert only(result, "TEST-REQUIRE") == []


def test_weakened_requirement_is_a_lower_severity_finding(ruleset):
    text = UN_DRAFT.replace(
        "the access to a computer system without right.",
        "the access to a computer system without right. A Party may require dishonest intent.",
    )
    _, result = check(ruleset, text)
    [finding] = only(result, "TEST-INTENT")
    assert finding.severity == "hint" and finding.message == "The intent element is only optional."


def test_forbid_rule_flags_weak_modal_in_safeguard_sentence_only(ruleset):
    draft, result = check(ruleset, UN_DRAFT)
    found = only(result, "TEST-FORBID")
    assert [draft.text[f.start:f.end] for f in found] == ["may"]
    assert draft.position(found[0].start)[0] == UN_DRAFT.splitlines().index("2. A Party may provide further safeguards.")


def test_document_rule_underlines_the_title(ruleset):
    draft, result = check(ruleset, UN_DRAFT)
    [finding] = only(result, "TEST-DOCUMENT")
    assert finding.unit.kind == "document"
    assert draft.text[finding.start:finding.end] == "Draft Convention on Countering the Criminal Misuse of Technology"


def test_preamble_recital_does_not_count_as_operative(ruleset):
    text = UN_DRAFT.replace(
        "Chapter I",
        "Preamble\n\nThe States Parties, acting in accordance with international human rights law,\n\nChapter I",
        1,
    )
    _, result = check(ruleset, text)
    assert len(only(result, "TEST-DOCUMENT")) == 1
    operative = text + "\nArticle 5 – Rights\n\n1. Each State Party shall act in accordance with international human rights law.\n"
    _, result = check(ruleset, operative)
    assert only(result, "TEST-DOCUMENT") == []


def apply_and_recheck(ruleset, text, rule_id, fix_index=0, syntax=None):
    draft, result = check(ruleset, text, syntax=syntax)
    finding = only(result, rule_id)[0]
    fix = finding.fixes[fix_index]
    fixed = apply_edits(text, fix.edits)
    [edit] = fix.edits
    # Outside the edit, the text is byte for byte what it was.
    assert fixed[: edit.start] == text[: edit.start]
    assert fixed[edit.start + len(edit.new_text):] == text[edit.end:]
    _, after = check(ruleset, fixed, syntax=syntax)
    return fixed, finding, after


def test_replace_fix(ruleset):
    fixed, _, after = apply_and_recheck(ruleset, UN_DRAFT, "TEST-TERM")
    assert "dissemination of defamation of a private person." in fixed
    assert only(after, "TEST-TERM") == []


def test_replace_fix_keeps_capital_letter(ruleset):
    text = "Article 1\n\nFalse information is a criminal offence.\n"
    fixed, _, after = apply_and_recheck(ruleset, text, "TEST-TERM")
    assert fixed.startswith("Article 1\n\nDefamation of a private person is a criminal offence.")
    assert only(after, "TEST-TERM") == []


def test_insert_fix(ruleset):
    fixed, _, after = apply_and_recheck(ruleset, UN_DRAFT, "TEST-INTENT")
    assert "access to a computer system with dishonest intent without right." in fixed
    assert only(after, "TEST-INTENT") == []


def test_append_paragraph_fix_numbers_after_the_last_paragraph(ruleset):
    fixed, _, after = apply_and_recheck(ruleset, UN_DRAFT, "TEST-REQUIRE")
    assert (
        "2. This article is subject to Article 4.\n"
        "3. Each State Party shall ensure that such powers are exercised only when authorised by a judge.\n"
    ) in fixed
    assert only(after, "TEST-REQUIRE") == []


def test_append_paragraph_in_parenthesised_numbering_and_crlf(ruleset):
    text = (
        "Article 3 - Interception\r\n\r\n(1) The police may intercept communications.\r\n\r\n"
        "(2) The Minister shall report yearly.\r\n\r\nArticle 4 - Final\r\n\r\nNothing.\r\n"
    )
    fixed, _, after = apply_and_recheck(ruleset, text, "TEST-REQUIRE")
    assert "(2) The Minister shall report yearly.\r\n\r\n(3) Each Party shall ensure" in fixed
    assert "\n" not in fixed.replace("\r\n", "")
    assert only(after, "TEST-REQUIRE") == []


def test_add_article_fix_numbers_after_the_last_article_in_the_draft_style(ruleset):
    fixed, _, after = apply_and_recheck(ruleset, UN_DRAFT, "TEST-DOCUMENT")
    assert fixed.rstrip().endswith(
        "Article 5 – Respect for human rights\n\n"
        "Each State Party shall implement this Convention in accordance with international human rights law."
    )
    assert only(after, "TEST-DOCUMENT") == []


def test_add_article_in_markdown(ruleset):
    # A convention: the test clause is in treaty register ("Each Party"), which
    # is never inserted into a national law ("This Law applies …").
    text = "# Draft Convention\n\n## Article 1. Scope\n\nThis Convention applies to data.\n\n## Article 2. Offences\n\nNothing.\n"
    fixed, _, after = apply_and_recheck(ruleset, text, "TEST-DOCUMENT", syntax="markdown")
    assert "## Article 3. Respect for human rights\n\nEach Party shall implement" in fixed
    assert only(after, "TEST-DOCUMENT") == []


def test_markdown_silence_with_reason(ruleset):
    text = (
        "# Draft\n\n## Article 1. Offences\n\n"
        '<!-- safeguard: ignore TEST-TERM reason="Defined narrowly in Article 9" -->\n'
        "Spreading false information is a criminal offence.\n\n"
        "Publishing fake news is a criminal offence.\n"
    )
    draft, result = check(ruleset, text, syntax="markdown")
    assert [draft.text[f.start:f.end] for f in only(result, "TEST-TERM")] == ["fake news"]
    assert not [n for n in result.notices if n.code == "SG-SILENCE"]


def test_markdown_silence_without_reason_is_a_hint(ruleset):
    text = "# Draft\n\n## Article 1. Offences\n\n<!-- safeguard: ignore TEST-TERM -->\nFalse information is a criminal offence.\n"
    _, result = check(ruleset, text, syntax="markdown")
    assert only(result, "TEST-TERM") == []
    [notice] = [n for n in result.notices if n.code == "SG-SILENCE"]
    assert notice.severity == "hint" and "no reason" in notice.message


def test_config_disables_changes_severity_and_silences_an_article(ruleset, tmp_path):
    config = parse_config(
        {
            "rules": {"TEST-FORBID": "off", "TEST-TERM": {"severity": "hint"}},
            "silence": [{"rule": "TEST-INTENT", "article": "2", "reason": "intent set in Article 9"}],
        },
        tmp_path / ".safeguard.yaml",
    )
    assert config.errors == []
    _, result = check(ruleset, UN_DRAFT, config)
    ids = {f.rule_id for f in result.findings}
    assert "TEST-FORBID" not in ids and "TEST-INTENT" not in ids
    assert [f.severity for f in only(result, "TEST-TERM")] == ["hint"]


def test_config_errors_name_the_key(tmp_path):
    config = parse_config({"rules": {"TEST-TERM": {"severity": "loud"}}, "ignor": ["X"]}, tmp_path / ".safeguard.yaml")
    keys = {e.key for e in config.errors}
    assert keys == {"rules.TEST-TERM.severity", "ignor"}


def test_a_failing_rule_does_not_hide_the_others(ruleset, monkeypatch):
    engine = Engine(ruleset, Config())
    original = engine._evaluate

    def broken(rule, ctx):
        if rule.id == "TEST-TERM":
            raise RuntimeError("injected fault")
        return original(rule, ctx)

    monkeypatch.setattr(engine, "_evaluate", broken)
    result = engine.check(Draft.parse(UN_DRAFT))
    assert "TEST-TERM" not in {f.rule_id for f in result.findings}
    assert "TEST-REQUIRE" in {f.rule_id for f in result.findings}
    [notice] = [n for n in result.notices if n.code == "SG-RULE-FAILED"]
    assert "TEST-TERM" in notice.message


def test_size_limit_gives_one_notice(ruleset):
    config = Config(max_size=200)
    _, result = check(ruleset, UN_DRAFT * 3, config)
    notices = [n for n in result.notices if n.code == "SG-SIZE-LIMIT"]
    assert len(notices) == 1
    assert all(f.start < 200 for f in result.findings)


def test_add_article_at_end_of_division_is_numbered_bis(ruleset, tmp_path):
    from safeguard_lsp.fixes import add_article

    text = (
        "Chapter I – Offences\n\nArticle 1 – Access\n\nText one.\n\nArticle 2 – Interception\n\nText two.\n\n"
        "Chapter II – Procedure\n\nArticle 3 – Search\n\nText three.\n"
    )
    draft = Draft.parse(text)
    anchor = draft.article("1")
    edit = add_article(draft, anchor, "end-of-division", "Public-interest defence", "Nothing in this Chapter shall apply to journalists.")
    fixed = apply_edits(text, [edit])
    assert "Text two.\n\nArticle 2 bis – Public-interest defence\n\nNothing in this Chapter shall apply to journalists.\n\nChapter II" in fixed
    reparsed = Draft.parse(fixed)
    assert [a.number for a in reparsed.articles] == ["1", "2", "2 bis", "3"]
    assert reparsed.article("2 bis").enclosing("chapter").number == "I"


def test_add_article_in_a_code_numbered_by_its_divisions_takes_the_next_number():
    """'476.1', '476.2' … : a section inserted after 476.1 is 476.2 (the next free number of the
    division), not '476.1A', whose letter reads as a word ('A Respect for …')."""
    from safeguard_lsp.fixes import add_article

    text = ("CODE\n\nDivision 476—Preliminary\n\n476.1 Definitions\nIn this Part, data includes a program.\n\n"
            "Division 477—Offences\n\n477.1 Access\nA person commits an offence if the person causes access to data.\n")
    draft = Draft.parse(text, "code.txt")
    edit = add_article(draft, draft.article("476.1"), "end-of-division", "Respect for human rights",
                       "This Part shall be applied in accordance with international human rights law.")
    fixed = apply_edits(text, [edit])
    assert "\n\n476.2 Respect for human rights\n\nThis Part shall be applied" in fixed
    assert [a.number for a in Draft.parse(fixed, "code.txt").articles] == ["476.1", "476.2", "477.1"]

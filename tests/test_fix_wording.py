"""Fixes read as law: each fault the legal review quoted, on small invented
drafts (the fix-quality gate, tests/test_fix_quality.py, runs every fix on
every draft; these name the faults one by one and run fast)."""

from __future__ import annotations

import re

import pytest

from conftest import shipped_ruleset
from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.findings import apply_edits
from safeguard_lsp.fixes import register, remove_phrase

SHIPPED = shipped_ruleset()


def fixes_of(text: str, rule_id: str, syntax: str = "markdown"):
    draft = Draft.parse(text, path="draft.md" if syntax == "markdown" else "draft.txt")
    findings = [f for f in Engine(SHIPPED, Config()).check(draft).findings if f.rule_id == rule_id]
    assert findings, f"{rule_id} did not fire"
    return [(fix.title, apply_edits(text, fix.edits)) for f in findings for fix in f.fixes]


@pytest.mark.parametrize("sentence, words, expected", [
    ("Those safeguards shall, where appropriate given the nature of the power concerned, include review.",
     "where appropriate", "Those safeguards shall include review."),
    ("Such safeguards shall, as appropriate in view of the nature of the power, inter alia, include review.",
     "as appropriate", "Such safeguards shall, inter alia, include review."),
    ("They are punishable by sanctions, including imprisonment, irrespective of the motive of the offender.",
     "irrespective of the motive of the offender", "They are punishable by sanctions, including imprisonment."),
    ("Where appropriate, the Parties shall cooperate.", "Where appropriate", "The Parties shall cooperate."),
    ("Each Party shall punish the acts set out in this article; no defence based on the public interest shall be admitted.",
     "no defence based on the public interest", "Each Party shall punish the acts set out in this article."),
])
def test_a_removed_phrase_takes_its_commas_and_tail_with_it(sentence, words, expected):
    at = sentence.index(words)
    assert apply_edits(sentence, [remove_phrase(sentence, at, at + len(words))]) == expected


WEAK_SEARCH = """# Convention

## Article 1. Search

1. Each State Party shall empower its competent authorities to search a computer system.

2. A search under this article may be carried out without a warrant, on the authorization of a senior police officer.
"""


def test_a_warrant_replaces_the_officer_too_and_no_capital_lands_mid_sentence():
    for rule in ("SG-POWER-WARRANTLESS", "SG-POWER-EXECUTIVE-AUTHORISATION"):
        for _, fixed in fixes_of(WEAK_SEARCH, rule):
            assert "senior police officer" not in fixed and "without a warrant" not in fixed
            assert "may be carried out With" not in fixed and "may be carried out Authorised" not in fixed
    [(_, fixed)] = fixes_of(WEAK_SEARCH, "SG-POWER-WARRANTLESS")
    assert "2. A search under this article may be carried out only under a warrant issued by an independent judge.\n" in fixed


def test_a_capital_in_the_flagged_words_is_not_carried_into_the_middle_of_a_sentence():
    text = WEAK_SEARCH.replace("on the authorization of a senior police officer", "on the order of the Public Prosecutor")
    for _, fixed in fixes_of(text, "SG-POWER-EXECUTIVE-AUTHORISATION"):
        assert ", With" not in fixed and " With the prior" not in fixed


ACCESS = """# Convention

## Article 3. Illegal interception

Each State Party shall establish as criminal offences under its domestic law the intentional interception, without right and by technical means, of electronic data in non-public transmission to, from or within an ICT system.
"""


def test_intent_is_added_to_the_offence_not_inside_the_conduct():
    fixed = dict(fixes_of(ACCESS, "SG-ACCESS-INTENT"))["Require dishonest or malicious intent in the offence itself"]
    assert "of electronic data with dishonest" not in fixed
    assert "within an ICT system, where committed with dishonest or malicious intent.\n" in fixed


ACT = """Computer Misuse Act

Section 1 – Short title

This Act may be cited as the Computer Misuse Act.

Section 2 – Unauthorised access

A person who intentionally accesses a computer without authorisation commits an offence.

Section 3 – Commencement

This Act comes into force on a date the Minister appoints.
"""


def test_an_act_gets_the_register_of_an_act_and_articles_before_its_final_sections():
    draft = Draft.parse(ACT, path="act.txt")
    assert register(draft) == ("national", "this Act", "section")
    fixes = fixes_of(ACT, "SG-ACCESS-INTENT", syntax="text")
    fixed = dict(fixes)["Require dishonest or malicious intent in the offence itself"]
    assert "accesses a computer without authorisation with dishonest or malicious intent commits an offence." in fixed
    for title, fixed in fixes_of(ACT, "SG-RESEARCH-EXEMPTION", syntax="text") + fixes_of(ACT, "SG-HR-CLAUSE", syntax="text"):
        assert "this Convention" not in fixed and "State Party" not in fixed, title
        inserted = re.search(r"Section [12]A – ", fixed)
        assert inserted and inserted.start() < fixed.index("Section 3 – Commencement"), title
    research = dict(fixes_of(ACT, "SG-RESEARCH-EXEMPTION", syntax="text"))
    assert any("an offence under section 2 of this Act" in f or "Nothing in section 2 of this Act" in f
               for f in research.values())


def test_defences_are_limited_to_offences_against_systems_and_data():
    text = """# Convention

## Article 2. Illegal access

Each State Party shall establish as a criminal offence the access to a computer system without right, when committed with dishonest intent.

## Article 3. Child sexual abuse material

Each State Party shall establish as a criminal offence the production of child sexual abuse material through a computer system.

## Article 4. Entry into force

This Convention shall enter into force on the ninetieth day after the deposit of the fortieth instrument of ratification.
"""
    for title, fixed in fixes_of(text, "SG-DEFENCE-PUBLIC-INTEREST"):
        assert "in accordance with article 2 of this Convention" in fixed, title
        # After the last offence, before the final clauses; the defence names only article 2.
        assert fixed.index("## Article 3 bis.") < fixed.index("## Article 4. Entry into force"), title
        added = fixed[fixed.index("## Article 3 bis."):fixed.index("## Article 4.")].split("\n", 1)[1]
        assert "article 3" not in added.lower() and "articles" not in added, added
        assert "established in accordance with this Convention for conduct" not in fixed

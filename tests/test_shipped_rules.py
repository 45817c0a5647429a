"""The shipped rule set: it loads cleanly, every rule passes its own examples,
every quotation matches the verified reference, docs/rules.md is in step."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from conftest import REFERENCE, REPO, need_shared, shipped_ruleset
from safeguard_lsp.rulesdoc import rules_markdown
from safeguard_lsp.selftest import test_rule as example_failures

SHIPPED = shipped_ruleset()
COVERAGE = {
    # Each line of the coverage list of the rule set: the categories that answer it.
    "content offences": "content-offences",
    "speech offences without the article 20(2) threshold": "content-offences",
    "cyber-enabled add-ons": "criminalisation",
    "intent standard": "criminalisation",
    "terms of service": "criminalisation",
    "public-interest defence": "criminalisation",
    "security research": "criminalisation",
    "procedural powers": "procedural-powers",
    "weak qualifiers": "weak-qualifiers",
    "cooperation": "cooperation",
    "instrument as a whole": "instrument",
}


def test_shipped_rules_load_without_errors():
    assert SHIPPED.errors == [], "\n".join(map(str, SHIPPED.errors))
    assert len(SHIPPED.rules) >= 30


@pytest.mark.parametrize("rule", SHIPPED.rules, ids=lambda r: r.id)
def test_rule_examples(rule):
    failures = example_failures(rule, SHIPPED)
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("rule", SHIPPED.rules, ids=lambda r: r.id)
def test_rule_is_documented_and_cited(rule):
    assert rule.cites and all(c in SHIPPED.citations for c in rule.cites)
    assert len(rule.explanation) > 200, "the explanation says what is wrong, who is at risk and what good text looks like"
    assert rule.flag_examples and rule.pass_examples


def test_every_category_of_the_coverage_list_has_rules():
    categories = {r.category for r in SHIPPED.rules}
    for line, category in COVERAGE.items():
        assert category in categories, line


def test_clauses_name_the_instruments_they_draw_on():
    for clause in SHIPPED.clauses.values():
        assert clause.draws_on and all(c in SHIPPED.citations for c in clause.draws_on), clause.id


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"')).strip()


def _reference_files():
    """The verified reference and its additions (the second file is optional)."""
    first = need_shared(REFERENCE)
    return [first] + [p for p in [first.with_name("citations-additions.yaml")] if p.exists()]


def _reference() -> dict:
    return {c["id"]: c for path in _reference_files()
            for c in yaml.safe_load(path.read_text(encoding="utf-8"))["citations"]}


def test_every_citation_is_quoted_exactly_from_the_reference():
    reference = _reference()
    for citation in SHIPPED.citations.values():
        if citation.by_reference:
            # Cited by reference: nothing is quoted, and nothing may pretend to be.
            assert citation.id not in reference, f"{citation.id} has a verified text: quote it instead"
            assert '"' not in citation.summary and "“" not in citation.summary, citation.id
            assert citation.caution and "by reference" in citation.caution, citation.id
            continue
        assert citation.id in reference, f"{citation.id} is not in the verified reference"
        source = reference[citation.id]
        assert citation.text == source["text"].strip(), f"{citation.id} differs from the reference text"
        assert citation.instrument == source["instrument"] and citation.article == source["article"]
        if source.get("caution"):
            assert citation.caution == source["caution"], f"{citation.id} drops the reference's caution"


def test_the_shared_citation_checker_agrees():
    tool = need_shared(REFERENCE).parents[1] / "tools" / "check_citations.py"
    proc = subprocess.run([sys.executable, str(tool), str(REPO / "rules"), *map(str, _reference_files())],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "differing: 0" in proc.stdout, proc.stdout


def test_every_citation_says_what_kind_of_authority_it_is():
    kinds = {c.id: c.authority for c in SHIPPED.citations.values()}
    assert kinds["iccpr-17"] == "treaty" and kinds["udhr-12"] == "declaration"
    assert kinds["gc16-3"] == "interpretation" and kinds["ecthr-bbw-gc-351"] == "judgment"
    assert all(kinds[c] == "advocacy" for c in kinds if c.startswith("letter-2021-"))
    assert kinds["necessary-and-proportionate-principles"] == "advocacy"


def test_rules_reference_is_in_step():
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(SHIPPED), "docs/rules.md is out of date: run `safeguard-lsp rules docs`"


def test_rules_test_command_passes_on_the_shipped_set():
    proc = subprocess.run([sys.executable, "-m", "safeguard_lsp", "rules", "test"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " 0 failed." in proc.stdout


# Where the 2021 civil-society letter makes the demand a rule enforces, the
# rule cites the letter's own words (one entry per demand).
LETTER_DEMANDS = {
    "SG-CONTENT-FALSE-INFO": "letter-2021-content-offences",
    "SG-CONTENT-EXTREMISM": "letter-2021-content-offences",
    "SG-CONTENT-TERRORISM-SPEECH": "letter-2021-content-offences",
    "SG-ACCESS-INTENT": "letter-2021-intent-public-interest",
    "SG-INTERFERENCE-INTENT": "letter-2021-intent-public-interest",
    "SG-ACCESS-TERMS-OF-USE": "letter-2021-intent-public-interest",
    "SG-DEFENCE-EXCLUDED": "letter-2021-intent-public-interest",
    "SG-DEFENCE-PUBLIC-INTEREST": "letter-2021-intent-public-interest",
    "SG-RESEARCH-EXEMPTION": "letter-2021-intent-public-interest",
    "SG-TOOLS-TESTING-EXEMPTION": "letter-2021-intent-public-interest",
    "SG-CYBER-ENABLED": "letter-2021-scope",
    "SG-COOP-ANY-CRIME": "letter-2021-scope",
    "SG-POWER-JUDICIAL-INTRUSIVE": "letter-2021-procedural-safeguards",
    "SG-POWER-JUDICIAL": "letter-2021-procedural-safeguards",
    "SG-POWER-NECESSITY": "letter-2021-procedural-safeguards",
    "SG-POWER-EXECUTIVE-AUTHORISATION": "letter-2021-procedural-safeguards",
    "SG-POWER-WARRANTLESS": "letter-2021-procedural-safeguards",
    "SG-WEAK-JUDICIAL-OR-OTHER": "letter-2021-procedural-safeguards",
    "SG-SAFEGUARDS-ARTICLE": "letter-2021-procedural-safeguards",
    "SG-NO-ADDITIONAL-SAFEGUARDS": "letter-2021-additional-safeguards",
    "SG-DATA-PROTECTION": "letter-2021-additional-safeguards",
    "SG-DATA-PROTECTION-TRANSFERS": "letter-2021-additional-safeguards",
    "SG-COOP-DIRECT-PROVIDER": "letter-2021-mla-no-shortcuts",
    "SG-COOP-TRANSBORDER-ACCESS": "letter-2021-mla-no-shortcuts",
    "SG-COOP-DUAL-CRIMINALITY": "letter-2021-mla-bypass",
    "SG-COOP-DUAL-CRIMINALITY-WAIVED": "letter-2021-mla-bypass",
    "SG-COOP-REFUSAL-PERSECUTION": "letter-2021-mla-bypass",
    "SG-COOP-REFUSAL-HUMAN-RIGHTS": "letter-2021-mla-bypass",
    "SG-HR-CLAUSE": "letter-2021-safeguards-all-provisions",
}


@pytest.mark.parametrize("rule_id, letter", sorted(LETTER_DEMANDS.items()))
def test_safeguard_rules_point_to_the_letters_own_words(rule_id, letter):
    rule = SHIPPED.rule(rule_id)
    assert rule is not None and letter in rule.cites, rule_id


@pytest.mark.parametrize("rule", SHIPPED.rules, ids=lambda r: r.id)
def test_messages_state_as_law_only_what_a_cited_treaty_says(rule):
    """A message names an ICCPR article only when the rule cites it as treaty
    text; it names the letter or a General Comment only when it cites them;
    nothing "does not allow" anything (an interpretation or an ask is never a
    treaty's prohibition)."""
    kinds = {c: SHIPPED.citations[c].authority for c in rule.cites}
    messages = [rule.message] + ([rule.fallback.message] if rule.fallback and rule.fallback.message else [])
    for message in messages:
        assert "does not allow" not in message, message
        for number in re.findall(r"ICCPR articles? (\d+)", message):
            assert kinds.get(f"iccpr-{number}") == "treaty", (rule.id, number)
        if "letter" in message:
            assert any(kinds[c] == "advocacy" and c.startswith("letter-2021-") for c in rule.cites), rule.id
        for number in re.findall(r"General Comment (\d+)", message):
            assert any(c.startswith(f"gc{number}-") and kinds[c] == "interpretation" for c in rule.cites), (rule.id, number)


def test_clauses_speak_the_register_of_treaties_and_of_acts():
    """UN treaty style in 'text', national-law style in 'national'; the UDHR
    is never said to create obligations; defences name the offences they
    cover (never "every offence established in accordance with this Convention")."""
    for clause in SHIPPED.clauses.values():
        assert clause.national, f"{clause.id} has no text for a national law"
        for banned in ("everything it does", "taking effect", "obligations under the Universal Declaration",
                       "this Act", "the Minister"):
            assert banned not in clause.text, (clause.id, banned)
        for banned in ("this Convention", "{party}", "{parties}", "State Party", "Each Party"):
            assert banned not in clause.national, (clause.id, banned)
    for cid in ("public-interest-defence", "public-interest-defence-fallback", "security-research-exemption",
                "security-research-agreed"):
        clause = SHIPPED.clauses[cid]
        assert "{offences_covered}" in clause.text and "{offences_covered}" in clause.national, cid
        assert "established in accordance with this Convention" not in clause.text, cid
    refusal = SHIPPED.clauses["refusal-grounds"].text
    assert "may refuse extradition or mutual legal assistance where the request concerns a political offence" in refusal
    tiers = {c.tier for c in SHIPPED.clauses.values()}
    assert tiers == {"full", "agreed", "fallback"}

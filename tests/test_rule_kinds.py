"""Each rule kind's keys are validated by its schema (safeguard_lsp/kinds/):
a key of another kind, a misspelt key, a missing required key or a value of
the wrong type is named with its file, line and key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from safeguard_lsp import kinds
from safeguard_lsp.reading.model import ROLES
from safeguard_lsp.ruleset import RuleSet

from packtexts import CITATIONS, LEXICON

HEAD = """\
rules:
  - id: SG-TEST-KIND
    title: A test rule
    category: test
    severity: warning
    message: Something is missing.
    explanation: Why it matters.
    cites: [test-17]
    examples:
      flag: ["The police may intercept communications."]
      pass: ["Nothing here."]
"""


def load_rule(tmp_path: Path, body: str) -> RuleSet:
    for name, text in (("citations/test.yaml", CITATIONS), ("lexicon/test.yaml", LEXICON),
                       ("packs/kind.yaml", HEAD + textwrap.indent(textwrap.dedent(body), "    "))):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return RuleSet.load([tmp_path], shipped=False)


def errors(ruleset: RuleSet) -> list[str]:
    return [str(e).split("kind.yaml:", 1)[1] for e in ruleset.errors]


def line_of(body_line: int) -> int:
    """The file line of the ``body_line``-th line (1-based) of the rule's own keys."""
    return HEAD.count("\n") + body_line


@pytest.mark.parametrize("body", [
    "kind: term\nmatch: [interception]\n",
    "kind: forbid\nmatch: interception\nreads: {role: power}\n",
    "kind: require\nwhen: [interception]\nrequire: {any: [judicial-authorisation], within: [unit, parent]}\n",
    "kind: document\nrequire: [judicial-authorisation]\nfallback: {any: [interception], severity: hint}\n",
    "kind: document\nrequire: [judicial-authorisation]\nor_reads: {role: power, authoriser: [judge]}\n",
    "kind: check\ncheck: broken-reference\n",
    "kind: reading\nreads: {role: power}\nrequire: {authoriser: [judge]}\nwithin: [unit, referenced]\n",
])
def test_a_rule_of_each_kind_loads(tmp_path, body):
    ruleset = load_rule(tmp_path, body)
    assert ruleset.errors == []
    [rule] = ruleset.rules
    assert rule.kind == body.split("\n")[0].split(": ")[1]


def test_a_key_of_another_kind_says_which_kinds_have_it(tmp_path):
    ruleset = load_rule(tmp_path, "kind: check\ncheck: numbering\nmatch: [interception]\n")
    assert errors(ruleset) == [f"{line_of(3)}: SG-TEST-KIND.match: 'match' is for term and forbid rules, not check"]
    assert ruleset.rules == []


def test_reads_is_refused_on_a_document_rule(tmp_path):
    ruleset = load_rule(tmp_path, "kind: document\nrequire: [judicial-authorisation]\nreads: {role: power}\n")
    assert errors(ruleset) == [
        f"{line_of(3)}: SG-TEST-KIND.reads: 'reads' is for term, require, forbid and reading rules, not document"]


def test_within_beside_require_says_where_it_goes(tmp_path):
    ruleset = load_rule(tmp_path, "kind: require\nrequire: [judicial-authorisation]\nwithin: [unit]\n")
    assert errors(ruleset) == [f"{line_of(3)}: SG-TEST-KIND.within: in a require rule, 'within' goes inside 'require:'"]


def test_a_misspelt_key_gets_did_you_mean_from_its_kind(tmp_path):
    ruleset = load_rule(tmp_path, "kind: reading\nreads: {role: power}\nsumary: '{count} powers'\n")
    assert errors(ruleset) == [f"{line_of(3)}: SG-TEST-KIND.sumary: unknown key (did you mean 'summary'?)"]


def test_a_missing_key_of_the_kind_is_reported_at_the_kind(tmp_path):
    ruleset = load_rule(tmp_path, "when: [interception]\nkind: require\n")
    assert errors(ruleset) == [
        f"{line_of(2)}: SG-TEST-KIND.require: a require rule needs 'require': the wording that must be present"]
    ruleset = load_rule(tmp_path, "kind: check\n")
    [message] = errors(ruleset)
    assert message.startswith(f"{line_of(1)}: SG-TEST-KIND.check: expected the name of a drafting check: ")


@pytest.mark.parametrize("body, expected", [
    ("kind: term\nmatch: [intercepton]\n",
     "{2}: SG-TEST-KIND.match: unknown lexicon term 'intercepton' (did you mean 'interception'?)"),
    ("kind: require\nrequire: {any: [judicial-authorisation], within: [article]}\n",
     "{2}: SG-TEST-KIND.require.within: expected a list of: unit, parent, referenced, division, document, operative"),
    ("kind: reading\nreads: {role: power}\nsummary: [a, list]\n", "{3}: SG-TEST-KIND.summary: expected text"),
    # 'referring' reads the provisions of other articles that refer to the one examined: a reading
    # rule's place only (a lexicon rule has no reading of the provisions that refer)
    ("kind: require\nrequire: {any: [judicial-authorisation], within: [unit, referring]}\n",
     "{2}: SG-TEST-KIND.require.within: expected a list of: unit, parent, referenced, division, document, operative"),
    ("kind: reading\nreads: {role: power}\nrequire: {authoriser: [judge]}\nwithin: [unit, refering]\n",
     "{4}: SG-TEST-KIND.within: expected a list of: unit, parent, referenced, referring, division, document, "
     "operative"),
    ("kind: reading\nreads: {role: pwer}\n",
     "{2}: SG-TEST-KIND.reads.role: expected one or more of: " + ", ".join(ROLES)),
    ("kind: require\nrequire: [judicial-authorisation]\nweakened_by: {a: b}\n",
     "{3}: SG-TEST-KIND.weakened_by: expected a list of lexicon terms"),
    ("kind: term\nmatch: [interception]\nunit: clause\n",
     "{3}: SG-TEST-KIND.unit: expected one of document, chapter, article, paragraph, sentence"),
    ("kind: document\nrequire: [judicial-authorisation]\nor_reads: {role: safeguard, standards: {all: [needs]}}\n",
     "{3}: SG-TEST-KIND.or_reads.standards: 'all' takes values of standards: necessity, proportionality, "
     "reasonable-grounds, serious-offence"),
])
def test_a_wrong_value_is_named_with_its_line_and_key(tmp_path, body, expected):
    ruleset = load_rule(tmp_path, body)
    assert errors(ruleset) == [expected.format(*[None] + [line_of(n) for n in range(1, 5)])]


def test_every_kind_declares_each_key_once_with_a_doc_and_an_example():
    for name, kind in kinds.BY_NAME.items():
        names = [key.name for key in kinds.rule_keys(name)]
        assert len(names) == len(set(names)), name
        for key in kinds.rule_keys(name):
            assert key.doc and key.example and key.type, (name, key.name)


@pytest.mark.parametrize("text, kind, offered, absent", [
    ("rules:\n  - ", None, {"id", "kind", "title", "cites"}, {"match", "reads"}),
    ("rules:\n- id: SG-A\n  kind: document\n  re", "document", {"require", "weakened_by", "message"}, {"id", "kind", "reads"}),
    ("rules:\n  - id: SG-A\n    kind: term\n  - id: SG-B\n    kind: check\n    ", "check", {"check"}, {"match"}),
])
def test_key_completion_offers_the_keys_of_the_rule_s_kind(text, kind, offered, absent):
    from safeguard_lsp.kinds.keycompletion import keys_to_offer

    offer = keys_to_offer(text, len(text))
    names = {key.name for key in offer.keys}
    assert offer.kind == kind and offered <= names and not absent & names
    assert text[offer.start:] == text[len(text.rstrip("abcdefghijklmnopqrstuvwxyz_")):]


@pytest.mark.parametrize("text", [
    "rules:\n  - id: SG-A\n    title: Some wor",          # inside a value
    "rules:\n  - id: SG-A\n    require:\n      an",       # inside a key's mapping
    "rules:\n  SG-WEAK-MAY: off\n  ",                     # .safeguard.yaml's rule settings
    "terms:\n  - ",                                       # not a pack's rules
])
def test_key_completion_offers_nothing_outside_a_rule_s_keys(text):
    from safeguard_lsp.kinds.keycompletion import keys_to_offer

    assert keys_to_offer(text, len(text)) is None


RULE = "rules:\n  - id: SG-A\n    kind: {kind}\n"


@pytest.mark.parametrize("kind, typed, what, offered, absent", [
    ("reading", "    severity: wa", "value of severity", {"warning", "error", "hint"}, set()),
    ("reading", "    kind: re", "value of kind", {"reading", "require", "term"}, set()),
    ("reading", "    reads: {role: power, measure: [interception, ", "value of reads.measure",
     {"real-time-traffic", "preservation", "present"}, {"interception", "judge"}),
    ("reading", "    reads: {role: power, meas", "key of reads", {"measure", "authoriser"}, {"role"}),
    ("reading", "    reads: {role: ", "value of reads.role", {"offence", "power", "safeguard"}, {"judge"}),
    ("reading", "    reads:\n      role: power\n      authoriser: [", "value of reads.authoriser",
     {"judge", "police", "absent"}, {"power"}),
    ("reading", "    reads:\n      role: power\n      ", "key of reads", {"measure", "authoriser"}, {"role"}),
    ("reading", "    require: {authoriser: {not: [", "value of require.authoriser.not", {"judge"}, {"present"}),
    ("reading", "    require: {", "key of require", {"authoriser", "standards"}, {"role"}),
    ("reading", "    within: [unit, ", "value of within", {"referenced", "division"}, {"unit"}),
    ("reading", "    fallback:\n      any: [x]\n      severity: h", "value of fallback.severity", {"hint"}, set()),
    ("term", "    match: [access-offence, ", "value of match", {"criminal-offence"}, {"access-offence"}),
    ("term", "    when: {any: [", "value of when.any", {"access-offence"}, set()),
    ("term", "    when: {", "key of when", {"any", "all", "none"}, set()),
    ("require", "    require: {any: [access-offence], within: [", "value of require.within", {"referenced"}, set()),
    ("term", "    cites:\n      - iccpr-17\n      - ", "value of cites", {"iccpr-19"}, {"iccpr-17"}),
    ("term", "    safeguard: [b-access, ", "value of safeguard", {"a-content"}, {"b-access"}),
])
def test_value_completion_offers_what_the_key_takes(kind, typed, what, offered, absent):
    """After a rule's key, the values its reader accepts: a fixed list, the
    reading schema's roles, elements and values, the lexicon's terms, the
    citations; those already written beside it left out."""
    from safeguard_lsp.kinds.valuecompletion import Vocabulary, values_to_offer

    text = RULE.format(kind=kind) + typed
    vocabulary = Vocabulary(terms=("access-offence", "criminal-offence"), citations=("iccpr-17", "iccpr-19"))
    offer = values_to_offer(text, len(text), vocabulary)
    assert offer is not None and offer.what == what
    assert offered <= set(offer.values) and not absent & set(offer.values)
    assert text[offer.start:] == text[len(text.rstrip("abcdefghijklmnopqrstuvwxyz-")):]


@pytest.mark.parametrize("typed", [
    "    title: Some wor",                       # free text: nothing to offer
    "    reads: {role: power} ",                 # after the value is closed
    "    message: 'Role: ",                      # inside quotes
    "    reads:\n      role: power\n        deeper: ",  # a block two levels deep is not read
])
def test_value_completion_offers_nothing_where_no_value_is_known(typed):
    from safeguard_lsp.kinds.valuecompletion import values_to_offer

    text = RULE.format(kind="reading") + typed
    assert values_to_offer(text, len(text)) is None
    for elsewhere in ("terms:\n  x: ", "rules:\n  SG-WEAK-MAY: "):
        assert values_to_offer(elsewhere, len(elsewhere)) is None


DOCUMENT_RULE = """\
kind: document
require: [judicial-authorisation]
or_reads: {role: [safeguard, power], standards: {all: [necessity, proportionality]}}
"""


@pytest.mark.parametrize("draft, flagged", [
    # the lexicon's wording is absent, and no provision reads so: reported
    ("Section 4. Search\n\nA police officer may search a computer.\n", True),
    # a safeguard read as requiring both standards meets the requirement, whatever its words
    ("Section 3. Use of powers\n\nThe powers in this Part shall be used only where necessary and proportionate.\n\n"
     "Section 4. Search\n\nA police officer may search a computer.\n", False),
    # one standard of the two is not all of them
    ("Section 3. Use of powers\n\nThe powers in this Part shall be used only where necessary.\n\n"
     "Section 4. Search\n\nA police officer may search a computer.\n", True),
])
def test_a_document_rule_is_met_by_a_provision_that_reads_as_its_or_reads(tmp_path, draft, flagged):
    from safeguard_lsp.checking import check_source
    from safeguard_lsp.config import Config

    ruleset = load_rule(tmp_path, DOCUMENT_RULE)
    assert ruleset.errors == []
    result = check_source(draft, config=Config(), ruleset=ruleset, path="act.txt")
    assert any(f.rule_id == "SG-TEST-KIND" for f in result.findings) is flagged

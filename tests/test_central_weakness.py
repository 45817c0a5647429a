"""The legal review's "central weakness" (December 2026), construction by
construction, in our own wording: the rules recognised their own wording, not
what a provision does. Each test states what a lawyer reads in a provision and
checks that the checker reads the same."""

from __future__ import annotations

import pytest

from conftest import shipped_ruleset
from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.reading import Reader

SHIPPED = shipped_ruleset()


def findings(text: str, path: str = "draft.md") -> set[str]:
    draft = Draft.parse(text, path=path)
    return {f.rule_id for f in Engine(SHIPPED, Config()).check(draft).findings if f.severity in ("error", "warning")}


def reading(text: str, path: str = "draft.txt", number: str | None = None):
    draft = Draft.parse(text, path=path)
    reader = Reader(draft)
    article = draft.article(number) if number else (draft.articles[0] if draft.articles else draft.root)
    return reader.article(article)


def test_an_interception_power_is_not_asked_for_a_dishonest_intent():
    text = ("## Article 9. Interception\n\nEach State Party shall empower its competent authorities, on the "
            "authorisation of a judge, to intercept the content of specified communications for serious offences, "
            "where necessary and proportionate.\n")
    assert "SG-ACCESS-INTENT" not in findings(text)
    assert reading(text, "draft.md").role == "power"


@pytest.mark.parametrize("words", [
    "may be ordered only by the examining magistrate",
    "shall be carried out only upon obtaining a warrant from the High Court",
    "may be carried out only where a warrant has been duly issued for it",
])
def test_judicial_authorisation_in_other_words(words):
    text = (f"Art. 50. The interception of the telecommunications of a suspect {words}, where necessary and "
            "proportionate to the investigation of a serious offence.\n")
    got = findings(text, "code.txt")
    assert "SG-POWER-JUDICIAL-INTRUSIVE" not in got
    assert "SG-POWER-EXECUTIVE-AUTHORISATION" not in got


def test_a_following_acts_lead_in_creates_offences():
    text = ("SEC. 3. Offences. – The following acts constitute the offense of computer misuse punishable under this Act:\n"
            "(a) Entry. – The entry into a computer system of another person without right;\n"
            "(b) Publication. – The posting of statements that are untrue and likely to alarm the public.\n")
    article = reading(text)
    roles = {part.number: r.role for part, r in article.parts}
    assert roles == {"a": "offence", "b": "offence"}
    assert {"SG-ACCESS-INTENT", "SG-CONTENT-FALSE-INFO"} <= findings(text, "act.txt")


def test_provide_is_not_provider():
    text = ("## Article 4. Assistance\n\nEach State Party shall provide the other States Parties with information on "
            "its laws.\n")
    assert reading(text, "draft.md").parts[0][1].elements.get("channel") in (None, [])
    assert not findings(text) & {"SG-COOP-DIRECT-PROVIDER", "SG-PROVIDER-ASSISTANCE"}


def test_negation_and_exceptions_are_read():
    text = ("Section 6. Testing\n(1) A person who, with intent to cause damage, alters data held in a computer "
            "commits an offence.\n(2) Nothing in this section makes unlawful anything done in good faith to find a "
            "vulnerability that is reported without delay to the national computer incident response team.\n")
    parts = [r for _, r in reading(text).parts]
    assert parts[-1].role == "exception"
    assert parts[-1].values("defence") & {"research"}


def test_the_safe_harbour_for_terms_of_use_is_not_flagged_nor_an_offence_with_intent_to_defraud():
    text = ("## Article 3. Access\n\nA person who exceeds authorised access to a computer system with intent to "
            "defraud commits an offence.\n\n## Article 4. Terms of use\n\nA breach of a website's terms of service "
            "does not by itself make access unauthorised.\n")
    assert "SG-ACCESS-TERMS-OF-USE" not in findings(text)


def test_humiliation_on_account_of_race_is_no_refusal_ground():
    text = ("## Article 8. Offences\n\nEach State Party shall establish as a criminal offence the humiliation of a "
            "person on account of their race by means of a computer system.\n\n## Article 9. Assistance\n\n"
            "States Parties shall afford one another the widest measure of mutual legal assistance for the "
            "offences established in accordance with this Convention.\n")
    assert "SG-COOP-REFUSAL-PERSECUTION" in findings(text)


def test_an_offence_punishing_journalists_is_no_public_interest_defence():
    text = ("Section 5. A journalist who publishes computer data obtained without authorisation from a public body "
            "commits an offence and is liable on conviction to imprisonment.\n")
    draft = Draft.parse(text, path="act.txt")
    ids = {f.rule_id for f in Engine(SHIPPED, Config()).check(draft).findings}
    assert "SG-DEFENCE-PUBLIC-INTEREST" in ids or "SG-DISCLOSURE-PUBLIC-INTEREST" in ids


@pytest.mark.parametrize(("text", "rule"), [
    ("Art. 12. Whoever circulates by means of a network data that is false or distorted so as to cause panic "
     "shall be punished by imprisonment.", "SG-CONTENT-FALSE-INFO"),
    ("Art. 13. Other unlawful acts carried out by means of information and communication technologies shall be "
     "punished by imprisonment of up to two years.", "SG-CYBER-ENABLED"),
    ("Section 14. A person who commits an offence under any other law by means of a computer system commits an "
     "offence under this section and is liable on conviction to double the penalty.", "SG-CYBER-ENABLED"),
    ("Section 15. A person who uses a computer to promote subversive activities commits an offence.",
     "SG-CONTENT-SPEECH-OFFENCE"),
    ("Section 16. An internet service provider shall be held liable for any unlawful material posted by its "
     "users.", "SG-INTERMEDIARY-LIABILITY"),
    ("Section 17. The Minister may, by written notice, direct a service provider to block access to any "
     "website.", "SG-POWER-BLOCKING"),
    ("Section 18. A police officer may require any person to disclose a password or decryption key.",
     "SG-DECRYPTION"),
    ("Section 19. Every service provider shall retain the traffic data of all its subscribers for two years.",
     "SG-DATA-RETENTION"),
    ("Section 20. A person found with data obtained from an intrusion commits an offence and shall be presumed "
     "to have obtained it unlawfully unless the contrary is proved.", "SG-REVERSE-BURDEN"),
    ("Section 21. In this Act, \"protected computer\" means any computer used in or affecting commerce or "
     "communication.", "SG-PROTECTED-COMPUTER"),
])
def test_constructions_the_rules_missed_entirely(text, rule):
    assert rule in findings(text, "act.txt")


def test_accessory_liability_for_a_speech_offence():
    text = ("Section 7. A person who publishes a statement he knows to be untrue and likely to cause alarm commits an "
            "offence.\n\nSection 8. A person who abets or procures an offence under section 7 commits an offence.\n")
    assert "SG-CONTENT-ACCESSORY" in findings(text, "act.txt")

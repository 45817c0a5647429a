"""docs/rule-language.md is kept equal to the schema the loader validates with."""

from __future__ import annotations

from pathlib import Path

from safeguard_lsp.kinds.markdown import between, sections
from safeguard_lsp.reading.model import ELEMENTS, ROLES
from safeguard_lsp.ruleset import KINDS

DOC = Path(__file__).resolve().parent.parent / "docs" / "rule-language.md"


def test_each_kind_s_keys_and_the_reading_table_in_the_page_are_the_schema():
    text = DOC.read_text(encoding="utf-8")
    for name, content in sections().items():
        assert between(text, name) == content.strip(), (
            f"the section {name} of docs/rule-language.md differs from the schema in safeguard_lsp/kinds/; "
            "run: python tools/rule_language_doc.py docs/rule-language.md")
    assert {f"rule-keys:{kind}" for kind in KINDS} < set(sections())


def test_every_kind_role_and_element_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"`{kind}`" in text, kind
    for role in ROLES:
        assert f"`{role}`" in text, role
    for element in ELEMENTS:
        assert f"`{element}`" in text, element

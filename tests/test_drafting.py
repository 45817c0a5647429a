"""Drafting checks on real and synthetic text; fixes applied and re-checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.kinds.drafting_quality import renumber_edits
from safeguard_lsp.engine import Engine
from safeguard_lsp.findings import apply_edits

WEAK = (Path(__file__).resolve().parents[1] / "examples" / "weak-draft-convention.md").read_text(encoding="utf-8")


def drafting(shipped, text):
    config = Config(select=["DR-"])
    draft = Draft.parse(text)
    return draft, Engine(shipped, config).check(draft).findings


def targets_of(draft):
    """For each cross-reference into the draft, the titles of the articles it points at."""
    out = []
    for ref in draft.references:
        if ref.instrument is None:
            out.append(tuple((t.enclosing("article").title if t.enclosing("article") else None) for t in ref.targets))
    return out


def test_budapest_has_no_drafting_findings_at_warning(shipped, budapest_text):
    _, findings = drafting(shipped, budapest_text)
    assert [f for f in findings if f.severity in ("error", "warning")] == []


def test_renumbering_fix_on_a_renumbered_budapest_restores_every_reference(shipped, budapest_text):
    original = Draft.parse(budapest_text)
    # A copy with Article 3 onwards numbered one higher (a gap at 3), its
    # cross-references shifted with them: consistent, but out of sequence.
    shift = {a: str(int(a.number) + 1) for a in original.articles if int(a.number) >= 3}
    renumbered = apply_edits(budapest_text, renumber_edits(original, "article", shift))
    copy = Draft.parse(renumbered)
    assert [a.number for a in copy.articles][:4] == ["1", "2", "4", "5"]
    assert targets_of(copy) == targets_of(original)

    _, findings = drafting(shipped, renumbered)
    [numbering] = [f for f in findings if f.rule_id == "DR-NUMBERING"]
    assert numbering.message.startswith("Article 4 is out of sequence in the draft")
    [fix] = numbering.fixes
    restored = apply_edits(renumbered, fix.edits)
    again = Draft.parse(restored)
    assert [a.number for a in again.articles] == [str(n) for n in range(1, 49)]
    # Every cross-reference still points at the same provision.
    assert targets_of(again) == targets_of(original)
    assert restored == budapest_text
    assert not [f for f in drafting(shipped, restored)[1] if f.rule_id == "DR-NUMBERING"]


def test_paragraph_gap_fix_updates_references_in_the_article(shipped):
    text = (
        "Article 1 – Scope\n\n1. This Convention applies to offences.\n2. It applies to procedural measures.\n"
        "4. It applies to cooperation under the conditions of paragraph 4.\n\n"
        "Article 2 – Other\n\nParagraph 4 of Article 1 applies.\n"
    )
    draft, findings = drafting(shipped, text)
    [finding] = [f for f in findings if f.rule_id == "DR-NUMBERING"]
    fixed = apply_edits(text, finding.fixes[0].edits)
    assert "3. It applies to cooperation under the conditions of paragraph 3." in fixed
    assert "Paragraph 3 of Article 1 applies." in fixed
    assert not [f for f in drafting(shipped, fixed)[1] if f.rule_id == "DR-NUMBERING"]


def test_broken_reference_fix_points_to_the_nearest_article(shipped):
    text = "Article 1 – Scope\n\nSee article 47.\n\nArticle 2 – Offences\n\nNothing.\n"
    draft, findings = drafting(shipped, text)
    [finding] = [f for f in findings if f.rule_id == "DR-BROKEN-REFERENCE"]
    assert text[finding.start:finding.end] == "article 47"
    assert "the draft has 2 articles" in finding.message
    fixed = apply_edits(text, finding.fixes[0].edits)
    assert "See article 2." in fixed
    assert not [f for f in drafting(shipped, fixed)[1] if f.rule_id == "DR-BROKEN-REFERENCE"]


def test_term_variant_and_its_fix(shipped):
    text = (
        'Article 1 – Use of terms\n\n"Information and communications technology system" means any device.\n\n'
        "Article 2 – Access\n\nAccess to computer systems without right is an offence; so is access to an "
        "information and communications technology system.\n"
    )
    _, findings = drafting(shipped, text)
    [finding] = [f for f in findings if f.rule_id == "DR-TERM-VARIANT"]
    assert text[finding.start:finding.end] == "computer systems"
    fixed = apply_edits(text, finding.fixes[0].edits)
    assert "Access to information and communications technology systems without right" in fixed
    assert not [f for f in drafting(shipped, fixed)[1] if f.rule_id == "DR-TERM-VARIANT"]


@pytest.mark.parametrize("placeholder", ["[…]", "[X]", "[alt 1: shall establish]", "TBD", "[insert number]"])
def test_placeholders(shipped, placeholder):
    text = f"Article 1 – Retention\n\nData may be kept for {placeholder} days.\n"
    _, findings = drafting(shipped, text)
    assert [text[f.start:f.end] for f in findings if f.rule_id == "DR-PLACEHOLDER"] == [placeholder]


def test_related_information_points_to_the_definition(shipped):
    text = (
        'Article 1 – Use of terms\n\n1. "Data" means any representation of facts.\n'
        '2. "Information and communications technology system" means any device.\n\n'
        'Article 2 – Orders\n\n1. For this article, "data" means subscriber information only.\n'
        "2. Orders may reach any computer system and data.\n"
    )
    _, findings = drafting(shipped, text)
    [duplicate] = [f for f in findings if f.rule_id == "DR-DUPLICATE-DEFINITION"]
    assert [text[r.start:r.end] for r in duplicate.related] == ["Data"]
    [variant] = [f for f in findings if f.rule_id == "DR-TERM-VARIANT"]
    assert [text[r.start:r.end] for r in variant.related] == ["Information and communications technology system"]


def test_mixed_obligations_fix(shipped):
    text = ("Article 1 – Obligations\n\n1. Each State Party shall protect data.\n2. Each State Party shall notify.\n"
            "3. Each State Party must provide a remedy.\n")
    _, findings = drafting(shipped, text)
    [finding] = [f for f in findings if f.rule_id == "DR-MIXED-OBLIGATIONS"]
    assert text[finding.start:finding.end] == "must"
    fixed = apply_edits(text, finding.fixes[0].edits)
    assert "3. Each State Party shall provide a remedy." in fixed
    assert not [f for f in drafting(shipped, fixed)[1] if f.rule_id == "DR-MIXED-OBLIGATIONS"]


def test_term_used_before_its_definition(shipped):
    text = ("Article 1 – Scope\n\nThis Convention covers traffic data.\n\n"
            'Article 2 – Use of terms\n\n"Traffic data" means routing data.\n\nArticle 3 – More\n\nTraffic data again.\n')
    _, findings = drafting(shipped, text)
    [finding] = [f for f in findings if f.rule_id == "DR-TERM-BEFORE-DEFINITION"]
    assert text[finding.start:finding.end] == "traffic data"
    assert finding.message == "“traffic data” is used here, before Article 2 defines it."


@settings(max_examples=300, deadline=None)
@given(head=st.text(alphabet="Article §(.)12345abxé_ -–\n", max_size=30),
       number=st.sampled_from(["1", "12", "2", "5 bis", "a", "ii", "x", "é"]))
def test_a_units_number_is_found_as_the_pattern_found_it(head, number):
    """_number_span finds the number with str.find (a pattern compiled per
    number thrashed re's cache): the same span as the whole-word pattern it
    replaces, at the edges of the heading too."""
    import re as _re

    from safeguard_lsp.draft import Unit
    from safeguard_lsp.kinds.drafting_quality import _number_span

    text = "x" + head + "y"
    draft = Draft.parse("", syntax="text")
    draft.text = text
    unit = Unit("paragraph", 1, len(text) - 1, number=number, body_start=len(text) - 1)
    match = _re.search(rf"(?<![\w]){_re.escape(number)}(?![\w])", text[1:len(text) - 1])
    expected = None if match is None else (1 + match.start(), 1 + match.end())
    assert _number_span(draft, unit) == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1, exclude_max=True),
                          st.sampled_from(["\n\n1. Each Party may order any person to disclose data.\n",
                                           "\n\n(a) the data;\n", "\n\n3. A further paragraph.\n", "7", "x",
                                           "\n\n(c) the provider;\n"])), min_size=1, max_size=8))
def test_numbering_after_re_parses_is_the_numbering_of_a_full_parse(edits):
    """The groups out of sequence are kept with the draft and found again only
    in the article an edit re-parses: after pasted numbered paragraphs, each
    version's numbering findings and their fixes are those of a fresh parse."""
    from safeguard_lsp.kinds.drafting_quality import numbering

    def spots(draft):
        return sorted((s.start, s.end, s.unit.kind, s.unit.start, sorted(s.fields.items()), tuple(s.fixes))
                      for s in numbering(draft))

    text = WEAK
    draft = Draft.parse(text, syntax="markdown")
    for where, paste in edits:
        at = int(where * len(text))
        text = text[:at] + paste + text[at:]
        draft = Draft.parse(text, syntax="markdown", previous=draft)
        assert spots(draft) == spots(Draft.parse(text, syntax="markdown"))

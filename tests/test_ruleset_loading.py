"""Rule packs are validated strictly: every error names file, line and key,
a broken pack is skipped and the others still load."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from safeguard_lsp.ruleset import RuleSet

from packtexts import CITATIONS, LEXICON


def good_rule(rule_id: str = "SG-TEST-GOOD") -> str:
    return textwrap.dedent(
        f"""\
        rules:
          - id: {rule_id}
            title: Interception without a judge
            category: procedural-powers
            severity: warning
            kind: require
            when: [interception]
            require: {{any: [judicial-authorisation], within: [unit]}}
            message: Interception is not authorised by a judge.
            explanation: Interception must be authorised by a judge.
            cites: [test-17]
            examples:
              flag: ["The police may intercept communications."]
              pass: ["The police may intercept communications when authorised by a judge."]
        """
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    write(tmp_path, "citations/test.yaml", CITATIONS)
    write(tmp_path, "lexicon/test.yaml", LEXICON)
    write(tmp_path, "packs/good.yaml", good_rule())
    return tmp_path


def load(folder: Path) -> RuleSet:
    return RuleSet.load([folder], shipped=False)


def messages(ruleset: RuleSet) -> list[str]:
    return [str(e) for e in ruleset.errors]


def test_good_pack_loads(pack_dir):
    ruleset = load(pack_dir)
    assert ruleset.errors == []
    assert [r.id for r in ruleset.rules] == ["SG-TEST-GOOD"]


def test_yaml_syntax_error_names_file_and_line(pack_dir):
    write(pack_dir, "packs/broken.yaml", "rules:\n  - id: SG-X\n    title: [unclosed\n")
    ruleset = load(pack_dir)
    [error] = ruleset.errors
    assert error.path.endswith("broken.yaml")
    assert error.line == 3 and error.key == "title"
    assert "YAML syntax error" in error.message
    assert [r.id for r in ruleset.rules] == ["SG-TEST-GOOD"]


def test_unknown_key_is_named_with_its_line(pack_dir):
    text = good_rule("SG-TEST-TYPO").replace("    when:", "    wehn:")
    write(pack_dir, "packs/typo.yaml", text)
    ruleset = load(pack_dir)
    found = [e for e in ruleset.errors if e.path.endswith("typo.yaml")]
    assert any(e.key == "SG-TEST-TYPO.wehn" and e.line == 7 and "did you mean 'when'" in e.message for e in found), messages(ruleset)
    assert ruleset.rule("SG-TEST-TYPO") is None
    assert ruleset.rule("SG-TEST-GOOD") is not None


def test_unknown_lexicon_term(pack_dir):
    write(pack_dir, "packs/term.yaml", good_rule("SG-TEST-TERM").replace("[interception]", "[interceptoin]"))
    ruleset = load(pack_dir)
    [error] = [e for e in ruleset.errors if e.path.endswith("term.yaml")]
    assert error.key == "SG-TEST-TERM.when" and error.line == 7
    assert "unknown lexicon term 'interceptoin'" in error.message and "did you mean 'interception'" in error.message


def test_unknown_citation_id(pack_dir):
    write(pack_dir, "packs/cite.yaml", good_rule("SG-TEST-CITE").replace("[test-17]", "[test-71]"))
    ruleset = load(pack_dir)
    [error] = [e for e in ruleset.errors if e.path.endswith("cite.yaml")]
    assert error.key == "SG-TEST-CITE.cites" and "unknown citation id 'test-71'" in error.message


def test_invalid_pattern_is_reported_with_line(pack_dir):
    write(pack_dir, "lexicon/bad.yaml", "terms:\n  broken:\n    - re: intercept(ion\n")
    ruleset = load(pack_dir)
    [error] = ruleset.errors
    assert error.path.endswith("bad.yaml") and error.line == 3 and error.key == "terms.broken[0].re"
    assert "RE2 cannot compile" in error.message
    assert ruleset.rule("SG-TEST-GOOD") is not None


def test_pattern_matching_everything_is_refused(pack_dir):
    write(pack_dir, "lexicon/wide.yaml", "terms:\n  everything:\n    - re: .*\n")
    ruleset = load(pack_dir)
    [error] = ruleset.errors
    assert "would flag nearly any text" in error.message and error.line == 3


def test_duplicate_rule_id(pack_dir):
    write(pack_dir, "packs/zz-again.yaml", good_rule())
    ruleset = load(pack_dir)
    [error] = ruleset.errors
    assert error.path.endswith("zz-again.yaml") and "duplicate rule id 'SG-TEST-GOOD'" in error.message


def test_python_tags_are_refused(pack_dir):
    write(pack_dir, "packs/evil.yaml", "rules: !!python/object/apply:os.system ['echo hacked']\n")
    ruleset = load(pack_dir)
    [error] = ruleset.errors
    assert "not allowed" in error.message and error.line == 1


def test_alias_bomb_is_refused(pack_dir):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    lines.append("rules: *i")
    write(pack_dir, "packs/bomb.yaml", "\n".join(lines) + "\n")
    ruleset = load(pack_dir)
    [error] = ruleset.errors
    assert "refused" in error.message


def test_invalid_utf8_pack(pack_dir):
    (pack_dir / "packs" / "latin1.yaml").write_bytes("rules:\n  - title: caf\xe9\n".encode("latin-1"))
    ruleset = load(pack_dir)
    [error] = ruleset.errors
    assert error.line == 2 and "not valid UTF-8" in error.message


def test_missing_examples_and_fix_with_unknown_clause(pack_dir):
    text = good_rule("SG-TEST-NOEX")
    text = text.split("    examples:")[0] + "    fixes:\n      - title: Add\n        append_paragraph: {clause: nope}\n"
    write(pack_dir, "packs/noex.yaml", text)
    ruleset = load(pack_dir)
    keys = {e.key for e in ruleset.errors}
    assert "SG-TEST-NOEX.examples" in keys
    assert "SG-TEST-NOEX.fixes[0].append_paragraph.clause" in keys


def test_citation_authority_is_required_and_checked_with_file_and_line(pack_dir):
    write(pack_dir, "citations/more.yaml", textwrap.dedent("""\
        citations:
          - id: test-opinion
            instrument: Test Committee
            article: Paragraph 1
            text: A test opinion.
          - id: test-letter
            authority: advocacy-letter
            instrument: Test letter
            article: Opening
            text: A test demand.
        """))
    errors = [e for e in load(pack_dir).errors if e.path.endswith("more.yaml")]
    assert [(e.line, e.key) for e in errors] == [(2, "citations[0].authority"), (7, "citations[1].authority")]
    assert "missing" in errors[0].message and "treaty, declaration, interpretation, judgment, advocacy" in errors[0].message
    assert "unknown kind 'advocacy-letter'" in errors[1].message


def test_a_citation_by_reference_has_a_summary_and_no_text(pack_dir):
    write(pack_dir, "citations/more.yaml", textwrap.dedent("""\
        citations:
          - id: test-by-reference
            authority: interpretation
            instrument: Test Committee
            article: Paragraph 2
            summary: What the paragraph is about, in our words.
          - id: test-neither
            authority: interpretation
            instrument: Test Committee
            article: Paragraph 3
        """))
    ruleset = load(pack_dir)
    errors = [e for e in ruleset.errors if e.path.endswith("more.yaml")]
    assert [(e.line, e.key) for e in errors] == [(7, "citations[1].text")]
    assert "either 'text'" in errors[0].message

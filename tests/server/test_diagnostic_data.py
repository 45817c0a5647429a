"""Diagnostics are made as the protocol's JSON directly (for speed), so the
shape is ours to get right: every diagnostic of a real draft must read back
through lsprotocol into the same JSON, key for key (a misspelt or misplaced
key would be dropped on the way and the comparison would fail), and carry
what the protocol objects carried."""

from pathlib import Path

from lsprotocol import types
from pygls.protocol import default_converter

from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.ruleset import RuleSet
from safeguard_lsp.server.diagnostics import diagnostic_data, diagnostics_for, diagnostics_json
from safeguard_lsp.server.documents import Analysis
from safeguard_lsp.server.positions import LineIndex

WEAK = (Path(__file__).resolve().parents[2] / "examples" / "weak-draft-convention.md").read_text(encoding="utf-8")


def test_diagnostic_data_round_trips_through_the_protocol_types():
    import json

    text = WEAK.replace("Party", "Pärty 😀", 3)  # columns differ in UTF-16 and code points
    draft = Draft.parse(text, syntax="markdown")
    ruleset = RuleSet.load()
    result = Engine(ruleset, Config()).check(draft)
    analysis = Analysis(4, draft, result, ruleset, Config(), LineIndex(text, types.PositionEncodingKind.Utf16))
    uri = "file:///weak.md"
    data = diagnostic_data(uri, analysis)
    assert len(data) == len(result.findings) + len(result.notices) > 40
    converter = default_converter()
    objects = diagnostics_for(uri, analysis)
    assert [converter.unstructure(o, types.Diagnostic) for o in objects] == data
    assert json.loads(diagnostics_json(uri, analysis)) == data
    index = LineIndex(text, types.PositionEncodingKind.Utf16)
    for finding, diagnostic in zip(result.findings, objects):
        assert diagnostic.range == index.range(finding.start, finding.end)
        assert diagnostic.code == finding.rule_id and diagnostic.message == finding.message
        assert diagnostic.data["version"] == 4 and diagnostic.data["offsets"] == [finding.start, finding.end]
    assert any(o.related_information for o in objects) and any(o.code_description for o in objects)
    assert any(o.data["fixes"] for o in objects)


def test_a_finding_names_every_defined_term_it_overlaps_in_text_order():
    """Checked against every use of every term, one by one, at every span of a
    draft that defines terms, one of them twice, and uses them in runs."""
    from safeguard_lsp.server.diagnostics import term_spans

    definitions = ('Article 1 – Use of terms\n\nFor the purposes of this Convention:\n\n'
                   'a. "computer system" means any device;\n\nb. "data" means any representation;\n\n'
                   'c. "data" means facts;\n\nd. "service provider" means any entity.\n\n')
    body = ("Article 2 – Access\n\n1. Each Party shall act against access to a computer system, data data "
            "and computer systems of a service provider; data.\n")
    text = "# Convention\n\n" + definitions + body
    draft = Draft.parse(text, syntax="markdown")
    assert len(draft.terms) == 4
    ruleset = RuleSet.load()
    analysis = Analysis(1, draft, Engine(ruleset, Config()).check(draft), ruleset, Config(), LineIndex(text))
    spans = term_spans(analysis)
    # the same use of two definitions of one term: in the order of the definitions
    every_use = sorted((s, e, n, t) for n, t in enumerate(draft.terms) for s, e in draft.term_uses(t))
    for start in range(len(text)):
        for end in (start + 1, start + 7, start + 40):
            expected, seen = [], set()
            for s, e, key, term in every_use:
                if s < end and e > start and key not in seen:
                    seen.add(key)
                    expected.append(term)
            assert list(spans.overlapping(start, end)) == expected, (start, end)


def _drafts():
    repo = Path(__file__).resolve().parents[2]
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((repo / "examples").glob("*.md"))]
    texts += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((repo / "tests" / "drafts").iterdir())]
    budapest = repo.parent / "shared" / "corpus" / "budapest-convention-ets185.txt"
    if budapest.exists():
        texts.append((budapest.name, budapest.read_text(encoding="utf-8")))
    # Non-ASCII and CRLF, terms defined twice, a notice (a silence without a reason).
    texts.append(("odd.md", WEAK.replace("Party", "Pärty 😀", 3).replace("\n", "\r\n")
                  + '\r\n\r\nArticle 90 – More\r\n\r\n"computer system" means anything. '
                    "<!-- safeguard: ignore SG-WEAK-APPROPRIATE -->\r\n"))
    return texts


def test_the_published_json_is_exactly_that_of_the_diagnostic_data():
    """The JSON published is written directly, not made from the dicts: it must
    be, character for character, what json.dumps makes of them, for drafts of
    every style, in both encodings editors use, with and without a version."""
    import json

    ruleset = RuleSet.load()
    seen = {"related": 0, "notices": 0}
    for name, text in _drafts():
        syntax = "markdown" if name.endswith(".md") else None
        draft = Draft.parse(text, path=name, syntax=syntax)
        result = Engine(ruleset, Config()).check(draft)
        seen["related"] += sum(1 for f in result.findings if f.related)
        seen["notices"] += len(result.notices)
        for encoding, version in ((types.PositionEncodingKind.Utf16, 7), (types.PositionEncodingKind.Utf8, None)):
            analysis = Analysis(version, draft, result, ruleset, Config(), LineIndex(text, encoding))
            written = diagnostics_json("file:///d%C3%A9j%C3%A0/" + name, analysis)
            expected = json.dumps(diagnostic_data("file:///d%C3%A9j%C3%A0/" + name, analysis), separators=(",", ":"))
            assert written == expected, name
            assert result.findings or name == "strong-draft-convention.md"
    assert seen["related"] and seen["notices"]  # both kinds of entry were written

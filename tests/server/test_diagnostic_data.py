"""Diagnostics are made as the protocol's JSON directly (for speed), so the
shape is ours to get right: every diagnostic of a real draft must read back
through lsprotocol into the same JSON, key for key (a misspelt or misplaced
key would be dropped on the way and the comparison would fail), and carry
what the protocol objects carried."""

import json
from pathlib import Path

from lsprotocol import types
from pygls.protocol import default_converter

from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.server.diagnostics import diagnostic_data, diagnostics_for, diagnostics_json
from safeguard_lsp.server.documents import Analysis
from safeguard_lsp.server.positions import LineIndex

WEAK = (Path(__file__).resolve().parents[2] / "examples" / "weak-draft-convention.md").read_text(encoding="utf-8")


def test_diagnostic_data_round_trips_through_the_protocol_types(shipped):
    import json

    text = WEAK.replace("Party", "Pärty 😀", 3)  # columns differ in UTF-16 and code points
    draft = Draft.parse(text, syntax="markdown")
    ruleset = shipped
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
    # What a code action needs to find the finding again; its fixes are made then.
    assert all(set(o.data) == {"version", "rule", "offsets"} for o in objects[:len(result.findings)])
    assert any(f.fixes for f in result.findings)


def test_a_finding_names_every_defined_term_it_overlaps_in_text_order(shipped):
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
    ruleset = shipped
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


def test_a_finding_names_the_definition_in_force_of_each_term_it_underlines(shipped):
    """One place per term: the last definition before the use (the nearer one
    governs it, as a protocol's own definitions govern the protocol), else
    the first after it; a definition is never the place of a use inside
    itself. Checked against every definition of every term at every span of
    a draft that defines one term three times."""
    from safeguard_lsp.server.diagnostics import term_spans

    definitions = ('Article 1 – Use of terms\n\nFor the purposes of this Convention:\n\n'
                   'a. "data" means any representation;\n\nb. "computer system" means any device.\n\n')
    middle = 'Article 2 – Access\n\n1. Each Party shall act against access to a computer system and data.\n\n'
    again = ('Article 3 – Terms of this Protocol\n\na. "data" means facts about a computer system;\n\n'
             'b. "data" means stored facts.\n\n')
    body = "Article 4 – Interference\n\n1. Each Party shall act against the deletion of data data.\n"
    text = "# Convention\n\n" + definitions + middle + again + body
    draft = Draft.parse(text, syntax="markdown")
    assert [t.term for t in draft.terms] == ["data", "computer system", "data", "data"]
    ruleset = shipped
    analysis = Analysis(1, draft, Engine(ruleset, Config()).check(draft), ruleset, Config(), LineIndex(text))
    spans = term_spans(analysis)
    chosen_somewhere = set()
    for start in range(len(text)):
        for end in (start + 1, start + 7, start + 40):
            expected = []
            for phrase in ("data", "computer system"):
                terms = [t for t in draft.terms if t.term == phrase]
                uses = []  # (use, term): the first use outside each definition
                for term in terms:
                    found = [(s, e) for s, e in draft.term_uses(term) if s < end and e > start
                             and not (s < term.definition_end and e > term.definition_start)]
                    if found:
                        uses.append((found[0], term))
                if not uses:
                    continue
                before = [(u, t) for u, t in uses if t.definition_start <= u[0]]
                use, term = (max(before, key=lambda ut: ut[1].definition_start) if before
                             else min(uses, key=lambda ut: ut[1].definition_start))
                expected.append((use, term, len(terms)))
            expected.sort(key=lambda x: x[0])
            got = spans.in_force(start, end)
            assert got == [(t, n) for _, t, n in expected], (start, end, text[start:end])
            chosen_somewhere.update(id(t) for t, _ in got)
    assert len(chosen_somewhere) == 4  # each definition governs some use


def _drafts():
    repo = Path(__file__).resolve().parents[2]
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((repo / "examples").glob("*.md"))]
    texts += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((repo / "tests" / "drafts").iterdir()) if p.is_file()]
    budapest = repo.parent / "shared" / "corpus" / "budapest-convention-ets185.txt"
    if budapest.exists():
        texts.append((budapest.name, budapest.read_text(encoding="utf-8")))
    # Non-ASCII and CRLF, terms defined twice, a notice (a silence without a reason).
    texts.append(("odd.md", WEAK.replace("Party", "Pärty 😀", 3).replace("\n", "\r\n")
                  + '\r\n\r\nArticle 90 – More\r\n\r\n"ICT system" means anything. '
                    "<!-- safeguard: ignore SG-WEAK-APPROPRIATE -->\r\n"))
    return texts


def test_every_diagnostic_says_what_its_finding_says(shipped):
    """The JSON is written by hand (for speed): for drafts of every style, in
    both encodings editors use, with and without a version, each diagnostic
    must read back through lsprotocol unchanged and carry its finding's
    range, rule, message, severity, places and what a code action needs to
    find it again, and each notice likewise."""
    from safeguard_lsp.server.diagnostics import defined_here, term_spans

    # the protocol's own numbers, not the server's copy of them
    SEVERITY = {name: types.DiagnosticSeverity[name.capitalize()] for name in ("error", "warning", "information", "hint")}

    converter = default_converter()
    ruleset = shipped
    seen = {"related": 0, "terms": 0, "notices": 0, "terms defined again": 0}
    for name, text in _drafts():
        syntax = "markdown" if name.endswith(".md") else None
        draft = Draft.parse(text, path=name, syntax=syntax)
        result = Engine(ruleset, Config()).check(draft)
        for encoding, version in ((types.PositionEncodingKind.Utf16, 7), (types.PositionEncodingKind.Utf8, None)):
            index = LineIndex(text, encoding)
            analysis = Analysis(version, draft, result, ruleset, Config(), index)
            uri = "file:///d%C3%A9j%C3%A0/" + name
            data = json.loads(diagnostics_json(uri, analysis))
            assert [converter.unstructure(converter.structure(d, types.Diagnostic), types.Diagnostic)
                    for d in data] == data, name
            assert len(data) == len(result.findings) + len(result.notices)
            spans = term_spans(analysis) if draft.terms else None
            for finding, d in zip(result.findings, data):
                terms = spans.in_force(finding.start, finding.end) if spans else []
                related = [(r.start, r.end, r.message) for r in finding.related]
                related += [(t.start, t.end, defined_here(t.term, n)) for t, n in terms]
                assert d["range"] == index.range_dict(finding.start, finding.end)
                assert (d["code"], d["message"], d["source"]) == (finding.rule_id, finding.message, "safeguard")
                assert d["severity"] == int(SEVERITY[finding.severity])
                assert d.get("codeDescription") == ({"href": finding.url} if finding.url else None)
                assert d.get("relatedInformation", []) == [
                    {"location": {"uri": uri, "range": index.range_dict(s, e)}, "message": m} for s, e, m in related]
                assert d["data"] == {"version": version, "rule": finding.rule_id,
                                     "offsets": [finding.start, finding.end]}
                seen["related"] += bool(finding.related)
                seen["terms"] += bool(terms)
                seen["terms defined again"] += any(n > 1 for _, n in terms)
            for notice, d in zip(result.notices, data[len(result.findings):]):
                assert d == {"range": index.range_dict(notice.start, notice.end),
                             "severity": int(SEVERITY[notice.severity]), "code": notice.code, "source": "safeguard",
                             "message": notice.message, "data": {"version": version, "notice": True}}
                seen["notices"] += 1
    assert all(seen.values()), seen  # every kind of entry was written

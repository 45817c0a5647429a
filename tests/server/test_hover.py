import pytest
import yaml

from . import drafts
from .helpers import SHARED, by_rule


def reference_citation(cid: str) -> dict:
    path = SHARED / "reference" / "citations.yaml"
    if not path.is_file():
        pytest.skip(f"the verified reference texts are not here ({path})")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return next(c for c in data["citations"] if c["id"] == cid)


def assert_quoted(hover: str, text: str) -> None:
    for paragraph in text.strip().splitlines():
        if paragraph.strip():
            assert paragraph.strip() in hover, f"not quoted exactly: {paragraph!r}"


async def test_hover_on_a_finding_quotes_the_iccpr(session):
    citation = reference_citation("iccpr-17")
    uri = (session.root / f"hover-finding-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    diagnostics = await session.diagnostics(uri)
    [judicial] = by_rule(diagnostics, "TEST-JUDICIAL")
    hover = await session.hover(uri, judicial.range.start)
    assert "Interception without prior judicial authorisation" in hover
    assert "article 17 of the Covenant requires" in hover  # the rule's explanation
    assert "International Covenant on Civil and Political Rights" in hover and "Article 17" in hover
    assert_quoted(hover, citation["text"])
    if citation.get("caution"):
        assert " ".join(citation["caution"].split()) in " ".join(hover.split())


@pytest.mark.parametrize("needle, cid", [
    ("article 17 of the International", "iccpr-17"),
    ("art. 19(3)", "iccpr-19"),
    ("Article 12 of the Universal", "udhr-12"),
])
async def test_hover_on_an_instrument_reference(session, needle, cid):
    citation = reference_citation(cid)
    uri = (session.root / f"hover-ref-{cid}-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    hover = await session.hover(uri, session.position(uri, needle, 3))
    assert_quoted(hover, citation["text"])


async def test_hover_on_a_defined_term(session):
    uri = (session.root / f"hover-term-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    use = await session.hover(uri, session.position(uri, "computer system", 4, nth=1))
    assert "“computer system”" in use and "means any device that processes data" in use
    definition = await session.hover(uri, session.position(uri, "computer system", 2, nth=0))
    assert "means any device that processes data" in definition


async def test_hover_on_a_cross_reference(session):
    uri = (session.root / f"hover-xref-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    hover = await session.hover(uri, session.position(uri, "article 2 are", 8))
    assert "Article 2 — Offences" in hover
    assert "Each Party shall criminalise the spreading" in hover


async def test_hover_is_short_first_and_quotes_each_text_once(session):
    """#20 item 6: the finding, its authorities one line each under the heading
    of their kind, the fix on offer; the explanation and the full texts follow
    in a second section, each text once."""
    citation = reference_citation("iccpr-17")
    uri = (session.root / f"hover-short-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    diagnostics = await session.diagnostics(uri)
    [judicial] = by_rule(diagnostics, "TEST-JUDICIAL")
    hover = await session.hover(uri, judicial.range.start)
    short, _, details = hover.partition("**Why (TEST-JUDICIAL)**")
    assert details, hover
    assert "**The law**" in short
    assert "- International Covenant on Civil and Political Rights, Article 17 — Privacy" in short
    first_paragraph = citation["text"].strip().splitlines()[0].strip()
    assert first_paragraph not in short
    assert hover.count(first_paragraph) == 1
    assert len(short) < 1200, short

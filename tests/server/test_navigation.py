import pytest
from lsprotocol import types

from . import drafts
from .helpers import SHARED, text_at

BUDAPEST = SHARED / "corpus" / "budapest-convention-ets185.txt"


def walk(symbols, parents=()):
    for symbol in symbols:
        yield symbol, parents
        yield from walk(symbol.children or [], parents + (symbol,))


async def test_document_symbols_of_the_budapest_convention(session):
    if not BUDAPEST.is_file():
        pytest.skip(f"the Budapest Convention text is not here ({BUDAPEST})")
    uri = (session.root / f"budapest-{session.profile}.txt").as_uri()
    session.open(uri, BUDAPEST.read_text(encoding="utf-8"), language="plaintext")
    symbols = await session.client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    chapters = [s for s in symbols if s.name.startswith("Chapter")]
    assert [c.name for c in chapters] == ["Chapter I", "Chapter II", "Chapter III", "Chapter IV"]
    articles = [(s, parents) for s, parents in walk(symbols) if s.name.startswith("Article")]
    assert [s.name for s, _ in articles] == [f"Article {n}" for n in range(1, 49)]
    assert all(parents and parents[0].name.startswith("Chapter") for _, parents in articles)
    article2 = articles[1][0]
    assert article2.detail == "Illegal access"
    assert text_at(session.texts[uri], article2.selection_range, session.encoding).startswith("Article 2")
    folds = await session.client.text_document_folding_range_async(types.FoldingRangeParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert len(folds) >= 48 + 4


async def test_definition_and_references_of_terms_and_articles(session):
    client = session.client
    uri = (session.root / f"nav-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    doc = types.TextDocumentIdentifier(uri=uri)
    text = session.texts[uri]
    # a use of a defined term → its definition
    [location] = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc, position=session.position(uri, "computer system", 3, nth=1)))
    assert text_at(text, location.range, session.encoding) == "computer system"
    assert location.range.start.line == 4
    # the definition → its uses
    uses = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc, position=session.position(uri, "computer system", 3),
        context=types.ReferenceContext(include_declaration=False)))
    assert [(u.range.start.line, text_at(text, u.range, session.encoding)) for u in uses] == [(8, "computer system")]
    # a cross-reference → the article
    [target] = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc, position=session.position(uri, "article 2 are", 2)))
    assert text_at(text, target.range, session.encoding).startswith("## Article 2")
    # the article's heading → the cross-references to it
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc, position=session.position(uri, "## Article 2", 5),
        context=types.ReferenceContext(include_declaration=False)))
    assert [text_at(text, r.range, session.encoding) for r in refs] == ["article 2"]


async def test_workspace_symbols(session):
    uri = (session.root / f"ws-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    symbols = await session.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="Offences"))
    names = {(s.location.uri.rsplit("/", 1)[-1], s.name) for s in symbols}
    assert ("on-disk.md", "Article 1 – Offences") in names
    assert (f"ws-{session.profile}.md", "Article 2 – Offences") in names


async def test_code_lens_counts_findings_per_article(session):
    uri = (session.root / f"lens-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    await session.diagnostics(uri)
    lenses = await session.client.text_document_code_lens_async(types.CodeLensParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    shown = {text_at(session.texts[uri], lens.range, session.encoding): lens.command.title for lens in lenses}
    assert shown == {"## Article 2. Offences": "1 safeguard finding: content",
                     "## Article 3. Powers": "1 safeguard finding: procedural-powers"}
    assert all(lens.command.command == "" for lens in lenses)

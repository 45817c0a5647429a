from lsprotocol import types

from .helpers import position_at


async def complete(session, uri, offset, trigger=None):
    context = (types.CompletionContext(trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character=":")
               if trigger else types.CompletionContext(trigger_kind=types.CompletionTriggerKind.Invoked))
    return await session.client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=position_at(session.texts[uri], offset, session.encoding), context=context))


async def test_model_clauses_after_safeguard_colon(session):
    uri = (session.root / f"complete-{session.profile}.md").as_uri()
    text = "# Draft\n\n## Article 1. Powers\n\nEach State Party shall intercept. safeguard:"
    session.open(uri, text)
    result = await complete(session, uri, len(text), trigger=True)
    [item] = [i for i in result.items if i.label == "Judicial authorisation (test clause)"]
    assert item.kind == types.CompletionItemKind.Snippet
    assert item.insert_text_format == types.InsertTextFormat.Snippet
    # {party} filled for this draft; $, } and \ escaped for the snippet syntax
    assert item.text_edit.new_text.startswith("Each State Party shall ensure")
    assert "costing \\$0 {not a placeholder\\} \\\\ and no more.$0" in item.text_edit.new_text
    start = len(text) - len("safeguard:")
    assert item.text_edit.range.start == position_at(text, start, session.encoding)
    documentation = item.documentation.value
    assert "Draws on" in documentation
    assert "International Covenant on Civil and Political Rights" in documentation and "Article 17" in documentation


async def test_model_clauses_by_title_word(session):
    uri = (session.root / f"complete-word-{session.profile}.md").as_uri()
    text = "# Draft\n\n## Article 1. Powers\n\nEach Party shall act with judic"
    session.open(uri, text)
    result = await complete(session, uri, len(text))
    assert "Judicial authorisation (test clause)" in [i.label for i in result.items]
    session.replace(uri, len(text) - 5, len(text), "xyzzy")
    result = await complete(session, uri, len(session.texts[uri]))
    assert result.items == [] or list(result.items) == []


async def test_model_clauses_in_an_act_speak_as_an_act(session):
    """In a national law the clauses are offered in its register, the
    defences name its own offences, and each tier is labelled."""
    uri = (session.root / f"complete-act-{session.profile}.txt").as_uri()
    text = ("Computer Misuse Act\n\nSection 1 – Short title\n\nThis Act may be cited as the Computer Misuse Act.\n\n"
            "Section 2 – Unauthorised access\n\nA person who intentionally accesses a computer without authorisation "
            "commits an offence.\n\nSection 3 – Defences\n\nsafeguard:")
    session.open(uri, text)
    result = await complete(session, uri, len(text), trigger=True)
    items = {i.label: i.text_edit.new_text for i in result.items}
    assert "Respect for human rights (agreed language)" in items
    assert all("this Convention" not in body and "State Party" not in body for body in items.values())
    assert "an offence under section 2 of this Act" in items["Public-interest defence"]

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


PACK = """\
pack:
  id: our-rules
rules:
  - id: SG-OUR-INTERCEPTION
    kind: reading
    title: Interception without a judge
    reads: {role: power, measure: [interception]}
    sum"""


async def test_rule_keys_of_the_kind_in_a_rule_pack(session):
    """Writing a rule in a pack, the editor offers the keys of its kind not yet
    written, each with its one-line doc, replacing the word typed."""
    uri = (session.root / f"our-pack-{session.profile}.yaml").as_uri()
    session.open(uri, PACK, language="yaml")
    result = await complete(session, uri, len(PACK))
    items = {item.label: item for item in result.items}
    # The reading kind's own keys, and those every rule has, but none written already.
    assert {"summary", "require", "within", "refers_to", "message", "cites", "examples"} <= set(items)
    assert not {"reads", "kind", "title", "id"} & set(items)
    assert not {"match", "check", "weakened_by"} & set(items)  # keys of other kinds
    summary = items["summary"]
    assert summary.kind == types.CompletionItemKind.Property
    assert "one information finding on the instrument" in summary.documentation.value
    assert summary.text_edit.new_text == "summary: "
    assert summary.text_edit.range.start == position_at(PACK, len(PACK) - len("sum"), session.encoding)
    # The kind's own keys come first.
    ordered = sorted(result.items, key=lambda item: item.sort_text)
    assert ordered[0].label in ("require", "within", "summary", "refers_to", "unit", "when", "unless", "fallback")


async def test_rule_keys_follow_the_kind_and_stay_out_of_values(session):
    uri = (session.root / f"our-check-pack-{session.profile}.yaml").as_uri()
    text = PACK.replace("kind: reading", "kind: check").replace("    reads: {role: power, measure: [interception]}\n", "")
    session.open(uri, text, language="yaml")
    result = await complete(session, uri, len(text))
    labels = {item.label for item in result.items}
    assert "check" in labels and not {"summary", "reads", "match"} & labels
    # Inside a value, and in .safeguard.yaml's rule settings, no rule keys are offered.
    result = await complete(session, uri, text.index("Interception without") + 5)
    assert list(result.items) == []
    config_uri = (session.root / "settings-pack" / ".safeguard.yaml").as_uri()
    config_text = "rules:\n  SG-WEAK-MAY: off\n  "
    session.open(config_uri, config_text, language="yaml")
    result = await complete(session, config_uri, len(config_text))
    assert list(result.items) == []


async def test_rule_values_in_a_rule_pack(session):
    """After a key, the editor offers the values it takes: the reading schema's
    values for an element of `reads:`, the shipped lexicon's terms after
    `match:`; right after a colon the value comes with its space."""
    uri = (session.root / f"our-values-pack-{session.profile}.yaml").as_uri()
    text = PACK.replace("    sum", "    require: {authoriser: [judge, ")
    session.open(uri, text, language="yaml")
    result = await complete(session, uri, len(text))
    labels = [item.label for item in result.items]
    assert "independent-body" in labels and "judge" not in labels and "offence" not in labels
    item = next(i for i in result.items if i.label == "independent-body")
    assert item.text_edit.new_text == "independent-body"
    assert item.text_edit.range.start == position_at(text, len(text), session.encoding)

    term_text = PACK.replace("kind: reading", "kind: term").replace(
        "    reads: {role: power, measure: [interception]}\n", "").replace("    sum", "    match:")
    session.replace(uri, 0, len(text), term_text)
    result = await complete(session, uri, len(term_text), trigger=True)
    items = {i.label: i for i in result.items}
    assert "access-offence" in items and len(items) > 20
    assert items["access-offence"].text_edit.new_text == " access-offence"

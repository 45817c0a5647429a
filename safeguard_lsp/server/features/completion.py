"""Completion of model safeguard clauses, and of the keys of a rule in a pack.

Clauses are offered in a draft after ``safeguard:`` (typing the colon
triggers it) and when the word being typed starts a word of a clause title
("judic" → "Prior judicial authorisation"). The clause replaces what was typed.
In a rule pack (YAML), the keys of the rule's kind are offered with their
one-line docs, from the kind's schema (kinds/keycompletion.py), and after a
key the values it takes: a fixed list, the reading schema's roles, elements
and values, the lexicon's terms or the citations (kinds/valuecompletion.py).
"""

from __future__ import annotations

import re

from lsprotocol import types

from safeguard_lsp.fixes import clause_for, fill, offences_covered_words
from safeguard_lsp.kinds.keycompletion import keys_to_offer
from safeguard_lsp.kinds.valuecompletion import Vocabulary, values_to_offer
from safeguard_lsp.ruleset import RuleSet

from ..documents import Analysis
from ..handlers import analysis_of, guarded, open_document

TRIGGER = re.compile(r"safeguard:[ \t]*$", re.IGNORECASE)
WORD = re.compile(r"[\w-]{3,}$")


def snippet_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def _documentation(clause, ruleset: RuleSet, text: str) -> str:
    sources = []
    for cid in clause.draws_on:
        citation = ruleset.citations.get(cid)
        if citation is not None:
            sources.append(f"- {citation.instrument}, {citation.article}" + (f" ({citation.title})" if citation.title else ""))
    doc = text
    if sources:
        doc += "\n\n**Draws on**\n\n" + "\n".join(sources)
    return doc


def completions(analysis: Analysis, ruleset: RuleSet, position: types.Position, snippets: bool,
                markdown: bool) -> types.CompletionList:
    index = analysis.index
    offset = index.offset(position)
    text = analysis.draft.text
    line_start = index.starts[index.line_of(offset)]
    before = text[line_start:offset]
    trigger = TRIGGER.search(before)
    prefix = ""
    if trigger:
        start = line_start + trigger.start()
    else:
        word = WORD.search(before)
        if not word:
            return types.CompletionList(is_incomplete=True, items=[])
        prefix = word.group().lower()
        start = line_start + word.start()
    replace = index.range(start, offset)
    items = []
    for clause in ruleset.clauses.values():
        title_words = [w.lower() for w in re.findall(r"[\w-]+", clause.title)]
        if prefix and not any(w.startswith(prefix) for w in title_words) and not clause.id.startswith(prefix):
            continue
        # In the draft's register, and naming the draft's own offences; a
        # clause that cannot be written for this draft is not offered.
        template = clause_for(clause, analysis.draft)
        covered = offences_covered_words(analysis.draft) if template and "{offences_covered}" in template else ""
        if template is None or ("{offences_covered}" in template and not covered):
            continue
        body = fill(template, analysis.draft, {"offences_covered": covered})
        new_text = snippet_escape(body) + "$0" if snippets else body
        doc = _documentation(clause, ruleset, body)
        tier = {"agreed": " (agreed language)", "fallback": " (fallback)"}.get(clause.tier, "")
        items.append(types.CompletionItem(
            label=clause.title + tier,
            kind=types.CompletionItemKind.Snippet,
            detail="Model safeguard clause",
            documentation=types.MarkupContent(
                kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText, value=doc),
            filter_text=text[start:offset] + " " + clause.title if trigger else clause.title,
            sort_text=clause.title.lower(),
            insert_text_format=types.InsertTextFormat.Snippet if snippets else types.InsertTextFormat.PlainText,
            text_edit=types.TextEdit(range=replace, new_text=new_text),
        ))
    return types.CompletionList(is_incomplete=not trigger, items=items)


def rule_key_completions(document, encoding, position: types.Position, markdown: bool,
                         vocabulary: Vocabulary = Vocabulary()) -> types.CompletionList:
    """The keys of the rule being written at ``position`` of a rule pack, or
    the values of the key being written (none elsewhere in the file);
    documentation in Markdown when the editor takes it."""
    index = document.index(encoding)
    offset = index.offset(position)
    offer = keys_to_offer(document.text, offset)
    if offer is None:
        return _rule_value_completions(document.text, index, offset, vocabulary)
    replace = index.range(offer.start, offset)
    items = []
    for order, key in enumerate(offer.keys):
        doc = f"{key.doc}\n\n{'Required' if key.required else 'Optional'}; {key.type}"
        if key.values:
            doc += ": " + ", ".join(key.values)
        doc += f".\n\nExample: {key.name}: {key.example}"
        items.append(types.CompletionItem(
            label=key.name,
            kind=types.CompletionItemKind.Property,
            detail=f"{offer.kind or 'every'} rule: {key.doc}",
            documentation=types.MarkupContent(
                kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText, value=doc),
            sort_text=f"{order:03d}",
            text_edit=types.TextEdit(range=replace, new_text=f"{key.name}: "),
        ))
    return types.CompletionList(is_incomplete=False, items=items)


def _rule_value_completions(text: str, index, offset: int, vocabulary: Vocabulary) -> types.CompletionList:
    offer = values_to_offer(text, offset, vocabulary)
    if offer is None:
        return types.CompletionList(is_incomplete=False, items=[])
    replace = index.range(offer.start, offset)
    # Right after a colon, YAML needs a space before the value.
    space = " " if text[offer.start - 1:offer.start] == ":" else ""
    return types.CompletionList(is_incomplete=False, items=[
        types.CompletionItem(label=value, kind=types.CompletionItemKind.EnumMember, detail=offer.what,
                             sort_text=f"{order:03d}", filter_text=value,
                             text_edit=types.TextEdit(range=replace, new_text=space + value))
        for order, value in enumerate(offer.values)])


def _vocabulary(ls, path) -> Vocabulary:
    """The lexicon's terms and the citations a pack may name: those of the
    rule set loaded with the rule folders of the editor's settings."""
    ruleset = ls.rulesets.get(ls.configs.rule_paths(path))
    return Vocabulary(tuple(sorted(ruleset.terms)), tuple(sorted(ruleset.citations)))


def register(server) -> None:
    server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":"]))(
        guarded(on_completion))


async def on_completion(ls, params: types.CompletionParams):
    document = open_document(ls, params.text_document.uri)
    if document is not None and document.path is not None and document.path.suffix in (".yaml", ".yml"):
        return rule_key_completions(document, ls.client.position_encoding, params.position,
                                    ls.client.markdown_completion_docs, _vocabulary(ls, document.path))
    found = await analysis_of(ls, params.text_document.uri)
    if found is None:
        return types.CompletionList(is_incomplete=False, items=[])
    analysis = found[1]
    return completions(analysis, analysis.ruleset, params.position, ls.client.snippets,
                       ls.client.markdown_completion_docs)

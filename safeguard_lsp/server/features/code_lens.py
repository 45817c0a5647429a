"""A line above each article heading that has findings: how many and in
which categories ("2 safeguard findings: procedural-powers, cooperation").

The lens is information, not a button: its command has an empty id, which
VS Code and Neovim show as plain text and never try to run. Registering a
custom command would be off-standard (see the design's lesson from ltex-ls).
"""

from __future__ import annotations

from lsprotocol import types

from ..documents import Analysis
from ..handlers import analysis_of, guarded


def code_lenses(analysis: Analysis) -> list[types.CodeLens]:
    per_article: dict[int, tuple] = {}
    for finding in analysis.result.findings:
        article = finding.unit.enclosing("article") if finding.unit is not None else None
        if article is None or article.heading_start is None:
            continue
        count, categories, unit = per_article.get(id(article), (0, [], article))
        if finding.category and finding.category not in categories:
            categories.append(finding.category)
        per_article[id(article)] = (count + 1, categories, unit)
    lenses = []
    for count, categories, article in sorted(per_article.values(), key=lambda v: v[2].start):
        title = f"{count} safeguard finding{'s' if count != 1 else ''}"
        if categories:
            title += ": " + ", ".join(categories)
        lenses.append(types.CodeLens(
            range=analysis.index.range(article.heading_start, article.heading_end or article.heading_start),
            command=types.Command(title=title, command=""),
        ))
    return lenses


def register(server) -> None:
    server.feature(types.TEXT_DOCUMENT_CODE_LENS)(guarded(on_code_lens))


async def on_code_lens(ls, params: types.CodeLensParams):
    await ls.wait_ready()  # the setting below is the editor's
    if not ls.configs.settings.code_lens:
        return []
    found = await analysis_of(ls, params.text_document.uri)
    return code_lenses(found[1]) if found else []

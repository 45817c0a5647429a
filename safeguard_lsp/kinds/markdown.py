"""The generated parts of docs/rule-language.md: each kind's keys, from its schema.

The page keeps hand-written prose around sections between markers
(``<!-- rule-keys:NAME:start -->`` … ``<!-- rule-keys:NAME:end -->``, NAME a
kind or ``common``, and ``<!-- reading-schema:… -->``); this module writes
what goes between them and tests/test_rule_language.py fails when the page
differs. To write them again after changing a kind::

    python tools/rule_language_doc.py docs/rule-language.md
"""

from __future__ import annotations

import re

from safeguard_lsp import kinds
from safeguard_lsp.kinds.schema import Key
from safeguard_lsp.kinds.selector import describe_schema


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def keys_table(keys: tuple[Key, ...]) -> str:
    lines = ["| key | required | value | meaning | example |", "| --- | --- | --- | --- | --- |"]
    for key in keys:
        value = key.type
        if key.values:
            value = f"{value}: " + ", ".join(f"`{v}`" for v in key.values)
        lines.append(f"| `{key.name}` | {'yes' if key.required else 'no'} | {_cell(value)} | {_cell(key.doc)} "
                     f"| `{_cell(key.example)}` |")
    return "\n".join(lines)


def sections() -> dict[str, str]:
    """What goes between each pair of markers, by marker name."""
    out = {"rule-keys:common": keys_table(kinds.common_keys()), "reading-schema": describe_schema()}
    for name, kind in kinds.BY_NAME.items():
        out[f"rule-keys:{name}"] = f"{kind.doc}\n\n{keys_table(kind.keys)}"
    return out


def between(text: str, name: str) -> str | None:
    """The text between the markers ``name`` in ``text``, or None without them."""
    found = re.search(rf"<!-- {re.escape(name)}:start -->\n(.*?)\n?<!-- {re.escape(name)}:end -->", text, re.S)
    return found.group(1).strip() if found else None


def updated(text: str) -> str:
    """``text`` with every generated section written again."""
    for name, content in sections().items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        text = re.sub(rf"{re.escape(start)}\n.*?{re.escape(end)}", lambda _: f"{start}\n{content}\n{end}", text,
                      flags=re.S)
    return text


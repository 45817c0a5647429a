"""Edits to a `.safeguard.yaml` that keep what the user wrote.

The file belongs to its team: comments, key order, quoting and flow style
must survive a quick fix. ruamel.yaml's round-trip mode reads and writes the
file as written; text edits by pattern could not (a flow-style
`silence: [...]` once got a second `silence:` key, and the file stopped
loading). Imported only when such an edit is made.
"""

from __future__ import annotations

import io
import re


class NotEditable(Exception):
    """The file cannot be read as YAML (being typed, say): leave it alone."""


def _yaml(text: str):
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long reason onto a new line
    # Follow the file's own indentation of block lists; "  - rule:" unless
    # the file writes its lists flush with their key ("- rule:").
    if not re.search(r"^[\w.-]+:[ \t]*(?:#.*)?\r?\n-[ \t]", text, re.MULTILINE):
        yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def with_silence(text: str, rule_id: str, article: str, reason: str = "") -> str:
    """``text`` with ``{rule, article, reason}`` appended under ``silence:``
    (the key created when absent), everything else as it was."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    newline = "\r\n" if "\r\n" in text else "\n"
    yaml = _yaml(text)
    try:
        data = yaml.load(text.replace("\r\n", "\n")) if text.strip() else None
    except YAMLError as exc:
        raise NotEditable(str(exc)) from None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise NotEditable("the file is not a mapping of settings")
    entry = CommentedMap()
    entry["rule"] = rule_id
    entry["article"] = DoubleQuotedScalarString(article)
    entry["reason"] = DoubleQuotedScalarString(reason)
    silences = data.get("silence")
    if silences is None:
        data["silence"] = CommentedSeq([entry])
    elif isinstance(silences, CommentedSeq):
        if silences.fa.flow_style():
            entry.fa.set_flow_style()
        else:
            _move_trailing_comment(silences, entry)
        silences.append(entry)
    else:
        raise NotEditable("silence: is not a list")
    out = io.StringIO()
    yaml.dump(data, out)
    written = out.getvalue()
    return written.replace("\n", newline) if newline != "\n" else written


def _move_trailing_comment(silences, entry) -> None:
    """Comment lines after the last entry (ruamel keeps them on its last key)
    stay after the list: they move to the new last entry. A comment at the
    end of that key's own line stays where it is."""
    if not silences or not hasattr(silences[-1], "ca") or not silences[-1]:
        return
    last = silences[-1]
    key = list(last.keys())[-1]
    slot = last.ca.items.get(key)
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or "\n" not in token.value.rstrip("\n"):
        return
    own_line, _, rest = token.value.partition("\n")
    from ruamel.yaml.tokens import CommentToken

    token.value = own_line + "\n"
    entry.ca.items["reason"] = [None, None, CommentToken("\n" + rest, token.start_mark, None), None]

"""Read YAML rule files as plain data, remembering the line of every key.

Rule packs are shared between organisations, and a repository's
`.safeguard.yaml` comes with the repository, so both are untrusted input: only
the YAML core schema is accepted (no tags that build Python objects), aliases
cannot expand a small file into a huge one, the file size is capped before
parsing, and the number of values and the nesting are counted on the parser's
events *before* any tree is built (a 2 MB flat list once took half a minute
to build, then was refused). Every problem is a :class:`YamlProblem` naming
the file and line.
"""

from __future__ import annotations

import re

import yaml

# The data types live in yamldata.py (no PyYAML there); imported here too so
# that `from safeguard_lsp.yamlload import Mapping, YamlProblem` keeps working.
from safeguard_lsp.yamldata import MAX_FILE_BYTES, Mapping, Sequence, YamlProblem, line_of, read_limited

__all__ = ["MAX_FILE_BYTES", "Mapping", "Sequence", "YamlProblem", "line_of", "load_config_file", "load_config_text",
           "load_yaml_bytes", "load_yaml_file", "load_yaml_text"]

MAX_NODES = 200_000  # after alias expansion; a billion-laughs file stops here
# A .safeguard.yaml holds a few settings and silences: far smaller bounds.
MAX_CONFIG_BYTES = 256 * 1024
MAX_CONFIG_NODES = 20_000
MAX_DEPTH = 64
# libyaml's parser where PyYAML has it (the events of a 2 MB file in a
# fraction of a second); PyYAML's own otherwise.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_VALUE = (yaml.ScalarEvent, yaml.AliasEvent) + _OPENING
_TOO_DEEP = "the file nests lists or mappings too deeply to be a rule file; refused"

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _Builder:
    def __init__(self, path: str, max_nodes: int = MAX_NODES):
        self.path = path
        self.max_nodes = max_nodes
        self.count = 0
        # Plain scalars are resolved with PyYAML's safe constructor so that
        # `yes`, `1.5` and `~` mean what YAML users expect.
        self.scalars = yaml.SafeLoader("")

    def build(self, node):
        self.count += 1
        if self.count > self.max_nodes:
            raise YamlProblem(
                self.path,
                node.start_mark.line + 1,
                f"the file expands to more than {self.max_nodes} values (aliases repeated too often?); refused",
            )
        if node.tag not in _PLAIN_TAGS:
            raise YamlProblem(
                self.path,
                node.start_mark.line + 1,
                f"the tag {node.tag!r} is not allowed: rule files hold plain data only",
            )
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out = Mapping()
            out.line = line
            out.key_lines = {}
            for key_node, value_node in node.value:
                key = self.build(key_node)
                if isinstance(key, (dict, list)):
                    raise YamlProblem(self.path, key_node.start_mark.line + 1, "a key must be plain text")
                if key in out:
                    raise YamlProblem(self.path, key_node.start_mark.line + 1, f"the key {key!r} appears twice")
                out[key] = self.build(value_node)
                out.key_lines[key] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            out = Sequence()
            out.line = line
            out.item_lines = []
            for item in node.value:
                out.append(self.build(item))
                out.item_lines.append(item.start_mark.line + 1)
            return out
        return self.scalars.construct_object(node, deep=True)


_KEY = re.compile(r"^\s*(?:-\s+)?([\w.-]+)\s*:")


def _key_on_line(text: str, index: int) -> str:
    lines = text.splitlines()
    if 0 <= index < len(lines):
        match = _KEY.match(lines[index])
        if match:
            return match.group(1)
    return ""


def _check_shape(text: str, path: str, max_nodes: int) -> None:
    """Count the values and the nesting on the parser's events, and stop at
    the first one over the bounds, before any tree is built."""
    count = depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, _VALUE):
            count += 1
            if count > max_nodes:
                raise YamlProblem(path, event.start_mark.line + 1,
                                  f"the file holds more than {max_nodes} values; refused")
            if isinstance(event, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(path, event.start_mark.line + 1, _TOO_DEEP)
        elif isinstance(event, _CLOSING):
            depth -= 1


def _size_limit(max_bytes: int) -> str:
    if max_bytes >= 1_000_000:
        return f"{max_bytes // 1_000_000} MB"
    return f"{max_bytes // 1024} KB"


def load_yaml_text(text: str, path: str, max_bytes: int = MAX_FILE_BYTES, max_nodes: int = MAX_NODES):
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise YamlProblem(path, 0, f"the file is larger than {_size_limit(max_bytes)}; refused")
    try:
        _check_shape(text, path, max_nodes)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        if "nesting depth" in str(exc.problem):  # libyaml's own bound on nesting
            raise YamlProblem(path, line, _TOO_DEEP) from None
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}: {what}"
        # The mark of a syntax error is often where the parser gave up (the
        # next key); the context mark is where the broken value started.
        marks = [m for m in (exc.context_mark, exc.problem_mark) if m is not None]
        key = ""
        for mark in marks:
            key = _key_on_line(text, mark.line)
            if key:
                line = mark.line + 1
                break
        raise YamlProblem(path, line, f"YAML syntax error: {what}", key) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(path, 0, f"YAML error: {exc}") from None
    except RecursionError:  # PyYAML composes recursively: `[[[[…` would crash the loader
        raise YamlProblem(path, 0, _TOO_DEEP) from None
    if node is None:
        return None
    try:
        return _Builder(path, max_nodes).build(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YamlProblem(path, mark.line + 1 if mark else 0, f"YAML error: {getattr(exc, 'problem', exc)}") from None
    except RecursionError:
        raise YamlProblem(path, 0, _TOO_DEEP) from None


def load_yaml_file(path: str, max_bytes: int = MAX_FILE_BYTES, max_nodes: int = MAX_NODES):
    return load_yaml_bytes(read_limited(path, max_bytes), path, max_bytes, max_nodes)


def load_config_file(path: str):
    """A `.safeguard.yaml`, within the bounds of a configuration file."""
    return load_yaml_file(path, MAX_CONFIG_BYTES, MAX_CONFIG_NODES)


def load_config_text(text: str, path: str):
    return load_yaml_text(text, path, MAX_CONFIG_BYTES, MAX_CONFIG_NODES)


def load_yaml_bytes(raw: bytes, path: str, max_bytes: int = MAX_FILE_BYTES, max_nodes: int = MAX_NODES):
    """Parse the bytes of a rule file (as read by yamldata.read_limited)."""
    if len(raw) > max_bytes:
        raise YamlProblem(path, 0, f"the file is larger than {_size_limit(max_bytes)}; refused")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(path, line, "the file is not valid UTF-8 text") from None
    return load_yaml_text(text, path, max_bytes, max_nodes)

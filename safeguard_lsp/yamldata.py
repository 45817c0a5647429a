"""The plain data read from a rule file, with the line of every key and item.

Kept apart from yamlload.py (which needs PyYAML) so that a rule set loaded
from the compiled cache, and a `check` without a `.safeguard.yaml`, never
import PyYAML: its import alone is a noticeable part of a `check` process.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_FILE_BYTES = 2_000_000


@dataclass
class YamlProblem(Exception):
    path: str
    line: int  # 1-based; 0 when unknown
    message: str
    key: str = ""  # the key written on that line, when there is one

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class Mapping(dict):
    """A dict that knows the line of each key (1-based) and its own line."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A list that knows the line of each item (1-based) and its own line."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


def line_of(value, default: int = 0) -> int:
    return getattr(value, "line", default) or default


def read_limited(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a rule file, at most one byte past the size limit (enough
    to tell it is too large without reading a huge file into memory).
    Raises YamlProblem when the file cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise YamlProblem(path, 0, f"cannot read the file: {exc.strerror or exc}") from None

"""Silencing a rule inside a Markdown draft with an HTML comment.

Drafters need to record a decision ("intent is defined once in Article 3")
next to the text it concerns, so silences carry a reason. The forms:

    <!-- safeguard: ignore SG-ACCESS-INTENT reason="Intent is set in Article 3" -->
        the next paragraph (the next block of text after the comment)
    <!-- safeguard: disable SG-WEAK-MAY reason="…" --> … <!-- safeguard: enable SG-WEAK-MAY -->
        a region (to the end of the draft when not closed)
    <!-- safeguard: disable-file SG-WEAK-MAY reason="…" -->
        the whole draft

Several rule ids may be given, separated by commas or spaces; `all` silences
every rule. A silence without a reason still works, but is itself reported as
a hint, so that undocumented silences do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMENT = re.compile(r"<!--\s*safeguard\s*:\s*(?P<body>.*?)-->", re.DOTALL | re.IGNORECASE)
_REASON = re.compile(r"""reason\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S.*))""", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
ACTIONS = ("ignore", "disable", "enable", "disable-file")


@dataclass(frozen=True)
class Silence:
    rules: frozenset[str]  # {"*"} for all
    start: int  # the region silenced
    end: int
    reason: str
    comment_start: int
    comment_end: int

    def covers(self, rule_id: str, offset: int) -> bool:
        return ("*" in self.rules or rule_id in self.rules) and self.start <= offset < self.end


@dataclass(frozen=True)
class SilenceProblem:
    start: int
    end: int
    message: str


def _parse_ids(text: str) -> frozenset[str]:
    ids = {t for t in re.split(r"[\s,]+", text.strip()) if t}
    return frozenset("*" if t.lower() == "all" else t for t in ids)


def find_silences(text: str) -> tuple[list[Silence], list[SilenceProblem]]:
    silences: list[Silence] = []
    problems: list[SilenceProblem] = []
    open_regions: dict[str, tuple[int, str, int, int]] = {}
    if "<!--" not in text:
        return silences, problems
    for match in _COMMENT.finditer(text):
        body = match.group("body").strip()
        reason_match = _REASON.search(body)
        reason = ""
        if reason_match:
            reason = (reason_match.group("dq") or reason_match.group("sq") or reason_match.group("bare") or "").strip()
            body = body[: reason_match.start()].strip()
        action, _, ids_text = body.partition(" ")
        action = action.lower()
        ids = _parse_ids(ids_text)
        c_start, c_end = match.start(), match.end()
        if action not in ACTIONS or not ids:
            problems.append(
                SilenceProblem(c_start, c_end, "This safeguard comment is not understood: write "
                               '"safeguard: ignore RULE-ID reason=\\"why\\"" (or disable, enable, disable-file).')
            )
            continue
        if action != "enable" and not reason:
            problems.append(
                SilenceProblem(c_start, c_end, "This silence gives no reason: add reason=\"…\" so that readers "
                               "of the draft know why the safeguard check does not apply here.")
            )
        if action == "ignore":
            # The next paragraph: skip blank lines after the comment, then run
            # to the next blank line.
            pos = c_end
            while pos < len(text) and text[pos] in " \t\r\n":
                pos += 1
            blank = _BLANK_LINE.search(text, pos)
            end = blank.start() if blank else len(text)
            silences.append(Silence(ids, pos, end, reason, c_start, c_end))
        elif action == "disable-file":
            silences.append(Silence(ids, 0, len(text), reason, c_start, c_end))
        elif action == "disable":
            for rule in ids:
                open_regions[rule] = (c_end, reason, c_start, c_end)
        else:  # enable
            for rule in ids:
                opened = open_regions.pop(rule, None)
                if opened is None and "*" in open_regions and rule == "*":
                    opened = open_regions.pop("*")
                if opened:
                    silences.append(Silence(frozenset({rule}), opened[0], c_start, opened[1], opened[2], opened[3]))
    for rule, (start, reason, c_start, c_end) in open_regions.items():
        silences.append(Silence(frozenset({rule}), start, len(text), reason, c_start, c_end))
    return silences, problems

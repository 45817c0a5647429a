"""Which files of a workspace are drafts to check.

A workspace holds more than drafts: READMEs, notes, minutes. Checking them
buries the real findings (the project's own README drew 17, among them "no
human-rights clause"). A file is a draft when a `.safeguard.yaml` says so by
its `include` globs, or, when it has none, when the text reads as one:
article or section headings, or the operative language of a treaty or law.
`exclude` globs always win; a README, CHANGELOG or LICENSE is never taken
for a draft unless `include` names it.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

# A provision heading at the start of a line: "Article 7", "## Article 7",
# "**Section 12.**", "§ 3", "Art. 4".
_PROVISION = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?(?:article|art\.|section|§|rule|clause)[ \t]*\d+",
    re.IGNORECASE | re.MULTILINE,
)
# The numbered sections of a national law: "24. (1) A person who…",
# "1. Short title", and its divisions: "PART II – OFFENCES".
_SECTION = re.compile(r"^[ \t]*(?:\d+[A-Z]?\.[ \t]+(?:\(\d+\)|[A-Z])|(?:PART|CHAPTER)[ \t]+[IVXLC\d]+\b)", re.MULTILINE)
# Files a project keeps about itself, never drafts (unless `include` names them).
_NOT_DRAFTS = re.compile(r"(?:README|CHANGELOG|CHANGES|CONTRIBUTING|LICENSE|LICENCE|CODE_OF_CONDUCT|SECURITY|NEWS)\b",
                         re.IGNORECASE)
# Words that occur in operative treaty or statutory text and rarely elsewhere.
_LEGAL = re.compile(
    r"\b(?:shall|(?:Each|every|a|the|other|requesting|requested|States?) Part(?:y|ies)"
    r"|this (?:Convention|Protocol|Treaty|Agreement|Act|Law|Code|Bill|Ordinance|Decree)"
    r"|commits an offence|is liable|hereby|pursuant to)\b",
)
SAMPLE_SIZE = 200_000  # characters read to decide; a draft shows itself early


def looks_like_draft(text: str) -> bool:
    """An article or section heading ("Article 7", "Section 12", "§ 3"); or
    operative legal language ("Each Party shall…", "commits an offence") used
    at least twice, or once in numbered sections ("24. (1) A person who…",
    "PART II"). A fragment of a draft pasted into a new file is still a draft;
    notes that only talk about offences rarely say "shall" of a Party."""
    sample = text[:SAMPLE_SIZE]
    if _PROVISION.search(sample):
        return True
    needed = 1 if _SECTION.search(sample) else 2
    for count, _ in enumerate(_LEGAL.finditer(sample), 1):
        if count >= needed:
            return True
    return False


def _glob_regex(pattern: str) -> re.Pattern:
    """A gitignore-like glob: `*` within a folder, `**` across folders; a
    pattern without `/` matches the file's name in any folder."""
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + "(?:/.*)?")


def glob_matches(relative: str, pattern: str) -> bool:
    """Whether ``relative`` (a path from the folder of the .safeguard.yaml, with /) matches ``pattern``."""
    return _glob_regex(pattern.lstrip("./") if pattern.startswith("./") else pattern).fullmatch(relative) is not None


def _relative(path: Path, base: Path) -> str | None:
    try:
        return PurePosixPath(path.resolve().relative_to(base.resolve())).as_posix()
    except ValueError:
        return None


def selected_by_globs(path: Path, base: Path, include: list[str], exclude: list[str]) -> bool | None:
    """True (included), False (excluded) or None (the globs do not say)."""
    relative = _relative(path, base)
    if relative is None:
        return None
    if any(glob_matches(relative, p) for p in exclude):
        return False
    if include:
        return any(glob_matches(relative, p) for p in include)
    return None


def is_draft(path: Path | None, text: str, base: Path | None, include: list[str], exclude: list[str]) -> bool:
    """Whether the server should check this document."""
    if path is not None and base is not None:
        chosen = selected_by_globs(path, base, include, exclude)
        if chosen is not None:
            return chosen
    if path is not None and _NOT_DRAFTS.match(path.name):
        return False
    return looks_like_draft(text)

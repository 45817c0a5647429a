"""While a long draft is re-checked after an edit, a hover is answered from
the previous check when the edits did not touch the hovered line: that line
must be found at its place in the checked text, even when lines were added or
removed above it, and never when the edit touched it."""

from pathlib import Path

from lsprotocol import types

from safeguard_lsp.draft import Draft
from safeguard_lsp.server.documents import Analysis, Document
from safeguard_lsp.server.positions import LineIndex

from .helpers import by_rule

WEAK = (Path(__file__).resolve().parents[2] / "examples" / "weak-draft-convention.md").read_text(encoding="utf-8")
UTF16 = types.PositionEncodingKind.Utf16


def checked(text: str) -> Analysis:
    return Analysis(version=1, draft=Draft.parse(text), result=None, ruleset=None, config=None,
                    index=LineIndex(text, UTF16))


def edit(document: Document, line: int, character: int, end_line: int, end_character: int, new: str) -> None:
    rng = types.Range(start=types.Position(line=line, character=character),
                      end=types.Position(line=end_line, character=end_character))
    document.edit([types.TextDocumentContentChangePartial(range=rng, text=new)], (document.version or 0) + 1, UTF16)


def test_lines_before_and_after_an_edit_are_found_in_the_checked_text():
    document = Document("file:///draft.md", WEAK, 1, "markdown")
    analysis = checked(WEAK)
    lines = WEAK.split("\n")
    middle = len(lines) // 2
    edit(document, middle, 0, middle, 0, "A new paragraph.\n\nAnd another.\n")  # three lines more
    assert document.line_in(analysis, 3, UTF16) == 3
    assert document.line_in(analysis, middle - 1, UTF16) == middle - 1
    assert document.line_in(analysis, middle, UTF16) is None  # the edited line
    assert document.line_in(analysis, middle + 2, UTF16) is None
    for line in (middle + 4, middle + 10, len(lines) + 2):
        assert document.line_in(analysis, line, UTF16) == line - 3
        assert document.buffer.line(line) == lines[line - 3]
    # Lines removed above: the shift is the other way.
    edit(document, 5, 0, 9, 0, "")
    assert document.line_in(analysis, middle + 10 - 4, UTF16) == middle + 10 - 3
    assert document.line_in(analysis, 4, UTF16) == 4
    # Where the lines were removed, a line may only be matched to one that reads the same.
    then = document.line_in(analysis, 5, UTF16)
    assert then is None or lines[then] == document.buffer.line(5)


def test_an_edit_inside_a_line_leaves_only_that_line_unknown():
    document = Document("file:///draft.md", WEAK, 1, "markdown")
    analysis = checked(WEAK)
    edit(document, 20, 3, 20, 3, "x")
    assert document.line_in(analysis, 20, UTF16) is None
    assert document.line_in(analysis, 19, UTF16) == 19
    assert document.line_in(analysis, 21, UTF16) == 21


async def test_a_hover_below_added_lines_explains_the_finding_there(session):
    from . import drafts

    uri = (session.root / f"hover-moved-{session.profile}.md").as_uri()
    session.open(uri, drafts.BASIC)
    [judicial] = by_rule(await session.diagnostics(uri), "TEST-JUDICIAL")
    session.replace(uri, 0, 0, "Preliminary note.\n\n\n")
    moved = types.Position(line=judicial.range.start.line + 3, character=judicial.range.start.character)
    assert "Interception without prior judicial authorisation" in await session.hover(uri, moved)

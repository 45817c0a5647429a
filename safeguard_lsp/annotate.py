"""Findings back into Word: a comment on each finding's words, and the
suggested clauses as tracked changes the drafter accepts or rejects.

Works on the python-docx document a ``Document`` was read from
(safeguard_lsp.documents.word): each paragraph of the text knows its Word
paragraph, so a finding's offsets become a place in the runs of that
paragraph. Runs are split where a finding's words begin and end, so a
comment covers those words and no others.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from safeguard_lsp.documents.source import Document, Piece
from safeguard_lsp.findings import Finding, TextEdit
from safeguard_lsp.ruleset import RuleSet

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT_TAGS = {f"{{{W}}}{t}" for t in ("t", "tab", "br", "cr", "noBreakHyphen", "ptab")}
_HEADING = re.compile(r"^(?:Article|Art\.|Section|Chapter)\s+\S+", re.IGNORECASE)
_MARKER = re.compile(r"^(?:\(?[0-9]{1,3}[.)]|\([a-z]{1,4}\))\s+")
_NUMBERED_HEADING = re.compile(r"^(?:Article|Art\.)\s+\S+?(?:\s+(?:bis|ter|quater|quinquies))?[.:]?\s+(?:[–—-]\s+)?",
                               re.IGNORECASE)
_ARTICLE_NUMBER = re.compile(r"^(\s*(?:Article|Art\.)\s+)(\d+)\b")
# Longer words to delete are named by the fix's title, not quoted back.
_QUOTED = 120
_SHORT = {
    "International Covenant on Civil and Political Rights": "ICCPR",
    "Universal Declaration of Human Rights": "UDHR",
    "Council of Europe Convention on Cybercrime": "Budapest Convention",
}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Annotated:
    comments: int = 0
    changes: int = 0
    # Suggested clauses that could not be placed as tracked changes, and why.
    not_placed: list[str] = field(default_factory=list)


# -- runs and offsets -----------------------------------------------------------
def _paragraph_runs(p) -> list:
    """The runs whose text makes the paragraph's text (python-docx's
    ``Paragraph.text``), in order."""
    return p.xpath("./w:r | ./w:hyperlink/w:r")


def _length(child) -> int:
    return len(str(child)) if child.tag in _TEXT_TAGS else 0


def _run_length(r) -> int:
    return sum(_length(c) for c in r)


def _spans(p) -> list[tuple[object, int, int]]:
    out, at = [], 0
    for r in _paragraph_runs(p):
        n = _run_length(r)
        out.append((r, at, at + n))
        at += n
    return out


def _split(p, offset: int) -> None:
    """Make ``offset`` (in the paragraph's text) fall on a run boundary."""
    for r, start, end in _spans(p):
        if start < offset < end:
            _split_run(r, offset - start)
            return


def _split_run(r, k: int) -> None:
    """Split run ``r`` after its ``k``-th character into two runs of the same formatting."""
    second = copy.deepcopy(r)
    content = [c for c in r if c.tag != _w("rPr")]
    content2 = [c for c in second if c.tag != _w("rPr")]
    at = 0
    for i, child in enumerate(content):
        n = _length(child)
        if at + n <= k:
            at += n
            continue
        if at < k and child.tag == _w("t"):  # the cut falls inside this text
            text = child.text or ""
            child.text = text[: k - at]
            content2[i].text = text[k - at:]
            for t in (child, content2[i]):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            first_keeps = i + 1  # the first half of this text stays in the first run
        else:
            first_keeps = i
        for c in content[first_keeps:]:
            r.remove(c)
        for c in content2[:i]:
            second.remove(c)
        r.addnext(second)
        return


def _runs_between(p, start: int, end: int) -> list:
    _split(p, start)
    _split(p, end)
    return [r for r, a, b in _spans(p) if a >= start and b <= end and b > a]


def _word_around(text: str, offset: int) -> tuple[int, int]:
    start = offset
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    end = offset
    while end < len(text) and text[end].isalnum():
        end += 1
    return (start, end) if end > start else (0, len(text))


# -- comments ---------------------------------------------------------------------
def short_authority(ruleset: RuleSet, citation_id: str) -> str:
    citation = ruleset.citations.get(citation_id)
    if citation is None:
        return citation_id
    name = citation.instrument.split(" (")[0]
    for long, short in _SHORT.items():
        if name.startswith(long):
            name = short
    title = f" ({citation.title})" if citation.title else ""
    return f"{name}, {citation.article}{title}"


def _suggestion(finding: Finding) -> tuple[str, TextEdit | None]:
    fixes = list(finding.fixes)
    if not fixes:
        return "", None
    fix = next((f for f in fixes if f.preferred), fixes[0])
    if len(fix.edits) != 1:
        return fix.title, None
    edit = fix.edits[0]
    return fix.title, edit


def comment_text(finding: Finding, ruleset: RuleSet, text: str) -> list[str]:
    """The comment's paragraphs: the finding, its authorities, the clause on offer."""
    paragraphs = [f"{finding.message} [{finding.rule_id}]"]
    if finding.citations:
        paragraphs.append("Authorities: " + "; ".join(short_authority(ruleset, c) for c in finding.citations))
    title, edit = _suggestion(finding)
    if edit is not None:
        new = " ".join(line.strip() for line in edit.new_text.splitlines() if line.strip())
        old = text[edit.start:edit.end]
        if not new and ("\n" in old or len(old) > _QUOTED):
            # A paragraph or an article to delete: its title names it ("the whole of Article 7").
            paragraphs.append(f"Suggested: {title[:1].lower() + title[1:]}.")
        elif not new:
            paragraphs.append(f"Suggested: delete “{old.strip()}”.")
        elif edit.end > edit.start:
            paragraphs.append(f"Suggested: replace “{old}” with “{new}”.")
        else:
            paragraphs.append(f"Suggested ({title[:1].lower() + title[1:]}): “{new}”")
    elif title:
        paragraphs.append(f"Suggested: {title[:1].lower() + title[1:]}.")
    return paragraphs


def _place(document: Document, offset: int) -> Piece | None:
    """The Word paragraph a text offset belongs to (a footnote's own line
    goes to the paragraph that calls it)."""
    piece = document.piece_at(offset)
    index = document.pieces.index(piece) if piece is not None else -1
    while index >= 0 and document.pieces[index].origin is None:
        index -= 1
    return document.pieces[index] if index >= 0 else None


def add_comments(document: Document, findings: list[Finding], ruleset: RuleSet,
                 author: str = "safeguard-lsp", initials: str = "SG") -> int:
    from docx.text.run import Run

    doc = document.source
    count = 0
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.rule_id)):
        piece = _place(document, finding.start)
        if piece is None:
            continue
        paragraph = piece.origin
        p = paragraph._p
        own = paragraph.text
        start = finding.start - piece.start - piece.prefix
        end = min(finding.end, piece.end) - piece.start - piece.prefix
        if piece.origin is not document.piece_at(finding.start).origin or finding.unit.kind == "document":
            start, end = 0, len(own)  # the whole paragraph: a footnote's, or the title for the instrument
        start, end = max(0, min(start, len(own))), max(0, min(end, len(own)))
        if end <= start:
            start, end = _word_around(own, start)
        runs = _runs_between(p, start, end)
        if not runs:
            continue
        paragraphs = comment_text(finding, ruleset, document.text)
        # One comment paragraph each: the finding, its authorities, the clause.
        doc.add_comment([Run(runs[0], paragraph), Run(runs[-1], paragraph)],
                        text="\n".join(t.replace("\n", " ") for t in paragraphs), author=author, initials=initials)
        count += 1
    return count


# -- tracked changes ------------------------------------------------------------
class _Revisions:
    def __init__(self, doc, author: str):
        self.author = author
        self.date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        ids = [int(v) for v in doc.element.body.xpath(".//@w:id") if v.lstrip("-").isdigit()]
        self.next_id = max(ids + [0]) + 1000

    def mark(self, tag: str):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.next_id += 1
        return OxmlElement(f"w:{tag}", attrs={qn("w:id"): str(self.next_id), qn("w:author"): self.author,
                                              qn("w:date"): self.date})


def _new_run(text: str, like=None):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    if like is not None and like.find(_w("rPr")) is not None:
        r.append(copy.deepcopy(like.find(_w("rPr"))))
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    r.append(t)
    return r


def _delete_runs(runs: list, revisions: _Revisions) -> None:
    """``runs`` marked as a tracked deletion, each in a ``w:del`` of its own:
    the comment marks between them stay where they are, on the words."""
    from docx.oxml.ns import qn

    for r in runs:
        wrapper = revisions.mark("del")
        r.addprevious(wrapper)
        wrapper.append(r)
        for t in r.findall(_w("t")):
            t.tag = qn("w:delText")


def _insert_in_paragraph(p, offset: int, text: str, revisions: _Revisions, delete_to: int | None = None) -> None:
    """A tracked insertion of ``text`` at ``offset``; with ``delete_to``, the
    text up to there is marked deleted first (a tracked replacement: the new
    words follow the old ones, so that rejecting the change restores them)."""
    deleted = _runs_between(p, offset, delete_to) if delete_to is not None and delete_to > offset else []
    _split(p, offset)
    spans = _spans(p)
    before = [r for r, a, b in spans if b <= offset and b > a]
    like = deleted[0] if deleted else (before[-1] if before else (spans[0][0] if spans else None))
    _delete_runs(deleted, revisions)
    if not text:
        return
    ins = revisions.mark("ins")
    ins.append(_new_run(text, like))
    if deleted:
        deleted[-1].getparent().addnext(ins)
    elif before:
        before[-1].addnext(ins)
    else:
        ppr = p.find(_w("pPr"))
        if ppr is not None:
            ppr.addnext(ins)
        else:
            p.insert(0, ins)


def _mark_paragraph_mark(p, revisions: _Revisions, tag: str) -> None:
    """The paragraph's own mark (its end) tracked as inserted or deleted
    (``tag`` "ins" or "del"): accepting a deleted mark joins the paragraph
    to the next, which, when its words are deleted too, removes it."""
    from docx.oxml import OxmlElement

    ppr = p.find(_w("pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(_w("rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        # In w:pPr the run properties of the mark come before a section's
        # properties and a change of the paragraph's own properties.
        later = [c for c in ppr if c.tag in (_w("sectPr"), _w("pPrChange"))]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    if rpr.find(_w(tag)) is None:  # one of each at most, as the schema allows
        rpr.insert(0, revisions.mark(tag))  # w:ins and w:del come first in the mark's w:rPr


def _delete_text(document: Document, start: int, end: int, revisions: _Revisions) -> bool:
    """The draft's text from ``start`` to ``end`` marked as a tracked
    deletion, across paragraphs (an offence deleted with its heading): the
    words of each paragraph in the range, and the mark of each paragraph
    whose end lies inside it. False when a part of it is in no Word
    paragraph (a footnote's own line)."""
    pieces = [piece for piece in document.pieces if piece.start < end and piece.end >= start]
    if not pieces or any(piece.origin is None for piece in pieces):
        return False
    for piece in pieces:
        p = piece.origin._p
        own = len(piece.origin.text)
        local_start = min(max(start - piece.start - piece.prefix, 0), own)
        local_end = min(max(min(end, piece.end) - piece.start - piece.prefix, 0), own)
        if local_end > local_start:
            _delete_runs(_runs_between(p, local_start, local_end), revisions)
        if end > piece.end:
            _mark_paragraph_mark(p, revisions, "del")
            # Empty paragraphs (a drafter's spacing) are not in the text read;
            # those after a paragraph deleted whole go with it.
            for blank in _blank_paragraphs_after(p):
                _mark_paragraph_mark(blank, revisions, "del")
    return True


# What makes a paragraph with no text more than spacing: a picture, an
# object, a field, the end of a section.
_NOT_BLANK = "|".join(f".//w:{tag}" for tag in ("drawing", "pict", "object", "fldChar", "fldSimple", "sectPr"))


def _blank_paragraphs_after(p) -> list:
    """The empty paragraphs that follow ``p``, up to the next one with text."""
    out = []
    for sibling in p.itersiblings():
        # Words deleted or inserted by another change count as text too.
        words = "".join(t.text or "" for t in sibling.iter(_w("t"), _w("delText")))
        if sibling.tag != _w("p") or words.strip() or sibling.xpath(_NOT_BLANK):
            break
        out.append(sibling)
    return out


def _insert_paragraphs_after(paragraph, items: list[tuple[str, bool]], heading_ppr, revisions: _Revisions,
                             numbered: bool) -> object:
    """New paragraphs after ``paragraph``, each marked as a tracked insertion:
    an article heading in the style of the draft's headings, other text in the
    style of the paragraph it follows (its automatic numbering kept where the
    clause is a numbered paragraph, its typed number then dropped)."""
    from docx.oxml import OxmlElement

    anchor = paragraph._p
    base_ppr = anchor.find(_w("pPr"))
    # A new article's paragraphs start their own numbering: joined to the list
    # of the paragraph before, Word would number them on from it ("3, 4").
    numbered = numbered and not any(heading for _, heading in items)
    for line, is_heading in items:
        p = OxmlElement("w:p")
        source_ppr = heading_ppr if is_heading and heading_ppr is not None else base_ppr
        ppr = copy.deepcopy(source_ppr) if source_ppr is not None else OxmlElement("w:pPr")
        marker = _MARKER.match(line)
        if not is_heading:
            if numbered and marker:
                line = line[marker.end():]
            else:
                for numpr in ppr.findall(_w("numPr")):
                    ppr.remove(numpr)
        p.append(ppr)
        _mark_paragraph_mark(p, revisions, "ins")  # the paragraph mark is inserted too
        ins = revisions.mark("ins")
        ins.append(_new_run(line))
        p.append(ins)
        anchor.addnext(p)
        anchor = p
    return anchor


def _adds_article(edit: TextEdit) -> bool:
    first = edit.new_text.lstrip("\r\n").split("\n", 1)[0]
    return bool(_HEADING.match(first))


def chosen_edits(findings: list[Finding]) -> list[tuple[TextEdit, Finding]]:
    """One edit per finding (its preferred fix's, when that is one edit),
    the same edit once, none overlapping another; clauses added as new
    articles at one place numbered one after the other."""
    chosen: list[tuple[TextEdit, Finding]] = []
    seen: set[tuple[int, int, str]] = set()
    for finding in findings:
        title, edit = _suggestion(finding)
        if edit is None:
            continue
        key = (edit.start, edit.end, edit.new_text)
        if key in seen:
            continue
        if any(edit.start < e.end and e.start < edit.end for e, _ in chosen):
            continue
        seen.add(key)
        chosen.append((edit, finding))
    # At one place (the end of the draft's last paragraph), a paragraph
    # added to the article goes before the articles added after it.
    chosen.sort(key=lambda e: (e[0].start, _adds_article(e[0])))
    # Every clause that adds "Article 29" at the end of the draft proposes
    # the next free number: added together, they take 29, 30, 31 …
    at_place: dict[int, int] = {}
    renumbered = []
    for edit, finding in chosen:
        lines = edit.new_text.lstrip("\r\n").splitlines()
        match = _ARTICLE_NUMBER.match(lines[0]) if lines else None
        if match and edit.start == edit.end:
            shift = at_place.get(edit.start, 0)
            at_place[edit.start] = shift + 1
            if shift:
                lead = edit.new_text[: len(edit.new_text) - len(edit.new_text.lstrip("\r\n"))]
                first = _ARTICLE_NUMBER.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + shift}", lines[0], count=1)
                edit = TextEdit(edit.start, edit.end, lead + "\n".join([first] + lines[1:]))
        renumbered.append((edit, finding))
    return renumbered


def add_tracked_changes(document: Document, draft, findings: list[Finding], author: str = "safeguard-lsp") -> tuple[int, list[str]]:
    """Each finding's suggested wording as a tracked change; returns how
    many were made and, for the others, why not."""
    revisions = _Revisions(document.source, author)
    heading_ppr, numbered_headings = _heading_ppr(document, draft)
    made, not_placed = 0, []
    edits = chosen_edits(sorted(findings, key=lambda f: (f.start, f.end, f.rule_id)))
    # From the end backwards, so that the offsets still to place stay true;
    # of clauses at one place, the last first, each next one before it.
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0].start, edits[i][0].end, i), reverse=True)
    for edit, finding in (edits[i] for i in order):
        piece = _place(document, edit.start)
        if piece is None or piece.origin is None:
            not_placed.append(f"{finding.rule_id}: no Word paragraph at its place")
            continue
        text = edit.new_text
        if not text:  # words, a paragraph or a whole article to delete
            if _delete_text(document, edit.start, edit.end, revisions):
                made += 1
            else:
                not_placed.append(f"{finding.rule_id}: what it deletes is not all in the document's paragraphs")
            continue
        paragraph = piece.origin
        start = edit.start - piece.start - piece.prefix
        end = edit.end - piece.start - piece.prefix
        if "\n" in text.strip("\r\n") and edit.start != piece.end or start < 0 or edit.end > piece.end:
            not_placed.append(f"{finding.rule_id}: its clause would split a paragraph")
            continue
        if text.startswith(("\n", "\r")) and edit.start == edit.end == piece.end:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            # Placed from the end backwards, a later clause after the same
            # paragraph is already there: this one goes before it.
            items = [(line, bool(_HEADING.match(line))) for line in lines]
            if numbered_headings:  # Word writes "Article 29." itself: the typed one would show twice
                items = [(_NUMBERED_HEADING.sub("", line) if heading else line, heading) for line, heading in items]
            _insert_paragraphs_after(paragraph, items, heading_ppr, revisions, numbered=piece.prefix > 0)
            made += 1
            continue
        if "\n" in text:
            not_placed.append(f"{finding.rule_id}: its clause would split a paragraph")
            continue
        _insert_in_paragraph(paragraph._p, start, text, revisions, delete_to=end if end > start else None)
        made += 1
    return made, not_placed


def _heading_ppr(document: Document, draft):
    """The paragraph properties of the draft's last article heading, for the
    headings of articles added, and whether Word numbers those headings
    itself ("Article %1." in the heading's numbering)."""
    for article in reversed(draft.articles):
        if article.heading_start is None:
            continue
        piece = document.piece_at(article.heading_start)
        if piece is not None and piece.origin is not None:
            return piece.origin._p.find(_w("pPr")), piece.prefix > 0
    return None, False


def annotate(document: Document, draft, findings: list[Finding], ruleset: RuleSet,
             track_changes: bool = False, author: str = "safeguard-lsp") -> Annotated:
    """Comments (and, with ``track_changes``, tracked changes) added to
    ``document.source``, the python-docx document; the caller saves it."""
    result = Annotated()
    # Comments first: their range marks and reference runs add no text, so
    # the offsets of the changes still hold; a change made first would move
    # the words it deletes out of the paragraph's text, and a comment on
    # those words (the finding's own) could no longer find them.
    result.comments = add_comments(document, findings, ruleset, author)
    if track_changes:
        result.changes, result.not_placed = add_tracked_changes(document, draft, findings, author)
    return result

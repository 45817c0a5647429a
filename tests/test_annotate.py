"""`safeguard-lsp annotate`: the findings back in Word, as comments on the
words found and, with --track-changes, the suggested clauses as tracked
changes. The Word file is built from the weak example (tests/docbuild.py)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from clirun import article_of, check_json, run_cli
from conftest import EXAMPLES
from docbuild import (chromium, commented_words, convert_with_libreoffice, heading_numbered_docx, markdown_to_docx,
                      soffice)
from libreoffice import LibreOffice
from tracked import accept_all, reject_all

WEAK = EXAMPLES / "weak-draft-convention.md"


def run(*args, cwd: Path | None = None):
    return run_cli(args, cwd=cwd)


@pytest.fixture(scope="module")
def weak_docx(tmp_path_factory) -> Path:
    return markdown_to_docx(WEAK.read_text(encoding="utf-8"), tmp_path_factory.mktemp("annotate") / "weak.docx")


@pytest.fixture(scope="module")
def reviewed(weak_docx) -> tuple[Path, subprocess.CompletedProcess]:
    before = hashlib.sha256(weak_docx.read_bytes()).hexdigest()
    out = weak_docx.with_name("reviewed.docx")
    proc = run("annotate", weak_docx, "-o", out)
    assert proc.returncode == 0, proc.stderr.decode()
    assert hashlib.sha256(weak_docx.read_bytes()).hexdigest() == before, "the draft itself was changed"
    return out, proc


def _expected_words(weak_docx: Path) -> list[str]:
    """The words each finding is on, read from the text `check` reads."""
    from safeguard_lsp.documents import read_document

    document = read_document(weak_docx.read_bytes(), "weak.docx")
    lines = document.text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    out = []
    for item in check_json(weak_docx):
        if item["unit"]["kind"] == "document":
            out.append(lines[0])  # the instrument's findings go on its title
            continue
        start, end = item["range"]["start"], item["range"]["end"]
        text = document.text[starts[start["line"]] + start["character"]: starts[end["line"]] + end["character"]]
        out.append(text)
    return out


def test_one_comment_per_finding_on_the_words_found(weak_docx, reviewed):
    out, proc = reviewed
    expected = _expected_words(weak_docx)
    assert f"wrote {out}: {len(expected)} comments" in proc.stderr.decode()
    words = commented_words(out)
    assert sorted(words.values()) == sorted(expected)
    assert "false information" in words.values() and "terms of service" in words.values()


def test_comments_carry_message_authorities_and_suggestion(reviewed):
    from docx import Document as open_docx

    out, _ = reviewed
    comments = list(open_docx(str(out)).comments)
    assert all(c.author == "safeguard-lsp" for c in comments)
    texts = ["\n".join(p.text for p in c.paragraphs) for c in comments]
    false_info = [t for t in texts if "[SG-CONTENT-FALSE-INFO]" in t]
    assert false_info and "ICCPR, Article 19" in false_info[0]
    clause = [t for t in texts if "[SG-ACCESS-TERMS-OF-USE]" in t][0]
    assert clause.splitlines()[0].startswith("Criminal liability is tied to breaching terms of service")
    assert "Authorities: " in clause and "2021" in clause  # the civil-society letter's demand it rests on
    assert "Suggested (add that breaching terms of use is not by itself a crime): “A breach of contractual terms" in clause
    may = [t for t in texts if "[SG-WEAK-MAY]" in t][0]
    assert "Suggested: replace “may” with “shall”." in may
    # A deletion is named: the words when short, the fix's title for a whole article.
    assert "Suggested: delete the offence (the whole of Article 7)." in false_info[0]
    assert any("Suggested: delete “, irrespective of the motive of the offender”." in t for t in texts)
    assert not any("“”" in t for t in texts)


@pytest.mark.slow
def test_libreoffice_opens_the_copy_with_the_same_comments_on_the_same_words(weak_docx, reviewed, tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed (apt: libreoffice-writer-nogui)")
    out, _ = reviewed
    # LibreOffice reads the copy and writes it again: what it wrote is what it understood.
    resaved = convert_with_libreoffice(out, "docx", tmp_path)
    assert sorted(commented_words(resaved).values()) == sorted(commented_words(out).values())


@pytest.fixture(scope="module")
def tracked(weak_docx) -> Path:
    before = hashlib.sha256(weak_docx.read_bytes()).hexdigest()
    out = weak_docx.with_name("tracked.docx")
    proc = run("annotate", weak_docx, "-o", out, "--track-changes")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "suggested changes tracked" in proc.stderr.decode()
    assert "note: not tracked" not in proc.stderr.decode()  # every clause on offer, deletions included
    assert hashlib.sha256(weak_docx.read_bytes()).hexdigest() == before, "the draft itself was changed"
    return out


def _addressed(before: list[dict]) -> set[tuple[str, str | None]]:
    """(rule, article) of each finding with a clause on offer: its preferred
    fix (or its first) is one edit, an insertion, replacement or deletion."""
    addressed = set()
    for item in before:
        fixes = item["fixes"]
        chosen = next((f for f in fixes if f["preferred"]), fixes[0]) if fixes else None
        if chosen and len(chosen["edits"]) == 1:
            addressed.add((item["rule"], article_of(item)))
    return addressed


def _findings_after(before: list[dict], after: list[dict]) -> None:
    """Accepting the changes cleared every finding they address; what is left
    was there before, bar the gap in the article numbers that deleting an
    offence leaves (the drafter renumbers)."""
    addressed = _addressed(before)
    remaining = {(i["rule"], article_of(i)) for i in after}
    assert addressed and not (addressed & remaining), addressed & remaining
    left = {rule for rule, _ in remaining} - {"DR-NUMBERING"}
    assert left and left <= {i["rule"] for i in before}, left
    assert len(after) < len(before) / 5


def test_accepting_the_tracked_changes_clears_the_findings_they_address(weak_docx, tracked, tmp_path):
    # Checked before the changes are accepted or rejected, the copy says so.
    pending = run("check", tracked)
    assert "tracked changes not yet accepted or rejected" in pending.stderr.decode()
    _findings_after(check_json(weak_docx), check_json(accept_all(tracked, tmp_path / "accepted.docx")))


def _fixed_text(text: str) -> str:
    """The draft's text with the clauses annotate chose applied, as `fixes` give them."""
    from safeguard_lsp.annotate import chosen_edits
    from safeguard_lsp.config import Config
    from safeguard_lsp.draft import Draft
    from safeguard_lsp.engine import Engine
    from safeguard_lsp.ruleset import RuleSet

    findings = Engine(RuleSet.load(), Config()).check(Draft.parse(text, path="weak.docx")).findings
    edits = [edit for edit, _ in chosen_edits(sorted(findings, key=lambda f: (f.start, f.end, f.rule_id)))]
    # From the end backwards; of several clauses at one place, the first chosen ends up first.
    for i in sorted(range(len(edits)), key=lambda i: (edits[i].start, edits[i].end, i), reverse=True):
        text = text[: edits[i].start] + edits[i].new_text + text[edits[i].end:]
    return text


def test_rejecting_all_changes_restores_the_draft_and_accepting_them_gives_the_fixed_text(weak_docx, tracked,
                                                                                          tmp_path):
    from docx import Document as open_docx

    from safeguard_lsp.documents import read_document

    def text(path: Path) -> str:
        return read_document(path.read_bytes(), path.name).text

    original = text(weak_docx)
    rejected = reject_all(tracked, tmp_path / "rejected.docx")
    assert text(rejected) == original
    assert [p.text for p in open_docx(str(rejected)).paragraphs] == [p.text for p in open_docx(str(weak_docx)).paragraphs]

    accepted = text(accept_all(tracked, tmp_path / "accepted.docx"))
    # Paragraphs, not blank lines: a clause the fix adds "\n\n" before is one Word paragraph.
    assert accepted.splitlines() == [line for line in _fixed_text(original).splitlines() if line.strip()]
    # Words replaced and deleted, and a whole offence deleted with its heading:
    assert "Each State Party shall provide for the notification" in accepted  # "may" → "shall"
    assert "Article 7. Dissemination of false information" in original
    assert "Article 7. Dissemination of false information" not in accepted
    assert "false information" not in accepted


def test_a_replaced_word_is_a_tracked_deletion_and_insertion_under_its_comment(tracked):
    from docx import Document as open_docx

    body = open_docx(str(tracked)).element.body
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    deleted = [d for d in body.iter(f"{W}del") if "".join(t.text for t in d.iter(f"{W}delText")) == "may"]
    assert deleted, "no tracked deletion of “may”"
    inserted = deleted[0].getnext()
    assert inserted.tag == f"{W}ins" and "".join(t.text for t in inserted.iter(f"{W}t")) == "shall"
    for mark in (deleted[0], inserted):
        assert mark.get(f"{W}author") == "safeguard-lsp" and mark.get(f"{W}date") and mark.get(f"{W}id")
    # The comment on "may" is still on it: its range opens before the deleted word.
    assert deleted[0].getprevious().tag == f"{W}commentRangeStart"


def test_comments_stay_on_the_words_found_when_changes_are_tracked(weak_docx, tracked, tmp_path):
    # With every change rejected the words are the draft's again: each comment covers its finding's words.
    words = commented_words(reject_all(tracked, tmp_path / "rejected.docx"))
    assert sorted(words.values()) == sorted(_expected_words(weak_docx))


@pytest.mark.slow
def test_libreoffice_accepts_and_rejects_the_tracked_changes(weak_docx, tracked, tmp_path):
    """LibreOffice itself (headless, "Accept All" / "Reject All" of Edit >
    Track Changes) takes the copy's changes; the text it then shows, saved as
    text, is checked again."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed (apt: libreoffice-writer-nogui)")
    office = LibreOffice(tmp_path)
    # What LibreOffice shows of the draft, numbering included, saved as text: the baseline.
    original = office.save_as(weak_docx, tmp_path / "original.txt").read_text(encoding="utf-8-sig")
    rejected = office.save_as(tracked, tmp_path / "rejected.txt", changes="Reject").read_text(encoding="utf-8-sig")
    assert rejected == original
    accepted = office.save_as(tracked, tmp_path / "accepted.txt", changes="Accept")
    assert "Article 7. Dissemination of false information" not in accepted.read_text(encoding="utf-8-sig")
    _findings_after(check_json(weak_docx), check_json(accepted))
    # Saved as Word, the accepted copy has no change left, keeps its comments
    # and, checked again, gives the same findings.
    from docx import Document as open_docx

    saved = office.save_as(tracked, tmp_path / "accepted.docx", changes="Accept")
    body = open_docx(str(saved)).element.body
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert body.find(f".//{W}ins") is None and body.find(f".//{W}del") is None
    assert len(list(open_docx(str(saved)).comments)) > 0
    _findings_after(check_json(weak_docx), check_json(saved))


def test_the_draft_is_never_the_output(weak_docx, tmp_path):
    copy = tmp_path / "draft.docx"
    copy.write_bytes(weak_docx.read_bytes())
    proc = run("annotate", copy, "-o", copy)
    assert proc.returncode == 2
    assert "the draft itself is never changed" in proc.stderr.decode()
    assert copy.read_bytes() == weak_docx.read_bytes()


def test_annotate_reads_word_drafts_only(tmp_path):
    proc = run("annotate", WEAK, "-o", tmp_path / "out.docx")
    assert proc.returncode == 2
    assert "annotate writes Word comments, so it reads Word drafts (.docx) only" in proc.stderr.decode()
    assert not (tmp_path / "out.docx").exists()


def test_articles_added_where_word_numbers_the_headings_are_numbered_once(tmp_path):
    draft = heading_numbered_docx(tmp_path / "numbered.docx", [
        ("Offences", "Each Party shall criminalise the dissemination of false information."),
        ("Interception", "The police may intercept communications without a warrant."),
    ])
    out = tmp_path / "tracked.docx"
    assert run("annotate", draft, "-o", out, "--track-changes").returncode == 0
    from safeguard_lsp.documents import read_document

    accepted = accept_all(out, tmp_path / "accepted.docx")
    lines = read_document(accepted.read_bytes(), "accepted.docx").text.splitlines()
    added = [line for line in lines if line.startswith("Article ") and line not in
             ("Article 1. Offences", "Article 2. Interception")]
    assert added and all(not line.split(".", 1)[1].strip().startswith("Article") for line in added), added
    # Word numbers the headings, the new ones among them: one sequence, no number typed twice.
    numbers = [int(line.split()[1].rstrip(".")) for line in lines if line.startswith("Article ")]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert "SG-HR-CLAUSE" not in {i["rule"] for i in check_json(accepted)}


@pytest.mark.slow
def test_the_readme_picture_is_regenerated(tmp_path):
    """tests/annotate_picture.py, which writes docs/annotate-screenshot.png,
    still works: the page as LibreOffice renders the reviewed copy, and the
    copy's comments in the margin at their words."""
    if soffice() is None or chromium() is None or shutil.which("pdftoppm") is None:
        pytest.skip("the picture needs LibreOffice, Chromium and pdftoppm (apt: libreoffice-writer-nogui, "
                    "chromium, poppler-utils)")
    from annotate_picture import render

    out = tmp_path / "annotate-screenshot.png"
    shown = render(out, tmp_path)
    assert out.read_bytes().startswith(b"\x89PNG") and out.stat().st_size < 150_000
    assert {"SG-ACCESS-INTENT", "SG-ACCESS-TERMS-OF-USE", "SG-DEFENCE-PUBLIC-INTEREST"} <= set(shown), shown


def test_an_offence_deleted_takes_the_empty_paragraphs_after_it(tmp_path):
    """A drafter spaces articles with empty paragraphs: accepting the deletion
    of an offence leaves one space between the articles around it, not two;
    rejecting it gives every paragraph back."""
    from docx import Document as new_document
    from docx import Document as open_docx

    doc = new_document()
    for title, text in (("Article 1. Illegal access", "Each State Party shall establish as a criminal offence "
                         "the access to a computer system without right, committed with dishonest intent."),
                        ("Article 2. Dissemination of false information", "Each State Party shall establish as "
                         "a criminal offence the dissemination of false information that threatens public order."),
                        ("Article 3. Sanctions", "Each State Party shall ensure that the offences are punishable "
                         "by proportionate sanctions.")):
        doc.add_heading(title, level=2)
        doc.add_paragraph(text)
        doc.add_paragraph("")
    draft = tmp_path / "spaced.docx"
    doc.save(str(draft))
    out = tmp_path / "tracked.docx"
    proc = run("annotate", draft, "-o", out, "--track-changes", "--select", "SG-CONTENT-FALSE-INFO")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "1 suggested change tracked" in proc.stderr.decode()

    def paragraphs(path: Path) -> list[str]:
        return [p.text for p in open_docx(str(path)).paragraphs]

    original = paragraphs(draft)
    assert paragraphs(reject_all(out, tmp_path / "rejected.docx")) == original
    assert paragraphs(accept_all(out, tmp_path / "accepted.docx")) == original[:3] + original[6:]

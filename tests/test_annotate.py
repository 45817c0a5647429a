"""`safeguard-lsp annotate`: the findings back in Word, as comments on the
words found and, with --track-changes, the suggested clauses as tracked
changes. The Word file is built from the weak example (tests/docbuild.py)."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from clirun import run_cli
from conftest import EXAMPLES
from docbuild import (accept_all_changes, commented_words, convert_with_libreoffice, heading_numbered_docx,
                      markdown_to_docx, soffice)

WEAK = EXAMPLES / "weak-draft-convention.md"


def run(*args, cwd: Path | None = None):
    return run_cli(args, cwd=cwd)


def check_json(path: Path) -> list[dict]:
    proc = run("check", path, "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return json.loads(proc.stdout)


def article_of(item: dict) -> str | None:
    unit = item["unit"]
    return (unit.get("article") or (unit if unit["kind"] == "article" else {"number": None}))["number"]


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


@pytest.mark.slow
def test_libreoffice_opens_the_copy_with_the_same_comments_on_the_same_words(weak_docx, reviewed, tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed (apt: libreoffice-writer-nogui)")
    out, _ = reviewed
    # LibreOffice reads the copy and writes it again: what it wrote is what it understood.
    resaved = convert_with_libreoffice(out, "docx", tmp_path)
    assert sorted(commented_words(resaved).values()) == sorted(commented_words(out).values())


def test_accepting_the_tracked_changes_clears_the_findings_they_address(weak_docx, tmp_path):
    out = tmp_path / "tracked.docx"
    proc = run("annotate", weak_docx, "-o", out, "--track-changes")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "suggested changes tracked" in proc.stderr.decode()
    # Checked before the changes are accepted or rejected, the copy says so.
    pending = run("check", out)
    assert "tracked changes not yet accepted or rejected" in pending.stderr.decode()

    before = check_json(weak_docx)
    accepted = accept_all_changes(out, tmp_path / "accepted.docx")
    after = check_json(accepted)
    addressed = set()
    for item in before:
        fixes = item["fixes"]
        chosen = next((f for f in fixes if f["preferred"]), fixes[0]) if fixes else None
        # Deletions (an offence to remove) are not tracked yet: only insertions are.
        if chosen and len(chosen["edits"]) == 1 and chosen["edits"][0]["newText"].strip():
            addressed.add((item["rule"], article_of(item)))
    remaining = {(i["rule"], article_of(i)) for i in after}
    assert addressed and not (addressed & remaining), addressed & remaining
    # What is left has no clause to offer: offences to delete.
    assert {r for r, _ in remaining} <= {r for r, _ in {(i["rule"], article_of(i)) for i in before}}
    assert len(after) < len(before) / 2


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

    accepted = accept_all_changes(out, tmp_path / "accepted.docx")
    lines = read_document(accepted.read_bytes(), "accepted.docx").text.splitlines()
    added = [line for line in lines if line.startswith("Article ") and line not in
             ("Article 1. Offences", "Article 2. Interception")]
    assert added and all(not line.split(".", 1)[1].strip().startswith("Article") for line in added), added
    # Word numbers the headings, the new ones among them: one sequence, no number typed twice.
    numbers = [int(line.split()[1].rstrip(".")) for line in lines if line.startswith("Article ")]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert "SG-HR-CLAUSE" not in {i["rule"] for i in check_json(accepted)}

"""Comparing versions pairs articles by what they say, names what happened
to each, and never shows a ✓ that was not earned (issue 20 item 3, issue 19
item 5)."""

from __future__ import annotations


from clirun import run_cli
from conftest import EXAMPLES
from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.pairing import DELETED, MERGED, MOVED, NEW, RENUMBERED, SAME, pair_articles
from safeguard_lsp.report import MET, asks_for_safeguard, build_scorecard, compare
from safeguard_lsp.report_markdown import comparison_markdown, scorecard_markdown


def run_report(*args):
    return run_cli(["report", *args], text=True)


def table_rows(markdown: str) -> list[list[str]]:
    rows = [line.strip("|").split(" | ") for line in markdown.splitlines()
            if line.startswith("| ") and not line.startswith("| ---")]
    return [[c.strip() for c in row] for row in rows[1:]]  # without the header


def test_weak_to_strong_shows_the_deleted_false_information_article_as_deleted():
    proc = run_report(EXAMPLES / "weak-draft-convention.md", EXAMPLES / "strong-draft-convention.md", "--format", "md")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "- Article 7 – Dissemination of false information was deleted" in out
    # paired by content, not by number: the old Article 6 is the new Article 7
    assert "- Article 6 – Misuse of devices is now Article 7" in out
    false_info = [r for r in table_rows(out) if "(SG-CONTENT-FALSE-INFO)" in r[1]]
    assert false_info == [["Article 7 – Dissemination of false information",
                           'Offence built on "false information", "fake news" or rumours (SG-CONTENT-FALSE-INFO)',
                           "✗ in the text", "— article deleted", "deleted with the article"]]
    for place, what, old, new, change in table_rows(out):
        assert "✗" in old + new or "~" in old + new, f"a row without a finding in either version: {what}"
        assert not (what.startswith("No ") and change in ("added", "strengthened")), f"double negative: {what} {change}"
        if place.startswith("Article 7 – Dissemination"):
            assert "✓" not in new


def test_html_comparison_marks_the_deleted_article(tmp_path):
    out = tmp_path / "changes.html"
    proc = run_report(EXAMPLES / "weak-draft-convention.md", EXAMPLES / "strong-draft-convention.md", "-o", out)
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert '<tr data-rule="SG-CONTENT-FALSE-INFO" data-change="deleted with the article">' in html
    assert "✓ met" not in html and "no longer applies" not in html


ACCESS = "Each Party shall criminalise access to the whole or any part of a computer system without right, with dishonest intent."
INTERCEPT = "Each Party shall criminalise the interception without right of non-public transmissions of computer data by technical means."
FRAUD = "Each Party shall criminalise the causing of a loss of property to another person by any input, alteration or deletion of computer data."
FALSE = "Each Party shall criminalise the dissemination of false information through a computer system."
DEVICES = "Each Party shall criminalise the production, sale or distribution of a device designed to commit the offences above."


def draft(*articles: tuple[str, str]) -> Draft:
    parts = ["# Draft Convention", ""]
    for number, (title, body) in enumerate(articles, 1):
        parts += [f"## Article {number}. {title}", "", body, ""]
    return Draft.parse("\n".join(parts), syntax="markdown")


def kinds(old: Draft, new: Draft) -> dict[tuple, str]:
    return {(p.old.unit.title if p.old else None, p.new.unit.title if p.new else None): p.kind
            for p in pair_articles(old, new)}


def test_articles_are_paired_by_title_and_wording_not_number():
    old = draft(("Illegal access", ACCESS), ("False information", FALSE), ("Illegal interception", INTERCEPT),
                ("Computer fraud", FRAUD))
    new = draft(("Computer fraud", FRAUD), ("Unauthorised access", ACCESS), ("Illegal interception", INTERCEPT),
                ("Misuse of devices", DEVICES))
    found = kinds(old, new)
    assert found[("False information", None)] == DELETED
    assert found[(None, "Misuse of devices")] == NEW
    assert found[("Illegal access", "Unauthorised access")] == RENUMBERED  # retitled, same wording
    assert found[("Illegal interception", "Illegal interception")] == SAME
    assert found[("Computer fraud", "Computer fraud")] == MOVED  # from the end to the front


def test_two_articles_merged_into_one():
    old = draft(("Illegal access", ACCESS), ("Illegal interception", INTERCEPT), ("Computer fraud", FRAUD))
    new = draft(("Access and interception", ACCESS + "\n\n2. " + INTERCEPT), ("Computer fraud", FRAUD))
    found = kinds(old, new)
    merged = [k for k, v in found.items() if v == MERGED]
    assert len(merged) == 1 and merged[0][1] == "Access and interception"
    assert sum(1 for v in found.values() if v in (SAME, RENUMBERED)) == 2


def test_a_tick_means_the_safeguard_is_present(shipped):
    text = EXAMPLES.joinpath("weak-draft-convention.md").read_text(encoding="utf-8")
    weak = Draft.parse(text, syntax="markdown")
    card = build_scorecard("weak.md", weak, shipped, Engine(shipped, Config()).check(weak))
    for row in card.rows:
        for rule_id, state in row.rules.items():
            if state == MET:
                rule = shipped.rule(rule_id)
                # only a rule that looks for a safeguard can see it present
                assert asks_for_safeguard(rule), f"{rule_id} ({rule.kind}) gave a ✓ in {row.label}"
                assert not [f for f in row.findings if f.rule_id == rule_id]
    # Article 1 of the weak draft has no content offence: that is not a safeguard present
    article_1 = card.row("1")
    assert article_1.category_state(shipped, "content-offences") is None
    page = scorecard_markdown(card)
    header = next(line for line in page.splitlines() if line.startswith("| Article |"))
    for name in ("Content offences", "Intent and defences", "Surveillance safeguards", "Cooperation",
                 "Human-rights clause"):
        assert name in header
    assert "content-offences" not in header


def test_same_text_has_no_changes(shipped):
    text = EXAMPLES.joinpath("strong-draft-convention.md").read_text(encoding="utf-8")
    cards = []
    for _ in range(2):
        d = Draft.parse(text, syntax="markdown")
        cards.append(build_scorecard("strong.md", d, shipped, Engine(shipped, Config()).check(d)))
    comparison = compare(*cards)
    assert comparison.changes == []
    assert all(p.kind == SAME for p in comparison.articles)
    assert "No safeguard changed between the two versions." in comparison_markdown(comparison)


def test_long_texts_are_paired_without_comparing_every_pair():
    import time

    body = [("Offence %d" % n, f"Each Party shall criminalise conduct number {n} involving item{n} and thing{n * 7}.")
            for n in range(1, 301)]
    old = draft(*body)
    new = draft(*body[:150], *body[151:])  # one article deleted, the rest renumbered after it
    started = time.monotonic()
    pairs = pair_articles(old, new)
    assert time.monotonic() - started < 30
    deleted = [p for p in pairs if p.kind == DELETED]
    assert [p.old.unit.title for p in deleted] == ["Offence 151"]
    assert sum(1 for p in pairs if p.kind == RENUMBERED) == 149


def test_a_merged_article_is_compared_with_the_article_it_went_into(shipped):
    fake = "Each Party shall criminalise the dissemination of false information through a computer system."
    old = draft(("Illegal access", ACCESS), ("Illegal interception", INTERCEPT + " " + fake), ("Computer fraud", FRAUD))
    new = draft(("Access and interception", ACCESS + "\n\n2. " + INTERCEPT), ("Computer fraud", FRAUD))
    cards = [build_scorecard("v.md", d, shipped, Engine(shipped, Config()).check(d)) for d in (old, new)]
    comparison = compare(*cards)
    [merged] = [p for p in comparison.articles if p.kind == MERGED]
    rows = [c for c in comparison.changes if c.rule_id == "SG-CONTENT-FALSE-INFO"]
    assert [(c.row_old.title, c.row_new.title, c.kind) for c in rows] == [
        (merged.old.unit.title, "Access and interception", "removed from the text")]

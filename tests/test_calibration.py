"""The shipped rules read the Budapest Convention (ETS 185) as experts do.

No operative human-rights clause; Articles 20 and 21 without mandatory judicial
authorisation (Article 15 asks for it only "as appropriate"); Article 32 goes
around mutual assistance. Articles 3, 4, 5, 24, 25, 27 and 28 are acceptable on
these points; Article 2's optional dishonest intent is a low-severity note.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine
from safeguard_lsp.findings import SEVERITY_RANK

WARNING = SEVERITY_RANK["warning"]
FLAGGED = ("20", "21", "32")
ACCEPTABLE = ("3", "4", "5", "24", "25", "27", "28")


@pytest.fixture(scope="module")
def checked(budapest_text, shipped):
    draft = Draft.parse(budapest_text, path="budapest-convention-ets185.txt")
    return draft, Engine(shipped, Config()).check(draft)


@pytest.fixture(scope="module")
def by_article(checked):
    _, result = checked
    grouped: dict[str, list] = defaultdict(list)
    for finding in result.findings:
        article = finding.unit.enclosing("article")
        grouped[article.number if article else "document"].append(finding)
    return grouped


def test_print_the_per_article_table(checked, by_article, capsys):
    draft, _ = checked
    lines = ["", "Budapest Convention (ETS 185): findings per article", f"{'unit':>9}  {'worst':11}  rules"]
    for key in ["document"] + [a.number for a in draft.articles]:
        found = by_article.get(key, [])
        worst = min((f.severity for f in found), key=SEVERITY_RANK.__getitem__, default="-")
        rules = ", ".join(sorted({f"{f.rule_id}({f.severity[0]})" for f in found}))
        lines.append(f"{key:>9}  {worst:11}  {rules}")
    # Shown in the normal test output, not only on failure: the table is the
    # evidence that the rules read the treaty as experts do.
    with capsys.disabled():
        print("\n".join(lines))
    assert len(lines) == 3 + 1 + 48


def at_least_warning(findings):
    return [f for f in findings if SEVERITY_RANK[f.severity] <= WARNING]


def test_document_level_warning_no_human_rights_clause(by_article):
    found = at_least_warning(by_article["document"])
    assert found, "the Convention has only a preamble recital on human rights"
    assert all(f.unit.kind == "document" for f in found)


@pytest.mark.parametrize("article", FLAGGED)
def test_articles_experts_flag(by_article, article):
    assert at_least_warning(by_article[article]), f"Article {article} should have a finding at warning or above"


@pytest.mark.parametrize("article", ACCEPTABLE)
def test_articles_experts_accept(by_article, article):
    found = at_least_warning(by_article[article])
    assert not found, [(f.rule_id, f.severity, f.message) for f in found]


def test_article_2_optional_intent_is_at_most_a_note(by_article):
    assert not at_least_warning(by_article["2"])

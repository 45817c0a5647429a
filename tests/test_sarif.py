"""SARIF for code scanning: locations relative to the repository, whatever
folder the check is run from (GitHub resolves %SRCROOT% to its checkout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import run_cli
from conftest import EXAMPLES
from docbuild import markdown_to_docx

DRAFT = """Draft Law

Article 1. Offences

1. Each State Party shall establish as a criminal offence the dissemination of false information.
"""


def sarif(*args, cwd: Path) -> dict:
    proc = run_cli(["check", *args, "--format", "sarif"], cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return json.loads(proc.stdout)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)  # what marks a repository's root
    (root / "drafts" / "round 2").mkdir(parents=True)
    (root / "drafts" / "round 2" / "law.md").write_text(DRAFT, encoding="utf-8")
    (root / "docs").mkdir()
    return root


def _locations(doc: dict) -> list[dict]:
    return [loc["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"] for loc in r["locations"]]


@pytest.mark.parametrize("where, path", [
    (".", "drafts/round 2/law.md"),
    ("docs", "../drafts/round 2/law.md"),
    ("drafts/round 2", "law.md"),
])
def test_uris_are_relative_to_the_repository_from_any_folder(repo, where, path):
    doc = sarif(path, cwd=repo / where)
    run = doc["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    locations = _locations(doc)
    assert locations and all(loc == {"uri": "drafts/round%202/law.md", "uriBaseId": "%SRCROOT%"} for loc in locations)
    result = next(r for r in run["results"] if r["ruleId"] == "SG-CONTENT-FALSE-INFO")
    assert result["locations"][0]["logicalLocations"] == [{"name": "Article 1", "kind": "article"}]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 5


def test_outside_any_repository_the_working_folder_is_the_root(tmp_path):
    (tmp_path / "law.md").write_text(DRAFT, encoding="utf-8")
    doc = sarif("law.md", cwd=tmp_path)
    assert doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    assert set(map(json.dumps, _locations(doc))) == {json.dumps({"uri": "law.md", "uriBaseId": "%SRCROOT%"})}


def test_a_draft_outside_the_root_gets_an_absolute_uri(repo, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(DRAFT, encoding="utf-8")
    doc = sarif(outside, cwd=repo)
    assert {loc["uri"] for loc in _locations(doc)} == {outside.as_uri()}
    assert all("uriBaseId" not in loc for loc in _locations(doc))


def test_a_word_finding_names_article_and_paragraph_without_lines(repo):
    markdown_to_docx((EXAMPLES / "weak-draft-convention.md").read_text(encoding="utf-8"),
                     repo / "drafts" / "weak.docx")
    doc = sarif("drafts/weak.docx", cwd=repo)
    result = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "SG-CONTENT-FALSE-INFO")
    location = result["locations"][0]
    assert location["physicalLocation"] == {"artifactLocation": {"uri": "drafts/weak.docx", "uriBaseId": "%SRCROOT%"},
                                            "region": {"startLine": 1}}
    assert set(location["properties"]) == {"paragraph"}
    assert result["message"]["text"].endswith(f"(Article 7, document paragraph {location['properties']['paragraph']})")

"""`compare DRAFT --reference TEXT`: each article of a draft beside the nearest
provision of an agreed text, stronger or weaker (texts written for the test)."""

from __future__ import annotations

from clirun import run_cli

REFERENCE = """# Reference Convention

## Article 1. Illegal access

Each State Party shall adopt such legislative and other measures as may be necessary to establish as a criminal offence under its domestic law, when committed intentionally, the access to the whole or any part of an information and communications technology system without right.

## Article 2. Interception of content data

Each State Party shall empower its competent authorities, in relation to serious offences, to collect or record in real time content data of specified communications, subject to prior authorisation by an independent judicial authority, where necessary and proportionate.

## Article 3. Respect for human rights

States Parties shall ensure that the implementation of their obligations under this Convention is consistent with their obligations under international human rights law.
"""

DRAFT = """# Draft Convention

## Article 1. Unauthorised access

Each State Party shall adopt such legislative and other measures as may be necessary to establish as a criminal offence under its domestic law, when committed intentionally and with dishonest intent, the access to the whole or any part of an information and communications technology system without right.

## Article 2. Interception

Each State Party shall empower its competent authorities to collect or record in real time content data of specified communications.

## Article 3. Depositary

The Secretary-General of the United Nations is the depositary of this Convention.
"""


def test_each_article_beside_its_nearest_provision(tmp_path):
    (tmp_path / "reference.md").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    proc = run_cli(["compare", "draft.md", "--reference", "reference.md"], cwd=tmp_path, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = {line.split(" | ")[0].strip("| "): line for line in proc.stdout.splitlines() if line.startswith("| ")}
    access = rows["Article 1 – Unauthorised access"]
    assert "Article 1 – Illegal access" in access and "| stronger |" in access
    assert "stronger: A dishonest or malicious intent standard" in access
    interception = rows["Article 2 – Interception"]
    assert "Article 2 – Interception of content data" in interception and "| weaker |" in interception
    assert "weaker: Prior judicial authorisation of interception or real-time collection" in interception
    whole = rows["The instrument as a whole"]
    assert "weaker: An operative human-rights clause" in whole
    # an article with no counterpart is said to have none, not called as strong
    assert "| Article 3 – Depositary | — | no counterpart |" in proc.stdout
    # and what the draft may have dropped
    dropped = proc.stdout.split("## In the reference, with no counterpart in the draft")[1]
    assert "- Article 3 – Respect for human rights" in dropped
    assert "Illegal access" not in dropped


def test_missing_reference_is_a_usage_error(tmp_path):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    proc = run_cli(["compare", "draft.md", "--reference", "nothing.md"], cwd=tmp_path, text=True)
    assert proc.returncode == 2 and "nothing.md: no such file" in proc.stderr


def test_html_output(tmp_path):
    (tmp_path / "reference.md").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    proc = run_cli(["compare", "draft.md", "--reference", "reference.md", "-o", "held.html"], cwd=tmp_path, text=True)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "held.html").read_text(encoding="utf-8")
    assert '<tr data-row="1" data-verdict="stronger">' in html
    assert '<tr data-row="2" data-verdict="weaker">' in html
    assert "<script" not in html

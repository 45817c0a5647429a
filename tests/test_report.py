"""`safeguard-lsp report`: the scorecard page and the comparison of versions."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clirun import run_cli
from conftest import BUDAPEST, EXAMPLES, need_shared
from safeguard_lsp.config import Config
from safeguard_lsp.draft import Draft
from safeguard_lsp.engine import Engine


class Page(HTMLParser):
    """Collects what a reader sees: matrix rows, findings, external resources."""

    def __init__(self):
        super().__init__()
        self.rows: list[str] = []
        self.findings: list[str] = []
        self.changes: list[tuple[str, str]] = []
        self.scripts = 0
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-row" in attrs:
            self.rows.append(attrs["data-row"])
        if tag == "tr" and "data-change" in attrs:
            self.changes.append((attrs["data-rule"], attrs["data-change"]))
        if tag == "div" and "finding" in (attrs.get("class") or "").split():
            self.findings.append(attrs["data-rule"])
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if tag in ("link", "script", "img", "iframe") and value:
                self.external.append(value)


def run_report(*args, cwd=None):
    return run_cli(["report", *args], cwd=cwd, text=True)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.mark.parametrize("name", ["weak-draft-convention.md", "strong-draft-convention.md", "budapest"])
def test_report_lists_every_article_and_every_finding(name, tmp_path, shipped):
    source = need_shared(BUDAPEST) if name == "budapest" else EXAMPLES / name
    out = tmp_path / "report.html"
    proc = run_report(source, "-o", out)
    assert proc.returncode == 0, proc.stderr
    page = parse(out)
    text = source.read_text(encoding="utf-8")
    draft = Draft.parse(text, path=str(source))
    result = Engine(shipped, Config()).check(draft)
    assert page.rows == ["document"] + [a.number for a in draft.articles]
    assert sorted(page.findings) == sorted(f.rule_id for f in result.findings)
    assert page.scripts == 0 and page.external == []  # self-contained: nothing from the network


def test_markdown_report(tmp_path):
    out = tmp_path / "report.md"
    proc = run_report(EXAMPLES / "weak-draft-convention.md", "-o", out)
    assert proc.returncode == 0, proc.stderr
    body = out.read_text(encoding="utf-8")
    assert body.startswith("# Safeguard scorecard:") and "| Article |" in body and "## Findings" in body


def test_compare_names_exactly_the_change(tmp_path):
    text = need_shared(BUDAPEST).read_text(encoding="utf-8")
    # The revised draft: Article 6 loses its exemption for authorised testing
    # (paragraph 2) and Article 48 is renumbered 49.
    start = text.index("2.   This article shall not be interpreted as imposing criminal liability")
    end = text.index("3.   Each Party may reserve the right not to apply paragraph 1 of this article")
    revised = (text[:start] + text[end:]).replace("Article 48\n\nNotification", "Article 49\n\nNotification")
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(text, encoding="utf-8")
    new.write_text(revised, encoding="utf-8")
    out = tmp_path / "changes.html"
    proc = run_report(old, new, "-o", out)  # two drafts: the old and the new version
    assert proc.returncode == 0, proc.stderr
    page = parse(out)
    assert page.changes == [("SG-TOOLS-TESTING-EXEMPTION", "removed")]
    html = out.read_text(encoding="utf-8")
    assert "Article 6 – Misuse of devices" in html
    assert "Article 48 – Notification is now Article 49" in html


def test_compare_needs_two_drafts(tmp_path):
    proc = run_report("--compare", EXAMPLES / "weak-draft-convention.md")
    assert proc.returncode == 2 and "two drafts" in proc.stderr


def test_two_separate_scorecards(tmp_path):
    out = tmp_path / "both.html"
    proc = run_report(EXAMPLES / "weak-draft-convention.md", EXAMPLES / "strong-draft-convention.md", "--separate", "-o", out)
    assert proc.returncode == 0, proc.stderr
    page = parse(out)
    assert page.changes == [] and page.rows.count("document") == 2


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed here (.ci/run installs Debian's chromium)")
def test_report_renders_in_chromium_without_errors(tmp_path):
    out = tmp_path / "report.html"
    assert run_report(EXAMPLES / "weak-draft-convention.md", "-o", out).returncode == 0
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--enable-logging=stderr", "--v=0", "--dump-dom", out.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'class="matrix"' in dom.stdout and "Safeguard scorecard" in dom.stdout
    console_errors = [l for l in dom.stderr.splitlines() if "CONSOLE" in l and "ERROR" in l.upper()]
    assert console_errors == []
    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1200,1600", out.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.stat().st_size > 10_000


def test_report_groups_authorities_and_quotes_each_text_once_per_article(tmp_path, shipped):
    """#19 item 2 and #20 item 6: under each finding the authorities one line
    each, grouped by kind; each text quoted once for the article, however
    many of its findings cite it."""
    out = tmp_path / "report.md"
    proc = run_report(EXAMPLES / "weak-draft-convention.md", "-o", out)
    assert proc.returncode == 0, proc.stderr
    body = out.read_text(encoding="utf-8")
    assert "  - The law: International Covenant on Civil and Political Rights, Article 17" in body
    assert "  - What civil society asks: Joint civil-society letter" in body
    assert "(advocacy, not law)" in body and "(declaration, not a treaty)" in body
    iccpr17 = " ".join(shipped.citations["iccpr-17"].text.split())
    sections = body.split("\n### ")[1:]
    assert sections
    for section in sections:
        assert section.count(iccpr17) <= 1, section[:200]
    assert sum(section.count(iccpr17) for section in sections) >= 2

"""Drafting brackets and alternatives are read as alternatives, each checked."""

from __future__ import annotations

import subprocess
import sys

from safeguard_lsp.alternatives import sites, variant

DRAFT = """# Draft Convention

## Article 1. Interception of content data

Each State Party [shall/may] ensure that the interception of content data is subject to prior authorisation by an independent judicial authority.

## Article 2. Offences

Alt. 1: Each State Party shall establish as a criminal offence the dissemination of false information through a computer system.

Alt. 2: Each State Party shall establish as a criminal offence the access to a computer system without right and with dishonest intent.
"""


def test_each_option_is_read_as_the_text_it_would_become():
    found = sites(DRAFT)
    assert [s.options for s in found] == [("shall", "may"), ("Alt. 1", "Alt. 2")]
    first, second = (variant(DRAFT, found, i) for i in range(2))
    assert "Each State Party shall ensure that" in first.text and "Each State Party may ensure that" in second.text
    assert "false information" in first.text and "false information" not in second.text
    assert "dishonest intent" in second.text and "dishonest intent" not in first.text
    # offsets after the bracket come back to the draft as written
    at = second.text.index("interception of content data is")
    assert second.original(at) == DRAFT.index("interception of content data is")


def test_check_reports_what_each_option_would_bring(tmp_path):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "safeguard_lsp", "check", "draft.md"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    lines = proc.stdout.splitlines()
    may = [line for line in lines if " SG-WEAK-MAY " in line]
    assert may == ['draft.md:5:18: warning SG-WEAK-MAY With “may” for [shall/may]: The safeguard is introduced '
                   'with "may", so each State is free not to provide it; it needs "shall".']
    false_info = [line for line in lines if " SG-CONTENT-FALSE-INFO " in line]
    assert len(false_info) == 1 and "SG-CONTENT-FALSE-INFO In Alt. 1: " in false_info[0]
    assert false_info[0].startswith("draft.md:9:")


def test_a_markdown_link_is_not_an_alternative():
    assert sites("See [UN/CCPR](https://example.org/ccpr) for the text.") == []

"""Shared test helpers.

Tests that read ../shared (the real treaty, the verified citation texts) skip
with a reason where it is absent: a user's clone has no ../shared. CI has it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BUDAPEST = SHARED / "corpus" / "budapest-convention-ets185.txt"
REFERENCE = SHARED / "reference" / "citations.yaml"
EXAMPLES = REPO / "examples"


def need_shared(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is not here: the shared reference folder (../shared) is absent in this checkout")
    return path


@pytest.fixture(scope="session")
def budapest_text() -> str:
    return need_shared(BUDAPEST).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shipped():
    from safeguard_lsp.ruleset import RuleSet

    return RuleSet.load()

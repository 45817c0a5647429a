"""Shared test helpers.

Tests that read ../shared (the real treaty, the verified citation texts) skip
with a reason where it is absent: a user's clone has no ../shared. CI has it.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BUDAPEST = SHARED / "corpus" / "budapest-convention-ets185.txt"
REFERENCE = SHARED / "reference" / "citations.yaml"
EXAMPLES = REPO / "examples"


_CACHE_ENV: dict[str, str | None] = {}


def pytest_configure(config):
    # The compiled rule-set cache (safeguard_lsp/rulecache.py) of the test
    # run goes to a folder of its own, for this process and the processes it
    # starts, never into the user's ~/.cache.
    _CACHE_ENV["old"] = os.environ.get("XDG_CACHE_HOME")
    _CACHE_ENV["dir"] = tempfile.mkdtemp(prefix="safeguard-test-cache-")
    os.environ["XDG_CACHE_HOME"] = _CACHE_ENV["dir"]


def pytest_unconfigure(config):
    if _CACHE_ENV.get("old") is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = _CACHE_ENV["old"]
    if _CACHE_ENV.get("dir"):
        shutil.rmtree(_CACHE_ENV["dir"], ignore_errors=True)


def need_shared(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is not here: the shared reference folder (../shared) is absent in this checkout")
    return path


@pytest.fixture(scope="session")
def budapest_text() -> str:
    return need_shared(BUDAPEST).read_text(encoding="utf-8")


@functools.cache
def shipped_ruleset():
    """The shipped rule set, one for the whole run: its lexicon is compiled at
    its first check (~0.3 s), which each module's own copy paid again. Tests
    that must see a load happen (the cache, broken packs) load their own."""
    from safeguard_lsp.ruleset import RuleSet

    return RuleSet.load()


@pytest.fixture(scope="session")
def shipped():
    return shipped_ruleset()

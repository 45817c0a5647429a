"""Readings kept on disk between `check` runs read as fresh readings do.

A reading rebuilt from what an earlier process kept (reading/disk.py) must give
the same role and every element, at the same words, as the article read anew;
a second `check` of a draft, served from the kept readings, prints the same
findings as the first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from safeguard_lsp.draft import Draft
from safeguard_lsp.reading import disk, read
from safeguard_lsp.reading.read import Reader

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = sorted(p for p in (ROOT / "tests" / "drafts").rglob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")


def _everything(draft: Draft, elements: bool = True) -> list:
    """Each part of each article: its span, role and (``elements``) all its elements."""
    reader = Reader(draft)
    out = []
    for article in draft.articles or [draft.root]:
        found = reader.article(article)
        if found is None:
            continue
        out.append((found.role, found.title_role))
        for part, reading in found.parts:
            read = sorted((name, [(e.value, e.start, e.end, e.optional) for e in found])
                          for name, found in reading.elements.items()) if elements else None
            out.append((part.start, part.end, reading.role, read))
    return out


def _fresh_process(monkeypatch) -> None:
    """What a new process starts from: no reading in memory, the disk entry not yet loaded."""
    monkeypatch.setattr(read, "_KEPT", type(read._KEPT)())
    monkeypatch.setattr(disk, "_DRAFTS", {})
    monkeypatch.setattr(disk, "_WRITING", True)  # as `check` does


@pytest.mark.parametrize("asked_before", [True, False], ids=["every element asked before", "roles only before"])
@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: str(p.relative_to(ROOT / "tests" / "drafts")))
def test_a_kept_reading_is_the_fresh_reading(path, asked_before, tmp_path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("SAFEGUARD_NO_CACHE", "1")
    _fresh_process(monkeypatch)
    fresh = _everything(Draft.parse(text, path=str(path)))
    monkeypatch.delenv("SAFEGUARD_NO_CACHE")
    _fresh_process(monkeypatch)
    _everything(Draft.parse(text, path=str(path)), elements=asked_before)
    kept = disk._DRAFTS[os.path.abspath(str(path))]
    assert kept.pending, "the articles read were not kept"
    disk.save()
    entry = kept.entry.path
    assert entry.parent.name == "readings" and entry.exists()
    for process in ("second", "third"):
        _fresh_process(monkeypatch)
        assert disk._kept(str(path)).records, "nothing was read back from the cache folder"
        rebuilt_from = []
        monkeypatch.setattr(read, "_rebuilt", lambda key, record, made=read._rebuilt:
                            rebuilt_from.append(key) or made(key, record))
        reads = []
        for method in ("read", "flag"):
            monkeypatch.setattr(read._Found, method, lambda self, *args, made=getattr(read._Found, method), **kw:
                                reads.append(args) or made(self, *args, **kw))
        again = _everything(Draft.parse(text, path=str(path)))
        if asked_before or process == "third":
            assert not reads, "elements kept on disk were read again"
        assert rebuilt_from, f"no reading came from disk in the {process} process"
        assert again == fresh
        written = entry.stat().st_mtime_ns
        disk.save()
    # The third process read nothing the second had not kept: nothing written.
    assert entry.stat().st_mtime_ns == written


def test_nothing_is_kept_when_the_cache_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("SAFEGUARD_NO_CACHE", "1")
    _fresh_process(monkeypatch)
    _everything(Draft.parse(DRAFTS[0].read_text(encoding="utf-8"), path=str(DRAFTS[0])))
    disk.save()
    assert disk._DRAFTS == {os.path.abspath(str(DRAFTS[0])): None} and not list(tmp_path.rglob("*.pickle"))


def test_each_draft_has_its_own_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SAFEGUARD_NO_CACHE", raising=False)
    _fresh_process(monkeypatch)
    for path in DRAFTS[:2]:
        _everything(Draft.parse(path.read_text(encoding="utf-8"), path=str(path)), elements=False)
    _everything(Draft.parse(DRAFTS[2].read_text(encoding="utf-8")), elements=False)  # no path: not kept
    disk.save()
    assert len(list((tmp_path / "safeguard-lsp" / "readings").glob("*.pickle"))) == 2


def test_check_twice_prints_the_same_findings(tmp_path):
    draft = ROOT / "tests" / "drafts" / "styles" / "commonwealth-act.txt"
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    env.pop("SAFEGUARD_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-m", "safeguard_lsp", "check", "--format", "json", str(draft)],
                           env=env, capture_output=True, text=True, cwd=tmp_path) for _ in range(2)]
    assert runs[0].stdout and json.loads(runs[0].stdout)
    assert runs[1].stdout == runs[0].stdout
    assert runs[1].returncode == runs[0].returncode
    assert list((tmp_path / "safeguard-lsp").glob("*.pickle"))  # the rule set
    assert len(list((tmp_path / "safeguard-lsp" / "readings").glob("*.pickle"))) == 1  # the draft's readings


def test_a_process_that_does_not_save_keeps_nothing_to_write(tmp_path, monkeypatch):
    """The language server reads kept readings but holds none for writing."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SAFEGUARD_NO_CACHE", raising=False)
    _fresh_process(monkeypatch)
    monkeypatch.setattr(disk, "_WRITING", False)
    _everything(Draft.parse(DRAFTS[0].read_text(encoding="utf-8"), path=str(DRAFTS[0])))
    assert not any(kept.pending for kept in disk._DRAFTS.values() if kept is not None)
    disk.save()
    assert not list(tmp_path.rglob("*.pickle"))


def test_elements_read_in_shared_places_are_kept_for_the_next_run(tmp_path, monkeypatch):
    # A general safeguards article, read for the requirements of every power
    # (read.read_element): the next process takes what was read there from disk.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SAFEGUARD_NO_CACHE", raising=False)
    path = str(tmp_path / "draft.txt")
    text = ("Article 1\nThe interception shall be authorised by a judge, for no more than "
            "30 days, where necessary and proportionate, and the person concerned shall be notified.\n")
    spans = [(text.index("The"), len(text))]
    names = ("authoriser", "time-limit", "standards", "notification", "defence")

    def read_all():
        monkeypatch.setattr(read, "_ELEMENTS_KEPT", type(read._ELEMENTS_KEPT)())
        return {name: [(e.value, e.start, e.end, e.optional) for e in read.read_element(text, spans, name, path)]
                for name in names}

    _fresh_process(monkeypatch)
    fresh = read_all()
    assert fresh["authoriser"] and fresh["time-limit"] and fresh["notification"]
    disk.save()
    _fresh_process(monkeypatch)
    reads = read._read_element_in

    def refuse(chunk, name):
        raise AssertionError(f"{name} read again: not taken from disk")

    monkeypatch.setattr(read, "_read_element_in", refuse)
    assert read_all() == fresh
    _fresh_process(monkeypatch)
    monkeypatch.setattr(read, "_read_element_in", reads)
    monkeypatch.setattr(read, "_ELEMENTS_KEPT", type(read._ELEMENTS_KEPT)())
    assert [(e.value, e.start, e.end) for e in read.read_element(text, spans, "authoriser")] == [
        found[:3] for found in fresh["authoriser"]]  # a draft without a path: read, not kept
    assert not disk._DRAFTS

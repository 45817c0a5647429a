"""A check searches a draft only for the lexicon terms its rules name
(RuleSet.lexicon): a pack that names a shipped term no shipped rule uses
must still find it, and every key that names terms must be counted."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from clirun import run_cli
from safeguard_lsp.kinds import schema
from safeguard_lsp.ruleset import RuleSet

# A shipped term that no shipped rule names (the rules read provisions now).
UNNAMED = "warrantless-grant"

PACK = textwrap.dedent(
    f"""\
    rules:
      - id: SG-TEST-WARRANTLESS
        title: A power granted without a warrant
        category: procedural-powers
        severity: warning
        kind: term
        unit: sentence
        match: [{UNNAMED}]
        message: This power may be exercised without a warrant.
        explanation: A power exercised without a warrant has no prior judicial check.
        cites: [iccpr-17]
        examples:
          flag: ["Article 1\\n\\nThe police may, without a warrant, enter any premises."]
          pass: ["Article 1\\n\\nThe police may enter premises under a warrant issued by a judge."]
    """
)


def test_the_shipped_rules_leave_out_a_term_none_of_them_names(monkeypatch):
    monkeypatch.setenv("SAFEGUARD_NO_CACHE", "1")
    shipped = RuleSet.load()
    assert UNNAMED in shipped.terms  # still there for packs, completion and the rules' docs
    assert UNNAMED not in shipped.lexicon.names


def test_a_pack_naming_a_term_no_shipped_rule_names_still_finds_it(tmp_path: Path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "warrantless.yaml").write_text(PACK, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Article 1\n\nThe police may, without a warrant, enter any premises and seize data.\n",
                     encoding="utf-8")
    proc = run_cli(["check", draft, "--rules", tmp_path, "--format", "json"], text=True)
    assert proc.returncode in (0, 1), proc.stderr
    found = [f for f in json.loads(proc.stdout) if f["rule"] == "SG-TEST-WARRANTLESS"]
    assert [(f["range"]["start"], f["range"]["end"]) for f in found] == [
        ({"line": 2, "character": 11}, {"line": 2, "character": 33})], proc.stdout  # "may, without a warrant"


def test_every_term_a_rule_names_is_searched(monkeypatch):
    """Each name the loader checks as a term (whatever key holds it) is among
    the rule's term_names, so the lexicon a check scans includes it."""
    named: dict[str, set[str]] = {}
    known_terms = schema.KeyContext.known_terms

    def recording(self, names, line, key):
        named.setdefault(self.where, set()).update(names)
        return known_terms(self, names, line, key)

    monkeypatch.setattr(schema.KeyContext, "known_terms", recording)
    monkeypatch.setenv("SAFEGUARD_NO_CACHE", "1")
    ruleset = RuleSet.load()
    assert ruleset.rules and not ruleset.errors
    scanned = set(ruleset.lexicon.names)
    for rule in ruleset.rules:
        assert named.get(rule.id, set()) <= rule.term_names() <= scanned, rule.id
    assert set().union(*named.values()) == scanned

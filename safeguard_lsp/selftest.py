"""Run every rule's own examples: `flag` texts must raise it, `pass` texts must not."""

from __future__ import annotations

from dataclasses import dataclass

from safeguard_lsp.checking import check_source
from safeguard_lsp.config import Config
from safeguard_lsp.ruleset import Rule, RuleSet


@dataclass
class ExampleFailure:
    rule: Rule
    part: str  # "flag" or "pass"
    index: int
    text: str
    detail: str

    @property
    def line(self) -> int:
        return self.rule.example_lines.get((self.part, self.index), self.rule.line)

    def __str__(self) -> str:
        excerpt = " ".join(self.text.split())
        if len(excerpt) > 100:
            excerpt = excerpt[:97] + "…"
        return f"{self.rule.path}:{self.line}: {self.rule.id}: {self.part} example {self.index + 1} {self.detail}: {excerpt}"


def example_findings(rule: Rule, ruleset: RuleSet, text: str):
    """The draft of an example and what ``rule`` alone finds in it (an
    example that opens with a heading is Markdown)."""
    syntax = "markdown" if text.lstrip().startswith("#") else None
    checked = check_source(text, config=Config(), ruleset=ruleset, syntax=syntax, only=[rule])
    return checked.draft, checked.findings


def test_rule(rule: Rule, ruleset: RuleSet) -> list[ExampleFailure]:
    failures: list[ExampleFailure] = []
    for index, text in enumerate(rule.flag_examples):
        _, findings = example_findings(rule, ruleset, text)
        if not findings:
            failures.append(ExampleFailure(rule, "flag", index, text, "is not flagged"))
    for index, text in enumerate(rule.pass_examples):
        _, findings = example_findings(rule, ruleset, text)
        if findings:
            what = "; ".join(f"{f.severity} at “{text[f.start:f.end]}”" for f in findings[:3])
            failures.append(ExampleFailure(rule, "pass", index, text, f"is flagged ({what})"))
    return failures


def test_rules(ruleset: RuleSet, rule_ids: set[str] | None = None) -> tuple[int, list[ExampleFailure]]:
    failures: list[ExampleFailure] = []
    tested = 0
    for rule in ruleset.rules:
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        tested += 1
        failures.extend(test_rule(rule, ruleset))
    return tested, failures

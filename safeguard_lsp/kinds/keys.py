"""The keys every rule has, and the keys several kinds share.

A kind's module lists the keys it accepts beyond :data:`COMMON` (see
``kinds/__init__.py``); the definitions here are the ones more than one kind
uses, so that each is written once.
"""

from __future__ import annotations

from safeguard_lsp.findings import SEVERITIES
from safeguard_lsp.kinds import values
from safeguard_lsp.kinds.schema import Key

ID = Key("id", "text", "unique across all packs; capitals, digits and hyphens", "SG-ACCESS-INTENT", required=True)
TITLE = Key("title", "text", "one line, shown with every finding", "Access offence without a dishonest intent standard",
            required=True, parse=values.text)
CATEGORY = Key("category", "text", "groups rules in reports", "criminalisation", required=True, parse=values.text)
SEVERITY = Key("severity", "one of", "what the rule reports by default (a .safeguard.yaml can change it)",
               "warning", required=True, values=SEVERITIES, parse=values.one_of)
MESSAGE = Key("message", "text", "one sentence a lawyer reads at a glance",
              "The access offence does not require dishonest or malicious intent.", required=True, parse=values.text)
EXPLANATION = Key("explanation", "Markdown", "what is wrong, who is put at risk, what good text looks like",
                  "The offence reaches a journalist who ...", required=True, parse=values.text)
CITES = Key("cites", "citation ids", "the provisions the rule rests on (at least one)", "[iccpr-15, iccpr-19]",
            required=True, parse=values.cites)
FIXES = Key("fixes", "list of fixes", "edits offered as quick fixes (see Fixes)",
            "[{title: Require dishonest intent, insert: {clause: intent-requirement}}]", parse=values.fixes)
EXAMPLES = Key("examples", "flag and pass lists", "draft texts the rule must flag, and must not",
               "{flag: ['...'], pass: ['...']}", required=True, parse=values.examples,
               fields=("flag_examples", "pass_examples", "example_lines"))
URL = Key("url", "web address", "a page about the rule; default: the first citation's url",
          "https://www.ohchr.org/...", parse=values.web_address)
SAFEGUARD = Key("safeguard", "list of categories", "the expert-verdict categories a finding concerns",
                "[b-access]", values=values.SAFEGUARDS, parse=values.safeguards)

# Shared by the kinds that examine units.
UNIT = Key("unit", "one of", "the unit examined; default `article`", "article", values=values.UNITS, parse=values.one_of)
WHEN = Key("when", "condition", "wording that must hold in the unit for the rule to examine it",
           "{all: [access-offence, criminal-offence]}", parse=values.condition)
UNLESS = Key("unless", "condition", "wording that, when it holds in the unit, stops the rule",
             "[research-exemption]", parse=values.condition)
READS = Key("reads", "selector", "the provisions the rule is about, by their reading (see Reading rules)",
            "{role: power, measure: [interception]}", parse=values.selector)
WEAKENED_BY = Key("weakened_by", "lexicon terms",
                  "required wording in a sentence with one of these terms counts only as the fallback",
                  "[optional-element]", parse=values.terms)
FALLBACK = Key("fallback", "mapping: any, severity, message",
               "acceptable-but-weak wording, reported at the lower severity",
               "{any: [general-review], severity: hint, message: '...'}", parse=values.fallback)
REQUIRED_WORDING = Key("require", "condition, with within", "wording that must be present, and where (within)",
                       "{any: [intent-standard], within: [unit, referenced]}", required=True,
                       parse=values.required_wording, fields=("require", "within"),
                       missing="a {kind} rule needs 'require': the wording that must be present")
MATCH = Key("match", "lexicon terms", "the wording flagged, each occurrence", "[false-information, extremism]", required=True,
            parse=values.terms, missing="a {kind} rule needs 'match': the lexicon terms it flags")

COMMON = (ID, TITLE, CATEGORY, SEVERITY, MESSAGE, EXPLANATION, CITES, FIXES, EXAMPLES, URL, SAFEGUARD)

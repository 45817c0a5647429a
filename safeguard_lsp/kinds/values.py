"""The values a rule's keys hold, and how each is read from YAML.

Every parser takes ``(value, ctx, key)`` (the YAML value, the
:class:`~safeguard_lsp.kinds.schema.KeyContext`, the :class:`Key`), adds an
error naming the line and the key for what is wrong, and returns what the
rule keeps. A parser of several fields returns them as a dict.
"""

from __future__ import annotations

from dataclasses import dataclass

from safeguard_lsp.findings import SEVERITIES
from safeguard_lsp.kinds.schema import check_keys, did_you_mean
from safeguard_lsp.kinds.selector import parse_requirements, parse_selector
from safeguard_lsp.yamldata import Sequence

# The safeguard categories a finding concerns (the keys used by expert verdicts).
SAFEGUARDS = ("a-content", "b-access", "c-procedural", "d-no-ceiling", "e-mla", "f-hr-clause", "g-cyber-enabled")
UNITS = ("document", "chapter", "article", "paragraph", "sentence")
WITHIN = ("unit", "parent", "referenced", "division", "document", "operative")
# A reading rule may also find what it requires in the provisions of other articles that refer to the
# one it examines ("It is a defence to a charge under section 4 …").
READING_WITHIN = ("unit", "parent", "referenced", "referring", "division", "document", "operative")
INSERT_AT = ("before-trigger", "after-trigger", "end-of-offence")
# Where a new article goes. end-of-document means before the final clauses
# (signature, entry into force, depositary ...), never after them.
ADD_ARTICLE_AT = ("end-of-division", "end-of-document", "after-offences", "procedural-chapter",
                  "cooperation-chapter", "general-provisions")
REMOVE_SCOPES = ("phrase", "article")
FIX_ACTIONS = ("replace", "insert", "append_paragraph", "add_article", "remove")


@dataclass(frozen=True)
class Condition:
    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    none: tuple[str, ...] = ()

    def terms(self) -> tuple[str, ...]:
        return self.any + self.all + self.none

    def __bool__(self) -> bool:
        return bool(self.any or self.all or self.none)


@dataclass(frozen=True)
class FixSpec:
    title: str
    action: str  # replace | insert | append_paragraph | add_article | remove
    replacements: tuple[str, ...] = ()
    text: str | None = None
    clause: str | None = None
    at: str | None = None
    preferred: bool = False
    # remove: what goes ("phrase": the flagged words with their commas and a
    # qualifying tail such as "given the nature of ..."; "article": the article).
    scope: str | None = None
    # replace: also take in an adjacent phrase saying who authorises the
    # measure, so that "without a warrant, on the authorization of a senior
    # police officer" is replaced whole rather than left contradicting itself.
    absorb_authority: bool = False
    # insert at end-of-offence: the wording used before "commits an offence"
    # (the text itself is used at the end of a treaty's sentence).
    before_verb: str | None = None


@dataclass(frozen=True)
class Fallback:
    any: tuple[str, ...]
    severity: str
    message: str | None


def _listed(value):
    return [value] if isinstance(value, str) else value


# -- plain values -------------------------------------------------------------
def text(value, ctx, key):
    if not isinstance(value, str) or not value.strip():
        ctx.error(key.name, "missing or not text")
        return None
    return value.strip()


def one_of(value, ctx, key):
    if value not in key.values:
        ctx.error(key.name, f"expected one of {', '.join(key.values)}")
    return value


def web_address(value, ctx, key):
    if not isinstance(value, str):
        ctx.error(key.name, "expected a web address")
        return None
    return value


def safeguards(value, ctx, key):
    value = _listed(value)
    if not isinstance(value, list) or any(s not in SAFEGUARDS for s in value):
        ctx.error(key.name, f"expected a list of: {', '.join(SAFEGUARDS)}")
        return ()
    return tuple(value)


def cites(value, ctx, key):
    if not isinstance(value, list) or not value:
        ctx.error(key.name, "every rule cites at least one provision (citation ids)")
        return ()
    for cid in value:
        if cid not in ctx.citations:
            ctx.error(key.name, f"unknown citation id {cid!r}{did_you_mean(cid, ctx.citations)}")
    return tuple(value)


def examples(value, ctx, key):
    found = {"flag_examples": (), "pass_examples": (), "example_lines": {}}
    if not isinstance(value, dict):
        ctx.error(key.name, "every rule needs examples: {flag: [...], pass: [...]}")
        return found
    check_keys(value, ("flag", "pass"), ctx.add_error, f"{ctx.where}.examples.")
    for part in ("flag", "pass"):
        texts = value.get(part)
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            ctx.error(f"examples.{part}", "expected a non-empty list of example texts", value.line_of(part))
            continue
        for i, _ in enumerate(texts):
            found["example_lines"][(part, i)] = texts.line_of(i) if isinstance(texts, Sequence) else 0
        found[f"{part}_examples"] = tuple(texts)
    return found


# -- lexicon terms and conditions ----------------------------------------------
def terms(value, ctx, key):
    """A list of lexicon terms (one term alone is a list of one)."""
    value = _listed(value)
    if not isinstance(value, list) or (key.required and not value):
        ctx.error(key.name, key.missing.format(kind=ctx.kind.name) if key.required else "expected a list of lexicon terms",
                  ctx.line(key.name if key.name in ctx.item else "kind"))
        return ()
    names = tuple(str(n) for n in value)
    ctx.known_terms(names, ctx.line(key.name), key.name)
    return names


def condition(value, ctx, key, *, allowed=("any", "all", "none"), path: str | None = None) -> Condition:
    """A list of terms (any of them), or a mapping with any / all / none lists."""
    path = path or key.name
    line = ctx.line(key.name)
    if value is None:
        return Condition()
    if isinstance(value, (str, list)):
        names = tuple(str(v) for v in _listed(value))
        ctx.known_terms(names, line, path)
        return Condition(any=names)
    if not isinstance(value, dict):
        ctx.error(path, "expected a list of lexicon terms or a mapping with any / all / none", line)
        return Condition()
    check_keys(value, allowed, ctx.add_error, f"{ctx.where}.{path}.")
    parts = {}
    for part in ("any", "all", "none"):
        names = _listed(value.get(part) or [])
        if not isinstance(names, list):
            ctx.error(f"{path}.{part}", "expected a list of lexicon terms", value.line_of(part))
            names = []
        parts[part] = tuple(str(n) for n in names)
        ctx.known_terms(parts[part], value.line_of(part), f"{path}.{part}")
    return Condition(**parts)


def places(value, ctx, key, *, line: int | None = None, path: str | None = None,
           allowed: tuple[str, ...] = WITHIN):
    """Where required wording may be found: a list of ``allowed`` (WITHIN)."""
    value = _listed(value)
    if not isinstance(value, list) or not value or any(p not in allowed for p in value):
        ctx.error(path or key.name, f"expected a list of: {', '.join(allowed)}", line)
        return None
    return tuple(value)


def reading_places(value, ctx, key, **where):
    """Where a reading rule's required elements may be read: a list of READING_WITHIN."""
    return places(value, ctx, key, allowed=READING_WITHIN, **where)


def required_wording(value, ctx, key):
    """``require:`` of require and document rules: a condition, and where it
    may be met (``within``, inside the mapping)."""
    found = {"require": condition(value, ctx, key, allowed=("any", "all", "none", "within"))}
    if isinstance(value, dict) and "within" in value:
        within = places(value["within"], ctx, key, line=value.line_of("within"), path="require.within")
        if within is not None:
            found["within"] = within
    return found


def fallback(value, ctx, key):
    if not isinstance(value, dict):
        ctx.error(key.name, "expected a mapping with any, severity and message")
        return None
    check_keys(value, ("any", "severity", "message"), ctx.add_error, f"{ctx.where}.fallback.")
    names = _listed(value.get("any") or [])
    names = tuple(str(n) for n in names) if isinstance(names, list) else ()
    ctx.known_terms(names, value.line_of("any"), "fallback.any")
    severity = value.get("severity")
    if severity not in SEVERITIES:
        ctx.error("fallback.severity", f"expected one of {', '.join(SEVERITIES)}", value.line_of("severity"))
    message = value.get("message")
    if message is not None and not isinstance(message, str):
        ctx.error("fallback.message", "expected text", value.line_of("message"))
    return Fallback(names, severity, message)


# -- provisions, by their reading ---------------------------------------------
def _lines_in(ctx, key, raw):
    return lambda k: raw.line_of(k) if k is not None and hasattr(raw, "line_of") else ctx.line(key.name)


def selector(value, ctx, key):
    return parse_selector(value, f"{ctx.where}.{key.name}", _lines_in(ctx, key, value), ctx.add_error)


def requirements(value, ctx, key):
    return parse_requirements(value, f"{ctx.where}.{key.name}", _lines_in(ctx, key, value), ctx.add_error) or ()


# -- fixes ------------------------------------------------------------------------
def fixes(value, ctx, key):
    if not isinstance(value, list):
        ctx.error(key.name, "expected a list of fixes")
        return ()
    out: list[FixSpec] = []
    for index, fix in enumerate(value):
        line = value.line_of(index) if isinstance(value, Sequence) else ctx.line(key.name)
        spec = _fix(fix, ctx, f"fixes[{index}]", line)
        if spec is not None:
            out.append(spec)
    return tuple(out)


def _fix(fix, ctx, path: str, line: int) -> FixSpec | None:
    if not isinstance(fix, dict):
        ctx.error(path, "expected a mapping with a title and one action", line)
        return None
    check_keys(fix, ("title", "preferred") + FIX_ACTIONS, ctx.add_error, f"{ctx.where}.{path}.")
    title = fix.get("title")
    if not isinstance(title, str) or not title.strip():
        ctx.error(f"{path}.title", "missing or not text", fix.line_of("title"))
        return None
    present = [a for a in FIX_ACTIONS if a in fix]
    if len(present) != 1:
        ctx.error(path, f"expected exactly one action of: {', '.join(FIX_ACTIONS)}", line)
        return None
    action = present[0]
    spec = fix[action]
    if not isinstance(spec, dict):
        ctx.error(f"{path}.{action}", "expected a mapping", fix.line_of(action))
        return None
    read = {"remove": _removal, "replace": _replacement}.get(action, _insertion)
    return read(spec, ctx, f"{path}.{action}", fix, title.strip(), bool(fix.get("preferred")))


def _removal(spec, ctx, path, fix, title, preferred):
    check_keys(spec, ("scope",), ctx.add_error, f"{ctx.where}.{path}.")
    scope = spec.get("scope")
    if scope not in REMOVE_SCOPES:
        ctx.error(f"{path}.scope", f"expected one of {', '.join(REMOVE_SCOPES)}",
                  spec.line_of("scope") if "scope" in spec else fix.line_of("remove"))
        return None
    return FixSpec(title, "remove", scope=scope, preferred=preferred)


def _replacement(spec, ctx, path, fix, title, preferred):
    check_keys(spec, ("with", "absorb_authority"), ctx.add_error, f"{ctx.where}.{path}.")
    replacements = _listed(spec.get("with"))
    if not isinstance(replacements, list) or not replacements or not all(isinstance(r, str) for r in replacements):
        ctx.error(f"{path}.with", "expected the replacement text (or a list of them)", spec.line_of("with"))
        return None
    return FixSpec(title, "replace", replacements=tuple(replacements), preferred=preferred,
                   absorb_authority=bool(spec.get("absorb_authority")))


_INSERTION_KEYS = {"insert": ("text", "clause", "at", "before_verb"), "append_paragraph": ("text", "clause"),
                   "add_article": ("clause", "at")}
_PLACES = {"insert": ("after-trigger", INSERT_AT), "add_article": ("end-of-document", ADD_ARTICLE_AT)}


def _insertion(spec, ctx, path, fix, title, preferred):
    """insert, append_paragraph and add_article: wording or a model clause, at a place."""
    action = path.rsplit(".", 1)[1]
    check_keys(spec, _INSERTION_KEYS[action], ctx.add_error, f"{ctx.where}.{path}.")
    wording, clause = spec.get("text"), spec.get("clause")
    if (wording is None) == (clause is None) or (action == "add_article" and clause is None):
        need = "'clause'" if action == "add_article" else "either 'text' or 'clause'"
        ctx.error(path, f"give {need}", fix.line_of(action))
        return None
    if clause is not None and clause not in ctx.clauses:
        ctx.error(f"{path}.clause", f"unknown clause id {clause!r}{did_you_mean(clause, ctx.clauses)}",
                  spec.line_of("clause"))
        return None
    at = spec.get("at")
    if action in _PLACES:
        default, allowed = _PLACES[action]
        at = at or default
        if at not in allowed:
            ctx.error(f"{path}.at", f"expected one of {', '.join(allowed)}", spec.line_of("at"))
            return None
    before_verb = spec.get("before_verb") if action == "insert" else None
    if before_verb is not None and not isinstance(before_verb, str):
        ctx.error(f"{path}.before_verb", "expected text", spec.line_of("before_verb"))
        return None
    return FixSpec(title, action, text=wording, clause=clause, at=at, preferred=preferred, before_verb=before_verb)

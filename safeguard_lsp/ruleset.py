"""Load and validate a rule set: citations, lexicon, clauses and rule packs.

The schema is written down in docs/rule-language.md. Validation is strict and
every error names the file, the line and the key, because the people who write
packs are lawyers, not programmers: "unknown key 'requires'" at the right line
is the whole help they need. A file with errors is reported and skipped; the
rest of the set still loads.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from safeguard_lsp.findings import SEVERITIES
from safeguard_lsp.packwalk import PackTooLarge
from safeguard_lsp.patternbudget import LoadMeter, PackBudget
from safeguard_lsp.packwalk import rule_files as walk_rule_files
from safeguard_lsp.patterns import Lexicon, PatternError, check_inner, phrase_to_regex
# Not yamlload: PyYAML is imported only when the packs are parsed, which a
# rule set found in the compiled cache (rulecache.py) does not need.
from safeguard_lsp.yamldata import Mapping, Sequence, YamlProblem, line_of, read_limited

KINDS = ("term", "require", "forbid", "document", "check", "reading")
# The safeguard categories a finding concerns (the keys used by expert verdicts).
SAFEGUARDS = ("a-content", "b-access", "c-procedural", "d-no-ceiling", "e-mla", "f-hr-clause", "g-cyber-enabled")
UNITS = ("document", "chapter", "article", "paragraph", "sentence")
WITHIN = ("unit", "parent", "referenced", "division", "document", "operative")
INSERT_AT = ("before-trigger", "after-trigger", "end-of-offence")
# Where a new article goes. end-of-document means before the final clauses
# (signature, entry into force, depositary ...), never after them.
ADD_ARTICLE_AT = ("end-of-division", "end-of-document", "after-offences", "procedural-chapter",
                  "cooperation-chapter", "general-provisions")
REMOVE_SCOPES = ("phrase", "article")
CLAUSE_TIERS = ("full", "agreed", "fallback")
RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_RULES = 5_000
MAX_TERMS = 5_000


def shipped_rules_dir() -> Path:
    """The rule set installed with the package (the repository's rules/ in a checkout)."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    if installed.is_dir():
        return installed
    return here.parent / "rules"


@dataclass(frozen=True)
class LoadError:
    path: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


# What a cited text is, in the order a lawyer weighs them: binding treaty
# text; a declaration States adopted (the UDHR: not a treaty); interpretation
# by a treaty body or special procedure; a court's judgment; and what civil
# society asks. A finding never states the last three as treaty rules.
AUTHORITY_KINDS = ("treaty", "declaration", "interpretation", "judgment", "advocacy")


@dataclass
class Citation:
    id: str
    instrument: str
    article: str
    text: str
    title: str = ""
    authority: str = "treaty"
    # A citation with no verified text is cited by reference: ``summary``
    # says in our words what the passage is about, and is never shown as a
    # quotation.
    summary: str = ""
    source: str = ""
    url: str | None = None
    caution: str | None = None
    aliases: tuple[str, ...] = ()
    path: str = ""
    line: int = 0

    @property
    def by_reference(self) -> bool:
        return not self.text


@dataclass
class Clause:
    id: str
    title: str
    text: str
    draws_on: tuple[str, ...]
    path: str = ""
    line: int = 0
    # The same clause in the register of a national law ("this Act",
    # "section", "the Minister"); without it, the clause is not offered in an Act.
    national: str | None = None
    # full: the full ask; agreed: agreed language of an existing instrument,
    # paraphrased, pointing to it in draws_on; fallback: the least to accept.
    tier: str = "full"
    # The offences or powers the clause belongs to, in words (shown to the user).
    applies_to: str = ""


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


@dataclass
class Rule:
    id: str
    title: str
    category: str
    severity: str
    kind: str
    unit: str
    message: str
    explanation: str
    cites: tuple[str, ...]
    when: Condition = Condition()
    unless: Condition = Condition()
    match: tuple[str, ...] = ()
    require: Condition = Condition()
    within: tuple[str, ...] = ("unit",)
    weakened_by: tuple[str, ...] = ()
    fallback: Fallback | None = None
    fixes: tuple[FixSpec, ...] = ()
    flag_examples: tuple[str, ...] = ()
    pass_examples: tuple[str, ...] = ()
    url: str | None = None
    check: str | None = None  # kind "check": the name of a drafting check
    # Which provisions the rule is about, by their reading (see selector.py),
    # and for kind "reading", the elements those provisions must have.
    reads: object = None
    needs: tuple = ()
    safeguard: tuple[str, ...] = ()
    # Kind "reading": one information-level finding on the instrument that
    # counts the provisions reported ("{count}" in the text).
    summary: str | None = None
    # Kind "reading": the provision must refer to one that this selector matches
    # (accessory liability for a speech offence defined elsewhere).
    refers_to: object = None
    pack: str = ""
    path: str = ""
    line: int = 0
    # Line of each example in the pack file, so test failures point at them.
    example_lines: dict = field(default_factory=dict)


@dataclass
class PackInfo:
    id: str
    title: str
    path: str
    rule_ids: tuple[str, ...]


class _FileErrors:
    """Collects the errors of one file, each with its line and key."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[LoadError] = []

    def add(self, line: int, key: str, message: str) -> None:
        self.errors.append(LoadError(self.path, line, key, message))


def display_path(path: Path | str) -> str:
    # Relative to the working folder when inside it, else absolute: an error
    # message must name a path the user can open.
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _shipped_file(shown: str) -> bool:
    """Whether the rule file shown as ``shown`` is one of the shipped set
    (trusted: its patterns' cost is tested, not measured at every load)."""
    try:
        return shipped_rules_dir().resolve() in Path(shown).resolve().parents
    except (OSError, RuntimeError):
        return False


def rule_files(directory: Path) -> list[Path]:
    return walk_rule_files(directory)  # bounded: a rule folder is untrusted


class RuleSet:
    """A validated rule set, ready for the engine."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.citations: dict[str, Citation] = {}
        self.clauses: dict[str, Clause] = {}
        self.terms: dict[str, list[str]] = {}  # term name -> inner RE2 patterns
        self.packs: list[PackInfo] = []
        self.errors: list[LoadError] = []
        self.sources: list[Path] = []
        self._lexicon: Lexicon | None = None

    # -- access ---------------------------------------------------------
    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = Lexicon(self.terms)
        return self._lexicon

    def rule(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def fingerprint(self) -> str:
        """A hash of the files the set was built from (for caches)."""
        digest = hashlib.sha256()
        for path in self.sources:
            try:
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
            except OSError:
                pass
        return digest.hexdigest()

    def __getstate__(self) -> dict:
        # The compiled lexicon holds RE2 programs, which cannot be pickled;
        # it is compiled again on first use (see the rule-set cache).
        state = self.__dict__.copy()
        state["_lexicon"] = None
        return state

    # -- loading --------------------------------------------------------
    @classmethod
    def load(cls, directories: list[Path | str] | None = None, *, shipped: bool = True,
             write_cache: bool = True) -> "RuleSet":
        """Load the shipped rules (unless ``shipped=False``) and the extra folders.

        The files are read once; a rule set built from the same bytes before
        comes from the per-user cache (rulecache.py) without parsing YAML.
        ``write_cache=False`` only reads it (the language server writes no
        file but the documents it is asked to edit)."""
        dirs: list[Path] = []
        if shipped:
            dirs.append(shipped_rules_dir())
        dirs.extend(Path(d) for d in directories or [])
        folders: list[tuple[Path, list[Path] | None]] = []
        contents: dict[Path, bytes | YamlProblem] = {}
        for directory in dirs:
            try:
                files = rule_files(directory) if directory.is_dir() else None
            except PackTooLarge as exc:  # reported as a problem of the folder itself
                files, contents[directory] = [directory], YamlProblem(str(directory), 0, str(exc))
            folders.append((directory, files))
            for path in files or ():
                if path in contents:
                    continue
                try:
                    contents[path] = read_limited(str(path))
                except YamlProblem as problem:
                    contents[path] = problem
        entry = _cache_entry(folders, contents, shipped)
        if entry is not None:
            cached = entry.read()
            if isinstance(cached, cls):
                return cached
        ruleset = cls._build(folders, contents)
        if entry is not None and write_cache:
            entry.write(ruleset)
        return ruleset

    @classmethod
    def _build(cls, folders: list[tuple[Path, list[Path] | None]], contents: dict) -> "RuleSet":
        from safeguard_lsp.yamlload import load_yaml_bytes

        ruleset = cls()
        parsed: list[tuple[Path, object]] = []
        for directory, files in folders:
            if files is None:
                ruleset.errors.append(LoadError(display_path(directory), 0, "", "no such rules folder"))
                continue
            for path in files:
                ruleset.sources.append(path)
                try:
                    raw = contents[path]
                    if isinstance(raw, YamlProblem):
                        raise raw
                    parsed.append((path, load_yaml_bytes(raw, str(path))))
                except YamlProblem as problem:
                    ruleset.errors.append(LoadError(display_path(path), problem.line, problem.key, problem.message))
        # Citations, lexicon and clauses first: packs refer to them.
        order = {"citations": 0, "terms": 1, "clauses": 2, "rules": 3}
        classified: list[tuple[int, Path, Mapping]] = []
        for path, data in parsed:
            shown = display_path(path)
            if data is None:
                continue  # an empty file is no error
            if not isinstance(data, dict):
                ruleset.errors.append(LoadError(shown, line_of(data, 1), "", "expected a mapping with one of the keys citations, terms, clauses or rules"))
                continue
            kinds = [key for key in data if key in order]
            if len(kinds) != 1:
                ruleset.errors.append(
                    LoadError(shown, line_of(data, 1), "", "a rule file must have exactly one of the top-level keys citations, terms, clauses or rules")
                )
                continue
            classified.append((order[kinds[0]], path, data))
        classified.sort(key=lambda item: item[0])
        raw_terms: dict[str, tuple[list, _FileErrors, int]] = {}
        terms_done = False
        for rank, path, data in classified:
            shown = display_path(path)
            errors = _FileErrors(shown)
            if rank >= 2 and not terms_done:
                ruleset._resolve_terms(raw_terms)
                terms_done = True
            if rank == 0:
                ruleset._load_citations(data, errors)
            elif rank == 1:
                ruleset._collect_terms(data, errors, raw_terms)
            elif rank == 2:
                ruleset._load_clauses(data, errors)
            else:
                ruleset._load_pack(data, errors)
            ruleset.errors.extend(errors.errors)
        if not terms_done:
            ruleset._resolve_terms(raw_terms)
        ruleset.__dict__.pop("_pattern_meter", None)
        return ruleset

    def _check_keys(self, mapping: Mapping, allowed: tuple[str, ...], errors: _FileErrors, where: str) -> None:
        for key in mapping:
            if key not in allowed:
                hint = _nearest(str(key), allowed)
                extra = f" (did you mean {hint!r}?)" if hint else f"; allowed: {', '.join(allowed)}"
                errors.add(mapping.line_of(key), f"{where}{key}", f"unknown key{extra}")

    def _load_citations(self, data: Mapping, errors: _FileErrors) -> None:
        items = data["citations"]
        if not isinstance(items, list):
            errors.add(data.line_of("citations"), "citations", "expected a list of citations")
            return
        allowed = ("id", "authority", "instrument", "article", "title", "text", "summary", "source", "source_kind", "url",
                   "caution", "aliases")
        loaded: list[Citation] = []
        for index, item in enumerate(items):
            line = items.line_of(index) if isinstance(items, Sequence) else 0
            if not isinstance(item, dict):
                errors.add(line, f"citations[{index}]", "expected a mapping")
                continue
            self._check_keys(item, allowed, errors, f"citations[{index}].")
            ok = True
            for key in ("id", "instrument", "article"):
                if not isinstance(item.get(key), str) or not item.get(key).strip():
                    errors.add(item.line_of(key), f"citations[{index}].{key}", "missing or not text")
                    ok = False
            text, summary = item.get("text"), item.get("summary")
            if (text is None) == (summary is None):
                errors.add(item.line_of("text") if text is not None else line, f"citations[{index}].text",
                           "give either 'text' (the verified wording, quoted) or 'summary' (our words, for a "
                           "passage cited by reference without a verified text)")
                ok = False
            for key, value in (("text", text), ("summary", summary)):
                if value is not None and (not isinstance(value, str) or not value.strip()):
                    errors.add(item.line_of(key), f"citations[{index}].{key}", "missing or not text")
                    ok = False
            authority = item.get("authority")
            if authority not in AUTHORITY_KINDS:
                shown = "missing" if authority is None else f"unknown kind {authority!r}"
                errors.add(item.line_of("authority") if authority is not None else line, f"citations[{index}].authority",
                           f"{shown}: say what the text is, one of {', '.join(AUTHORITY_KINDS)}")
                ok = False
            if not ok:
                continue
            if item["id"] in self.citations or any(c.id == item["id"] for c in loaded):
                errors.add(item.line_of("id"), f"citations[{index}].id", f"duplicate citation id {item['id']!r}")
                continue
            aliases = item.get("aliases") or []
            loaded.append(
                Citation(
                    id=item["id"],
                    instrument=item["instrument"],
                    article=item["article"],
                    text=(text or "").strip(),
                    title=str(item.get("title") or ""),
                    authority=authority,
                    summary=" ".join((summary or "").split()),
                    source=str(item.get("source") or ""),
                    url=item.get("url"),
                    caution=item.get("caution"),
                    aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
                    path=errors.path,
                    line=line,
                )
            )
        if not errors.errors:
            for citation in loaded:
                self.citations[citation.id] = citation

    def _collect_terms(self, data: Mapping, errors: _FileErrors, raw: dict) -> None:
        terms = data["terms"]
        if not isinstance(terms, dict):
            errors.add(data.line_of("terms"), "terms", "expected a mapping of term names to lists of wording")
            return
        if len(terms) > MAX_TERMS:
            errors.add(data.line_of("terms"), "terms", f"more than {MAX_TERMS} terms; refused")
            return
        staged: dict[str, tuple[list, _FileErrors, int]] = {}
        for name, entries in terms.items():
            line = terms.line_of(name)
            if not isinstance(name, str) or not NAME.match(name):
                errors.add(line, f"terms.{name}", "a term name uses lower-case letters, digits and hyphens")
                continue
            if name in raw:
                errors.add(line, f"terms.{name}", f"term {name!r} is already defined in {raw[name][1].path}")
                continue
            if not isinstance(entries, list) or not entries:
                errors.add(line, f"terms.{name}", "expected a non-empty list of phrases or 're:' patterns")
                continue
            staged[name] = (entries, errors, line)
        before = len(errors.errors)
        # One meter for the whole load (dropped at its end): see patternbudget.LoadMeter.
        meter = self.__dict__.setdefault("_pattern_meter", LoadMeter())
        budget = PackBudget(measured=not _shipped_file(errors.path), meter=meter)
        # Validate the patterns now so that the file is skipped as a whole.
        for name, (entries, _, _) in staged.items():
            for index, entry in enumerate(entries):
                entry_line = entries.line_of(index) if isinstance(entries, Sequence) else 0
                key = f"terms.{name}[{index}]"
                if isinstance(entry, str):
                    if not entry.strip():
                        errors.add(entry_line, key, "an empty phrase would match everywhere")
                    continue
                if isinstance(entry, (int, float)) and not isinstance(entry, bool):
                    continue
                if isinstance(entry, dict) and len(entry) == 1 and "re" in entry:
                    if not isinstance(entry["re"], str):
                        errors.add(entry_line, key + ".re", "the pattern must be text")
                        continue
                    try:
                        check_inner(entry["re"])
                    except PatternError as exc:
                        errors.add(entry_line, key + ".re", f"bad pattern {entry['re']!r}: {exc}")
                        continue
                    refused = budget.refusal(entry["re"])
                    if refused is not None:
                        errors.add(entry_line, key + ".re", f"pattern {entry['re']!r}: {refused}")
                    continue
                if isinstance(entry, dict) and len(entry) == 1 and "term" in entry:
                    continue
                errors.add(entry_line, key, "expected a phrase, {re: PATTERN} or {term: NAME}")
        if len(errors.errors) == before:
            raw.update(staged)

    def _resolve_terms(self, raw: dict) -> None:
        resolved: dict[str, list[str]] = {}

        def resolve(name: str, stack: tuple[str, ...]) -> list[str] | None:
            if name in resolved:
                return resolved[name]
            entries, errors, line = raw[name]
            out: list[str] = []
            for index, entry in enumerate(entries):
                entry_line = entries.line_of(index) if isinstance(entries, Sequence) else line
                if isinstance(entry, dict) and "term" in entry:
                    other = entry["term"]
                    key = f"terms.{name}[{index}].term"
                    if other not in raw:
                        self.errors.append(LoadError(errors.path, entry_line, key, f"unknown lexicon term {other!r}"))
                        return None
                    if other in stack:
                        self.errors.append(LoadError(errors.path, entry_line, key, f"term {other!r} includes itself"))
                        return None
                    sub = resolve(other, stack + (other,))
                    if sub is None:
                        return None
                    out.extend(sub)
                elif isinstance(entry, dict):
                    out.append(entry["re"])
                else:
                    out.append(phrase_to_regex(str(entry)))
            resolved[name] = out
            return out

        for name in raw:
            result = resolve(name, (name,))
            if result is not None:
                self.terms[name] = result

    def _load_clauses(self, data: Mapping, errors: _FileErrors) -> None:
        items = data["clauses"]
        if not isinstance(items, list):
            errors.add(data.line_of("clauses"), "clauses", "expected a list of clauses")
            return
        loaded: list[Clause] = []
        for index, item in enumerate(items):
            line = items.line_of(index) if isinstance(items, Sequence) else 0
            where = f"clauses[{index}]"
            if not isinstance(item, dict):
                errors.add(line, where, "expected a mapping")
                continue
            self._check_keys(item, ("id", "title", "text", "national", "tier", "applies_to", "draws_on"), errors, where + ".")
            ok = True
            for key in ("id", "title", "text"):
                if not isinstance(item.get(key), str) or not item[key].strip():
                    errors.add(item.line_of(key), f"{where}.{key}", "missing or not text")
                    ok = False
            draws_on = item.get("draws_on")
            if not isinstance(draws_on, list) or not draws_on:
                errors.add(item.line_of("draws_on"), f"{where}.draws_on", "name the instruments the clause draws on (citation ids)")
                ok = False
            else:
                for cid in draws_on:
                    if cid not in self.citations:
                        errors.add(item.line_of("draws_on"), f"{where}.draws_on", f"unknown citation id {cid!r}")
                        ok = False
            national = item.get("national")
            if national is not None and (not isinstance(national, str) or not national.strip()):
                errors.add(item.line_of("national"), f"{where}.national", "expected the clause's text in the register of a national law")
                ok = False
            tier = item.get("tier", "full")
            if tier not in CLAUSE_TIERS:
                errors.add(item.line_of("tier"), f"{where}.tier", f"expected one of {', '.join(CLAUSE_TIERS)}")
                ok = False
            if not ok:
                continue
            if item["id"] in self.clauses or any(c.id == item["id"] for c in loaded):
                errors.add(item.line_of("id"), f"{where}.id", f"duplicate clause id {item['id']!r}")
                continue
            # Only line breaks are trimmed: a short clause inserted after a word
            # keeps its leading space (" with dishonest intent").
            loaded.append(Clause(item["id"], item["title"].strip(), item["text"].rstrip().lstrip("\r\n"), tuple(draws_on),
                                 errors.path, line,
                                 national=national.rstrip().lstrip("\r\n") if national is not None else None,
                                 tier=tier, applies_to=" ".join(str(item.get("applies_to") or "").split())))
        if not errors.errors:
            for clause in loaded:
                self.clauses[clause.id] = clause

    def _load_pack(self, data: Mapping, errors: _FileErrors) -> None:
        self._check_keys(data, ("pack", "rules"), errors, "")
        pack = data.get("pack") or {}
        pack_id = Path(errors.path).stem
        pack_title = pack_id
        if isinstance(pack, dict):
            self._check_keys(pack, ("id", "title", "description"), errors, "pack.")
            pack_id = str(pack.get("id") or pack_id)
            pack_title = str(pack.get("title") or pack_id)
        else:
            errors.add(data.line_of("pack"), "pack", "expected a mapping with id and title")
        items = data["rules"]
        if not isinstance(items, list):
            errors.add(data.line_of("rules"), "rules", "expected a list of rules")
            return
        if len(self.rules) + len(items) > MAX_RULES:
            errors.add(data.line_of("rules"), "rules", f"more than {MAX_RULES} rules in the set; refused")
            return
        loaded: list[Rule] = []
        for index, item in enumerate(items):
            line = items.line_of(index) if isinstance(items, Sequence) else 0
            rule = self._parse_rule(item, index, line, errors, pack_id)
            if rule is None:
                continue
            if self.rule(rule.id) or any(r.id == rule.id for r in loaded):
                errors.add(item.line_of("id"), f"rules[{index}].id", f"duplicate rule id {rule.id!r}")
                continue
            loaded.append(rule)
        if errors.errors:
            return  # the whole pack is skipped; its errors say why
        self.rules.extend(loaded)
        self.packs.append(PackInfo(pack_id, pack_title, errors.path, tuple(r.id for r in loaded)))

    def _condition(self, value, line: int, key: str, errors: _FileErrors) -> Condition:
        if value is None:
            return Condition()
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            names = tuple(str(v) for v in value)
            self._check_terms(names, line, key, errors)
            return Condition(any=names)
        if isinstance(value, dict):
            self._check_keys(value, ("any", "all", "none", "within"), errors, key + ".")
            parts = {}
            for part in ("any", "all", "none"):
                names = value.get(part) or []
                if isinstance(names, str):
                    names = [names]
                if not isinstance(names, list):
                    errors.add(value.line_of(part), f"{key}.{part}", "expected a list of lexicon terms")
                    names = []
                names = tuple(str(n) for n in names)
                self._check_terms(names, value.line_of(part), f"{key}.{part}", errors)
                parts[part] = names
            return Condition(**parts)
        errors.add(line, key, "expected a list of lexicon terms or a mapping with any / all / none")
        return Condition()

    def _check_terms(self, names, line: int, key: str, errors: _FileErrors) -> None:
        for name in names:
            if name not in self.terms:
                hint = _nearest(name, tuple(self.terms))
                extra = f" (did you mean {hint!r}?)" if hint else ""
                errors.add(line, key, f"unknown lexicon term {name!r}{extra}")

    def _parse_rule(self, item, index: int, line: int, errors: _FileErrors, pack_id: str) -> Rule | None:
        where = f"rules[{index}]"
        if not isinstance(item, dict):
            errors.add(line, where, "expected a mapping")
            return None
        allowed = (
            "id", "title", "category", "severity", "kind", "unit", "when", "unless", "match", "require",
            "weakened_by", "fallback", "message", "explanation", "cites", "fixes", "examples", "url", "check",
            "reads", "safeguard", "within", "summary", "refers_to",
        )
        before = len(errors.errors)
        rule_id = item.get("id")
        if isinstance(rule_id, str) and RULE_ID.match(rule_id):
            where = rule_id
        else:
            errors.add(item.line_of("id"), f"{where}.id", "missing, or not like SG-ACCESS-INTENT (capitals, digits, hyphens)")
        self._check_keys(item, allowed, errors, where + ".")
        for key in ("title", "category", "message", "explanation"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                errors.add(item.line_of(key), f"{where}.{key}", "missing or not text")
        severity = item.get("severity")
        if severity not in SEVERITIES:
            errors.add(item.line_of("severity"), f"{where}.severity", f"expected one of {', '.join(SEVERITIES)}")
        kind = item.get("kind")
        if kind not in KINDS:
            errors.add(item.line_of("kind"), f"{where}.kind", f"expected one of {', '.join(KINDS)}")
        unit = item.get("unit", "document" if kind == "document" else "article")
        if unit not in UNITS:
            errors.add(item.line_of("unit"), f"{where}.unit", f"expected one of {', '.join(UNITS)}")
        when = self._condition(item.get("when"), item.line_of("when"), f"{where}.when", errors)
        unless = self._condition(item.get("unless"), item.line_of("unless"), f"{where}.unless", errors)
        match: tuple[str, ...] = ()
        if kind in ("term", "forbid"):
            raw = item.get("match")
            if isinstance(raw, str):
                raw = [raw]
            if not isinstance(raw, list) or not raw:
                errors.add(item.line_of("match" if "match" in item else "kind"), f"{where}.match", f"a {kind} rule needs 'match': the lexicon terms it flags")
            else:
                match = tuple(str(n) for n in raw)
                self._check_terms(match, item.line_of("match"), f"{where}.match", errors)
        elif "match" in item:
            errors.add(item.line_of("match"), f"{where}.match", f"'match' is for term and forbid rules, not {kind}")
        require = Condition()
        within: tuple[str, ...] = ("operative",) if kind == "document" else ("unit",)
        reads, needs, refers_to = self._parse_reading(item, kind, where, errors)
        if kind == "reading":
            within = self._parse_within(item.get("within", ["unit"]), item.line_of("within"), f"{where}.within",
                                        errors) or within
        elif "within" in item:
            errors.add(item.line_of("within"), f"{where}.within", "'within' is a key of require: for this kind")
        if kind in ("require", "document"):
            raw = item.get("require")
            if raw is None:
                errors.add(item.line_of("kind"), f"{where}.require", f"a {kind} rule needs 'require': the wording that must be present")
            else:
                require = self._condition(raw, item.line_of("require"), f"{where}.require", errors)
                if isinstance(raw, dict) and "within" in raw:
                    places = raw["within"]
                    if isinstance(places, str):
                        places = [places]
                    if not isinstance(places, list) or not places or any(p not in WITHIN for p in places):
                        errors.add(raw.line_of("within"), f"{where}.require.within", f"expected a list of: {', '.join(WITHIN)}")
                    else:
                        within = tuple(places)
        elif "require" in item and kind != "reading":
            errors.add(item.line_of("require"), f"{where}.require", f"'require' is for require, document and reading rules, not {kind}")
        weakened_by: tuple[str, ...] = ()
        if "weakened_by" in item:
            raw = item["weakened_by"]
            if isinstance(raw, str):
                raw = [raw]
            if not isinstance(raw, list):
                errors.add(item.line_of("weakened_by"), f"{where}.weakened_by", "expected a list of lexicon terms")
            else:
                weakened_by = tuple(str(n) for n in raw)
                self._check_terms(weakened_by, item.line_of("weakened_by"), f"{where}.weakened_by", errors)
        fallback = None
        if "fallback" in item:
            raw = item["fallback"]
            if not isinstance(raw, dict):
                errors.add(item.line_of("fallback"), f"{where}.fallback", "expected a mapping with any, severity and message")
            else:
                self._check_keys(raw, ("any", "severity", "message"), errors, f"{where}.fallback.")
                names = raw.get("any") or []
                if isinstance(names, str):
                    names = [names]
                names = tuple(str(n) for n in names) if isinstance(names, list) else ()
                self._check_terms(names, raw.line_of("any"), f"{where}.fallback.any", errors)
                fb_severity = raw.get("severity")
                if fb_severity not in SEVERITIES:
                    errors.add(raw.line_of("severity"), f"{where}.fallback.severity", f"expected one of {', '.join(SEVERITIES)}")
                message = raw.get("message")
                if message is not None and not isinstance(message, str):
                    errors.add(raw.line_of("message"), f"{where}.fallback.message", "expected text")
                fallback = Fallback(names, fb_severity, message)
        cites = item.get("cites")
        if not isinstance(cites, list) or not cites:
            errors.add(item.line_of("cites"), f"{where}.cites", "every rule cites at least one provision (citation ids)")
            cites = []
        for cid in cites:
            if cid not in self.citations:
                hint = _nearest(str(cid), tuple(self.citations))
                extra = f" (did you mean {hint!r}?)" if hint else ""
                errors.add(item.line_of("cites"), f"{where}.cites", f"unknown citation id {cid!r}{extra}")
        fixes = self._parse_fixes(item.get("fixes"), item.line_of("fixes"), where, errors)
        examples = item.get("examples")
        flag_examples: tuple[str, ...] = ()
        pass_examples: tuple[str, ...] = ()
        example_lines: dict = {}
        if not isinstance(examples, dict):
            errors.add(item.line_of("examples"), f"{where}.examples", "every rule needs examples: {flag: [...], pass: [...]}")
        else:
            self._check_keys(examples, ("flag", "pass"), errors, f"{where}.examples.")
            for part in ("flag", "pass"):
                texts = examples.get(part)
                if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
                    errors.add(examples.line_of(part), f"{where}.examples.{part}", "expected a non-empty list of example texts")
                    continue
                for i, _ in enumerate(texts):
                    example_lines[(part, i)] = texts.line_of(i) if isinstance(texts, Sequence) else 0
                if part == "flag":
                    flag_examples = tuple(texts)
                else:
                    pass_examples = tuple(texts)
        check = None
        if kind == "check":
            from safeguard_lsp.drafting import CHECKS

            check = item.get("check")
            if check not in CHECKS:
                errors.add(item.line_of("check" if "check" in item else "kind"), f"{where}.check",
                           f"expected the name of a drafting check: {', '.join(CHECKS)}")
        elif "check" in item:
            errors.add(item.line_of("check"), f"{where}.check", f"'check' is for rules of kind check, not {kind}")
        url = item.get("url")
        if url is not None and not isinstance(url, str):
            errors.add(item.line_of("url"), f"{where}.url", "expected a web address")
            url = None
        safeguard = item.get("safeguard", [])
        safeguard = [safeguard] if isinstance(safeguard, str) else safeguard
        if not isinstance(safeguard, list) or any(s not in SAFEGUARDS for s in safeguard):
            errors.add(item.line_of("safeguard"), f"{where}.safeguard", f"expected a list of: {', '.join(SAFEGUARDS)}")
            safeguard = []
        summary = item.get("summary")
        if summary is not None and (kind != "reading" or not isinstance(summary, str)):
            errors.add(item.line_of("summary"), f"{where}.summary", "a text, for reading rules only")
            summary = None
        if len(errors.errors) > before or not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
            return None
        return Rule(
            refers_to=refers_to,
            reads=reads,
            summary=summary.strip() if summary else None,
            needs=needs,
            safeguard=tuple(safeguard),
            id=rule_id,
            title=item["title"].strip(),
            category=item["category"].strip(),
            severity=severity,
            kind=kind,
            unit=unit,
            message=item["message"].strip(),
            explanation=item["explanation"].strip(),
            cites=tuple(cites),
            when=when,
            unless=unless,
            match=match,
            require=require,
            within=within,
            weakened_by=weakened_by,
            fallback=fallback,
            fixes=fixes,
            flag_examples=flag_examples,
            pass_examples=pass_examples,
            url=url,
            check=check,
            pack=pack_id,
            path=errors.path,
            line=line,
            example_lines=example_lines,
        )

    @staticmethod
    def _parse_within(places, line: int, where: str, errors: _FileErrors) -> tuple[str, ...] | None:
        if isinstance(places, str):
            places = [places]
        if not isinstance(places, list) or not places or any(p not in WITHIN for p in places):
            errors.add(line, where, f"expected a list of: {', '.join(WITHIN)}")
            return None
        return tuple(places)

    @staticmethod
    def _parse_reading(item, kind: str, where: str, errors: _FileErrors):
        """``reads`` (any kind that examines units) and, for kind reading, the
        elements required (``require``)."""
        from safeguard_lsp.selector import parse_requirements, parse_selector

        def line_in(mapping):
            return lambda key: mapping.line_of(key) if key is not None and hasattr(mapping, "line_of") else item.line_of("reads")

        reads = needs = None
        refers = None
        if "reads" in item:
            if kind in ("document", "check"):
                errors.add(item.line_of("reads"), f"{where}.reads", f"'reads' selects provisions; a {kind} rule has none")
            else:
                raw = item["reads"]
                reads = parse_selector(raw, f"{where}.reads", line_in(raw), errors.add)
        elif kind == "reading":
            errors.add(item.line_of("kind"), f"{where}.reads", "a reading rule needs 'reads': the provisions it is about")
        if kind == "reading" and "refers_to" in item:
            raw = item["refers_to"]
            refers = parse_selector(raw, f"{where}.refers_to", line_in(raw), errors.add)
        elif "refers_to" in item:
            errors.add(item.line_of("refers_to"), f"{where}.refers_to", "'refers_to' is for reading rules")
        if kind == "reading" and "require" in item:
            raw = item["require"]
            needs = parse_requirements(raw, f"{where}.require", line_in(raw), errors.add)
        return reads, needs or (), refers

    def _parse_fixes(self, raw, line: int, where: str, errors: _FileErrors) -> tuple[FixSpec, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            errors.add(line, f"{where}.fixes", "expected a list of fixes")
            return ()
        out: list[FixSpec] = []
        actions = ("replace", "insert", "append_paragraph", "add_article", "remove")
        for index, fix in enumerate(raw):
            fix_line = raw.line_of(index) if isinstance(raw, Sequence) else line
            key = f"{where}.fixes[{index}]"
            if not isinstance(fix, dict):
                errors.add(fix_line, key, "expected a mapping with a title and one action")
                continue
            self._check_keys(fix, ("title", "preferred") + actions, errors, key + ".")
            title = fix.get("title")
            if not isinstance(title, str) or not title.strip():
                errors.add(fix.line_of("title"), f"{key}.title", "missing or not text")
                continue
            present = [a for a in actions if a in fix]
            if len(present) != 1:
                errors.add(fix_line, key, f"expected exactly one action of: {', '.join(actions)}")
                continue
            action = present[0]
            spec = fix[action]
            if not isinstance(spec, dict):
                errors.add(fix.line_of(action), f"{key}.{action}", "expected a mapping")
                continue
            if action == "remove":
                self._check_keys(spec, ("scope",), errors, f"{key}.remove.")
                scope = spec.get("scope")
                if scope not in REMOVE_SCOPES:
                    errors.add(spec.line_of("scope") if "scope" in spec else fix.line_of(action), f"{key}.remove.scope",
                               f"expected one of {', '.join(REMOVE_SCOPES)}")
                    continue
                out.append(FixSpec(title.strip(), action, scope=scope, preferred=bool(fix.get("preferred"))))
                continue
            if action == "replace":
                self._check_keys(spec, ("with", "absorb_authority"), errors, f"{key}.replace.")
                replacements = spec.get("with")
                if isinstance(replacements, str):
                    replacements = [replacements]
                if not isinstance(replacements, list) or not replacements or not all(isinstance(r, str) for r in replacements):
                    errors.add(spec.line_of("with"), f"{key}.replace.with", "expected the replacement text (or a list of them)")
                    continue
                out.append(FixSpec(title.strip(), action, replacements=tuple(replacements), preferred=bool(fix.get("preferred")),
                                   absorb_authority=bool(spec.get("absorb_authority"))))
                continue
            allowed = {"insert": ("text", "clause", "at", "before_verb"), "append_paragraph": ("text", "clause"),
                       "add_article": ("clause", "at")}[action]
            self._check_keys(spec, allowed, errors, f"{key}.{action}.")
            text, clause = spec.get("text"), spec.get("clause")
            if (text is None) == (clause is None) or (action == "add_article" and clause is None):
                need = "'clause'" if action == "add_article" else "either 'text' or 'clause'"
                errors.add(fix.line_of(action), f"{key}.{action}", f"give {need}")
                continue
            if clause is not None and clause not in self.clauses:
                hint = _nearest(str(clause), tuple(self.clauses))
                extra = f" (did you mean {hint!r}?)" if hint else ""
                errors.add(spec.line_of("clause"), f"{key}.{action}.clause", f"unknown clause id {clause!r}{extra}")
                continue
            at = spec.get("at")
            if action == "insert":
                at = at or "after-trigger"
                if at not in INSERT_AT:
                    errors.add(spec.line_of("at"), f"{key}.insert.at", f"expected one of {', '.join(INSERT_AT)}")
                    continue
            if action == "add_article":
                at = at or "end-of-document"
                if at not in ADD_ARTICLE_AT:
                    errors.add(spec.line_of("at"), f"{key}.add_article.at", f"expected one of {', '.join(ADD_ARTICLE_AT)}")
                    continue
            before_verb = spec.get("before_verb") if action == "insert" else None
            if before_verb is not None and not isinstance(before_verb, str):
                errors.add(spec.line_of("before_verb"), f"{key}.insert.before_verb", "expected text")
                continue
            out.append(FixSpec(title.strip(), action, text=text, clause=clause, at=at, preferred=bool(fix.get("preferred")),
                               before_verb=before_verb))
        return tuple(out)


def _cache_entry(folders, contents: dict, shipped: bool):
    """The cache entry of a rule set read from these files, or None.

    What a loaded set holds depends on more than the bytes of its files: the
    paths (rules and errors name them as displayed from the working folder)
    and which folders were missing. All of that is in the entry's identity."""
    from safeguard_lsp import rulecache

    if not rulecache.enabled():
        return None
    identity: list[str] = [f"shipped={shipped}"]
    data: list[bytes] = []
    for directory, files in folders:
        identity.append(f"folder {directory}\0{display_path(directory)}")
        data.append(f"folder {directory} exists={files is not None}".encode())
        for path in files or ():
            # Names in the key, not the identity: a pack added to a folder
            # replaces the folder's entry rather than leaving one behind.
            data.append(f"file {path}\0{display_path(path)}".encode("utf-8", "surrogatepass"))
            raw = contents[path]
            data.append(raw if isinstance(raw, bytes) else f"unreadable: {raw.message}".encode())
    return rulecache.entry("\n".join(identity), data)


def _nearest(word: str, choices: tuple[str, ...]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return found[0] if found else None

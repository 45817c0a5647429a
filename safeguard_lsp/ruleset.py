"""Load and validate a rule set: citations, lexicon, clauses and rule packs.

A rule's keys are declared by its kind (safeguard_lsp/kinds/: the keys every
rule has, and each kind's own); this module reads a rule's id and kind and
lets the declarations read the rest. docs/rule-language.md is generated from
the same declarations. Validation is strict and
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

from safeguard_lsp import kinds
from safeguard_lsp.kinds.schema import KeyContext, check_keys, nearest, read_keys
# The values of rules' keys; Condition and FixSpec are imported from here by the engine and fixes.
from safeguard_lsp.kinds.values import Condition, Fallback, FixSpec  # noqa: F401
from safeguard_lsp.packwalk import PackTooLarge
from safeguard_lsp.patternbudget import LoadMeter, PackBudget
from safeguard_lsp.packwalk import rule_files as walk_rule_files
from safeguard_lsp.patterns import Lexicon, PatternError, check_inner, phrase_to_regex
# Not yamlload: PyYAML is imported only when the packs are parsed, which a
# rule set found in the compiled cache (rulecache.py) does not need.
from safeguard_lsp.yamldata import Mapping, Sequence, YamlProblem, line_of, read_limited

KINDS = kinds.NAMES
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
    # Which provisions the rule is about, by their reading (see kinds/selector.py),
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
    # Kind "document": a provision whose reading this selector matches meets the
    # requirement too, however it is worded (a remedy, a refusal ground).
    or_reads: object = None
    pack: str = ""
    path: str = ""
    line: int = 0
    # Line of each example in the pack file, so test failures point at them.
    example_lines: dict = field(default_factory=dict)

    def term_names(self) -> set[str]:
        """The lexicon terms the rule looks for (every key that names terms:
        kinds/keys.py; tests/test_scanned_terms.py holds the two together)."""
        names = set(self.match) | set(self.weakened_by)
        for condition in (self.when, self.unless, self.require):
            names.update(condition.terms())
        if self.fallback is not None:
            names.update(self.fallback.any)
        return names


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
        """The terms the rules look for, compiled: a term no rule names (kept
        for packs to build on, listed by completion and the rules' docs) is
        not searched in a draft, since no finding could read its matches."""
        if self._lexicon is None:
            self._lexicon = Lexicon(self.scanned_terms())
        return self._lexicon

    def scanned_terms(self) -> dict[str, list[str]]:
        """``terms``, less those no rule of the set names."""
        named: set[str] = set()
        for rule in self.rules:
            named |= rule.term_names()
        return {name: inners for name, inners in self.terms.items() if name in named}

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
            check_keys(item, allowed, errors.add, f"citations[{index}].")
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
            if not ok or _duplicate_id(item, self.citations, loaded, f"citations[{index}].id", "citation", errors):
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
            check_keys(item, ("id", "title", "text", "national", "tier", "applies_to", "draws_on"), errors.add, where + ".")
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
            if not ok or _duplicate_id(item, self.clauses, loaded, f"{where}.id", "clause", errors):
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
        check_keys(data, ("pack", "rules"), errors.add, "")
        pack = data.get("pack") or {}
        pack_id = Path(errors.path).stem
        pack_title = pack_id
        if isinstance(pack, dict):
            check_keys(pack, ("id", "title", "description"), errors.add, "pack.")
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

    def _parse_rule(self, item, index: int, line: int, errors: _FileErrors, pack_id: str) -> Rule | None:
        """A rule from its mapping: the keys every rule has here, the rest by
        its kind's schema (kinds/); None when anything is wrong."""
        where = f"rules[{index}]"
        if not isinstance(item, dict):
            errors.add(line, where, "expected a mapping")
            return None
        before = len(errors.errors)
        rule_id = item.get("id")
        valid_id = isinstance(rule_id, str) and RULE_ID.match(rule_id) is not None
        if valid_id:
            where = rule_id
        else:
            errors.add(item.line_of("id"), f"{where}.id", "missing, or not like SG-ACCESS-INTENT (capitals, digits, hyphens)")
        name = item.get("kind")
        kind = kinds.BY_NAME.get(name) if isinstance(name, str) else None
        if kind is None:
            errors.add(item.line_of("kind"), f"{where}.kind", f"expected one of {', '.join(KINDS)}")
        kinds.check_rule_keys(item, kind, errors.add, where)
        context = KeyContext(item, where, errors.add, kind, self.terms, self.citations, self.clauses)
        fields = read_keys(item, kinds.common_keys() + (kind.keys if kind is not None else ()), context)
        if len(errors.errors) > before or not valid_id or kind is None:
            return None
        fields.setdefault("unit", kind.default_unit)
        fields.setdefault("within", kind.default_within)
        return Rule(id=rule_id, kind=kind.name, pack=pack_id, path=errors.path, line=line, **fields)


def _duplicate_id(item, known: dict, loaded: list, key: str, what: str, errors: _FileErrors) -> bool:
    """Whether the item's id is taken (by an earlier file or this one); an error says so."""
    if item["id"] in known or any(other.id == item["id"] for other in loaded):
        errors.add(item.line_of("id"), key, f"duplicate {what} id {item['id']!r}")
        return True
    return False


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


_nearest = nearest  # config.py's "did you mean"

"""Evaluate a rule set over a draft and report findings.

The draft is scanned once for all lexicon wording (see patterns.py); rules
then work from the matches, unit by unit, never re-reading the text. What a
rule does with them is its kind's ``evaluate`` (safeguard_lsp/kinds/); the
engine runs the rules, keeps a failing rule from hiding the others' findings,
and applies silences and severity overrides.

Incremental checking: the text is cut into segments at article headings. With
a :class:`CheckCache` (one per open document, kept by the server), a check
reuses the matches of every segment whose text is unchanged and the findings
of the rules that look only inside one article (``term``/``forbid``/``require``
rules on articles, paragraphs or sentences whose places are ``unit`` or
``parent``), shifted to the segment's new offset. The rules of kind
``reading`` that read other articles keep their findings per article too,
keyed also by what they read elsewhere (Engine.per_article). Fixes are never
kept: each check makes them, when read, from its own draft. Everything else
(document rules, other ``referenced``/``division``/``operative`` places,
drafting checks) is evaluated again on every check, from the cached matches.
A check with a cache gives exactly the findings of a check without one
(tests/test_incremental.py, tests/test_incremental_reading.py).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from safeguard_lsp.config import Config, did_you_mean
from safeguard_lsp.draft import Draft, Unit
from safeguard_lsp.findings import Finding, Notice, Related
from safeguard_lsp.fixes import lazy_fixes
from safeguard_lsp import kinds
from safeguard_lsp.kinds.selection import matching_parts, roles_read
from safeguard_lsp.patterns import Matches, SegmentCache
from safeguard_lsp.ruleset import Condition, Rule, RuleSet
from safeguard_lsp.silence import find_silences

# the code of a notice about a silence comment that names no rule (an error with --strict)
UNKNOWN_RULE_NOTICE = "SG-SILENCE-UNKNOWN"

MAX_FINDINGS = 2_000
DIVISIONS = ("section", "chapter", "part")
_LOCAL_UNITS = ("article", "paragraph", "sentence")
_LOCAL_PLACES = frozenset(("unit", "parent"))


def trigger_local(rule: Rule) -> bool:
    """Whether a rule that reads other articles for its required wording (so
    not segment-local) decides which units it examines from each unit alone:
    its 'when' and 'unless' are read in the unit, and those verdicts can be
    kept per article like segment-local findings."""
    return rule.kind in ("require", "reading") and rule.unit in _LOCAL_UNITS and not segment_local(rule)


def segment_local(rule: Rule) -> bool:
    """Whether a rule's findings in an article depend on that article alone
    (and on draft-wide conventions such as "State Party" that key the cache)."""
    return (rule.kind in ("term", "forbid", "require", "reading") and rule.unit in _LOCAL_UNITS
            and _LOCAL_PLACES.issuperset(rule.within) and getattr(rule, "refers_to", None) is None
            and not any(spec.action == "add_article" for spec in rule.fixes))


@dataclass
class _SegmentResult:
    """Findings of the segment-local rules in one segment, as computed at
    ``offset``; units are kept as their index among the segment's units."""

    offset: int
    findings: dict[str, list[tuple[Finding, int]]]
    examined: dict[str, list[int]]
    # For trigger-local rules: the units whose 'when' holds and 'unless' does not.
    triggered: dict[str, list[int]] = field(default_factory=dict)


class CheckCache:
    """What one document's checks keep for the next check: the lexicon matches
    of each segment and the findings of segment-local rules, both keyed by the
    segment's text (and its structure, for findings). Entries the latest check
    did not use are dropped."""

    def __init__(self) -> None:
        self.segments = SegmentCache()
        self.lexicon = None  # the lexicon the cached matches were found with
        self._key: tuple | None = None
        self._results: dict[tuple, _SegmentResult] = {}
        self._used: dict[tuple, _SegmentResult] = {}
        # What the rules that read beyond their article found in one article,
        # keyed by the article and by what they read elsewhere (see
        # Engine.per_article); and what kinds keep of an article between
        # checks (see _Context.article_value).
        self._articles: dict[tuple, object] = {}
        self._articles_used: dict[tuple, object] = {}
        self._begun = False
        self.hits = 0
        self.misses = 0

    def _begin(self, key: tuple) -> None:
        if key != self._key:
            self._key = key
            self._results = {}
            self._articles = {}
        self._used = {}
        self._articles_used = {}
        self._begun = True

    def _article_get(self, key: tuple):
        found = self._articles.get(key)
        if found is None:
            found = self._articles_used.get(key)
        if found is not None:
            self._articles_used[key] = found
        return found

    def _article_put(self, key: tuple, value) -> None:
        self._articles_used[key] = value

    def _get(self, key: tuple) -> _SegmentResult | None:
        found = self._results.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self._used[key] = found
        return found

    def _put(self, key: tuple, result: _SegmentResult) -> None:
        self._used[key] = result

    def _end(self) -> None:
        if self._begun:
            self._results, self._used = self._used, {}
            self._articles, self._articles_used = self._articles_used, {}
            self._begun = False


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # What makes ``examined``, in the order of the rules: lists of (rule id,
    # unit), and (rule id, [(units, {rule id: indices})]) for the units the
    # check cache kept by their index in their article.
    _examined_parts: list = field(default_factory=list, repr=False)
    _examined: list | None = field(default=None, repr=False)

    @property
    def examined(self) -> list[tuple[str, Unit]]:
        """(rule id, unit) for every unit a rule examined because its trigger
        held: the report needs "met" as well as "missing". Made when first
        read: the editor never reads it, and a long draft has thousands of
        entries to make at every re-check."""
        if self._examined is None:
            out: list[tuple[str, Unit]] = []
            for part in self._examined_parts:
                if isinstance(part, list):
                    out.extend(part)
                    continue
                rule_id, chunks = part
                for units, by_rule in chunks:
                    indices = by_rule.get(rule_id)
                    if indices:
                        out.extend([(rule_id, units[index]) for index in indices])
            self._examined, self._examined_parts = out, []
        return self._examined


_UNSET = object()


class _Context:
    """What the rules of one check share: the draft, its matches, its units."""

    def __init__(self, draft: Draft, ruleset: RuleSet, matches: Matches, limit: int):
        self.draft = draft
        self.ruleset = ruleset
        self.matches = matches
        self.limit = limit
        self._units: dict[str, list[Unit]] = {}
        self._operative: list[tuple[int, int]] | None = None
        self._urls: dict[str, str | None] = {}
        # (rule id, span) -> what the span holds of the rule's required wording.
        self.place_verdicts: dict[tuple[str, tuple[int, int]], str] = {}
        self._sentence_starts: list[int] | None = None
        self._sentences: list[Unit] | None = None
        self.examined: list[tuple[str, Unit]] = []
        # The units a segment-local rule is evaluated on (one segment's), when set.
        self.only: list[Unit] | None = None
        # The document's check cache, and each segment of this check by its
        # start: (key, units, end); set by the segment pass when there is a cache.
        self.cache: CheckCache | None = None
        self.segment_at: dict[int, tuple[tuple, list[Unit], int]] = {}

    def segment_key(self, article: Unit) -> tuple | None:
        """What an article's text and structure are known by in the check cache."""
        found = self.segment_at.get(article.start)
        return found[0] if found is not None else None

    def stable(self, value):
        """``value`` (hashable), as the same object at each check while it is
        equal: cache keys that hold it are then hashed and compared without
        reading it again."""
        if self.cache is None:
            return value
        wrapped = _Stable(value)
        kept = self.cache._article_get(("stable", wrapped))
        if kept is None:
            kept = wrapped
            self.cache._article_put(("stable", wrapped), wrapped)
        return kept

    def article_value(self, article: Unit, name: str, make):
        """``make()``, a value that holds no unit nor offset, kept between
        checks while the article's text and structure are unchanged."""
        segment = self.segment_at.get(article.start) if self.cache is not None else None
        if segment is None:
            return make()
        key = (name, segment[0])
        found = self.cache._article_get(key)
        if found is None:
            found = make()
            self.cache._article_put(key, found)
        return found

    def url(self, rule: Rule) -> str | None:
        """The page a rule's findings link to: its own, else its first
        citation's that has one (looked up once per rule and check)."""
        found = self._urls.get(rule.id, _UNSET)
        if found is _UNSET:
            citations = self.ruleset.citations
            found = self._urls[rule.id] = rule.url or next(
                (citations[c].url for c in rule.cites if citations[c].url), None)
        return found

    def unit_kinds(self, kind: str) -> tuple[str, ...]:
        """The kinds of the draft's units a rule on ``kind`` is evaluated on:
        the kind itself, else the next larger one the draft has (a draft
        without paragraphs is read article by article); none when only the
        whole document is left."""
        has = self.draft.has
        if kind == "document":
            return ()
        if kind == "chapter":
            return ("chapter", "part") if has("chapter") or has("part") else ()
        if kind == "article":
            return ("article",) if has("article") else ()
        if kind == "paragraph":
            return ("paragraph",) if has("paragraph") else ("article",) if has("article") else ()
        return ("sentence",) if has("sentence") else ("paragraph",) if has("paragraph") else ()

    def units(self, kind: str) -> list[Unit]:
        if kind not in self._units:
            of_kinds = self.unit_kinds(kind)
            found = self.draft.units(*of_kinds) if of_kinds else [self.draft.root]
            # (Every unit starts before the limit unless the draft is cut short.)
            self._units[kind] = found if self.limit >= len(self.draft.text) else [
                u for u in found if u.start < self.limit]
        return self._units[kind]

    # -- conditions over spans ------------------------------------------
    def present(self, term: str, spans: list[tuple[int, int]]) -> bool:
        return any(self.matches.any_within(term, s, e) for s, e in spans)

    def holds(self, condition: Condition, spans: list[tuple[int, int]]) -> bool:
        if condition.any and not any(self.present(t, spans) for t in condition.any):
            return False
        if condition.all and not all(self.present(t, spans) for t in condition.all):
            return False
        if condition.none and any(self.present(t, spans) for t in condition.none):
            return False
        return True

    def occurrences(self, terms: tuple[str, ...], start: int, end: int) -> list[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for term in terms:
            found.update(self.matches.within(term, start, end))
        return sorted(found)

    # -- places ---------------------------------------------------------
    def operative(self) -> list[tuple[int, int]]:
        if self._operative is None:
            preambles = sorted((u.start, u.end) for u in self.draft.units("preamble"))
            spans: list[tuple[int, int]] = []
            pos = 0
            for start, end in preambles:
                if start > pos:
                    spans.append((pos, start))
                pos = max(pos, end)
            spans.append((pos, len(self.draft.text)))
            self._operative = spans
        return self._operative

    def places(self, unit: Unit, within: tuple[str, ...]) -> list[tuple[tuple[int, int], Unit | None]]:
        """Spans where required wording may be found, each with the unit it
        belongs to when that unit is elsewhere (for related information)."""
        out: list[tuple[tuple[int, int], Unit | None]] = []
        for place in within:
            if place == "unit":
                out.append(((unit.start, unit.end), None))
            elif place == "parent":
                article = unit.enclosing("article")
                if article is not None and article is not unit:
                    out.append(((article.start, article.end), article))
            elif place == "referenced":
                own = unit.enclosing("article")
                for reference in self.draft.references_from(unit):
                    for target in reference.targets:
                        if own is not None and target.enclosing("article") is own:
                            continue
                        out.append(((target.start, target.end), target))
            elif place == "division":
                division = unit.enclosing(*DIVISIONS)
                if division is not None:
                    out.append(((division.start, division.end), None))
            elif place == "document":
                out.append(((0, len(self.draft.text)), None))
            elif place == "operative":
                out.extend((span, None) for span in self.operative())
        return out

    def sentence_span(self, offset: int) -> tuple[int, int]:
        if self._sentences is None:
            self._sentences = self.draft.units("sentence")
            self._sentence_starts = [s.start for s in self._sentences]
        if self._sentences:
            i = bisect.bisect_right(self._sentence_starts, offset) - 1
            if i >= 0 and self._sentences[i].start <= offset < self._sentences[i].end:
                return self._sentences[i].start, self._sentences[i].end
        unit = self.draft.unit_at(offset, "paragraph", "subparagraph")
        if unit is not None:
            return unit.start, unit.end
        return offset, offset + 1


class Engine:
    def __init__(self, ruleset: RuleSet, config: Config | None = None):
        self.ruleset = ruleset
        self.config = config or Config()

    def active_rules(self) -> list[Rule]:
        return [r for r in self.ruleset.rules if self.config.rule_enabled(r.id)]

    def check(self, draft: Draft, rules: list[Rule] | None = None, *,
              cache: CheckCache | None = None) -> CheckResult:
        """Findings of the rules (the active ones by default) in the draft.
        ``cache`` is the document's :class:`CheckCache` for re-checks after
        edits; the findings are the same with or without it."""
        result = CheckResult()
        text = draft.text
        limit = len(text)
        if limit > self.config.max_size:
            limit = self.config.max_size
            result.notices.append(
                Notice(
                    f"This draft has {len(text):,} characters; only the first {limit:,} are checked "
                    "(the limit is the max_size setting), so findings after that point are not shown.",
                    severity="information",
                    start=0,
                    end=min(len(text), 1),
                    code="SG-SIZE-LIMIT",
                )
            )
        bounds = sorted({a.start for a in draft.articles if 0 < a.start < limit})
        if cache is not None and cache.lexicon is not self.ruleset.lexicon:
            cache.segments = SegmentCache()  # other rules, other wording: nothing to reuse
            cache.lexicon = self.ruleset.lexicon
        scanned = text if limit == len(text) else text[:limit]
        # The segments' texts, made once: the scan and the cache of findings key on them.
        segments = None
        if cache is not None:
            cuts = [0] + bounds + [len(scanned)]
            segments = [scanned[cuts[k]:cuts[k + 1]] for k in range(len(cuts) - 1)]
        matches = self.ruleset.lexicon.scan(scanned, bounds, cache.segments if cache is not None else None,
                                            segments)
        context = _Context(draft, self.ruleset, matches, limit)
        context.cache = cache
        rules = rules if rules is not None else self.active_rules()
        local: dict[str, list] = {}
        failed: dict[str, str] = {}
        triggered: dict[str, list[Unit]] = {}
        if limit == len(text):
            local, failed, triggered = self._segment_local(rules, context, [0] + bounds, cache, segments)
        for rule in rules:
            found = self._run(rule, context, local, failed, triggered, result)
            if found is not None:
                result.findings.extend(found)
        if cache is not None:
            cache._end()  # what this check did not use is dropped
        self._apply_silences(draft, result)
        result.findings.sort(key=lambda f: f.sort_key)
        if len(result.findings) > MAX_FINDINGS:
            dropped = len(result.findings) - MAX_FINDINGS
            result.findings = result.findings[:MAX_FINDINGS]
            result.notices.append(
                Notice(
                    f"{dropped:,} more findings are not shown: at most {MAX_FINDINGS:,} are reported per draft.",
                    code="SG-TOO-MANY",
                )
            )
        return result

    def _run(self, rule: Rule, context: "_Context", local: dict, failed: dict, triggered: dict,
             result: CheckResult) -> list[Finding] | None:
        """One rule's findings (kept from the segment-local pass where it has
        them), or None when it failed: a notice then says so, and the other
        rules' findings stand."""
        try:
            if rule.id in failed:
                raise _LocalFailure(*failed[rule.id])
            if rule.id in local:
                found, examined = local[rule.id]
                result._examined_parts.append((rule.id, examined))
                return found
            if rule.id in triggered:  # the units that hold what it is about, known from the segment pass
                return list(kinds.BY_NAME[rule.kind].evaluate(self, rule, context, triggered[rule.id]))
            return list(self._evaluate(rule, context))
        except Exception as exc:  # a broken rule must not hide the others' findings
            shown = exc.args[0] if isinstance(exc, _LocalFailure) else f"{type(exc).__name__}: {exc}"
            import traceback  # only when a rule fails: not a cost of every check

            result.notices.append(
                Notice(
                    f"The rule {rule.id} could not be evaluated ({shown}); "
                    "its findings are missing. Other rules were checked.",
                    severity="warning",
                    code="SG-RULE-FAILED",
                    extra={"rule": rule.id, "traceback": exc.args[1] if isinstance(exc, _LocalFailure)
                           else traceback.format_exc()},
                )
            )
            return None
        finally:
            if context.examined:  # what the rule examined, as it was evaluated here
                result._examined_parts.append(context.examined)
                context.examined = []

    # -- segment-local rules, with the cache ------------------------------
    def _segment_local(self, rules: list[Rule], ctx: _Context, starts: list[int], cache: CheckCache | None,
                       segments: list[str] | None) -> tuple[dict[str, list], dict[str, tuple], dict[str, list[Unit]]]:
        """Evaluate the segment-local rules segment by segment, reusing the
        cached results of segments whose text and structure are unchanged;
        likewise which units trigger the trigger-local rules.
        Returns {rule id: (findings, examined)} (examined as (units, {rule
        id: indices}) pairs, one per segment, shared by the rules: see
        CheckResult.examined), {rule id: failure} and {rule id: triggering
        units}."""
        draft = ctx.draft
        text = draft.text
        # A draft without paragraphs (or sentences) evaluates such rules on the
        # whole document: not local then.
        whole = {kind: not ctx.unit_kinds(kind) for kind in {r.unit for r in rules}}
        chosen = [r for r in rules if segment_local(r) and not whole[r.unit]]
        triggers = [r for r in rules if trigger_local(r) and not whole[r.unit]]
        if not chosen and not triggers:
            return {}, {}, {}
        ends = starts[1:] + [len(text)]
        count = len(starts)
        seg_units = draft.segment_units(starts)
        # The kinds of units each rule examines (Draft.units of these kinds, in a segment).
        wanted = {kind: frozenset(ctx.unit_kinds(kind)) for kind in {r.unit for r in chosen + triggers}}
        if cache is not None:
            # (Fixes are not kept: each check makes them from its own draft,
            # whose conventions they follow: its party words, its register.)
            cache._begin((self.ruleset, tuple(r.id for r in chosen), tuple(r.id for r in triggers), draft.syntax))
        # The units each rule examined, per segment: (units, {rule id: indices}),
        # read rule by rule only when the result's ``examined`` is.
        examined: list[tuple[list[Unit], dict[str, list[int]]]] = []
        out: dict[str, tuple[list[Finding], list]] = {r.id: ([], examined) for r in chosen}
        triggered: dict[str, list[Unit]] = {r.id: [] for r in triggers}
        fix_specs = {r.id: r.fixes for r in chosen}
        failed: dict[str, tuple[str, str]] = {}
        for k in range(count):
            lo, hi = starts[k], ends[k]
            units = seg_units[k]
            key = None
            cached = None
            if cache is not None:
                key = (segments[k], draft.segment_signature(lo, hi, units, _Signature))
                ctx.segment_at[lo] = (key, units, hi)
                cached = cache._get(key)
            if cached is None:
                cached, ok = self._evaluate_segment(chosen, triggers, ctx, units, wanted, lo, hi, failed)
                if ok and key is not None:
                    cache._put(key, cached)
            delta = lo - cached.offset
            for rule_id, found in cached.findings.items():
                findings = out[rule_id][0]
                specs = fix_specs[rule_id]
                for finding, index in found:
                    findings.append(_rebased(finding, delta, units[index], specs, ctx))
            if cached.examined:
                examined.append((units, cached.examined))
            for rule_id, indices in cached.triggered.items():
                triggered[rule_id].extend([units[index] for index in indices])
        return out, failed, triggered

    def _evaluate_segment(self, rules: list[Rule], triggers: list[Rule], ctx: _Context, units: list[Unit],
                          wanted: dict, lo: int, hi: int, failed: dict) -> tuple[_SegmentResult, bool]:
        position = {id(u): i for i, u in enumerate(units)}
        result = _SegmentResult(lo, {}, {})
        ok = True
        pools: dict[str, tuple[list[Unit], bool]] = {}  # by a rule's unit: its units, whether one reaches past hi

        def pool_of(kind: str) -> tuple[list[Unit], bool]:
            found = pools.get(kind)
            if found is None:
                unit_kinds = wanted[kind]
                pool = [u for u in units if u.kind in unit_kinds]
                found = pools[kind] = (pool, any(u.end > hi for u in pool))
            return found

        roles: dict[str, frozenset[str]] = {}  # by a rule's unit: the roles of its pool's provisions

        def selects_nothing(rule: Rule) -> bool:
            """Whether the rule is about provisions of roles that none of the
            segment's has: it then examines nothing here (kinds/selection.py)."""
            if rule.reads is None or not rule.reads.roles:
                return False
            try:
                found = roles.get(rule.unit)
                if found is None:
                    found = roles[rule.unit] = roles_read(ctx, pool_of(rule.unit)[0])
            except Exception:  # evaluated, and reported as the rule's failure
                return False
            return found.isdisjoint(rule.reads.roles)

        for rule in triggers:
            pool, reaches = pool_of(rule.unit)
            if reaches:
                ok = False
            if selects_nothing(rule):
                continue
            try:
                hits = [position[id(u)] for u in pool if self.triggers(rule, ctx, u)]
                if hits:  # most segments trigger few of these rules: the cache keeps no empty lists
                    result.triggered[rule.id] = hits
            except Exception as exc:
                import traceback  # only when a rule fails: not a cost of every check

                failed.setdefault(rule.id, (f"{type(exc).__name__}: {exc}", traceback.format_exc()))
                ok = False
        for rule in rules:
            pool, reaches = pool_of(rule.unit)
            if reaches:
                ok = False  # a unit reaching into the next segment: do not reuse
            if selects_nothing(rule):
                continue
            examined_before = len(ctx.examined)
            ctx.only = pool
            try:
                found = list(self._evaluate(rule, ctx))
            except Exception as exc:
                import traceback  # only when a rule fails: not a cost of every check

                failed.setdefault(rule.id, (f"{type(exc).__name__}: {exc}", traceback.format_exc()))
                del ctx.examined[examined_before:]
                ok = False
                continue
            finally:
                ctx.only = None
            if ok and not all(_points_inside(finding, lo, hi) for finding in found):
                ok = False  # a related place elsewhere would not move with the article
            if found:
                # Kept by index, not by unit: a unit holds its whole draft (parent,
                # children), and a cached finding outlives the draft it was found
                # in. What the cache keeps is never handed out (see _rebased).
                result.findings[rule.id] = [(_kept_copy(finding), position[id(finding.unit)]) for finding in found]
            seen = ctx.examined[examined_before:]
            if seen:
                result.examined[rule.id] = [position[id(u)] for _, u in seen]
                del ctx.examined[examined_before:]
        return result, ok

    # -- rules that read beyond their article, kept per article -----------
    def per_article(self, rule: Rule, ctx: _Context, article: Unit, reads_beyond, evaluate) -> list[Finding]:
        """``evaluate()``: the findings of a rule in one article, reused from
        the check cache while the article and what the rule read elsewhere
        (``reads_beyond(rule, ctx, article)``, hashable: the texts of the
        provisions it looked at) are unchanged, moved to where the article
        now starts. Their fixes are made again, when read, from the draft
        of this check (a fix may renumber or add articles elsewhere). A
        finding that points outside its article (a related place elsewhere)
        makes the article's findings evaluated again at each check."""
        segment = None
        if ctx.cache is not None and ctx.only is None and article.kind == "article":
            segment = ctx.segment_at.get(article.start)
        if segment is None:
            return list(evaluate())
        segment_key, units, hi = segment
        lo = article.start
        key = ("rule", rule.id, segment_key, reads_beyond(rule, ctx, article))
        kept = ctx.cache._article_get(key)
        if kept is None:
            examined_before = len(ctx.examined)
            found = list(evaluate())
            position = {id(u): i for i, u in enumerate(units)}
            seen = ctx.examined[examined_before:]
            if not all(_points_inside(f, lo, hi) and id(f.unit) in position for f in found) or not all(
                    id(u) in position for _, u in seen):
                return found
            kept = _SegmentResult(lo, {rule.id: [(_kept_copy(f), position[id(f.unit)]) for f in found]},
                                  {rule.id: [position[id(u)] for _, u in seen]})
            ctx.cache._article_put(key, kept)
            return found
        ctx.examined.extend([(rule.id, units[index]) for index in kept.examined[rule.id]])
        delta = lo - kept.offset
        return [_rebased(finding, delta, units[index], rule.fixes, ctx) for finding, index in kept.findings[rule.id]]

    # -- silences and configuration --------------------------------------
    def _apply_silences(self, draft: Draft, result: CheckResult) -> None:
        config = self.config
        silences, problems = find_silences(draft.text) if draft.syntax == "markdown" else ([], [])
        for problem in problems:
            result.notices.append(Notice(problem.message, "hint", problem.start, problem.end, "SG-SILENCE"))
        if silences:
            self._unknown_ids_in_comments(silences, result)
        for silence in config.silences:
            if not silence.reason:
                result.notices.append(
                    Notice(
                        f"The silence of {silence.rule} for article {silence.article} in {silence.path} "
                        "gives no reason: add one so that readers know why.",
                        "hint",
                        code="SG-SILENCE",
                    )
                )
        if not silences and not config.silences and not config.severities:
            return  # nothing silenced or overridden (most drafts): no walk over every finding
        kept: list[Finding] = []
        for finding in result.findings:
            if any(s.covers(finding.rule_id, finding.start) for s in silences):
                continue
            article = finding.unit.enclosing("article")
            if article is not None and any(
                s.rule == finding.rule_id and s.article == article.number for s in config.silences
            ):
                continue
            override = config.severities.get(finding.rule_id)
            if override:
                finding.severity = override
            kept.append(finding)
        result.findings = kept

    def _unknown_ids_in_comments(self, silences, result: CheckResult) -> None:
        """A silence comment naming no rule silences nothing: say so where it is written."""
        known = {rule.id for rule in self.ruleset.rules}
        for silence in silences:
            for rule_id in sorted(silence.rules - known - {"*"}):
                result.notices.append(Notice(
                    f"{rule_id} names no rule{did_you_mean(rule_id, known)}: this comment silences nothing.",
                    "warning", silence.comment_start, silence.comment_end, UNKNOWN_RULE_NOTICE))

    # -- what the kinds' evaluations share (kinds/) --------------------------
    def _evaluate(self, rule: Rule, ctx: _Context):
        """The findings of one rule: its kind's evaluation (kinds/)."""
        return kinds.BY_NAME[rule.kind].evaluate(self, rule, ctx)

    def finding(self, rule: Rule, ctx: _Context, start: int, end: int, unit: Unit, *, severity=None,
                message=None, related=()) -> Finding:
        return Finding(
            rule_id=rule.id,
            severity=severity or rule.severity,
            message=message or rule.message,
            start=start,
            end=end,
            unit=unit,
            category=rule.category,
            title=rule.title,
            citations=rule.cites,
            # Made when first read (the check cache keeps none: see _kept_copy).
            fixes=lazy_fixes(rule.fixes, ctx.ruleset, ctx.draft, start, end, unit),
            related=tuple(related),
            url=ctx.url(rule),
            safeguard=rule.safeguard,
        )

    def examined_units(self, rule: Rule, ctx: _Context, triggered: list[Unit] | None = None):
        """The units a rule examines (those ``triggered``, when known)."""
        for unit in triggered if triggered is not None else ctx.units(rule.unit) if ctx.only is None else ctx.only:
            if triggered is None and not self.triggers(rule, ctx, unit):
                continue
            if rule.when:
                ctx.examined.append((rule.id, unit))
            yield unit

    @staticmethod
    def triggers(rule: Rule, ctx: _Context, unit: Unit) -> bool:
        """Whether the rule's 'when' holds in the unit and its 'unless' does not."""
        if rule.reads is not None:
            # 'when' is read in the provisions the rule is about; 'unless' (a
            # safe harbour, a defence) anywhere in the unit.
            parts = matching_parts(rule, ctx, unit)
            if not parts:
                return False  # most units: asked first, before any span is made
            span = [(max(p.start, unit.start), min(p.end, unit.end, ctx.limit)) for p, _ in parts]
            whole = [(unit.start, min(unit.end, ctx.limit))]
        else:
            whole = span = [(unit.start, min(unit.end, ctx.limit))]
        if rule.when and not ctx.holds(rule.when, span):
            return False
        return not (rule.unless and ctx.holds(rule.unless, whole))


class _LocalFailure(Exception):
    """A segment-local rule that raised: (message, traceback)."""


class _Stable:
    """A value hashed once (see _Context.stable)."""

    __slots__ = ("value", "_hash")

    def __init__(self, value):
        self.value = value
        self._hash = hash(value)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return self is other or (isinstance(other, _Stable) and self._hash == other._hash
                                 and self.value == other.value)


class _Signature:
    """The structure of a segment's units, relative to its start: the same
    text can parse differently in another context (a draft that turned from
    plain text to Markdown), and cached findings are only reused on the same
    structure. Hashed once: the cache looks up every segment at every check,
    and a re-parse carries the signatures of the segments it copied (hashing
    the ~10,000 units' tuples again was ~5 ms of each 1 MB re-check)."""

    __slots__ = ("value", "_hash")

    def __init__(self, units: list[Unit], lo: int):
        parent_index = {id(u): i for i, u in enumerate(units)}.get
        self.value = tuple([
            (u.kind, u.start - lo, u.end - lo, u.number, u.title, u.keyword,
             None if u.heading_start is None else u.heading_start - lo,
             None if u.heading_end is None else u.heading_end - lo,
             u.body_start - lo, parent_index(id(u.parent), -1))
            for u in units
        ])
        self._hash = hash(self.value)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return self is other or (isinstance(other, _Signature) and self._hash == other._hash
                                 and self.value == other.value)


def _points_inside(finding: Finding, lo: int, hi: int) -> bool:
    """Whether a finding and its related places lie within text[lo:hi] (its
    fixes aside: each check makes them from its own draft, see _rebased)."""
    return lo <= finding.start and finding.end <= hi and all(lo <= r.start and r.end <= hi for r in finding.related)


def _kept_copy(finding: Finding) -> Finding:
    """What the cache keeps of a finding handed out: no unit (a unit holds
    its whole draft), no fixes (made again from each check's draft)."""
    copy = object.__new__(Finding)
    copy.__dict__.update(finding.__dict__)
    copy.unit = None
    copy.fixes = ()
    return copy


def _rebased(finding: Finding, delta: int, unit: Unit, specs, ctx: _Context) -> Finding:
    """A copy of a cached finding for a segment now ``delta`` characters
    further on (a copy even when it has not moved: severities are overridden
    on the findings of a result), with its fixes (``specs``) made when read
    from this check's draft. Copied field by field rather than with
    dataclasses.replace, for every cached finding at every check."""
    copy = object.__new__(Finding)
    copy.__dict__.update(finding.__dict__)
    copy.unit = unit
    if delta:
        copy.start += delta
        copy.end += delta
        if finding.related:
            copy.related = tuple(Related(r.start + delta, r.end + delta, r.message) for r in finding.related)
    if specs:
        copy.fixes = lazy_fixes(specs, ctx.ruleset, ctx.draft, copy.start, copy.end, unit)
    return copy

"""Turn a rule's fix specifications into concrete text edits for one finding.

Inserted text follows the draft's own conventions: its line endings, the way
it numbers paragraphs (``2.`` or ``(2)``), the way it writes article headings
(Markdown ``## Article 9. Title``, one line ``Article 9 – Title`` or two lines),
and whether it speaks of "State Party" or "Party". Edits never touch text
outside the place they insert into or replace.
"""

from __future__ import annotations

import bisect
import re
import weakref

from safeguard_lsp.draft import Draft, Unit, _is_word_char
from safeguard_lsp.findings import Fix, LazyFixes, TextEdit
from safeguard_lsp.ruleset import FixSpec, RuleSet

_NUMBERED = re.compile(r"[ \t]*(?P<open>\()?(?P<num>\d+)(?P<close>[.)])?")


def newline_of(text: str) -> str:
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    return "\n"


# A draft's conventions are read once per draft, not once per fix: a long
# convention can have hundreds of findings. Only the drafts still in use are
# remembered: an LRU cache of 16 kept 16 old drafts of a long convention
# alive in the language server (~35 MB each, one a keystroke).
_per_draft: "weakref.WeakKeyDictionary[Draft, dict]" = weakref.WeakKeyDictionary()


def party_words(draft: Draft) -> tuple[str, str]:
    # Counted once per draft: every fix that inserts a model clause asks.
    memo = _memo(draft)
    words = memo.get("party words")
    if words is None:
        # By majority: a treaty that says "Party" may still mention
        # "non-member States Parties" once.
        state, bare = _party_counts(draft.positional("parties", _parties_between))
        words = memo["party words"] = (("State Party", "States Parties") if state and state >= bare
                                       else ("Party", "Parties"))
    return words


_PARTY = re.compile(r"Part(?:y|ies)\b")


def _parties_between(draft: Draft, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    """Each whole-word "Party"/"Parties" starting in text[lo:hi], and whether
    "State"/"States" is the word before it. Kept with the draft and found
    again only in the article an edit re-parses (Draft.positional): counted
    over the whole draft at every re-check, they cost in proportion to its
    length."""
    return _party_facts(draft.text, lo, hi)


def _party_facts(text: str, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    """Searched from the literal "Part", which ``re`` finds far faster than a
    pattern starting with ``\\b``. It reads nothing
    beyond the line of each match and the line breaks around it, which an
    edit of other lines leaves as they are."""
    found = []
    for match in _PARTY.finditer(text, lo):
        at = match.start()
        if at >= hi:
            break
        if at and _is_word_char(text[at - 1]):
            continue
        state = (at >= 6 and text.startswith("State ", at - 6) and (at < 7 or not _is_word_char(text[at - 7]))) or \
            (at >= 7 and text.startswith("States ", at - 7) and (at < 8 or not _is_word_char(text[at - 8])))
        found.append((at, match.end(), state))
    return found


def _party_counts(facts: list[tuple[int, int, bool]]) -> tuple[int, int]:
    """How often the facts say "State(s) Party/Parties" and "Party/Parties"
    alone."""
    state = sum(1 for fact in facts if fact[2])
    return state, len(facts) - state


def _memo(draft: Draft) -> dict:
    memo = _per_draft.get(draft)
    if memo is None:
        memo = _per_draft[draft] = {}
    return memo


def _article_starts(draft: Draft) -> list[int]:
    memo = _memo(draft)
    if "starts" not in memo:
        memo["starts"] = [a.start for a in draft.articles]
    return memo["starts"]


def _article_numbers(draft: Draft) -> tuple[int, ...]:
    memo = _memo(draft)
    if "numbers" not in memo:
        memo["numbers"] = tuple(n for n in (_as_int(a.number) for a in draft.articles) if n is not None)
    return memo["numbers"]


# The words by which a draft names itself and its provisions, counted as
# literal strings (str.count runs in C: a 1 MB draft costs well under a
# millisecond each). A treaty names itself "this Convention"; a national law
# "this Act", "this Law" or "this Code", and may number "sections" or "articles".
_TREATY_NAMES = ("this Convention", "this Protocol", "this Treaty")
_NATIONAL_NAMES = ("this Act", "this Law", "this Code", "this Proclamation", "this Ordinance", "this Decree",
                   "this Bill")


def register(draft: Draft) -> tuple[str, str, str]:
    """(register, the instrument's name for itself, its word for a provision):
    ("treaty", "this Convention", "article") or ("national", "this Act", "section")."""
    memo = _memo(draft)
    found = memo.get("register")
    if found is None:
        text = draft.text
        # "This Act may be cited as …" opens many an Act: counted in either case.
        folded = text.replace("This ", "this ")
        counts = {name: folded.count(name) for name in _TREATY_NAMES + _NATIONAL_NAMES}
        treaty = max(_TREATY_NAMES, key=lambda n: counts[n])
        national = max(_NATIONAL_NAMES, key=lambda n: counts[n])
        treaty_weight = counts[treaty] + text.count("State Part") + text.count("Each Party")
        kind = "national" if counts[national] > treaty_weight else "treaty"
        keywords = [a.keyword.lower() for a in draft.articles if a.keyword]
        sections = sum(1 for k in keywords if k.startswith("sec") or k == "§")
        articles = sum(1 for k in keywords if k.startswith("art"))
        if not keywords:
            sections, articles = text.count("section"), text.count("article")
        provision = "section" if sections > articles else "article"
        if kind == "treaty":
            found = ("treaty", treaty if counts[treaty] else "this Convention", provision)
        else:
            found = ("national", national, provision)
        memo["register"] = found
    return found


def fill(template: str, draft: Draft, extra: dict[str, str] | None = None) -> str:
    party, parties = party_words(draft)
    _, instrument, provision = register(draft)
    out = (template.replace("{party}", party).replace("{parties}", parties)
           .replace("{instrument}", instrument).replace("{provision}", provision))
    for key, value in (extra or {}).items():
        out = out.replace("{" + key + "}", value)
    return out.replace("\n", newline_of(draft.text)) if newline_of(draft.text) != "\n" else out


def _sentence_start(text: str, at: int) -> bool:
    """Whether ``at`` begins a sentence: after a full stop, a line break or
    a list label, not after a word such as "the"."""
    before = text[max(0, at - 12):at].rstrip(" \t")
    return not before or before[-1] in ".\n" and not before.endswith(("e.g.", "i.e.")) or \
        bool(re.search(r"(?:^|\n)\s*(?:\(?\w{1,4}[.)]|[-*])$", before))


def _match_case(text: str, start: int, replacement: str) -> str:
    """A replacement starts with a capital only where a sentence starts (the
    flagged words may start with one because they are a name: "the Public
    Prosecutor" must not become "the With the prior authorisation")."""
    if _sentence_start(text, start):
        return replacement[:1].upper() + replacement[1:]
    if replacement[:1].isupper() and replacement[1:2].islower():
        return replacement[:1].lower() + replacement[1:]
    return replacement


def clause_for(clause, draft: Draft) -> str | None:
    """The clause's text in the draft's register, or None where the clause has
    no text for it (a treaty clause is never inserted into an Act)."""
    if register(draft)[0] == "national":
        return clause.national
    return clause.text


def _clause_text(spec: FixSpec, ruleset: RuleSet, draft: Draft, extra: dict[str, str] | None = None
                 ) -> tuple[str | None, str | None]:
    if spec.clause:
        clause = ruleset.clauses[spec.clause]
        text = clause_for(clause, draft)
        if text is None or ("{offences_covered}" in text and not (extra or {}).get("offences_covered")):
            return None, clause.title
        return fill(text, draft, extra), clause.title
    text = spec.text or ""
    if register(draft)[0] == "national" and any(w in text for w in ("this Convention", "{party}", "{parties}")):
        return None, None
    return fill(text, draft, extra), None


def _as_int(number: str | None) -> int | None:
    if number is None:
        return None
    match = re.match(r"\d+", number)
    return int(match.group()) if match else None


def _paragraph_separator(draft: Draft, paragraphs: list[Unit]) -> str:
    nl = newline_of(draft.text)
    if len(paragraphs) >= 2:
        gap = draft.text[paragraphs[-2].end : paragraphs[-1].start]
        return nl if gap.count("\n") < 2 else nl + nl
    return nl + nl


_NUMBER_SPACING = re.compile(r"\d+[.)]([ \t]*)")


def append_paragraph(draft: Draft, article: Unit, body: str) -> TextEdit:
    """A paragraph after the article's last one, numbered in the article's style."""
    paragraphs = [c for c in article.children if c.kind == "paragraph"]
    text = draft.text
    label = ""
    indent = ""
    if paragraphs:
        last = paragraphs[-1]
        line_start = text.rfind("\n", 0, last.start) + 1
        head = text[line_start : last.start + 8]
        match = _NUMBERED.match(head)
        if not (match and match.group("num")) or text[line_start:last.start].strip():
            # A paragraph run into the line before it ("… (3) … (4) …"): its own number.
            match = _NUMBERED.match(text[last.start:last.start + 8])
        numbers = [n for n in (_as_int(p.number) for p in paragraphs) if n is not None]
        indent = re.match(r"[ \t]*", text[line_start:last.start + 1]).group() if line_start <= last.start else ""
        if numbers and match and match.group("num"):
            following = str(max(numbers) + 1)
            if match.group("open"):
                label = f"({following}) "
            else:
                # Matched in place: a slice from here would copy the rest of
                # the draft for every fix (quadratic on a long draft).
                spacing = _NUMBER_SPACING.match(text, last.start)
                gap = spacing.group(1) if spacing and spacing.group(1) else " "
                label = f"{following}{match.group('close') or '.'}{gap}"
        elif numbers:
            label = f"{max(numbers) + 1}. "
        separator = _paragraph_separator(draft, paragraphs)
    else:
        separator = newline_of(text) * 2
    at = article.end
    return TextEdit(at, at, f"{separator}{indent}{label}{body}")


def _heading_like(draft: Draft, model: Unit | None, number: str, title: str) -> str:
    nl = newline_of(draft.text)
    if model is None or model.heading_start is None or model.heading_end is None:
        prefix = "## " if draft.syntax == "markdown" else ""
        separator = ". " if draft.syntax == "markdown" else nl + nl
        return f"{prefix}Article {number}{separator}{title}"
    heading = draft.text[model.heading_start : model.heading_end]
    if model.number:
        heading = re.sub(rf"(?<![\w]){re.escape(model.number)}(?![\w])", number, heading, count=1)
    if model.title and model.title in heading:
        head, _, tail = heading.rpartition(model.title)
        heading = head + title + tail
    elif not model.title:
        heading = heading.rstrip() + f" – {title}"
    return heading


# Placement reads what each article is about from its title and opening, in a
# few words of its own: it decides only where an inserted article goes, never
# whether a rule fires (that is the reading layer's work).
_FINAL_CLAUSE = re.compile(
    r"signature|ratification|accession|entry into force|amendment|reservation|denunciation|depositary|"
    r"authentic text|languages|settlement of disputes|final (?:provision|clause)|withdrawal|commencement|repeal|"
    r"registration|relation(?:ship)? (?:with|to) other", re.I)
_OFFENCE = re.compile(r"criminal offen[cs]e|commits? an offen[cs]e|guilty of an offen[cs]e|shall be punished|"
                      r"liable (?:on conviction|to (?:a fine|imprisonment))", re.I)
_SYSTEM_OFFENCE = re.compile(r"\baccess|intercept|interference|alteration|deletion|damag|hinder|disrupt|"
                             r"misuse of devices|devices?\b|passwords?|malware|hacking tools", re.I)
_NOT_SYSTEM_OFFENCE = re.compile(r"child|sexual|fraud|forgery|copyright|terror|hatred|racist|extremis|"
                                 r"false|defamat|insult|identity theft|laundering|penalt|sanction|attempt|"
                                 r"liability of legal persons|jurisdiction|defence|exemption", re.I)
_PROCEDURAL = re.compile(r"search|seiz|intercept|real[- ]time|production order|produce|preserv|disclos|"
                         r"collection of (?:traffic|content)|procedural|warrant", re.I)
_COOPERATION = re.compile(r"mutual (?:legal )?assistance|extradition|international cooperation|"
                          r"requests? for assistance|24/7|central authorit", re.I)


def _about(draft: Draft, article: Unit) -> str:
    """An article's title and the opening of its text, what placement reads."""
    body = draft.text[article.body_start or article.start:min(article.end, (article.body_start or article.start) + 400)]
    return f"{article.title or ''} {body}"


def _is_offence(draft: Draft, article: Unit) -> bool:
    about = _about(draft, article)
    return bool(_OFFENCE.search(about)) and not _FINAL_CLAUSE.search(article.title or "")


def offences_covered(draft: Draft) -> list[Unit]:
    """The offences against computer systems and data (access, interception,
    interference, devices): the only ones a public-interest or research
    defence belongs to, never child sexual abuse material or fraud."""
    memo = _memo(draft)
    if "system offences" not in memo:
        found = []
        for article in draft.articles:
            if not _is_offence(draft, article):
                continue
            heading = article.title or draft.text[article.body_start or article.start:(article.body_start or article.start) + 200]
            if _SYSTEM_OFFENCE.search(heading) and not _NOT_SYSTEM_OFFENCE.search(heading):
                found.append(article)
        memo["system offences"] = found
    return memo["system offences"]


def _number_list(numbers: list[str], word: str, joiner: str) -> str:
    """"articles 2 to 6", "sections 5 and 7", "article 3"."""
    if len(numbers) == 1:
        return f"{word} {numbers[0]}"
    ints = [_as_int(n) for n in numbers]
    if all(i is not None and str(i) == n for i, n in zip(ints, numbers)) and ints == list(range(ints[0], ints[0] + len(ints))):
        return f"{word}s {numbers[0]} to {numbers[-1]}"
    return f"{word}s {', '.join(numbers[:-1])} {joiner} {numbers[-1]}"


def offences_covered_words(draft: Draft) -> str:
    """The system offences named as the clause refers to them, in the draft's
    register: "articles 2 to 6 of this Convention", "section 5 or 6 of this
    Act"; empty when the draft has none (then no defence is offered)."""
    covered = [a.number for a in offences_covered(draft) if a.number]
    if not covered:
        return ""
    kind, instrument, provision = register(draft)
    joiner = "or" if kind == "national" else "and"
    if kind == "national" and len(covered) > 1:
        return f"{provision} {', '.join(covered[:-1])} or {covered[-1]} of {instrument}"
    return f"{_number_list(covered, provision, joiner)} of {instrument}"


def _place(draft: Draft, anchor: Unit | None, at: str) -> Unit:
    """The article after which a new article of this kind goes."""
    articles = draft.articles
    operative = [a for a in articles if not _FINAL_CLAUSE.search(a.title or "")]
    # Before the final clauses: a new article never follows the depositary.
    fallback = operative[-1] if operative else articles[-1]
    def last(predicate) -> Unit | None:
        chosen = [a for a in operative if predicate(a)]
        return chosen[-1] if chosen else None
    if at == "after-offences":
        return last(lambda a: _is_offence(draft, a)) or fallback
    if at == "procedural-chapter":
        if anchor is not None:
            division = anchor.enclosing("section", "chapter", "part")
            if division is not None and _PROCEDURAL.search(division.title or ""):
                inside = [a for a in operative if division.start <= a.start < division.end]
                if inside:
                    return inside[-1]
        return last(lambda a: bool(_PROCEDURAL.search(a.title or "")) and not _is_offence(draft, a)) or fallback
    if at == "cooperation-chapter":
        return last(lambda a: bool(_COOPERATION.search(a.title or ""))) or fallback
    if at == "general-provisions":
        first_offence = next((i for i, a in enumerate(operative) if _is_offence(draft, a)), None)
        if first_offence:
            return operative[first_offence - 1]
        return operative[0] if operative else articles[0]
    return fallback


def add_article(draft: Draft, anchor: Unit | None, at: str, title: str, body: str) -> TextEdit:
    """A new article where it belongs: after the last offence, at the end of
    the procedural or cooperation chapter, or before the final clauses;
    numbered after the last article, or "N bis" ("NA" in an Act) when other
    articles follow it."""
    articles = draft.articles
    nl = newline_of(draft.text)
    if not articles:
        heading = _heading_like(draft, None, "1", title)
        end = len(draft.text.rstrip())
        return TextEdit(end, end, f"{nl}{nl}{heading}{nl}{nl}{body}{nl}")
    numbers = _article_numbers(draft)
    last = articles[-1]
    number = str(max(numbers) + 1) if numbers else "1"
    if at != "end-of-division":
        place = _place(draft, anchor, at)
        if place is not last:
            last = place
            number = _inserted_number(draft, place)
    elif anchor is not None:
        division = anchor.enclosing("section", "chapter", "part")
        if division is not None:
            # The last article starting inside the division (a bisection: a long
            # convention has many findings, each with this fix).
            i = bisect.bisect_left(_article_starts(draft), division.end) - 1
            inside = articles[i] if i >= 0 and articles[i].start >= division.start else None
            if inside is not None and inside is not articles[-1]:
                last = inside
                # Numbering the new article after the last one of the division
                # would collide with the next article; treaty practice inserts
                # it as "bis" without renumbering the rest.
                number = _inserted_number(draft, last)
    heading = _heading_like(draft, last, number, title)
    return TextEdit(last.end, last.end, f"{nl}{nl}{heading}{nl}{nl}{body}")


def _inserted_number(draft: Draft, after: Unit) -> str:
    """The number of an article inserted after ``after`` without renumbering:
    "12 bis" in a treaty, "12A" in an Act; "ter", "B" if that exists."""
    decimal = re.fullmatch(r"(\d{1,4})\.(\d{1,3})", after.number or "")
    if decimal:
        # A code numbered by its divisions ("476.1"): the next free number of the division, as such
        # codes insert ("476.2"), rather than a letter run into the digits.
        division, last = decimal.group(1), int(decimal.group(2))
        for k in range(last + 1, last + 50):
            if draft.article(f"{division}.{k}") is None:
                return f"{division}.{k}"
    national = register(draft)[0] == "national"
    suffixes = ["A", "B", "C", "D"] if national else [" bis", " ter", " quater", " quinquies"]
    # After an article already inserted ("12 bis"), the next is "12 ter", not "12 bis bis".
    base = re.sub(r"(?:\s+(?:bis|ter|quater|quinquies)|(?<=\d)[A-D])$", "", after.number or "")
    for suffix in suffixes:
        number = f"{base}{suffix}"
        if draft.article(number) is None:
            return number
    return f"{base}{suffixes[-1]}"


def remove_article(draft: Draft, article: Unit) -> TextEdit:
    """The article deleted, heading and all, with the blank lines after it, so
    the articles around it keep their spacing."""
    text = draft.text
    start = article.heading_start if article.heading_start is not None else article.start
    start = min(start, article.start)
    end = article.end
    tail = re.match(r"\s*", text[end:]).end()
    if end + tail >= len(text):
        # The last article: take the blank lines before it instead.
        return TextEdit(len(text[:start].rstrip()), end, "")
    return TextEdit(start, end + tail, "")


_QUALIFYING_TAIL = re.compile(r"[ \t]+(?:given|in view of|having regard to|taking into account|depending on|"
                              r"according to)\b[^,;.\n]*")


def remove_phrase(text: str, start: int, end: int) -> TextEdit:
    """The flagged words deleted with what holds them in the sentence: the
    commas around an inserted qualifier ("shall, where appropriate given the
    nature of the power, include" → "shall include"), the comma before a
    closing phrase ("imprisonment, irrespective of motive." → "imprisonment."),
    or a whole clause of its own ("; no defence … shall be admitted")."""
    tail = _QUALIFYING_TAIL.match(text, end)
    if tail:
        end = tail.end()
    if re.match(r"(?i)(?:no|nor)\b", text[start:end]):
        # A clause of its own: to the end of the clause, with the separator before it.
        stop = re.search(r"[;.\n]", text[end:])
        end = end + stop.start() if stop else len(text)
        sep = re.search(r"(?:[;,]\s*(?:and\s+)?)$", text[max(0, start - 8):start])
        if sep:
            return TextEdit(start - len(sep.group()), end, "")
        return TextEdit(start, end, "")
    before = re.search(r",[ \t]*$", text[max(0, start - 4):start])
    after = re.match(r"[ \t]*,", text[end:])
    if before and after:
        rest = end + after.end()
        if re.match(r"[ \t]*[^,;.\n]{1,20},", text[rest:]):
            # Another short aside follows ("shall, as appropriate, inter alia,
            # include"): keep the comma that opens it.
            rest += len(text[rest:]) - len(text[rest:].lstrip(" \t"))
            return TextEdit(start, rest, "")
        return TextEdit(start - len(before.group()), rest, "")
    if before:
        return TextEdit(start - len(before.group()), end, "")
    if after and _sentence_start(text, start):
        # "Where appropriate, the Parties shall …" → "The Parties shall …"
        rest = end + after.end()
        rest += len(text[rest:]) - len(text[rest:].lstrip(" \t"))
        return TextEdit(start, rest + 1, text[rest:rest + 1].upper())
    if text[end:end + 1] in (" ", "\t"):
        return TextEdit(start, end + 1, "")
    if start and text[start - 1] in (" ", "\t"):
        return TextEdit(start - 1, end, "")
    return TextEdit(start, end, "")


# Who authorises a measure, next to the flagged words: "without a warrant, on
# the authorization of a senior police officer" is one idea, replaced whole.
_AUTHORITY_AFTER = re.compile(r",?[ \t]+(?:on|upon|with|by|under|at)[ \t]+(?:the[ \t]+)?(?:written[ \t]+|prior[ \t]+)?"
                              r"(?:authori[sz]ation|approval|order|request|direction|instruction|permission)s?[ \t]+of[^,;.\n]*",
                              re.I)
_WARRANTLESS_BEFORE = re.compile(r"without[ \t]+(?:a|any)[ \t]+(?:warrant|court[ \t]+order|judicial[ \t]+authori[sz]ation)"
                                 r",?[ \t]+$", re.I)


_AUTHORITY_BEFORE = re.compile(r"(?:on|upon|with|by|under|at)[ \t]+(?:the[ \t]+)?(?:written[ \t]+|prior[ \t]+)?"
                               r"(?:authori[sz]ation|approval|order|request|direction|instruction|permission)s?[ \t]+of[ \t]+"
                               r"(?:an?[ \t]+|the[ \t]+)?$", re.I)


def _absorb_authority(text: str, start: int, end: int) -> tuple[int, int]:
    after = _AUTHORITY_AFTER.match(text, end)
    if after:
        end = after.end()
    # Flagged at the authority's name ("a senior police officer"): take in the
    # words that make it the authoriser ("on the authorization of a").
    named = _AUTHORITY_BEFORE.search(text[max(0, start - 80):start])
    if named:
        start -= len(named.group())
    before = _WARRANTLESS_BEFORE.search(text[max(0, start - 60):start])
    if before:
        start -= len(before.group())
    return start, end


# The verb that closes a national offence ("A person who … commits an
# offence"): a mental element goes just before it.
_OFFENCE_VERB = re.compile(r"[ \t]+(?:commits an offen[cs]e|is guilty of an offen[cs]e|shall be guilty|shall be punished|"
                           r"is liable)", re.I)


_LIST_ITEM = re.compile(r"\n[ \t]*(?:\(?[a-z]{1,3}\)|\(?\d{1,3}\)|[a-z]\.|\d{1,3}\.)[ \t]")
_RELATIVE = re.compile(r"\b(?:who|which|that)\b", re.I)


def _end_of_offence(text: str, start: int, end: int, unit: Unit) -> tuple[int, bool] | None:
    """Where a mental element or harm threshold is added to the offence the
    flagged words belong to: before "commits an offence" when a "who …"
    clause describes the conduct (True), else at the end of the sentence
    (False); never inside the description of the conduct, and None where the
    sentence runs into a list (the words would land in one item of it)."""
    article = unit.enclosing("article") or unit
    if article.body_start and start < article.body_start <= article.end:
        # Flagged in the heading: the offence is the first sentence of the text.
        end = article.body_start
    limit = unit.end if unit.end > end else len(text)
    stop = re.search(r"\.(?:\s|$)|;|\n\s*\n", text[end:limit])
    sentence_end = end + stop.start() if stop else limit
    if _LIST_ITEM.search(text, end, sentence_end):
        return None
    verb = _OFFENCE_VERB.search(text, end, sentence_end)
    if verb:
        sentence_start = max(text.rfind(". ", 0, verb.start()), text.rfind("\n", 0, verb.start())) + 1
        if _RELATIVE.search(text, sentence_start, verb.start()):
            return verb.start(), True
    if sentence_end == end or not text[end:sentence_end].strip():
        return None
    return sentence_end, False


def promises_fixes(specs: tuple[FixSpec, ...]) -> bool | None:
    """Whether :func:`build_fixes` makes at least one fix from ``specs``,
    when that is known without making them: True when one of them is made
    whatever the draft; None (find out by making them) when each depends on
    the draft (its register, its chapters, its offences, its lists)."""
    for spec in specs:
        if spec.action == "remove" and spec.scope == "phrase":
            return True
        if spec.action == "replace" and any("this Convention" not in r for r in spec.replacements):
            return True
    return None if specs else False


def lazy_fixes(specs: tuple[FixSpec, ...], ruleset: RuleSet, draft: Draft, start: int, end: int,
               unit: Unit) -> LazyFixes | tuple[Fix, ...]:
    """:func:`build_fixes`, made when first read (see LazyFixes)."""
    if not specs:
        return ()
    return LazyFixes(lambda: build_fixes(specs, ruleset, draft, start, end, unit), promises_fixes(specs))


def build_fixes(
    specs: tuple[FixSpec, ...],
    ruleset: RuleSet,
    draft: Draft,
    start: int,
    end: int,
    unit: Unit,
) -> tuple[Fix, ...]:
    fixes: list[Fix] = []
    text = draft.text
    for spec in specs:
        if spec.action == "replace":
            lo, hi = _absorb_authority(text, start, end) if spec.absorb_authority else (start, end)
            for replacement in spec.replacements:
                if register(draft)[0] == "national" and "this Convention" in replacement:
                    continue
                new_text = _match_case(text, lo, fill(replacement, draft))
                title = spec.title if len(spec.replacements) == 1 else f"{spec.title}: “{new_text}”"
                fixes.append(Fix(title, (TextEdit(lo, hi, new_text),), spec.preferred))
        elif spec.action == "remove":
            if spec.scope == "article":
                article = unit.enclosing("article") or draft.unit_at(start, "article")
                if article is None:
                    continue
                title = f"{spec.title} (the whole of {article.label})"
                fixes.append(Fix(title, (remove_article(draft, article),), spec.preferred))
            else:
                fixes.append(Fix(spec.title, (remove_phrase(text, start, end),), spec.preferred))
        elif spec.action == "insert":
            body, _ = _clause_text(spec, ruleset, draft)
            if body is None:
                continue
            if spec.at == "end-of-offence":
                place = _end_of_offence(text, start, end, unit)
                if place is None:
                    continue
                at, before_verb = place
                if before_verb and spec.before_verb:
                    body = fill(spec.before_verb, draft)
                elif body[:1] in ",;" :
                    # "communication , where …": the words go before the spaces that end the item.
                    while at > start and text[at - 1] in " \t":
                        at -= 1
            else:
                at = start if spec.at == "before-trigger" else end
            fixes.append(Fix(spec.title, (TextEdit(at, at, body),), spec.preferred))
        elif spec.action == "append_paragraph":
            article = unit.enclosing("article") or draft.unit_at(start, "article")
            body, _ = _clause_text(spec, ruleset, draft)
            if body is None:
                continue
            if article is None:
                end_of_text = len(text.rstrip())
                nl = newline_of(text)
                edit = TextEdit(end_of_text, end_of_text, f"{nl}{nl}{body}")
            else:
                edit = append_paragraph(draft, article, body)
            fixes.append(Fix(spec.title, (edit,), spec.preferred))
        elif spec.action == "add_article":
            if spec.at == "end-of-division" and (unit.enclosing("section", "chapter", "part") is None
                                                 or not draft.articles):
                # The rule looks for its safeguard in the finding's own chapter:
                # without one, an article elsewhere would not meet it.
                continue
            body, title = _clause_text(spec, ruleset, draft, {"offences_covered": offences_covered_words(draft)})
            if body is None:
                continue
            edit = add_article(draft, unit, spec.at or "end-of-document", title or spec.title, body)
            fixes.append(Fix(spec.title, (edit,), spec.preferred))
    if len(fixes) == 1 and not fixes[0].preferred:
        fixes[0] = Fix(fixes[0].title, fixes[0].edits, True)
    return tuple(fixes)

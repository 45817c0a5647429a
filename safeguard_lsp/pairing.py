"""Which article of one text corresponds to which article of another.

Negotiating rounds renumber, move, merge and delete articles, so numbers say
little: a deleted "Article 7 – Dissemination of false information" must not be
paired with the new Article 7 "Misuse of tools". Articles are paired by what
they say: their titles and their wording, compared word by word (difflib).
The same measure finds, for each article of a draft, the nearest provision of
a reference instrument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from safeguard_lsp.draft import Draft, Unit

SAME, RENUMBERED, MOVED, MERGED, DELETED, NEW = "same", "renumbered", "moved", "merged", "deleted", "new"
# Below this the two articles are taken to be different provisions.
PAIR_THRESHOLD = 0.45
# Share of a vanished article's phrases found in another article for it to
# count as merged into that one.
MERGE_THRESHOLD = 0.6
_WORD = re.compile(r"\w+")


@dataclass
class Provision:
    """An article as compared: its unit, title words and body words."""

    unit: Unit
    number: str
    title_words: list[str]
    words: list[str]

    @property
    def phrases(self) -> set[tuple[str, ...]]:
        return {tuple(self.words[i:i + 3]) for i in range(max(0, len(self.words) - 2))}


def provisions(draft: Draft) -> list[Provision]:
    out = []
    for article in draft.articles:
        if not article.number:
            continue
        body = draft.text[article.body_start or article.start:article.end]
        out.append(Provision(article, article.number, _WORD.findall((article.title or "").lower()),
                             _WORD.findall(body.lower())))
    return out


def similarity(a: Provision, b: Provision) -> float:
    """0 to 1: titles and wording weigh equally; an untitled text is judged by its wording."""
    words = _ratio(a.words, b.words)
    if a.title_words and b.title_words:
        return (words + _ratio(a.title_words, b.title_words)) / 2
    return words


def _ratio(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.2 or matcher.quick_ratio() < 0.2:
        return matcher.quick_ratio() / 2
    return matcher.ratio()


@dataclass
class Pairing:
    old: Provision | None
    new: Provision | None
    kind: str  # same / renumbered / moved / merged / deleted / new
    score: float = 0.0


def pair_articles(old: Draft, new: Draft) -> list[Pairing]:
    """Every article of both versions, once each (a merged article also
    names the article it went into), in the order of the old text, then the
    new articles."""
    olds, news = provisions(old), provisions(new)
    scored = sorted(((similarity(olds[i], news[j]), i, j) for i, j in candidate_pairs(olds, news)),
                    key=lambda t: (-t[0], t[1] != t[2], t[1], t[2]))
    match_of_old: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for score, i, j in scored:
        if score < PAIR_THRESHOLD:
            break
        if i in match_of_old or j in taken:
            continue
        match_of_old[i] = (j, score)
        taken.add(j)
    in_order = _in_order([match_of_old[i][0] for i in sorted(match_of_old)])
    out: list[Pairing] = []
    for i, o in enumerate(olds):
        if i in match_of_old:
            j, score = match_of_old[i]
            n = news[j]
            kind = MOVED if j not in in_order else SAME if n.number == o.number else RENUMBERED
            out.append(Pairing(o, n, kind, score))
            continue
        target = _merged_into(o, news)
        out.append(Pairing(o, target, MERGED, 0.0) if target is not None else Pairing(o, None, DELETED))
    for j, n in enumerate(news):
        if j not in taken:
            out.append(Pairing(None, n, NEW))
    return out


CANDIDATES = 6  # per article: those sharing the most distinctive words, compared in full


def candidate_pairs(olds: list[Provision], news: list[Provision]) -> set[tuple[int, int]]:
    """The (old, new) pairs worth comparing word by word: for each article of
    either text, the articles of the other that share most of its
    distinctive words (a word in few articles says more than "shall"), and
    the one with its number. Comparing every pair would be quadratic in
    SequenceMatcher calls: minutes for two codes of a few hundred sections."""
    pairs: set[tuple[int, int]] = set()
    for mine, theirs, flip in ((olds, news, False), (news, olds, True)):
        index: dict[str, list[int]] = {}
        for j, provision in enumerate(theirs):
            for word in set(provision.words) | set(provision.title_words):
                index.setdefault(word, []).append(j)
        common = max(3, len(theirs) // 10)  # in more articles than this, a word says little
        by_number = {p.number: j for j, p in enumerate(theirs)}
        for i, provision in enumerate(mine):
            shared: dict[int, int] = {}
            for word in set(provision.words) | set(provision.title_words):
                holders = index.get(word, ())
                if len(holders) > common:
                    continue
                for j in holders:
                    shared[j] = shared.get(j, 0) + 1
            best = sorted(shared, key=lambda j: -shared[j])[:CANDIDATES]
            if provision.number in by_number:
                best.append(by_number[provision.number])
            for j in best:
                pairs.add((j, i) if flip else (i, j))
    return pairs


def _in_order(positions: list[int]) -> set[int]:
    """The longest run of new positions that keeps the old order: articles
    outside it were moved, the others at most renumbered."""
    import bisect

    tails: list[int] = []  # smallest tail of an increasing run of each length
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(positions)
    for k, value in enumerate(positions):
        at = bisect.bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
            tail_index.append(k)
        else:
            tails[at] = value
            tail_index[at] = k
        previous[k] = tail_index[at - 1] if at else -1
    keep: set[int] = set()
    k = tail_index[-1] if tail_index else -1
    while k != -1:
        keep.add(positions[k])
        k = previous[k]
    return keep


def _merged_into(old: Provision, news: list[Provision]) -> Provision | None:
    """The article of the new text holding most of a vanished article's phrases."""
    phrases = old.phrases
    if len(phrases) < 5:
        return None
    best, share = None, 0.0
    for candidate in news:
        found = len(phrases & candidate.phrases) / len(phrases)
        if found > share:
            best, share = candidate, found
    return best if share >= MERGE_THRESHOLD else None


def nearest(provision: Provision, reference: list[Provision]) -> tuple[Provision | None, float]:
    """The provision of ``reference`` closest to ``provision``, with its score
    (None below the pairing threshold)."""
    best, score = None, 0.0
    if len(reference) > 4 * CANDIDATES:
        reference = [reference[j] for _, j in sorted(candidate_pairs([provision], reference))]
    for candidate in reference:
        value = similarity(provision, candidate)
        if value > score:
            best, score = candidate, value
    return (best, score) if score >= PAIR_THRESHOLD else (None, score)

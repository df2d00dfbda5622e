"""Finding a procedure from what a citizen types: browse by field and agency, or search.

Search ignores diacritics and case ("ly lich tu phap"), takes abbreviations
("lltp": the initials of the name, or an alias in the catalog) and forgives
a typo per word (one edit in words of 4+ letters, two in words of 8+). It is a
small scorer, not an engine: a center offers a few hundred procedures at most.

Score of a procedure for a query = for each query word, the best match in the
procedure's words (exact 1.0, prefix 0.85, one edit 0.75, two edits 0.55), weighted
by where the word was found (name 1.0, alias 0.9, field 0.5), averaged over the
query words; plus 0.5 when the whole folded query appears in the name or an
alias, 0.3 more when it *is* the name or an alias, and a little for covering
more of the name, so that "khai sinh" prefers "Đăng ký khai sinh" to
"Đăng ký lại khai sinh".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.catalog.model import Catalog, Procedure
from kiosk.catalog.text import acronym, fold, tokens

# Words that carry no meaning of their own in a procedure's name or a query.
_STOP = frozenset({"cap", "thu", "tuc", "cho", "va", "cua", "the", "of", "a", "an", "for", "to"})
_NAME, _ALIAS, _SECTOR = 1.0, 0.9, 0.5


@dataclass(frozen=True)
class Hit:
    """One search result."""

    procedure: Procedure
    score: float


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance (a swap of two letters is one edit), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _word_match(query: str, word: str) -> float:
    if query == word:
        return 1.0
    if len(query) >= 2 and word.startswith(query):
        return 0.85
    if len(query) >= 4:
        distance = edit_distance(query, word)
        if distance == 1:
            return 0.75
        if distance == 2 and len(query) >= 8:
            return 0.55
    return 0.0


@dataclass(frozen=True)
class _Entry:
    procedure: Procedure
    words: tuple[tuple[str, float], ...]
    phrases: tuple[str, ...]
    initials: frozenset[str]
    name_words: tuple[frozenset[str], ...]
    exact: frozenset[str]


def _entry(catalog: Catalog, procedure: Procedure) -> _Entry:
    sector = catalog.sector(procedure.sector)
    weighted: dict[str, float] = {}

    def add(words: Iterable[str], weight: float) -> None:
        for word in words:
            weighted[word] = max(weighted.get(word, 0.0), weight)

    add(tokens(procedure.name.vi) + tokens(procedure.name.en), _NAME)
    for alias in procedure.aliases:
        add(tokens(alias), _ALIAS)
    add(tokens(sector.name.vi) + tokens(sector.name.en), _SECTOR)
    phrases = (fold(procedure.name.vi), fold(procedure.name.en), *map(fold, procedure.aliases))
    initials = {acronym(procedure.name.vi), *(acronym(a) for a in procedure.aliases)}
    initials |= {fold(a) for a in procedure.aliases if " " not in fold(a)}
    return _Entry(
        procedure,
        tuple(weighted.items()),
        phrases,
        frozenset(i for i in initials if len(i) >= 2),
        tuple(
            frozenset(w for w in tokens(name) if w not in _STOP)
            for name in (procedure.name.vi, procedure.name.en)
        ),
        frozenset(phrases),
    )


class ProcedureIndex:
    """Browse and search over one catalog version."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._entries = [_entry(catalog, p) for p in catalog.procedures]

    def browse(self, sector: str | None = None, agency: str | None = None) -> list[Procedure]:
        """Procedures of a field and/or agency, in Vietnamese alphabetical order of folded names."""
        chosen = [
            p
            for p in self.catalog.procedures
            if (sector is None or p.sector == sector) and (agency is None or p.agency == agency)
        ]
        return sorted(chosen, key=lambda p: fold(p.name.vi))

    def search(self, query: str, limit: int = 10, threshold: float = 0.5) -> list[Hit]:
        """Best matches first; an empty or meaningless query finds nothing."""
        folded = fold(query)
        if not folded:
            return []
        hits = [
            Hit(e.procedure, s) for e in self._entries if (s := self._score(e, folded)) >= threshold
        ]
        hits.sort(key=lambda h: (-h.score, fold(h.procedure.name.vi)))
        return hits[:limit]

    def _score(self, entry: _Entry, folded: str) -> float:
        if folded == entry.procedure.code:
            return 10.0
        if folded in entry.initials:
            return 3.0
        words = [w for w in folded.split() if w not in _STOP] or folded.split()
        total = 0.0
        matched: set[str] = set()
        for query_word in words:
            best, best_word = 0.0, ""
            for word, weight in entry.words:
                score = _word_match(query_word, word) * weight
                if score > best:
                    best, best_word = score, word
            if best == 0.0 and query_word in entry.initials:
                best = 1.0
            total += best
            matched.add(best_word)
        score = total / len(words)
        if any(folded in phrase for phrase in entry.phrases):
            score += 0.5
        if folded in entry.exact:
            score += 0.3
        coverage = [len(matched & names) / len(names) for names in entry.name_words if names]
        return score + 0.2 * max(coverage, default=0.0)

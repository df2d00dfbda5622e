"""Finding a procedure from what a citizen types: browse by field and agency, or search.

Search ignores diacritics and case ("ly lich tu phap"), takes abbreviations
("lltp": the initials of the name, or an alias in the catalog) and forgives
a typo per whole word (one edit in words of 4+ letters, two in words of 8+;
a word still being typed, the last one, may be the start of a word). It is a
small scorer, not an engine: a center offers a few hundred procedures at most.

A procedure is listed only if *every* query word the catalog knows (a word no
procedure has, such as a mangled one, is left out; so are fillers like "xin")
matches within one of its names — the official name, the everyday label or one
alias, its field's words completing any of them: so "chung thuc chu ky" lists
the signature certification and not "Đăng ký kết hôn", which shares "chứng"
and "ký" with it but has no "thực" or "chữ". When some procedure matches
without a forgiven typo, those that needed one are left out. "kí" and "ký"
(and "lí"/"lý", "mĩ"/"mỹ") are one spelling here.

Score of a listed procedure = for each known query word, the best match in the
procedure's words (exact 1.0, prefix 0.85, one edit 0.75, two edits 0.55),
weighted by where the word was found (name 1.0, everyday label or alias 0.9,
field 0.5), averaged; plus 0.5 when the whole folded query appears in the name,
the everyday label or an alias, 0.3 more when it *is* one of them, and a little
for covering more of the name, so that "khai sinh" prefers "Đăng ký khai sinh"
to "Đăng ký lại khai sinh". Exact and near matches so come before typos.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalog.model import Catalog, Procedure
from kiosk.catalog.text import acronym, fold, unify_spelling

# Words that carry no meaning of their own in a procedure's name or a query.
_STOP = frozenset(
    {"cap", "thu", "tuc", "cho", "va", "cua", "the", "of", "a", "an", "for", "to", "my", "i"}
    | {"xin", "toi", "muon", "can", "de", "giup"}  # "tôi muốn xin…", "cần", "để"
)
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


_PREFIX = 0.85


def _word_match(query: str, word: str, typing: bool = False) -> float:
    """How well query word ``query`` matches ``word``; ``typing``: the word may be unfinished."""
    if query == word:
        return 1.0
    if typing and len(query) >= 2 and word.startswith(query):
        return _PREFIX
    if len(query) >= 4:
        distance = edit_distance(query, word)
        if distance == 1:
            return 0.75
        if distance == 2 and len(query) >= 8:
            return 0.55
    return 0.0


def _form(text: str) -> str:
    """What search compares: folded, one spelling of "ký"/"kí" (see :func:`unify_spelling`)."""
    return unify_spelling(fold(text))


def _tokens(text: str) -> list[str]:
    return _form(text).split()


@dataclass(frozen=True)
class _Phrase:
    """One name a procedure answers to: its folded text, words and weight."""

    text: str
    words: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class _Entry:
    procedure: Procedure
    phrases: tuple[_Phrase, ...]
    field_words: tuple[str, ...]
    initials: frozenset[str]
    name_words: tuple[frozenset[str], ...]


def _entry(catalog: Catalog, procedure: Procedure) -> _Entry:
    sector = catalog.sector(procedure.sector)
    everyday = (procedure.everyday.vi, procedure.everyday.en) if procedure.everyday else ()
    weighted = [
        *((name, _NAME) for name in (procedure.name.vi, procedure.name.en)),
        *((name, _ALIAS) for name in (*everyday, *procedure.aliases)),
    ]
    phrases = tuple(_Phrase(_form(name), tuple(_tokens(name)), w) for name, w in weighted)
    initials = {acronym(procedure.name.vi), *(acronym(a) for a in procedure.aliases)}
    initials |= {_form(a) for a in procedure.aliases if " " not in _form(a)}
    return _Entry(
        procedure,
        phrases,
        tuple(_tokens(sector.name.vi) + _tokens(sector.name.en)),
        frozenset(i for i in initials if len(i) >= 2),
        tuple(
            frozenset(w for w in _tokens(name) if w not in _STOP)
            for name in (procedure.name.vi, procedure.name.en)
        ),
    )


@dataclass(frozen=True)
class _Match:
    score: float
    exact: bool  # no query word needed a typo forgiven


@dataclass(frozen=True)
class _QueryWord:
    """A query word and how well each word of the catalog matches it (non-zero only)."""

    word: str
    matches: dict[str, float]

    def best(self, words: tuple[str, ...], weight: float) -> tuple[float, str]:
        best, found = 0.0, ""
        for word in words:
            score = self.matches.get(word, 0.0) * weight
            if score > best:
                best, found = score, word
        return best, found

    def exactly(self, found: str) -> bool:
        """Found as typed, or as the start of the word being typed (no typo forgiven)."""
        return self.matches.get(found, 0.0) >= _PREFIX


class ProcedureIndex:
    """Browse and search over one catalog version."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._entries = [_entry(catalog, p) for p in catalog.procedures]
        # Every word some procedure answers to: a query word outside it is noise ("xin").
        vocabulary = {w for e in self._entries for p in e.phrases for w in p.words}
        vocabulary |= {w for e in self._entries for w in e.field_words}
        self._vocabulary = frozenset(vocabulary)
        self._initials = frozenset(i for e in self._entries for i in e.initials)

    def browse(self, sector: str | None = None, agency: str | None = None) -> list[Procedure]:
        """Procedures of a field and/or agency, in Vietnamese alphabetical order of folded names."""
        chosen = [
            p
            for p in self.catalog.procedures
            if (sector is None or p.sector == sector) and (agency is None or p.agency == agency)
        ]
        return sorted(chosen, key=lambda p: fold(p.name.vi))

    def search(self, query: str, limit: int = 10, threshold: float = 0.5) -> list[Hit]:
        """Best matches first; an empty or meaningless query finds nothing.

        When some procedure matches without forgiving a typo, the ones that needed
        one are loose matches and are left out ("thue tro" is not "chứng thực").
        """
        folded = _form(query)
        if not folded:
            return []
        words = self._known_words(folded)
        found = [
            (entry.procedure, match)
            for entry in self._entries
            if (match := self._match(entry, folded, words)) is not None and match.score >= threshold
        ]
        if any(match.exact for _, match in found):
            found = [(procedure, match) for procedure, match in found if match.exact]
        hits = [Hit(procedure, match.score) for procedure, match in found]
        hits.sort(key=lambda h: (-h.score, fold(h.procedure.name.vi)))
        return hits[:limit]

    def _known_words(self, folded: str) -> list[_QueryWord]:
        """The query's meaningful words that some procedure answers to (see the module doc).

        Each is compared with the catalog's few hundred words once, here; the
        procedures then only look their words up.
        """
        words = folded.split()
        meaningful = [w for w in words if w not in _STOP] or words
        last = len(words) - 1
        known: list[_QueryWord] = []
        for index, word in enumerate(words):
            # One letter is a word being started (or the "s" of "People's"): no meaning yet.
            if word not in meaningful or (len(word) == 1 and not word.isdigit()):
                continue
            typing = index == last
            matches = {
                other: score
                for other in self._vocabulary
                if (score := _word_match(word, other, typing)) > 0.0
            }
            if matches or word in self._initials:
                known.append(_QueryWord(word, matches))
        return known

    def _match(self, entry: _Entry, folded: str, words: list[_QueryWord]) -> _Match | None:
        if folded == entry.procedure.code:
            return _Match(10.0, True)
        if folded in entry.initials:
            return _Match(3.0, True)
        if not words:
            return None
        # Every word from one name of the procedure (its field may add words): words
        # scattered over two aliases are a coincidence, not this procedure.
        scored = [m for phrase in entry.phrases if (m := self._in_phrase(entry, phrase, words))]
        if not scored:
            return None
        best, matched = max(scored, key=lambda pair: pair[0].score)
        score = best.score
        if any(folded in phrase.text for phrase in entry.phrases):
            score += 0.5
        if any(folded == phrase.text for phrase in entry.phrases):
            score += 0.3
        coverage = [len(matched & names) / len(names) for names in entry.name_words if names]
        return _Match(score + 0.2 * max(coverage, default=0.0), best.exact)

    @staticmethod
    def _in_phrase(
        entry: _Entry, phrase: _Phrase, words: list[_QueryWord]
    ) -> tuple[_Match, set[str]] | None:
        total, exact = 0.0, True
        matched: set[str] = set()
        for query in words:
            best, found = query.best(phrase.words, phrase.weight)
            field, field_word = query.best(entry.field_words, _SECTOR)
            if field > best:
                best, found = field, field_word
            if best == 0.0 and query.word in entry.initials:
                best, found = 1.0, query.word  # "lltp" among other words: as typed
            elif best == 0.0:
                return None
            else:
                exact = exact and query.exactly(found)
            total += best
            matched.add(found)
        return _Match(total / len(words), exact), matched

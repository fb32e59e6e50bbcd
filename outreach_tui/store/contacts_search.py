"""Search-as-you-type over the book: name, company, email, phone and notes, with a fuzzy name match.

One engine for the Contacts screen and `outreach contacts --search`. Each typed word
must match the contact, and is ranked by how well it does:

    0  the name starts with it                ("dan"  → Dana Fox)
    1  a word of the name, the company or the email starts with it  ("fox", "acme")
    2  it appears anywhere in name, company, email, phone (digits only too) or notes
    3  its letters appear in order in the name ("dfx" → Dana Fox: initials and all)

A contact's rank is the sum over the words; fuzzy matches are ordered among
themselves by how closely the letters hit word starts and each other. Archived
contacts are left out unless asked for.

Speed on a big book: one SQL query does the filtering and the rank (the tiers as
CASE expressions, one column per word) and returns at most `CANDIDATES` rows, best
first; Python then orders the fuzzy ones among those few and keeps `limit`. Notes
never leave the database and no model objects are built. Typed text only ever
reaches SQL as bound LIKE patterns with `%`, `_` and `\\` escaped. An empty query
lists the book by name (the name index, no scan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peewee import OP, SQL, Case, Expression, NodeList, Value, fn

from outreach_tui.store.models import Contact

LIMIT = 50
CANDIDATES = 1000  # rows SQL hands to Python for the final order
MAX_WORDS = 6  # more words than this narrow nothing a person types; keeps the SQL bounded
MAX_WORD = 40

EXACT_PREFIX, WORD_PREFIX, SUBSTRING, FUZZY = 0, 1, 2, 3

# What sits between the digits of a written phone number ("+" only ever leads, so it never splits them).
_PHONE_NOISE = (" ", "-", "(", ")", ".", "/")
_WORD_START = re.compile(r"(?:^|[\s\-'.@_&/,(])(\w)")


@dataclass(frozen=True)
class Found:
    id: int
    name: str
    company: str
    title: str
    email: str
    phone: str
    relationship: str
    do_not_contact: bool
    archived: bool
    rank: int = 0  # summed tiers; 0 = the name starts with the only word typed


def query_words(query: str) -> list[str]:
    """The words of a query, case-folded, at most MAX_WORDS of at most MAX_WORD characters."""
    return [word[:MAX_WORD] for word in query.casefold().split()][:MAX_WORDS]


# --- SQL -------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(column, pattern: str) -> Expression:
    """Case-insensitive LIKE (LIKE on SQLite, ILIKE on PostgreSQL) with '\\' escaping the wildcards."""
    return Expression(column, OP.ILIKE, NodeList((Value(pattern, converter=False), SQL("ESCAPE"),
                                                  Value("\\", converter=False))))


def phone_digits(word: str) -> str | None:
    """The digits of a word that looks like (part of) a phone number, else None."""
    if not re.fullmatch(r"[\d\s\-().+/]+", word):
        return None
    digits = re.sub(r"\D", "", word)
    return digits if len(digits) >= 3 else None


def _bare_phone() -> Expression:
    """The stored phone without spaces, dashes, brackets, dots, plus or slash."""
    expr = Contact.phone
    for noise in _PHONE_NOISE:
        expr = fn.REPLACE(expr, noise, "")
    return expr


def _any(conditions: list[Expression]) -> Expression:
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined | condition
    return combined


def _word_tiers(word: str) -> tuple[Expression, Case]:
    """(condition that the word matches at all, CASE giving its tier) for one word."""
    w = _escape(word)
    exact = _like(Contact.name, f"{w}%")
    word_prefix = _any([_like(Contact.name, f"% {w}%"), _like(Contact.name, f"%-{w}%"),
                        _like(Contact.company, f"{w}%"), _like(Contact.company, f"% {w}%"),
                        _like(Contact.email, f"{w}%")])
    elsewhere = [_like(column, f"%{w}%") for column in (Contact.company, Contact.email, Contact.phone, Contact.notes)]
    digits = phone_digits(word)
    if digits:
        # The digits in order anywhere in the phone (a cheap LIKE) before the costly exact test
        # on the phone without punctuation: only the few phones that pass the first pay for it.
        elsewhere.append(_like(Contact.phone, "%" + "%".join(digits) + "%") & _like(_bare_phone(), f"%{digits}%"))
    fuzzy = _like(Contact.name, "%" + "%".join(_escape(char) for char in word) + "%")
    substring = _any([_like(Contact.name, f"%{w}%"), *elsewhere])
    tier = Case(None, [(exact, EXACT_PREFIX), (word_prefix, WORD_PREFIX), (substring, SUBSTRING)], FUZZY)
    # The fuzzy pattern matches every name the plain one does: one LIKE less per row filtered.
    return _any([fuzzy, *elsewhere]), tier


COLUMNS = (Contact.id, Contact.name, Contact.company, Contact.title, Contact.email, Contact.phone,
           Contact.relationship, Contact.do_not_contact, Contact.archived)


def _visible(query, include_archived: bool):
    return query if include_archived else query.where(Contact.archived == False)  # noqa: E712


def _candidates(words: list[str], limit: int | None, include_archived: bool) -> list[tuple]:
    """Matching rows, best tier sum first: the columns, then each word's tier."""
    tiers = []
    conditions = []
    for word in words:
        matches, tier = _word_tiers(word)
        conditions.append((len(word), matches))
        tiers.append(tier)
    query = _visible(Contact.select(), include_archived)
    # Longest word first: it rules out the most rows, and the others are tested only on the rest.
    for _, matches in sorted(conditions, key=lambda pair: -pair[0]):
        query = query.where(matches)
    rank = tiers[0]
    for tier in tiers[1:]:
        rank = rank + tier
    query = query.select(*COLUMNS, *tiers).order_by(rank, Contact.archived, Contact.name, Contact.id)
    return list(query.limit(limit).tuples())


# --- ranking in Python -------------------------------------------------------------------

FUZZY_SPAN = 200  # letters of a name the fuzzy alignment looks at: a 10,000-character name costs no more


def _word_starts(text: str) -> set[int]:
    return {match.start(1) for match in _WORD_START.finditer(text)}


def fuzzy_quality(word: str, name: str) -> int | None:
    """How well the letters of `word` hit `name` in order (higher is better); None when they don't.

    A letter on the start of a word of the name scores 3, one right after the previous
    match 2, any other 0; the best alignment wins (a small dynamic programme over the
    first FUZZY_SPAN letters of the name).
    """
    text = name.casefold()[:FUZZY_SPAN]
    if not word:
        return 0
    starts = _word_starts(text)
    n = len(text)
    NONE = -1
    # previous[j] = best score with word[:i] matched and its last letter at position j
    previous = [NONE] * n
    for j, char in enumerate(text):
        if char == word[0]:
            previous[j] = 3 if j in starts else 0
    for i in range(1, len(word)):
        current = [NONE] * n
        best_before = NONE  # max of previous[k] for k < j - 1
        for j in range(1, n):
            if j >= 2 and previous[j - 2] > best_before:
                best_before = previous[j - 2]
            if text[j] != word[i]:
                continue
            options = []
            if previous[j - 1] != NONE:
                options.append(previous[j - 1] + (3 if j in starts else 2))
            if best_before != NONE:
                options.append(best_before + (3 if j in starts else 0))
            if options:
                current[j] = max(options)
        previous = current
    best = max(previous, default=NONE)
    return None if best == NONE else best


# A fuzzy match SQL found but Python cannot align (LIKE folds some non-ASCII case differently,
# or the letters lie past FUZZY_SPAN): kept, after every alignment Python could score.
UNALIGNED = -100


def rank_rows(words: list[str], rows: list[tuple], limit: int | None = LIMIT) -> list[Found]:
    """The candidates in their final order: summed tier, then fuzzy quality, then name."""
    width = len(COLUMNS)
    keyed = []
    for row in rows:
        tiers = row[width:]
        quality = 0
        for word, tier in zip(words, tiers):
            if tier == FUZZY:
                found = fuzzy_quality(word, row[1])
                quality += UNALIGNED if found is None else found
        total = sum(tiers)
        keyed.append(((total, -quality, bool(row[8]), row[1].casefold(), row[0]), total, row))
    keyed.sort(key=lambda item: item[0])
    return [_found(row, total) for _, total, row in keyed[:limit]]


def _found(row: tuple, rank: int = 0) -> Found:
    return Found(*row[:7], bool(row[7]), bool(row[8]), rank=rank)


def search(query: str, limit: int | None = LIMIT, include_archived: bool = False) -> list[Found]:
    """The best `limit` contacts (None: all) for what was typed; the book by name when nothing was."""
    words = query_words(query)
    if not words:
        rows = _visible(Contact.select(*COLUMNS), include_archived).order_by(Contact.name, Contact.id)
        return [_found(row) for row in rows.limit(limit).tuples()]
    candidates = None if limit is None else max(CANDIDATES, limit)
    return rank_rows(words, _candidates(words, candidates, include_archived), limit)

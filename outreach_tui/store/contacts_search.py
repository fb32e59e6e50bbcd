"""Search-as-you-type over the book: name, company, email, phone and notes, with a fuzzy name match.

One engine for the Contacts screen and `outreach contacts --search`. Each typed word
must match the contact, and is ranked by how well it does:

    0  the name starts with it                ("dan"  → Dana Fox)
    1  a word of the name, the company or the email starts with it  ("fox", "acme")
    2  it appears anywhere in name, company, email, phone (digits only too) or notes
    3  its letters appear in order in the name ("dfx" → Dana Fox: initials and all)
    4  the name has it with one slip ("arhtur" → Arthur; core/name_typos.py), asked
       for only when tiers 0-3 find fewer than wanted, and listed after all of theirs

A contact's rank is the sum over the words; fuzzy matches are ordered among
themselves by how closely the letters hit word starts and each other. Archived
contacts are left out unless asked for.

Speed on a big book: the text is stored case-folded beside each contact (the search
columns below, schema 4). One typed word with at least `limit` names starting with it
is answered from the (archived, search_name) index alone, already in final order.
Otherwise one SQL query does the filtering and the rank over the search columns (the
tiers as CASE expressions, one column per word) and returns at most `CANDIDATES` rows, best
first; Python then orders the fuzzy ones among those few and keeps `limit`. Notes
never leave the database and no model objects are built. Typed text only ever
reaches SQL as bound LIKE patterns with `%`, `_` and `\\` escaped. An empty query
lists the book by name (the name index, no scan).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from peewee import SQL, Case, Expression, NodeList, Value

from outreach_tui.core.name_typos import may_have_typos, typo_order, typo_variants
from outreach_tui.store.models import Contact
from outreach_tui.store.search_columns import MAX_WORD, SEARCH_FIELDS, WORD_MARK, search_columns

LIMIT = 50
CANDIDATES = 1000  # rows SQL hands to Python for the final order
MAX_WORDS = 6  # more words than this narrow nothing a person types; keeps the SQL bounded

EXACT_PREFIX, WORD_PREFIX, SUBSTRING, FUZZY, TYPO = 0, 1, 2, 3, 4
TYPO_CANDIDATES = 3000  # names the slip tier scores at most

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


def search_changes(fields: Mapping[str, object]) -> dict:
    """For `Contact.update`: the search columns of a contact whose SEARCH_FIELDS are `fields`."""
    made = search_columns(*(fields[name] for name in SEARCH_FIELDS))
    return {getattr(Contact, column): value for column, value in made.items()}


# --- SQL -------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _in_order(letters: str) -> str:
    """The LIKE pattern for text holding these letters in order."""
    return "%" + "%".join(_escape(char) for char in letters) + "%"


def _like(column, pattern: str) -> Expression:
    """LIKE with '\\' escaping the wildcards. Both sides are case-folded already, so plain
    LIKE on both engines (SQLite's folds ASCII too, which changes nothing here)."""
    return NodeList((column, SQL("LIKE"), Value(pattern, converter=False), SQL("ESCAPE"),
                     Value("\\", converter=False)))


def phone_digits(word: str) -> str | None:
    """The digits of a word that looks like (part of) a phone number, else None."""
    if not re.fullmatch(r"[\d\s\-().+/]+", word):
        return None
    digits = re.sub(r"\D", "", word)
    return digits if len(digits) >= 3 else None


def _postgres() -> bool:
    from peewee import PostgresqlDatabase

    return isinstance(Contact._meta.database.obj, PostgresqlDatabase)


def _name_order():
    """search_name in code-point order, as Python sorts it (PostgreSQL: the "C" collation)."""
    return NodeList((Contact.search_name, SQL('COLLATE "C"'))) if _postgres() else Contact.search_name


def _word_tiers(word: str) -> tuple[Expression, Case]:
    """(condition that the word matches at all, CASE giving its tier) for one word."""
    w = _escape(word)
    exact = _like(Contact.search_name, f"{w}%")
    word_prefix = _like(Contact.search_words, f"%{WORD_MARK}{w}%")
    substring = _like(Contact.search_text, f"%{w}%")
    elsewhere = [substring]
    digits = phone_digits(word)
    if digits:
        elsewhere.append(_like(Contact.search_phone, f"%{digits}%"))
        substring = substring | elsewhere[-1]
    fuzzy = _like(Contact.search_name, _in_order(word))
    tier = Case(None, [(exact, EXACT_PREFIX), (word_prefix, WORD_PREFIX), (substring, SUBSTRING)], FUZZY)
    # A name holding the word holds its letters in order: the fuzzy test covers the name.
    return _any([fuzzy, *elsewhere]), tier


def _any(conditions: list) -> Expression:
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined | condition
    return combined


COLUMNS = (Contact.id, Contact.name, Contact.company, Contact.title, Contact.email, Contact.phone,
           Contact.relationship, Contact.do_not_contact, Contact.archived)


def _visible(query, include_archived: bool, scan: bool = False):
    if include_archived:
        return query
    # A scan reads every row anyway: `+archived` keeps SQLite from walking the
    # (archived, search_name) index and fetching each row from it one by one.
    archived = NodeList((SQL("+"), Contact.archived), glue="") if scan and not _postgres() else Contact.archived
    return query.where(archived == False)  # noqa: E712


def _name_prefix(word: str) -> Expression:
    """search_name starts with the word; on SQLite also as a range the (archived, search_name) index serves."""
    condition = _like(Contact.search_name, f"{_escape(word)}%")
    last = ord(word[-1])
    if last < 0x10FFFF and not _postgres():  # PostgreSQL's ranges follow its collation: LIKE alone there
        condition = (Contact.search_name >= word) & (Contact.search_name < word[:-1] + chr(last + 1)) & condition
    return condition


def _prefix_rows(word: str, limit: int, include_archived: bool) -> list[tuple]:
    """The first `limit` contacts whose name starts with the one word typed, in final order."""
    query = _visible(Contact.select(*COLUMNS, Value(EXACT_PREFIX)), include_archived).where(_name_prefix(word))
    return list(query.order_by(Contact.archived, _name_order(), Contact.id).limit(limit).tuples())


def _candidates(words: list[str], limit: int | None, include_archived: bool, within=None) -> list[tuple]:
    """Matching rows, best tier sum first: the columns, then each word's tier.

    `within`: a condition that narrows the rows read (the trigram index), checked first.
    """
    tiers = []
    conditions = []
    for word in words:
        matches, tier = _word_tiers(word)
        conditions.append((len(word), matches))
        tiers.append(tier)
    query = _visible(Contact.select(), include_archived, scan=True)
    if within is not None:
        query = query.where(within)
    # Longest word first: it rules out the most rows, and the others are tested only on the rest.
    for _, matches in sorted(conditions, key=lambda pair: -pair[0]):
        query = query.where(matches)
    rank = tiers[0]
    for tier in tiers[1:]:
        rank = rank + tier
    query = query.select(*COLUMNS, *tiers).order_by(rank, Contact.archived, _name_order(), Contact.id)
    return list(query.limit(limit).tuples())


# --- the trigram index (SQLite) ----------------------------------------------------------
#
# Migration 5 keeps an FTS5 trigram index over search_text and search_phone. A typed word
# of TRIGRAM letters or more is looked up in it as an FTS5 string ("…", quotes doubled, so
# nothing typed is FTS5 syntax): the contacts whose text holds it, a superset of those
# whose tier 0, 1 or 2 it makes (the index folds case at least as LIKE does). The query
# then runs as above on those contacts only, fetched by id, instead of on the whole book.
# The fuzzy tier is the one thing the index cannot see (letters in order, gaps between):
#
# 1. the long words' strings ANDed narrow the book to the contacts every long word
#    matches without fuzz. Every contact left out has a fuzzy word, so a rank of 3 or
#    more; if at least `limit` contacts ranked under 3 are found, they are the answer as
#    the scan would give it (same rows, same order), and the rest of the book is never read.
# 2. otherwise the longest word's contacts are those its string finds plus those whose
#    name holds its letters in order (one pass over the (archived, search_name) index,
#    names only), and the query runs on them.
#
# Fetching a contact by id costs several times what the scan spends on it, so when the
# index finds more than NARROW_MAX contacts (a word half the book holds) the query scans
# as before; so does a query of words shorter than TRIGRAM letters.

TRIGRAM = 3
NARROW_MAX = 12_000


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts_word(word: str) -> str:
    """The FTS5 query for a word's tiers 0-2: its text anywhere, or its phone digits."""
    digits = phone_digits(word)
    found = _fts_string(word)
    return f"({found} OR {_fts_string(digits)})" if digits and digits != word else found


def _has_trigram() -> bool:
    if _postgres():
        return False
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'contact_trigram'"
    return Contact._meta.database.execute_sql(sql).fetchone() is not None


_TRIGRAM_IDS = 'SELECT rowid FROM "contact_trigram" WHERE "contact_trigram" MATCH ?'


def _trigram_count(match: str) -> int:
    """How many contacts the index finds, counted up to NARROW_MAX + 1 (it stops there)."""
    sql = f"SELECT count(*) FROM ({_TRIGRAM_IDS} LIMIT {NARROW_MAX + 1})"
    return Contact._meta.database.execute_sql(sql, (match,)).fetchone()[0]


def _in_trigram(match: str) -> Expression:
    return NodeList((Contact.id, SQL(f"IN ({_TRIGRAM_IDS})", [match])))


def _fuzzy_ids(word: str, include_archived: bool) -> list[int]:
    """Up to NARROW_MAX + 1 contacts whose name holds the word's letters in order (the name index alone)."""
    query = _visible(Contact.select(Contact.id), include_archived).where(_like(Contact.search_name, _in_order(word)))
    return [row[0] for row in query.limit(NARROW_MAX + 1).tuples()]


def _narrowed(words: list[str], limit: int | None, include_archived: bool, candidates: int | None):
    """The candidates from the trigram index (see above), or None when the query should scan."""
    long = [word for word in words if len(word) >= TRIGRAM]
    if not long or not _has_trigram():
        return None
    if limit:
        match = " AND ".join(map(_fts_word, long))
        if _trigram_count(match) > NARROW_MAX:
            return None
        rows = _candidates(words, candidates, include_archived, _in_trigram(match))
        if len(rows) >= limit and sum(rows[limit - 1][len(COLUMNS):]) < FUZZY:
            return rows
    word = max(long, key=len)
    database = Contact._meta.database
    ids = {row[0] for row in database.execute_sql(f"{_TRIGRAM_IDS} LIMIT {NARROW_MAX + 1}", (_fts_word(word),))}
    if len(ids) > NARROW_MAX:
        return None
    ids.update(_fuzzy_ids(word, include_archived))
    if len(ids) > NARROW_MAX:
        return None
    within = NodeList((Contact.id, SQL("IN (SELECT value FROM json_each(?))", [json.dumps(sorted(ids))])))
    return _candidates(words, candidates, include_archived, within)


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
    if len(words) == 1 and limit:
        # One word and enough names starting with it: those come first whatever else
        # matches, already in their final order (tier 0, then archived, name, id), and
        # the index finds them without reading the rest of the book.
        rows = _prefix_rows(words[0], limit, include_archived)
        if len(rows) == limit:
            return [_found(row, EXACT_PREFIX) for row in rows]
    candidates = None if limit is None else max(CANDIDATES, limit)
    rows = _narrowed(words, limit, include_archived, candidates)
    if rows is None:
        rows = _candidates(words, candidates, include_archived)
    found = rank_rows(words, rows, limit)
    if (limit is None or len(found) < limit) and may_have_typos(words):
        wanted = None if limit is None else limit - len(found)
        found += _with_slips(words, wanted, include_archived, {contact.id for contact in found})
    return found


def _glob_in_order(letters: str) -> Expression:
    """search_name holds these letters in order: GLOB, twice as quick as LIKE here (the column is
    case-folded already, and GLOB folds nothing); its wildcards typed are taken literally as [*].
    PostgreSQL has no GLOB: LIKE there."""
    if _postgres():
        return _like(Contact.search_name, _in_order(letters))
    pattern = "*" + "*".join(f"[{char}]" if char in "*?[" else char for char in letters) + "*"
    return NodeList((Contact.search_name, SQL("GLOB"), Value(pattern, converter=False)))


def _with_slips(words: list[str], limit: int | None, include_archived: bool, found: set[int]) -> list[Found]:
    """Tier 4 (core/name_typos.py): names every word matches with at most one slip, none of `found`.

    One pass over the (archived, search_name) index, names only, then the chosen rows by id.
    """
    query = _visible(Contact.select(Contact.id, Contact.search_name), include_archived)
    for word in sorted(words, key=len, reverse=True):
        query = query.where(_any([_glob_in_order(variant) for variant in typo_variants(word)]))
    candidates = (row for row in query.limit(TYPO_CANDIDATES).tuples() if row[0] not in found)
    chosen = typo_order(words, candidates)[:limit]
    rows = {row[0]: row for row in Contact.select(*COLUMNS).where(Contact.id.in_(chosen)).tuples()} if chosen else {}
    return [_found(rows[contact_id], TYPO * len(words)) for contact_id in chosen if contact_id in rows]

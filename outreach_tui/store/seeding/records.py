"""The seeder's working records, its fast random draws and its day arithmetic.

Short names used throughout the seeder: `o` a day as a proleptic ordinal
(`date.toordinal()`: cheap to add, compare and count working days on), `T` today's
ordinal, `c` a `SeedContact`, `ix` a `SeedInteraction`, `rel` a relationship.
"""

from __future__ import annotations

import random

from outreach_tui.core import vocab

# Vocabulary (checked against core.vocab at import, so a rename fails loudly)
CLIENT, PAST, PROSPECT, SUPPLIER, COLLEAGUE = "client", "past_client", "prospect", "supplier", "colleague"
CONNECTED, VOICEMAIL, NO_ANSWER, OOO, WRONG, DNC, SKIPPED = (
    "connected", "voicemail", "no_answer", "out_of_office", "wrong_number", "do_not_contact", "skipped")
CALL, VISIT, EMAIL, TEXT = "call", "visit", "email", "text"
R_BACK, R_LIFE, R_CHECK, R_NEGLECT, R_QUOTE, R_REFERRAL, R_FOLLOW, R_THOUGHT = (
    "back_from_absence", "life_event", "check_in", "neglected", "quote_follow_up", "referral",
    "follow_up", "thoughtfulness")

assert {CLIENT, PAST, PROSPECT, SUPPLIER, COLLEAGUE} == set(vocab.RELATIONSHIPS)
assert {CONNECTED, VOICEMAIL, NO_ANSWER, OOO, WRONG, DNC, SKIPPED} == set(vocab.OUTCOMES)
assert {CALL, VISIT, EMAIL, TEXT} <= set(vocab.CHANNELS)
assert {R_BACK, R_LIFE, R_CHECK, R_NEGLECT, R_QUOTE, R_REFERRAL, R_FOLLOW, R_THOUGHT} == set(vocab.REASONS)

RELATIONSHIP_MIX = ((CLIENT, 45), (PAST, 20), (PROSPECT, 15), (SUPPLIER, 10), (COLLEAGUE, 10))

# Roles of the contacts shaped on purpose so that every situation is present today.
ROLE_CHECK_IN = "check_in"
ROLE_NEGLECTED = "neglected"
ROLE_BACK = "back"
ROLE_LIFE = "life"
ROLE_QUOTE = "quote"
ROLE_FOLLOW_UP = "follow_up"
ROLE_REFERRER = "referrer"
ROLE_REFERRED = "referred"
ROLE_AWAY = "away"  # away right now (not a plan item: shows that away people are skipped)
ROLE_DNC = "dnc"


class FastRandom(random.Random):
    """`random.Random` with integer draws taken straight from `random()`.

    The stock `randint` goes through `_randbelow` and costs three times as much; a
    book of 10k contacts makes a few million draws. Still seeded, still reproducible.
    """

    def randrange(self, start, stop=None, step=1):
        if step != 1:
            return super().randrange(start, stop, step)
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))


def workday(o: int) -> bool:
    """Monday to Friday."""
    return (o + 6) % 7 < 5  # date.fromordinal(1) is a Monday


def on_or_before(o: int) -> int:
    while not workday(o):
        o -= 1
    return o


def on_or_after(o: int) -> int:
    while not workday(o):
        o += 1
    return o


class Family:
    """What the rep may know of a contact's family: the source of family notes and life events."""

    __slots__ = ("status", "spouse", "kids", "known")

    def __init__(self, status, spouse, kids, known):
        self.status = status
        self.spouse = spouse
        self.kids = kids  # [(name, age, "son"|"daughter")], oldest first
        self.known = known  # the rep knows about the family (text not empty)


class SeedContact:
    """A contact being made: its row's values plus the seeder's bookkeeping (role, bounds, calls)."""

    __slots__ = (
        "idx", "id", "rel", "first", "last", "gender", "age", "company", "domain", "title", "phone",
        "email", "tz", "cadence", "value", "since", "purchase", "created", "fam", "family", "notes",
        "role", "start", "limit", "featured", "ixs", "used", "snoozed", "team",
    )

    def __init__(self, idx: int, rel: str):
        self.idx = idx
        self.rel = rel
        self.role = None
        self.featured = False
        self.ixs = []
        self.used = set()  # membership only, never iterated
        self.snoozed = None
        self.since = None
        self.purchase = None


class SeedInteraction:
    """One call, visit, e-mail or text being made; `o` is its day, `secs` its time of day."""

    __slots__ = ("o", "c", "channel", "reason", "outcome", "duration", "notes", "their_view",
                 "follow_up", "session", "inbound", "seq", "secs", "id", "session_id")

    def __init__(self, o, c, channel, reason, outcome, seq):
        self.o = o
        self.c = c
        self.channel = channel
        self.reason = reason
        self.outcome = outcome
        self.seq = seq
        self.notes = ""
        self.their_view = ""
        self.follow_up = None
        self.inbound = False
        self.duration = 0
        self.secs = 0
        self.id = None
        self.session_id = None


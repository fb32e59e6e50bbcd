"""The book being made: state shared by every situation, small helpers, and the last touches.

`BookBuilder` gathers the situations, one module each: contacts and companies
(contacts.py), a year of history (history.py), absences and life events
(moments.py), quotes and referrals (quotes.py) and cards (cards.py). writing.py
calls them in a fixed order and writes the rows; every draw comes from the one
seeded `rng`, so the order of calls is part of what makes a seed give its book.
"""

from __future__ import annotations

import random
from datetime import date
from types import SimpleNamespace

from outreach_tui.core.money import CardCosts
from outreach_tui.store.seeding.cards import MakingCards
from outreach_tui.store.seeding.contacts import MakingContacts
from outreach_tui.store.seeding.history import MakingHistory
from outreach_tui.store.seeding.moments import MakingMoments
from outreach_tui.store.seeding.quotes import MakingQuotes
from outreach_tui.store.seeding.records import (
    CALL,
    CLIENT,
    CONNECTED,
    DNC,
    PAST,
    PROSPECT,
    R_CHECK,
    R_NEGLECT,
    ROLE_DNC,
    VISIT,
    SeedContact,
    SeedInteraction,
    on_or_after,
    workday,
)


class BookBuilder(MakingContacts, MakingHistory, MakingMoments, MakingQuotes, MakingCards):
    """Makes a book in memory, as plain rows that writing.py inserts."""

    def __init__(self, fake, rng: random.Random, today: date, rep: str, n: int, words: SimpleNamespace):
        self.fake = fake
        self.words = words  # the lists of words.SPEC, from seed_data/demo/
        self.rng = rng
        self.today = today
        self.T = today.toordinal()
        self.rep = rep  # the trainee: the history is the colleagues'
        self.colleagues: list[str] = []  # set by seed_book
        self.n = n
        self.seq = 0
        self.contacts: list[SeedContact] = []
        self.ixs: list[SeedInteraction] = []
        self.quotes: list[list] = []  # [c, description, amount, sent, status, decided, followed]
        self.events: list[list] = []  # [c, kind, month, day, year, yearly, note, acknowledged]
        self.absences: list[list] = []  # [c, place, why, starts, returns, acknowledged]
        self.referrals: list[list] = []  # [referrer, ix, prospect, given, called]
        # [c, kind, reason, status, note, created, written, mailed, response, responded, ix, event]
        self.cards: list[list] = []
        self.card_cost = CardCosts().total_cents
        self.card_minutes = CardCosts().minutes
        self._iso: dict[int, str] = {}
        self.emails: set[str] = set()  # membership only

    # -- small helpers ----------------------------------------------------

    def iso(self, o: int | None) -> str | None:
        if o is None:
            return None
        text = self._iso.get(o)
        if text is None:
            text = self._iso[o] = date.fromordinal(o).isoformat()
        return text

    def pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def spread(self, o: int, floor: int) -> int:
        """A weekend day moved to a random working day of its week (never before floor),
        so that Mondays do not collect every weekend's calls."""
        if workday(o):
            return o
        o = o - (o + 6) % 7 + self.rng.randrange(5)
        return max(o, on_or_after(floor))

    def fill(self, template: str, c: SeedContact, **extra) -> str:
        rng = self.rng
        values = {"first": c.first, "team": c.team}
        if "{city}" in template:
            values["city"] = self.words.cities[rng.randrange(len(self.words.cities))]
        if "{product}" in template:
            values["product"] = self.words.products[rng.randrange(len(self.words.products))][1]
        if "{college}" in template:
            values["college"] = self.words.colleges[rng.randrange(len(self.words.colleges))]
        if "{interest}" in template and "interest" not in extra:
            values["interest"] = self.fill(self.pick(self.words.interest), c)
        if "{business}" in template and "business" not in extra:
            values["business"] = self.fill(self.pick(self.words.business), c)
        if "{personal}" in template and "personal" not in extra:
            values["personal"] = self.personal(c)
        values.update(extra)
        return " ".join(template.format(**values).split())

    def personal(self, c: SeedContact) -> str:
        kids = c.fam.kids if c.fam.known else ()
        if kids and self.chance(0.45):
            name, age, _ = self.pick(kids)
            return self.fill(self.pick(self.words.kid_personal), c, kid=name)
        if self.chance(0.2):
            return ""
        return self.fill(self.pick(self.words.personal), c)

    # -- finishing --------------------------------------------------------

    def finish_contacts(self) -> None:
        rng, T = self.rng, self.T
        for c in self.contacts:
            if c.role == ROLE_DNC:
                last = max((ix.o for ix in c.ixs), default=c.limit - 10)
                ix = self.add(c, max(last + rng.randint(3, 40), c.start), CALL, self.pick((R_CHECK, R_NEGLECT)),
                              DNC, force=True)
                if ix is None and c.ixs:
                    ix = max(c.ixs, key=lambda item: item.o)
                    ix.outcome, ix.channel, ix.notes, ix.follow_up = DNC, CALL, self.pick(self.words.dnc_notes), None
                    ix.their_view = ""
        snoozers = [c for c in self.free if c.rel != PROSPECT]
        for _ in range(max(1, self.n // 100)):
            if snoozers:
                self.pick(snoozers).snoozed = T + rng.randint(1, 14)

    def denormalise(self, c: SeedContact) -> dict:
        touch = contact = None
        latest = None
        for ix in c.ixs:
            if contact is None or ix.o > contact:
                contact = ix.o
                latest = ix
            if ix.outcome == CONNECTED and ix.channel in (CALL, VISIT) and (touch is None or ix.o > touch):
                touch = ix.o
        due = None
        if c.rel in (CLIENT, PAST):
            due = (touch or c.since or c.created) + c.cadence
        next_touch = latest.follow_up if latest is not None else None
        return {"touch": touch, "contact": contact, "due": due, "next": next_touch}

    def layout_sessions(self) -> list[list]:
        """Sessions on the days with calls, and a time of day for every interaction."""
        rng = self.rng
        days: dict[int, list[SeedInteraction]] = {}
        for ix in self.ixs:
            days.setdefault(ix.o, []).append(ix)
        sessions = []
        limit = 20 * 3600 + 1800
        for o in sorted(days):
            todays = days[o]
            in_session = [ix for ix in todays if not ix.inbound and ix.channel != VISIT]
            rng.shuffle(in_session)
            per = 12
            groups = [in_session[i:i + per] for i in range(0, len(in_session), per)]
            cursor = 8 * 3600 + rng.randint(0, 18) * 300
            day_sessions = []
            for group in groups:
                start = cursor
                for ix in group:
                    cursor += rng.randint(5, 40)
                    ix.secs = cursor
                    cursor += ix.duration + rng.randint(30, 150)
                end = cursor + rng.randint(30, 240)
                day_sessions.append([start, end, group])
                cursor = end + rng.randint(20, 90) * 60
            if day_sessions and day_sessions[-1][1] > limit:
                base = day_sessions[0][0]
                scale = (limit - base) / (day_sessions[-1][1] - base)
                for row in day_sessions:
                    row[0] = base + int((row[0] - base) * scale)
                    row[1] = base + int((row[1] - base) * scale)
                    for ix in row[2]:
                        ix.secs = base + int((ix.secs - base) * scale)
            for ix in todays:
                if ix.inbound:
                    ix.secs = rng.randint(13 * 3600, 17 * 3600)
                elif ix.channel == VISIT:
                    ix.secs = rng.randint(10 * 3600, 15 * 3600 + 1800)
            for row in day_sessions:
                sessions.append([o, *row])
        return sessions


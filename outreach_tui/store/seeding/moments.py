"""Moments: absences (and the welcome-back call after one) and life events (and how the rep marked them)."""

from __future__ import annotations

from datetime import date

from outreach_tui.core import vocab
from outreach_tui.store.seeding.records import (
    CALL,
    CLIENT,
    COLLEAGUE,
    CONNECTED,
    PAST,
    PROSPECT,
    R_BACK,
    R_LIFE,
    ROLE_LIFE,
    ROLE_REFERRED,
    SUPPLIER,
    VOICEMAIL,
    SeedContact,
    SeedInteraction,
    on_or_after,
    on_or_before,
)


class MakingMoments:
    """The `BookBuilder` part that makes absences and life events."""

    def absence_from(self, ix: SeedInteraction, returns: int | None = None, acknowledge: bool = True,
                     travel: bool = False) -> list:
        """The absence an out-of-office reply announced, and the welcome-back call after it."""
        rng, c = self.rng, ix.c
        place, why, shortest, longest = self.pick(self.words.trips if travel else self.words.absences)
        if why.endswith("ity leave"):
            why = "paternity leave" if c.gender == "m" else "maternity leave" if c.age < 45 else "medical leave"
        starts = ix.o - rng.randint(0, 3)
        if returns is None:
            returns = on_or_after(starts + rng.randint(shortest, longest))
        trip = f"{why} in {place}" if place else why
        back = date.fromordinal(returns)
        ix.notes = f"Out-of-office: {trip}, back {back:%a} {back:%b} {back.day}."
        row = [c, place, why, starts, returns, None]
        self.absences.append(row)
        if acknowledge and returns < self.T:
            outcome = CONNECTED if rng.random() < 0.75 else VOICEMAIL
            notes = None
            if outcome == CONNECTED:
                away = f"the {trip}" if place else "the time off"
                notes = self.fill(self.pick(self.words.welcome_back), c, trip=away)
            welcome = self.add(c, self.spread(returns + rng.randint(0, 2), returns), CALL, R_BACK, outcome,
                               notes=notes)
            if welcome is not None:
                row[5] = welcome.o
        return row

    def md(self) -> tuple[int, int]:
        month = self.rng.randint(1, 12)
        last = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
        return month, self.rng.randint(1, last)

    def last_occurrence(self, month: int, day: int) -> int:
        year = self.today.year
        o = date(year, month, day).toordinal()
        return o if o < self.T else date(year - 1, month, day).toordinal()

    def one_off_note(self, c: SeedContact, kind: str) -> str:
        rng = self.rng
        kids = c.fam.kids if c.fam.known else []
        grown = [kid for kid in kids if kid[1] >= 22]
        teens = [kid for kid in kids if 17 <= kid[1] <= 23]
        if kind == "wedding":
            if grown:
                name, _, rel = self.pick(grown)
                return f"{rel} {name}'s wedding"
            if c.fam.status == "partner" and c.fam.known:
                return f"{c.first}'s own wedding to {c.fam.spouse}"
            return self.pick(self.words.wedding_notes)
        if kind == "graduation":
            if teens:
                name, age, _ = self.pick(teens)
                return f"{name}'s {'high-school' if age < 20 else 'college'} graduation"
            return self.pick(self.words.graduation_notes)
        if kind == "new_baby":
            if c.age >= 48:
                return "first grandchild"
            return self.pick(self.words.new_baby_notes)
        if kind == "promotion":
            return f"promoted to {self.pick(self.words.buyer_titles)}"
        if kind == "retirement":
            return f"retiring after {rng.randint(20, 38)} years" if c.age >= 57 else "boss retiring; farewell party"
        if kind == "funeral":
            return self.pick(self.words.funeral_notes)
        return self.pick(self.words.other_notes)

    def event(self, c: SeedContact, kind: str, o: int | None = None, *, yearly: bool = False,
              month: int | None = None, day: int | None = None, year: int | None = None, note: str = "") -> list:
        if o is not None:
            when = date.fromordinal(o)
            month, day, year = when.month, when.day, when.year
        row = [c, kind, month, day, year, yearly, note, None]
        self.events.append(row)
        return row

    def acknowledge(self, row: list, when: int) -> None:
        """The rep marked the moment: a call for birthdays and anniversaries, a card for the rest."""
        rng, c, kind = self.rng, row[0], row[1]
        if when >= self.T or when < c.start or when > c.limit:
            return
        if kind in ("birthday", "anniversary") and rng.random() < 0.6:
            outcome = CONNECTED if rng.random() < 0.6 else VOICEMAIL
            what = "a happy birthday" if kind == "birthday" else "a happy anniversary"
            notes = (f"Called to wish {c.first} {what}. {self.personal(c)}" if outcome == CONNECTED
                     else f"Left {what} voicemail.")
            ix = self.add(c, on_or_before(when), CALL, R_LIFE, outcome, notes=" ".join(notes.split()))
            if ix is not None:
                row[7] = ix.o
            return
        created = max(when - rng.randint(0, 5), c.start)
        if created >= self.T:
            return
        card_kind = vocab.CARD_FOR_EVENT[kind]
        if card_kind == "sympathy":
            text = self.words.sympathy_card
        elif card_kind == "encouragement":
            text = self.words.encouragement_card
        elif kind == "birthday":
            text = self.words.birthday_card
        elif kind == "anniversary":
            text = self.words.anniversary_card
        else:
            text = self.words.congratulations_card
        self.card(c, card_kind, R_LIFE, text, created, None, row, respond=not c.featured)
        row[7] = created

    def build_life_events(self) -> None:
        rng, T = self.rng, self.T
        window_kinds = []
        for c in self.contacts:
            if c.role == ROLE_REFERRED:
                continue
            # Birthdays and wedding anniversaries, every year.
            p_birthday = {CLIENT: 0.55, PAST: 0.4, SUPPLIER: 0.45, COLLEAGUE: 0.7, PROSPECT: 0.1}[c.rel]
            if c.role != ROLE_LIFE and rng.random() < p_birthday:
                month, day = self.md()
                year = self.today.year - c.age if rng.random() < 0.6 else None
                row = self.event(c, "birthday", yearly=True, month=month, day=day, year=year)
                last = self.last_occurrence(month, day)
                if T - last <= 330 and rng.random() < 0.5:
                    self.acknowledge(row, last)
            if c.fam.known and c.fam.status == "married" and rng.random() < 0.3:
                month, day = self.md()
                years = rng.randint(2, max(3, c.age - 22))
                row = self.event(c, "anniversary", yearly=True, month=month, day=day,
                                 year=self.today.year - years, note=f"wedding anniversary with {c.fam.spouse}")
                last = self.last_occurrence(month, day)
                if T - last <= 330 and rng.random() < 0.4:
                    self.acknowledge(row, last)
            # One-off moments, past and coming.
            if c.rel != PROSPECT and rng.random() < 0.08:
                kind = rng.choices(("wedding", "graduation", "new_baby", "promotion", "retirement", "funeral", "other"),
                                   (20, 20, 12, 18, 10, 15, 5))[0]
                o = T + rng.randint(-330, 150)
                if c.featured and T - 2 <= o <= T + 9:
                    o = T - rng.randint(20, 330)  # keep the shaped contacts' weeks tidy
                row = self.event(c, kind, o, note=self.one_off_note(c, kind))
                if o < T and rng.random() < 0.85:
                    self.acknowledge(row, o)
            if c.role == ROLE_LIFE:
                window_kinds.append(c)
        # The shaped ones: a wedding or a funeral in the next few days, a birthday, and another.
        for i, c in enumerate(window_kinds):
            if i % 3 == 1:
                days = [date.fromordinal(T + k) for k in range(7)]
                when = self.pick([d for d in days if (d.month, d.day) != (2, 29)])
                year = self.today.year - c.age if rng.random() < 0.7 else None
                self.event(c, "birthday", yearly=True, month=when.month, day=when.day, year=year)
            else:
                kind = self.pick(("wedding", "funeral")) if i == 0 else self.pick(("wedding", "funeral", "graduation"))
                self.event(c, kind, T + rng.randint(0, 5), note=self.one_off_note(c, kind))


"""Quotes (and the follow-up calls on them) and referrals (the call that gave one, the call to the person)."""

from __future__ import annotations

import math

from outreach_tui.store.seeding.records import (
    CALL,
    CLIENT,
    CONNECTED,
    PAST,
    PROSPECT,
    R_CHECK,
    R_QUOTE,
    R_REFERRAL,
    R_THOUGHT,
    ROLE_DNC,
    ROLE_QUOTE,
    ROLE_REFERRED,
    VOICEMAIL,
    SeedContact,
    on_or_before,
)


class MakingQuotes:
    """The `BookBuilder` part that makes quotes and referrals."""

    def referral(self, referrer: SeedContact, prospect: SeedContact, given: int, called: int | None) -> None:
        rng = self.rng
        prospect.created = prospect.start = given
        what = self.pick(self.words.products)[1]
        note = (f"Asked who else could use our help — {referrer.first} gave me {prospect.first} {prospect.last} "
                f"at {prospect.company}, who needs {what}.")
        ix = self.add(referrer, given, CALL, self.pick((R_CHECK, R_THOUGHT)), CONNECTED, force=True, notes=note)
        if ix is None:
            return
        prospect.created = prospect.start = ix.o
        if called is not None:
            first = self.add(prospect, called, CALL, R_REFERRAL, CONNECTED if rng.random() < 0.65 else VOICEMAIL,
                             notes=f"Called on {referrer.first} {referrer.last}'s recommendation. "
                                   + self.fill("{interest}", prospect))
            called = first.o if first else None
            if first is not None:
                prospect.start = first.o + 1
        self.referrals.append([referrer, ix, prospect, ix.o, called])
        if rng.random() < 0.6:
            created = min(ix.o + rng.randint(0, 2), self.T - 1)
            self.card(referrer, "thank_you", R_REFERRAL, self.words.referral_thanks, created, ix, None, respond=False)

    def describe_quote(self) -> str:
        rng = self.rng
        text = self.pick(self.words.products)[0]
        return text.format(city=self.pick(self.words.cities), count=rng.randint(2, 8))

    def amount(self) -> int:
        dollars = min(max(self.rng.lognormvariate(math.log(6000), 1.1), 500), 80000)
        step = 50 if dollars > 5000 else 5
        return max(500, int(dollars / step) * step) * 100

    def quote(self, c: SeedContact, sent: int, *, status: str | None = None, followed: bool | None = None) -> None:
        rng, T = self.rng, self.T
        age = T - sent
        if status is None:
            if age < 8:
                status = "open"
            elif age <= 45:
                roll = rng.random()
                status = "open" if roll < 0.45 else "won" if roll < 0.75 else "lost"
            else:
                status = "won" if rng.random() < 0.5 else "lost"
        decided = None
        if status != "open":
            decided = min(sent + rng.randint(5, 40), T - 1)
            if status == "won" and c.purchase is not None and decided > c.purchase:
                if c.purchase >= T - 170:
                    c.purchase = decided
                else:
                    status = "lost"  # a neglected customer did not buy it
            elif status == "won" and c.purchase is None:
                status = "lost"  # only customers buy; a prospect who says yes is entered as a client
        row = [c, self.describe_quote(), self.amount(), sent, status, decided, None]
        self.quotes.append(row)
        if followed is None:
            followed = rng.random() < (0.75 if status == "open" else 0.5)
        if followed and (decided or T) - sent > 6:
            end = (decided or T) - 1
            o = self.spread(sent + rng.randint(5, max(5, end - sent)), sent + 1)
            outcome = CONNECTED if rng.random() < 0.6 else VOICEMAIL
            amount = f"${row[2] // 100:,}"
            if outcome == CONNECTED:
                tail = {"won": "they're ready to go ahead.", "lost": "they went with a cheaper option.",
                        "open": self.pick(self.words.still_open)}[status]
                notes = f"Followed up on the {amount} quote for {row[1]}; {tail}"
            else:
                notes = f"Left a voicemail about the {amount} quote for {row[1]}."
            ix = self.add(c, o, CALL, R_QUOTE, outcome, notes=notes)
            if ix is not None and (decided is None or ix.o <= decided):
                row[6] = ix.o

    def build_quotes(self) -> None:
        rng, T = self.rng, self.T
        for c in self.contacts:
            if c.role == ROLE_QUOTE:
                self.quote(c, on_or_before(T - rng.randint(8, 30)), status="open", followed=False)
            if c.role in (ROLE_REFERRED, ROLE_DNC):
                continue
            if c.rel == CLIENT:
                count = rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]
            elif c.rel in (PROSPECT, PAST):
                count = 1 if rng.random() < 0.3 else 0
            else:
                count = 0
            first = max(c.created, T - 365)
            for _ in range(count):
                if first >= T - 1:
                    break
                sent = self.spread(rng.randint(first, T - 1), first)
                if sent >= T:
                    continue
                if sent < first:
                    continue
                self.quote(c, sent, followed=None if not c.featured else False)


"""A year of history: calls, visits, e-mails and texts on each contact's cadence, and their notes."""

from __future__ import annotations

from outreach_tui.store.seeding.records import (
    CALL,
    CLIENT,
    CONNECTED,
    DNC,
    EMAIL,
    NO_ANSWER,
    OOO,
    PAST,
    PROSPECT,
    R_CHECK,
    R_FOLLOW,
    R_NEGLECT,
    R_QUOTE,
    R_REFERRAL,
    R_THOUGHT,
    ROLE_AWAY,
    ROLE_BACK,
    ROLE_CHECK_IN,
    ROLE_DNC,
    ROLE_FOLLOW_UP,
    ROLE_NEGLECTED,
    ROLE_REFERRED,
    SKIPPED,
    SUPPLIER,
    TEXT,
    VISIT,
    VOICEMAIL,
    WRONG,
    SeedContact,
    SeedInteraction,
    on_or_after,
    on_or_before,
    workday,
)


class MakingHistory:
    """The `BookBuilder` part that makes the year of interactions."""

    def add(self, c: SeedContact, o: int, channel: str, reason: str, outcome: str, *, force: bool = False,
            notes: str | None = None) -> SeedInteraction | None:
        """An interaction on the first free working day from o, within the contact's bounds."""
        T = self.T
        bound = T - 1 if force else min(T - 1, c.limit)
        if o < c.start:
            o = c.start
        o = self.spread(o, c.start)
        while not workday(o) or o in c.used:
            o += 1
        if o > bound:
            return None
        self.seq += 1
        ix = SeedInteraction(o, c, channel, reason, outcome, self.seq)
        c.used.add(o)
        c.ixs.append(ix)
        self.ixs.append(ix)
        rng = self.rng
        if outcome == CONNECTED:
            if channel in (EMAIL, TEXT):
                ix.duration = rng.randint(30, 240)
            elif channel == VISIT:
                ix.duration = rng.randint(300, 900)
            else:
                ix.duration = int(rng.triangular(30, 900, 180))
        elif outcome == VOICEMAIL:
            ix.duration = rng.randint(20, 60)
        elif outcome in (NO_ANSWER, WRONG):
            ix.duration = rng.randint(10, 40)
        elif outcome == OOO:
            ix.duration = rng.randint(15, 45)
        elif outcome == DNC:
            ix.duration = rng.randint(20, 90)
        ix.notes = notes if notes is not None else self.note_for(ix)
        if outcome == CONNECTED and channel in (CALL, VISIT) and rng.random() < 0.3:
            ix.their_view = self.pick(self.words.their_view)
        return ix

    def note_for(self, ix: SeedInteraction) -> str:
        c, outcome, channel = ix.c, ix.outcome, ix.channel
        fill = self.fill
        if outcome == VOICEMAIL:
            return fill(self.pick(self.words.voicemails), c)
        if outcome == NO_ANSWER:
            if channel == EMAIL:
                return fill(self.pick(self.words.emails_unanswered), c)
            if channel == TEXT:
                return fill(self.pick(self.words.texts_unanswered), c)
            return self.pick(self.words.no_answers)
        if outcome == WRONG:
            return fill(self.pick(self.words.wrong_numbers), c)
        if outcome == SKIPPED:
            return fill(self.pick(self.words.skips), c)
        if outcome == DNC:
            return self.pick(self.words.dnc_notes)
        if outcome == OOO:
            return "Out-of-office auto-reply."  # replaced once the absence is known
        if channel == EMAIL:
            return fill(self.pick(self.words.emails_answered), c)
        if channel == TEXT:
            return fill(self.pick(self.words.texts_answered), c)
        if channel == VISIT:
            return fill(self.pick(self.words.visits), c)
        reason = ix.reason
        if reason == R_NEGLECT:
            words = self.words
            return f"{self.pick(words.neglected_openers)} {self.pick(words.neglected_why)} {fill('{interest}', c)}"
        if reason == R_FOLLOW:
            return fill(self.pick(self.words.follow_ups), c)
        if reason == R_THOUGHT:
            return fill(self.pick(self.words.thoughtful), c)
        if reason == R_REFERRAL:
            return fill(self.words.referral_note, c)
        if reason == R_QUOTE:
            return fill(self.words.quote_note, c)
        parts = [fill(self.pick(self.words.openers), c), fill(self.pick(self.words.business), c)]
        if self.chance(0.7):
            parts.append(fill(self.pick(self.words.interest), c))
        parts.append(self.personal(c))
        parts.append(fill(self.pick(self.words.asks), c))
        return " ".join(part for part in parts if part)

    def channel_for(self, c: SeedContact) -> str:
        roll = self.rng.random()
        if roll < 0.82:
            return CALL
        if roll < 0.89:
            return VISIT if c.rel in (CLIENT, SUPPLIER) else CALL
        return EMAIL if roll < 0.96 else TEXT

    def outcome_for(self, c: SeedContact, channel: str) -> str:
        roll = self.rng.random()
        if channel == VISIT:
            return CONNECTED if roll < 0.92 else SKIPPED if roll < 0.96 else NO_ANSWER
        if channel in (EMAIL, TEXT):
            return CONNECTED if roll < 0.6 else NO_ANSWER
        if roll < 0.44:
            return CONNECTED
        if roll < 0.72:
            return VOICEMAIL
        if roll < 0.87:
            return NO_ANSWER
        if roll < 0.94:
            return SKIPPED
        if roll < 0.985:
            return OOO if not c.featured else VOICEMAIL
        return WRONG if not c.featured else NO_ANSWER

    def chain(self, c: SeedContact, o: int, reason: str, tries: int, depth: int = 0) -> int | None:
        """One attempt to reach someone: a few tries on different days until they answer.

        Returns the day of the last try, or None when they were reached (or are away)."""
        rng = self.rng
        last = None
        for _ in range(tries):
            channel = self.channel_for(c)
            outcome = self.outcome_for(c, channel)
            ix = self.add(c, o, channel, reason, outcome)
            if ix is None:
                return last
            last = ix.o
            if outcome == OOO:
                self.absence_from(ix)
                return None
            if outcome in (WRONG, DNC):
                return last
            if outcome == CONNECTED and channel in (EMAIL, TEXT):
                return last  # a reply is nice, but only a conversation counts as the check-in
            if outcome == CONNECTED:
                if not c.featured and depth == 0 and rng.random() < 0.14:
                    ix.follow_up = self.spread(ix.o + rng.randint(5, 40), ix.o + 1)
                    ix.notes = f"{ix.notes} {self.fill(self.pick(self.words.follow_ups_promised), c)}"
                    if ix.follow_up < self.T and rng.random() < 0.8:
                        self.chain(c, ix.follow_up, R_FOLLOW, 2, depth + 1)
                return None
            o = self.spread(ix.o + rng.randint(2, 6), ix.o + 1)
        return last

    def history(self, c: SeedContact) -> None:
        """A year of calls: check-ins on the contact's cadence for customers, a few calls for others."""
        rng = self.rng
        first, last = c.start, min(self.T - 1, c.limit)
        if first > last:
            return
        if c.rel in (CLIENT, PAST):
            neglected = c.purchase is not None and c.purchase < self.T - 190
            skip = 0.1 if c.rel == CLIENT else 0.35
            o = first + rng.randrange(c.cadence)
            while o <= last:
                missed = None
                if rng.random() >= skip:
                    reason = R_NEGLECT if neglected and rng.random() < 0.5 else R_CHECK
                    if rng.random() < 0.06:
                        reason = R_THOUGHT
                    missed = self.chain(c, o, reason, 3)
                if missed is not None and c.rel == CLIENT:
                    o = missed + rng.randint(10, 25)  # not reached: try again in a few weeks
                else:
                    o += c.cadence + rng.randint(-18, 8)  # a diligent rep calls a little before it is due
            extras = rng.randint(0, 2) if c.rel == CLIENT else rng.randint(0, 1)
        else:
            extras = rng.randint(1, 4)
        span = last - first
        for _ in range(extras):
            o = first + rng.randint(0, span)
            if c.rel == PROSPECT:
                reason = self.pick((R_FOLLOW, R_CHECK))
            else:
                reason = self.pick((R_CHECK, R_CHECK, R_THOUGHT))
            self.chain(c, o, reason, rng.randint(1, 2))

    def build_history(self) -> None:
        rng, T = self.rng, self.T
        year_ago = T - 365
        for c in self.contacts:
            c.start = max(c.created, year_ago)
            c.limit = T - 1
        # Referrals: decided before any history so both sides' calls land on the right days.
        for referrer, prospect in self.featured_referrals:
            given = on_or_before(T - rng.randint(1, 6))
            given = max(given, referrer.start)
            referrer.limit = given - 1
            prospect.created = prospect.start = given
            prospect.limit = given - 1  # not called yet: no history at all
            self.referral(referrer, prospect, given, None)
        free_prospects = [c for c in self.free if c.rel == PROSPECT]
        givers = [c for c in self.free if c.rel in (CLIENT, PAST)]
        self.rng.shuffle(free_prospects)
        count = min(len(free_prospects) // 2, max(1, self.n // 40)) if givers else 0
        for prospect in free_prospects[:count]:
            referrer = self.pick(givers)
            given = self.spread(T - rng.randint(20, 330), T - 330)
            called = on_or_after(given + rng.randint(1, 9))
            prospect.created = prospect.start = given
            self.referral(referrer, prospect, given, called)
        # Contacts shaped on purpose.
        follow_ups = 0
        for c in self.contacts:
            role = c.role
            if role == ROLE_CHECK_IN:
                due = T - rng.randint(0, 20)
                touch = on_or_before(due - c.cadence)
                c.limit = touch - 1
                self.history(c)
                ix = self.add(c, touch, CALL, R_CHECK, CONNECTED, force=True)
                ix.their_view = "Glad we caught up."
            elif role == ROLE_NEGLECTED:
                c.limit = T - 41
                self.history(c)
            elif role == ROLE_BACK:
                starts = on_or_before(T - rng.randint(4, 18))
                c.limit = starts - 1
                self.history(c)
                ix = self.add(c, starts, CALL, self.pick((R_CHECK, R_QUOTE)), OOO, force=True)
                self.absence_from(ix, returns=T, travel=c.idx % 2 == 0 or self.chance(0.5))
            elif role == ROLE_AWAY:
                starts = on_or_before(T - rng.randint(1, 10))
                c.limit = starts - 1
                self.history(c)
                ix = self.add(c, starts, CALL, R_CHECK, OOO, force=True)
                if ix is not None:
                    self.absence_from(ix, returns=on_or_after(T + rng.randint(1, 21)))
            elif role == ROLE_FOLLOW_UP:
                when = on_or_before(T - rng.randint(3, 14))
                c.limit = when - 1
                self.history(c)
                ix = self.add(c, when, CALL, self.pick((R_CHECK, R_QUOTE)), CONNECTED, force=True)
                if ix is None:
                    continue
                ix.follow_up = T if not follow_ups else T - 2  # one due today, the next two days late
                follow_ups += 1
                ix.notes = f"{ix.notes} {self.fill(self.pick(self.words.follow_ups_promised), c)}"
            elif role == ROLE_DNC:
                c.limit = T - rng.randint(12, 150)
                self.history(c)
            elif role == ROLE_REFERRED:
                continue
            else:
                self.history(c)

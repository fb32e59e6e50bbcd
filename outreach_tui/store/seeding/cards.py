"""Handwritten cards: thank-yous and notes for life events, their status, and what came of them."""

from __future__ import annotations

from outreach_tui.store.seeding.records import (
    CALL,
    CLIENT,
    CONNECTED,
    PAST,
    PROSPECT,
    R_NEGLECT,
    R_THOUGHT,
    ROLE_DNC,
    SUPPLIER,
    VISIT,
    SeedContact,
    SeedInteraction,
    on_or_before,
)


class MakingCards:
    """The `BookBuilder` part that makes cards."""

    def card(self, c: SeedContact, kind: str, reason: str, note: str, created: int, ix: SeedInteraction | None,
             event: list | None, respond: bool = True, status: str | None = None) -> None:
        rng, T = self.rng, self.T
        age = T - created
        written = mailed = None
        if status is not None:
            pass
        elif age <= 3:
            status = "to_write" if rng.random() < 0.8 else "written"
        elif age <= 8:
            status = "written" if rng.random() < 0.4 else "mailed"
        else:
            status = "mailed"
        if status != "to_write":
            written = min(created + rng.randint(0, 2), T - 1)
        if status == "mailed":
            mailed = min(written + rng.randint(0, 1), T - 1)
        row = [c, kind, reason, status, self.fill(note, c), created, written, mailed, "", None, ix, event]
        self.cards.append(row)
        if status == "mailed" and respond and not c.featured and T - mailed > 4 and rng.random() < 0.3:
            self.respond(row)

    def respond(self, row: list) -> None:
        rng, T = self.rng, self.T
        c = row[0]
        customer = c.rel in (CLIENT, PAST)
        choices = ("called_back", "order_increased", "new_items_quoted", "referral") if customer else \
            ("called_back", "called_back", "referral")
        response = self.pick(choices)
        responded = min(self.spread(row[7] + rng.randint(3, 21), row[7] + 1), T - 1)
        if row[1] == "sympathy":
            response = "called_back"  # nobody orders off a sympathy card
        if response == "called_back":
            ix = self.add(c, responded, CALL, R_THOUGHT if row[2] != R_NEGLECT else R_NEGLECT, CONNECTED,
                          notes=self.fill(f"{{first}} called back after getting the card. {{personal}}", c))
            if ix is None:
                return
            ix.inbound = True
            responded = ix.o
        elif response == "order_increased":
            c.purchase = max(c.purchase or responded, responded)
        elif response == "new_items_quoted":
            self.quote(c, on_or_before(responded), followed=None)
        row[8], row[9] = response, responded

    def build_cards(self) -> None:
        rng, T = self.rng, self.T
        free = [c for c in self.free if c.rel != PROSPECT]
        if not free:
            free = [c for c in self.contacts if c.rel != PROSPECT and c.role != ROLE_DNC]
        if not free:
            return
        count = max(4, round(self.n * 0.2))
        for i in range(count):
            c = self.pick(free)
            if c.rel in (CLIENT, PAST):
                kind, reason = "thank_you", R_NEGLECT if (c.purchase or T) < T - 182 else R_THOUGHT
                note = self.pick(self.words.thanks_cards)
            elif c.rel == SUPPLIER:
                kind, reason, note = "thank_you", R_THOUGHT, self.pick(self.words.supplier_cards)
            else:
                kind, reason, note = "thank_you", R_THOUGHT, self.pick(self.words.colleague_cards)
            if rng.random() < 0.07:
                kind, reason, note = "encouragement", R_THOUGHT, self.pick(self.words.encouragement_cards)
            talks = [ix for ix in c.ixs if ix.outcome == CONNECTED and ix.channel in (CALL, VISIT)]
            recent = i < 3  # a few waiting to be written today
            if recent:
                talks = [ix for ix in talks if ix.o >= T - 3]
            if talks:
                ix = self.pick(talks)
                created = ix.o
            else:
                ix = None
                created = T - rng.randint(1, 3) if recent else max(c.start, T - rng.randint(1, 365))
                if created >= T:
                    continue
            self.card(c, kind, reason, note, created, ix, None, status="to_write" if i < 2 else None)


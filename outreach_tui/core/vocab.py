"""The stable strings PRODUCT.md promises: they appear in JSON, CSV and the database."""

from __future__ import annotations

REASONS = (
    "back_from_absence",
    "life_event",
    "check_in",
    "neglected",
    "quote_follow_up",
    "referral",
    "follow_up",
    "thoughtfulness",
)

OUTCOMES = (
    "connected",
    "voicemail",
    "no_answer",
    "out_of_office",
    "wrong_number",
    "do_not_contact",
    "skipped",
)

CHANNELS = ("call", "visit", "email", "card", "text")

# Only a conversation by phone or face to face resets the 90-day clock (seeds/003).
PERSONAL_CHANNELS = ("call", "visit")

RELATIONSHIPS = ("client", "past_client", "prospect", "supplier", "colleague")

# Relationships that bought from the rep and so get check-ins and neglect warnings.
CUSTOMER_RELATIONSHIPS = ("client", "past_client")

CARD_KINDS = ("thank_you", "congratulations", "sympathy", "encouragement")

CARD_STATUSES = ("to_write", "written", "mailed")

CARD_RESPONSES = ("called_back", "order_increased", "new_items_quoted", "referral")

QUOTE_STATUSES = ("open", "won", "lost")

LIFE_EVENT_KINDS = (
    "birthday",
    "anniversary",
    "wedding",
    "graduation",
    "new_baby",
    "promotion",
    "retirement",
    "funeral",
    "other",
)

# The card each life event calls for (seeds/001: weddings and graduations get
# congratulations, a funeral gets sympathy).
CARD_FOR_EVENT = {
    "birthday": "congratulations",
    "anniversary": "congratulations",
    "wedding": "congratulations",
    "graduation": "congratulations",
    "new_baby": "congratulations",
    "promotion": "congratulations",
    "retirement": "congratulations",
    "funeral": "sympathy",
    "other": "encouragement",
}

REASON_LABELS = {
    "back_from_absence": "Back from absence",
    "life_event": "Life events",
    "check_in": "Check-ins",
    "neglected": "Neglected customers",
    "quote_follow_up": "Quote follow-ups",
    "referral": "Referrals to call",
    "follow_up": "Follow-ups you set",
    "thoughtfulness": "Thoughtfulness",
}

OUTCOME_LABELS = {
    "connected": "Connected",
    "voicemail": "Voicemail",
    "no_answer": "No answer",
    "out_of_office": "Out of office",
    "wrong_number": "Wrong number",
    "do_not_contact": "Do not contact",
    "skipped": "Skipped",
}

EVENT_LABELS = {
    "birthday": "birthday",
    "anniversary": "anniversary",
    "wedding": "wedding",
    "graduation": "graduation",
    "new_baby": "new baby",
    "promotion": "promotion",
    "retirement": "retirement",
    "funeral": "funeral",
    "other": "special occasion",
}


def outcome_tally(counts: dict[str, int], separator: str = ", ") -> str:
    """'5 connected, 1 wrong number, 2 skipped': every outcome that happened, in the vocabulary's order,
    so the parts add up to the rows counted."""
    return separator.join(f"{counts[outcome]} {OUTCOME_LABELS[outcome].lower()}"
                          for outcome in OUTCOMES if counts.get(outcome))

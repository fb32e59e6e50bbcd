"""The search columns a contact stores (schema 4): computed from its text alone.

Below the models (Contact.save fills them) and the search itself (contacts_search.py
reads them), so neither imports the other.
"""

from __future__ import annotations

from outreach_tui.core.text import folded

MAX_WORD = 40  # no typed word is longer (contacts_search.query_words cuts there)

# What sits between the digits of a written phone number ("+" only ever leads, so it never splits them).
_PHONE_NOISE = (" ", "-", "(", ")", ".", "/")

# Each contact carries its text already case-folded (schema 4), so a keystroke costs a
# few LIKEs over short columns instead of a dozen over the raw ones:
#
#   search_name   the name, case-folded: tier 0 and the fuzzy match; indexed with
#                 `archived`, so "the name starts with" is one index range, in order
#   search_text   name, company, email, phone and notes, one per line (tier 2)
#   search_words  each place a tier-1 word starts, after WORD_MARK: name words after a
#                 space or hyphen, the company and its words after a space, the email
#                 (at most MAX_WORD letters each: no typed word is longer)
#   search_phone  the phone without its punctuation (the digits test)
#
# A typed word never holds whitespace, and \x1f is whitespace to str.split, so the
# mark cannot be typed; stored text has them turned into spaces, so they cannot be faked.
# `search_columns` is the one place they are computed: every write of name, company,
# email, phone or notes stores its result (the model's save, the bulk writers).

WORD_MARK = "\x1f"  # `core.text.folded` turns it, with its kin, into spaces
_NOISE = str.maketrans({char: None for char in _PHONE_NOISE})
SEARCH_FIELDS = ("name", "company", "email", "phone", "notes")  # what the search columns are made of
SEARCH_COLUMNS = ("search_name", "search_text", "search_words", "search_phone")


def _starts(text: str, after: str, first: bool) -> list[str]:
    return [text[i:i + MAX_WORD] for i in range(len(text)) if (i == 0 and first) or (i and text[i - 1] in after)]


def search_columns(name: object, company: object = "", email: object = "", phone: object = "",
                   notes: object = "") -> dict[str, str]:
    """The stored search columns of a contact with these fields (see above)."""
    name, company, email, phone, notes = (folded(value) for value in (name, company, email, phone, notes))
    starts = [*_starts(name, " -", False), *_starts(company, " ", True), email[:MAX_WORD]]
    return {"search_name": name, "search_text": "\n".join((name, company, email, phone, notes)),
            "search_words": "".join(WORD_MARK + start for start in starts), "search_phone": phone.translate(_NOISE)}


def search_values(name, company, email, phone, notes) -> tuple[str, ...]:
    """`search_columns` as a tuple in SEARCH_COLUMNS order (for bulk inserts)."""
    return tuple(search_columns(name, company, email, phone, notes).values())

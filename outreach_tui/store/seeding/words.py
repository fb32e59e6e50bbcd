"""The demo book's words, read from ``seed_data/demo/*.toml`` the first time a book is seeded.

A trainer edits those files; this module checks them and says what is wrong in one
line naming the file and the entry (`SeedDataError`), so `outreach seed` and
`outreach demo` stop before writing anything. The lists keep their order: the same
files and seed give the same book.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from outreach_tui.core.scripts import _decode_error, _ScriptFileError
from outreach_tui.core.seed_data import SeedDataError, read_text

# The fields a text may use, with a sample value each; any other {name} is a mistake.
# Texts that `BookBuilder.fill` completes may use FILLED; a few lists have fields of
# their own; every other list is written as it is, so a brace there is a mistake too.
FILLED = dict(first="Dana", product="shelving", city="Dayton", team="Cubs", college="Purdue",
              interest="", business="", personal="")
FILLED_LISTS = (
    "note_bits", "openers", "business", "interest", "personal", "asks", "voicemails", "wrong_numbers",
    "skips", "emails_answered", "emails_unanswered", "texts_answered", "texts_unanswered", "visits",
    "thoughtful", "follow_ups", "follow_ups_promised", "referral_note", "quote_note", "thanks_cards",
    "referral_thanks", "supplier_cards", "colleague_cards", "encouragement_cards", "sympathy_card",
    "encouragement_card", "birthday_card", "anniversary_card", "congratulations_card",
)
OWN_FIELDS = {
    "kid_personal": dict(FILLED, kid="Theo"),
    "welcome_back": dict(FILLED, trip="the family vacation in Mexico"),
    "reflections": dict(connected=1, calls=2, voicemails=1),
    "house": dict(region="Summit"),
}
PRODUCT_FIELDS = dict(city="Dayton", count=3)  # a quote's description has only these


def fields_of(name: str) -> dict:
    """The fields the list `name` may use (empty: none)."""
    return OWN_FIELDS.get(name) or (FILLED if name in FILLED_LISTS else {})


TEXTS, TEXT, WORDS, TIMEZONES, PRODUCTS, ABSENCES = "texts", "text", "words", "timezones", "products", "absences"

# name in the seeder: (file in seed_data/demo/, dotted key, shape)
SPEC = {
    "timezones": ("people", "timezones", TIMEZONES),
    "buyer_titles": ("people", "titles.buyers", TEXTS),
    "supplier_titles": ("people", "titles.suppliers", TEXTS),
    "colleague_titles": ("people", "titles.colleagues", TEXTS),
    "office_words": ("people", "titles.office_words", TEXTS),
    "regions": ("people", "companies.regions", TEXTS),
    "industries": ("people", "companies.industries", TEXTS),
    "legal_words": ("people", "companies.legal_words", WORDS),
    "house": ("people", "companies.house", TEXT),
    "cities": ("people", "places.cities", TEXTS),
    "teams": ("people", "personal.teams", TEXTS),
    "colleges": ("people", "personal.colleges", TEXTS),
    "hobbies": ("people", "personal.hobbies", TEXTS),
    "kids_sports": ("people", "personal.kids_sports", TEXTS),
    "pets": ("people", "personal.pets", TEXTS),
    "pet_names": ("people", "personal.pet_names", TEXTS),
    "note_bits": ("people", "contact_notes.bits", TEXTS),
    "openers": ("history", "connected.openers", TEXTS),
    "business": ("history", "connected.business", TEXTS),
    "interest": ("history", "connected.interest", TEXTS),
    "personal": ("history", "connected.personal", TEXTS),
    "kid_personal": ("history", "connected.kid_personal", TEXTS),
    "asks": ("history", "connected.asks", TEXTS),
    "their_view": ("history", "connected.their_view", TEXTS),
    "voicemails": ("history", "missed.voicemails", TEXTS),
    "no_answers": ("history", "missed.no_answers", TEXTS),
    "wrong_numbers": ("history", "missed.wrong_numbers", TEXTS),
    "skips": ("history", "missed.skips", TEXTS),
    "dnc_notes": ("history", "missed.do_not_contact", TEXTS),
    "emails_answered": ("history", "channels.emails_answered", TEXTS),
    "emails_unanswered": ("history", "channels.emails_unanswered", TEXTS),
    "texts_answered": ("history", "channels.texts_answered", TEXTS),
    "texts_unanswered": ("history", "channels.texts_unanswered", TEXTS),
    "visits": ("history", "channels.visits", TEXTS),
    "thoughtful": ("history", "reasons.thoughtfulness", TEXTS),
    "neglected_openers": ("history", "reasons.neglected_openers", TEXTS),
    "neglected_why": ("history", "reasons.neglected_why", TEXTS),
    "follow_ups": ("history", "reasons.follow_ups", TEXTS),
    "follow_ups_promised": ("history", "reasons.follow_ups_promised", TEXTS),
    "referral_note": ("history", "reasons.referral", TEXT),
    "quote_note": ("history", "reasons.quote", TEXT),
    "reflections": ("history", "sessions.reflections", TEXTS),
    "absences": ("moments", "absences", ABSENCES),
    "welcome_back": ("moments", "back.notes", TEXTS),
    "wedding_notes": ("moments", "life_events.weddings", TEXTS),
    "graduation_notes": ("moments", "life_events.graduations", TEXTS),
    "new_baby_notes": ("moments", "life_events.new_babies", TEXTS),
    "funeral_notes": ("moments", "life_events.funerals", TEXTS),
    "other_notes": ("moments", "life_events.other", TEXTS),
    "products": ("quotes", "products", PRODUCTS),
    "still_open": ("quotes", "follow_up.still_open", TEXTS),
    "thanks_cards": ("cards", "thanks", TEXTS),
    "referral_thanks": ("cards", "for_a_referral", TEXT),
    "supplier_cards": ("cards", "suppliers", TEXTS),
    "colleague_cards": ("cards", "colleagues", TEXTS),
    "encouragement_cards": ("cards", "encouragement", TEXTS),
    "sympathy_card": ("cards", "life_events.sympathy", TEXT),
    "encouragement_card": ("cards", "life_events.encouragement", TEXT),
    "birthday_card": ("cards", "life_events.birthday", TEXT),
    "anniversary_card": ("cards", "life_events.anniversary", TEXT),
    "congratulations_card": ("cards", "life_events.congratulations", TEXT),
}


class _Bad(Exception):
    """What is wrong with one entry; becomes a SeedDataError naming the file."""


def _template(text: Any, where: str, fields: dict) -> str:
    if not isinstance(text, str):
        raise _Bad(f"{where} must be text in quotes")
    try:
        text.format(**fields)
    except KeyError as error:
        raise _Bad(f"{where}: {{{error.args[0]}}} is not a field the demo book fills in") from None
    except (ValueError, IndexError, AttributeError):
        raise _Bad(f"{where}: a brace without its pair (write {{first}}, not {{first)") from None
    return text


def _texts(value: Any, key: str, fields: dict) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _Bad(f"{key} must be a list of texts in quotes, with at least one")
    return tuple(_template(text, f"{key} entry {number}", fields) for number, text in enumerate(value, 1))


def _tables(value: Any, key: str, fields: dict[str, type]) -> list[dict]:
    shape = ", ".join(fields)
    if not isinstance(value, list) or not value or not all(isinstance(row, dict) for row in value):
        raise _Bad(f"{key} must be [[{key}]] tables, each with {shape}")
    for number, row in enumerate(value, 1):
        for field, kind in fields.items():
            if not isinstance(row.get(field), kind) or isinstance(row.get(field), bool):
                raise _Bad(f"[[{key}]] number {number}: {field} is missing or not {kind.__name__} ({shape})")
    return value


def _convert(value: Any, key: str, shape: str, fields: dict) -> Any:
    if shape == TEXTS:
        return _texts(value, key, fields)
    if shape == TEXT:
        return _template(value, key, fields)
    if shape == WORDS:
        return frozenset(_texts(value, key, fields))
    if shape == TIMEZONES:
        rows = _tables(value, key, {"zone": str, "weight": int, "area_codes": list})
        for number, row in enumerate(rows, 1):
            codes = row["area_codes"]
            if row["zone"] != "Europe/London" and not (codes and all(isinstance(c, int) for c in codes)):
                raise _Bad(f"[[{key}]] number {number}: area_codes must be a list of numbers")
        return tuple((row["zone"], row["weight"], tuple(row["area_codes"])) for row in rows)
    if shape == PRODUCTS:
        rows = _tables(value, key, {"quote": str, "short": str})
        return tuple((_template(row["quote"], f"[[{key}]] quote", PRODUCT_FIELDS), row["short"]) for row in rows)
    rows = _tables(value, key, {"place": str, "why": str, "days": list})
    for number, row in enumerate(rows, 1):
        days = row["days"]
        if len(days) != 2 or not all(isinstance(d, int) and d > 0 for d in days) or days[0] > days[1]:
            raise _Bad(f"[[{key}]] number {number}: days must be [shortest, longest], in days")
    return tuple((row["place"], row["why"], *row["days"]) for row in rows)


def _read(file: str) -> dict:
    relative = f"demo/{file}.toml"
    try:
        return tomllib.loads(read_text(relative).removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        problem: _ScriptFileError = _decode_error(error)
        raise SeedDataError(relative, problem.message, problem.line) from None


@lru_cache(maxsize=1)
def demo_words() -> SimpleNamespace:
    """Every list the seeder draws from, by its name in SPEC (read once per process)."""
    docs = {file: _read(file) for file in dict.fromkeys(file for file, _, _ in SPEC.values())}
    words = {}
    for name, (file, key, shape) in SPEC.items():
        value: Any = docs[file]
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        try:
            if value is None:
                raise _Bad(f"{key} is missing")
            words[name] = _convert(value, key, shape, fields_of(name))
        except _Bad as error:
            raise SeedDataError(f"demo/{file}.toml", str(error)) from None
    words["trips"] = tuple(row for row in words["absences"] if row[0])
    if not words["trips"]:
        raise SeedDataError("demo/moments.toml", "absences: at least one needs a place (a trip)")
    return SimpleNamespace(**words)

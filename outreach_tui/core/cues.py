"""Compliment cues: what is worth mentioning on a call, drawn only from what is on file.

seeds/000: "find something to compliment them about". Nothing here is invented: each
cue comes from a fact passed in `CueFacts`; a contact with nothing on file gets no
cues (the UI then suggests listening for something instead).

The wording lives in ``seed_data/cues.toml``; a rep may override any
entry with a ``cues.toml`` of their own (see `load_cue_templates`). Text from the
contact is inserted literally, on one line, with long notes trimmed.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from outreach_tui.core import seed_data
from outreach_tui.core.script_fill import fill_first, placeholders_in
from outreach_tui.core.scripts import _decode_error, _ScriptFileError
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import LIFE_EVENT_KINDS

MAX_CUES = 4
MAX_LIFE_EVENT_CUES = 2
LIFE_EVENT_AHEAD_DAYS = 30  # an event up to 30 days away is "coming up"
LIFE_EVENT_BEHIND_DAYS = 30  # and up to 30 days ago is still "recent"
RECENT_ORDER_DAYS = 60  # an order up to 60 days old: ask how it's working out
WON_QUOTE_DAYS = 365  # a quote won within the last year
SNIPPET_CHARS = 80  # notes and family details are trimmed to this, with "…"
DESCRIPTION_CHARS = 60

# Kinds that come round every year: a stored date in an earlier year (a birth date,
# a wedding date) is moved to its occurrence nearest today.
YEARLY_KINDS = ("birthday", "anniversary")

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class CueFacts:
    """What is on file about one contact, as plain values (no database objects)."""

    first_name: str = ""
    customer_since: date | None = None
    last_purchase_on: date | None = None
    # (kind, date of this occurrence, note): kind from vocab.LIFE_EVENT_KINDS.
    life_events: tuple[tuple[str, date, str], ...] = ()
    # The notes of the last interaction that reached them (outcome "connected").
    last_notes: str = ""
    # (description, decided_on) of quotes they accepted.
    won_quotes: tuple[tuple[str, date | None], ...] = ()
    family: str = ""  # family and personal details


@dataclass(frozen=True)
class CueTemplates:
    """Cue wording by dotted key ("order.recent"): alternatives, first usable wins."""

    texts: Mapping[str, tuple[str, ...]]
    warnings: tuple[str, ...] = ()

    def get(self, key: str, default_key: str | None = None) -> tuple[str, ...]:
        found = self.texts.get(key)
        if found is None and default_key is not None:
            found = self.texts.get(default_key)
        return found or ()


# --- the little date phrases cues need -----------------------------------------


def day_month(day: date, today: date) -> str:
    """ "3 Nov", with the year when it is not this year: "3 Nov 2025"."""
    text = f"{day.day} {_MONTHS[day.month - 1][:3]}"
    return text if day.year == today.year else f"{text} {day.year}"


def month_phrase(day: date, today: date) -> str:
    """ "October", or "October 2025" when it is not this year."""
    name = _MONTHS[day.month - 1]
    return name if day.year == today.year else f"{name} {day.year}"


def relative_day(day: date, today: date) -> str:
    """How a rep says when it is or was, as the date demands: "today", "tomorrow",
    "yesterday"; ahead "on Sat 28 Nov"; behind "earlier this week", "last week",
    else "on Sat 7 Nov".
    """
    delta = (day - today).days
    near = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(delta)
    if near:
        return near
    if delta < 0:
        monday = today - timedelta(days=today.weekday())
        if day >= monday:
            return "earlier this week"
        if day >= monday - timedelta(days=7):
            return "last week"
    return f"on {day:%a} {day_month(day, today)}"


def snippet(text: object, limit: int = SNIPPET_CHARS) -> str:
    """One printable line of at most `limit` characters, cut at a word with "…"."""
    line = one_line(text).strip()
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-—") + "…"


def nearest_occurrence(day: date, today: date) -> date:
    """The same month and day in the year nearest today (29 Feb becomes 28 Feb)."""
    best = day
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:
            candidate = date(year, 2, 28)
        if abs((candidate - today).days) < abs((best - today).days):
            best = candidate
    return best


# --- templates -------------------------------------------------------------------


def _flatten(doc: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in doc.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def _as_alternatives(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def _parse(text: str) -> dict[str, Any]:
    try:
        return _flatten(tomllib.loads(text.removeprefix("\ufeff")))
    except tomllib.TOMLDecodeError as error:
        raise _decode_error(error) from None
    except RecursionError:
        raise _ScriptFileError("not valid TOML (nested too deeply)") from None


@lru_cache(maxsize=1)
def _builtin_texts() -> dict[str, tuple[str, ...]]:
    """The built-in wording; SeedDataError (one line) when the file is missing or broken."""
    try:
        doc = _parse(seed_data.read_text("cues.toml"))
    except _ScriptFileError as error:
        raise seed_data.SeedDataError("cues.toml", error.message, error.line) from None
    texts = {}
    for key, value in doc.items():
        alternatives = _as_alternatives(value)
        if alternatives is None:
            raise seed_data.SeedDataError("cues.toml", f"{key} must be text or a list of texts")
        texts[key] = alternatives
    return texts


_KNOWN_PLACEHOLDERS = ("what", "when", "notes", "years", "family", "first_name")


def load_cue_templates(user_dir: Path | str | None = None) -> CueTemplates:
    """The built-in cue wording, with entries from `user_dir`/cues.toml on top.

    Never raises because of the user file: a syntax error, an unknown key or an
    entry that is not text becomes a warning naming the file and line or key, and
    the built-in wording is used for what could not be read. A broken built-in
    file becomes a warning too, and no cues are shown.
    """
    try:
        texts = dict(_builtin_texts())
    except seed_data.SeedDataError as error:
        return CueTemplates({}, (f"{error} — no cues until it is fixed",))
    if user_dir is None:
        return CueTemplates(texts)
    path = Path(user_dir) / "cues.toml"
    shown = f"{Path(user_dir).name}/cues.toml"
    warnings: list[str] = []
    try:
        if not path.is_file():
            return CueTemplates(texts)
        doc = _parse(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        return CueTemplates(texts, (f"{shown}: not UTF-8 text — using the built-in cues",))
    except OSError as error:
        return CueTemplates(
            texts, (f"{shown}: cannot be read ({error.strerror or error}) — using the built-in cues",)
        )
    except _ScriptFileError as error:
        at = f" line {error.line}" if error.line else ""
        return CueTemplates(texts, (f"{shown}{at}: {error.message} — using the built-in cues",))
    for key, value in sorted(doc.items()):
        if key not in texts:
            hint = difflib.get_close_matches(key, list(texts), n=1)
            also = f" (did you mean {hint[0]}?)" if hint else ""
            warnings.append(f"{shown}: unknown key {key}{also} — ignored")
            continue
        alternatives = _as_alternatives(value)
        if alternatives is None:
            warnings.append(f"{shown}: {key} must be text or a list of texts — using the built-in one")
            continue
        for name in placeholders_in(" ".join(alternatives)):
            if name not in _KNOWN_PLACEHOLDERS:
                warnings.append(f"{shown}: {key} uses unknown placeholder {{{name}}}")
        texts[key] = alternatives
    return CueTemplates(texts, tuple(warnings))


# --- the cues ----------------------------------------------------------------------


def _say(templates: tuple[str, ...], values: Mapping[str, object]) -> str:
    # No fallbacks: a template is only used when the facts fill it.
    return fill_first(templates, values, fallbacks={}) if templates else ""


def _near_events(facts: CueFacts, today: date) -> list[tuple[str, date, int, str]]:
    """(kind, day, days from today, note) of the events near today: a loss first, then the
    nearest, coming-up before just-past."""
    found = []
    for event in facts.life_events:
        try:
            kind, when, note = event
        except (TypeError, ValueError):
            continue
        if isinstance(when, datetime):
            when = when.date()
        if not isinstance(when, date):
            continue
        kind = kind if kind in LIFE_EVENT_KINDS else "other"
        if kind in YEARLY_KINDS:
            when = nearest_occurrence(when, today)
        delta = (when - today).days
        if not -LIFE_EVENT_BEHIND_DAYS <= delta <= LIFE_EVENT_AHEAD_DAYS:
            continue
        found.append(((kind != "funeral", abs(delta), delta < 0, kind, note or ""), (kind, when, delta, note)))
    found.sort(key=lambda item: item[0])
    return [event for _, event in found]


def in_mourning(facts: CueFacts, today: date) -> bool:
    """A loss is near (within the cue window): no business cues, and the call is the sympathy one."""
    return any(kind == "funeral" for kind, *_ in _near_events(facts, today))


def _life_event_cues(facts: CueFacts, today: date, templates: CueTemplates) -> tuple[list[str], bool]:
    found = _near_events(facts, today)
    mourning = any(kind == "funeral" for kind, *_ in found)
    if mourning:  # a sympathy call congratulates no one
        found = [event for event in found if event[0] == "funeral"]
    cues = []
    for kind, when, delta, note in found:
        what = snippet(note, DESCRIPTION_CHARS) if one_line(note).strip() else ""
        if not what:
            what = (templates.get(f"life_event.what.{kind}", "life_event.what.other") or ("",))[0]
        group = "today" if delta == 0 else "upcoming" if delta > 0 else "recent"
        text = _say(
            templates.get(f"life_event.{group}.{kind}", f"life_event.{group}.default"),
            {"what": what, "when": relative_day(when, today)},
        )
        if text:
            cues.append(text)
    return cues[:MAX_LIFE_EVENT_CUES], mourning


def compliment_cues(
    facts: CueFacts,
    today: date,
    templates: CueTemplates | None = None,
    *,
    limit: int = MAX_CUES,
) -> list[str]:
    """Up to `limit` cues for this contact, most relevant first; [] if nothing is on file.

    Order: life events near today (a loss first, at most two), what they mentioned
    last time, a recent order, a won quote, years as a customer, family details.
    While a loss is near, no business cues (orders, quotes) and no congratulations are offered.
    Deterministic: the same facts and day give the same list.
    """
    templates = templates or load_cue_templates()
    cues, mourning = _life_event_cues(facts, today, templates)

    notes = snippet(facts.last_notes)
    if notes:
        cues.append(_say(templates.get("notes.last"), {"notes": notes}))

    if facts.last_purchase_on is not None and not mourning:
        age = (today - facts.last_purchase_on).days
        if age == 0:
            cues.append(_say(templates.get("order.today"), {}))
        elif 0 < age <= RECENT_ORDER_DAYS:
            cues.append(_say(templates.get("order.recent"), {"when": relative_day(facts.last_purchase_on, today)}))

    if not mourning:
        won = []
        for item in facts.won_quotes:
            try:
                description, decided_on = item
            except (TypeError, ValueError):
                continue
            if decided_on is not None:
                if not isinstance(decided_on, date) or not 0 <= (today - decided_on).days <= WON_QUOTE_DAYS:
                    continue
            won.append((decided_on is None, -(decided_on or today).toordinal(), one_line(description), decided_on))
        if won:
            _, _, description, decided_on = min(won)
            values = {"what": snippet(description, DESCRIPTION_CHARS)}
            if decided_on is not None:
                values["when"] = month_phrase(decided_on, today)
            cues.append(_say(templates.get("quote.won"), values))

    since = facts.customer_since
    if since is not None and since <= today:
        years = today.year - since.year - ((today.month, today.day) < (since.month, since.day))
        if years == 1:
            cues.append(_say(templates.get("loyalty.one"), {"years": "1"}))
        elif years > 1:
            cues.append(_say(templates.get("loyalty.many"), {"years": str(years)}))

    family = snippet(facts.family)
    if family:
        cues.append(_say(templates.get("family.details"), {"family": family, "first_name": facts.first_name}))

    unique: list[str] = []
    for cue in cues:
        if cue and cue not in unique:
            unique.append(cue)
    return unique[: max(limit, 0)]

"""The placeholder language of scripts and cues: ``{identifier}`` filled literally, in one pass.

Values are inserted as typed (never ``str.format``, never scanned again), so braces or markup
in contact data come out exactly as typed. A missing value borrows from a related one, then
takes a neutral phrase from FALLBACKS; a phrase that only addresses someone is left out when
there is no name for it. Its own module because scripts (`core.scripts`) and cues
(`core.cues`) both fill templates, and neither needs the other's files to do it.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from outreach_tui.core.text import one_line

PLACEHOLDERS = (
    "first_name",  # the contact's first name
    "name",  # the contact's full name
    "company",  # the contact's company
    "my_name",  # the rep
    "place",  # where they were (an absence): "Mexico"
    "why",  # why they were away: "family holiday"
    "event",  # the kind of life event, as words: "graduation"
    "event_note",  # the note on the life event: "daughter Emma's graduation"
    "event_when",  # when it is or was: "today", "on Sat 28 Nov", "last week"
    "product",  # the product a quote or order is about
    "quote_amount",  # the amount of the quote, already formatted: "$12,400"
    "referred_by",  # who referred them
    "last_topic",  # what the last call was about
    "products",  # what the rep sells
)

# What a placeholder becomes when there is no value for it and no say_without.
FALLBACKS: dict[str, str] = {
    "first_name": "there",
    "name": "there",
    "company": "your business",
    "my_name": "your account rep",
    "place": "your time away",
    "why": "your time away",
    "event": "news",
    "event_note": "your news",
    "event_when": "recently",
    "product": "your order",
    "quote_amount": "the quoted price",
    "referred_by": "a mutual friend",
    "last_topic": "what we talked about last time",
    "products": "what we offer",
}

# A missing value borrows from these before falling back to a neutral phrase.
_BORROW = {"event_note": ("event",), "name": ("first_name",)}

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

# Phrases left out when their placeholder has no value, so the line still reads naturally:
# a name used to address them ("Thanks, {first_name}." becomes "Thanks.", while "Hi
# {first_name}," still becomes "Hi there,"), and the rep introducing themselves ("Hi Ana,
# it's {my_name}." becomes "Hi Ana." — never a login name, never "it's your account rep").
_LEFT_OUT = {
    "first_name": r",[ \t]*\{first_name\}(?=[.!?,;:])",
    "name": r",[ \t]*\{name\}(?=[.!?,;:])",
    "my_name": r",[ \t]*(?:it's|it is|this is)[ \t]+\{my_name\}(?=[.!?,;:])",
}


def placeholders_in(text: str) -> tuple[str, ...]:
    """The placeholder names a template uses, in order, without repeats."""
    seen: dict[str, None] = {}
    for match in _PLACEHOLDER.finditer(text or ""):
        seen.setdefault(match.group(1), None)
    return tuple(seen)


def clean_values(values: Mapping[str, object] | None) -> dict[str, str]:
    """Values as single printable lines; None and blank values count as missing."""
    clean: dict[str, str] = {}
    for key, value in (values or {}).items():
        if value is None or not isinstance(key, str):
            continue
        text = one_line(value)
        if text.strip():
            clean[key] = text
    return clean


def fill(
    template: str,
    values: Mapping[str, object] | None,
    fallbacks: Mapping[str, str] | None = None,
) -> str:
    """Replace each {identifier} in `template` with its value, literally, in one pass.

    A missing value borrows from a related one (event_note from event, name from
    first_name), then uses `fallbacks` (default FALLBACKS); with neither, the
    placeholder is left as written. Values are never re-scanned or formatted.
    """
    clean = clean_values(values)
    table = FALLBACKS if fallbacks is None else fallbacks
    text = template or ""
    for key, pattern in _LEFT_OUT.items():
        if key in text and not any(k in clean for k in (key, *_BORROW.get(key, ()))):
            text = re.sub(pattern, "", text)

    def substitute(match: re.Match[str]) -> str:
        key = match.group(1)
        for candidate in (key, *_BORROW.get(key, ())):
            if candidate in clean:
                return clean[candidate]
        fallback = table.get(key)
        return fallback if fallback is not None else match.group(0)

    return _PLACEHOLDER.sub(substitute, text)


def fill_first(
    templates: Iterable[str],
    values: Mapping[str, object] | None,
    fallbacks: Mapping[str, str] | None = None,
) -> str:
    """The first template whose placeholders all have values, filled.

    If none qualifies, the last one is filled with fallbacks.
    """
    clean = clean_values(values)
    options = [t for t in templates if isinstance(t, str)]
    if not options:
        return ""
    for template in options:
        if all(name in clean for name in placeholders_in(template)):
            return fill(template, clean, fallbacks)
    return fill(options[-1], clean, fallbacks)

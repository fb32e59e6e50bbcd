"""What the top bar says of a demo book: that it is one, when it was built, how much practice it holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from outreach_tui.core.dates import plural, short_date


@dataclass(frozen=True)
class DemoFacts:
    """Read from the demo book: the day seeding built it (None before schema 11) and the calls made in it."""

    built_on: date | None
    calls_made: int


def demo_tags(facts: DemoFacts | None, today: date) -> list[str]:
    """The banner, longest first, for the top bar to take the first that fits:
    'DEMO BOOK · built Mon 23 Nov · 3 calls made', then without the day, then 'DEMO BOOK'."""
    if facts is None:  # not read yet
        return ["DEMO BOOK — practice data", "DEMO BOOK"]
    made = f"{plural(facts.calls_made, 'call')} made"
    tags = [f"DEMO BOOK · {made}", "DEMO BOOK"]
    if facts.built_on is not None:
        tags.insert(0, f"DEMO BOOK · built {facts.built_on:%a} {short_date(facts.built_on, today)} · {made}")
    return tags

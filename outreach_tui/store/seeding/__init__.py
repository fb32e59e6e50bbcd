"""A realistic practice book for training reps: `outreach seed` and `outreach demo`.

`seed_book` fills the store with Faker-made contacts and a year of history with them,
made by a few made-up colleagues (never the trainee, whose review starts at zero):
sessions, calls and their notes, quotes, life events, absences, referrals
and cards. Everything is drawn from one `random.Random(seed)` and one seeded Faker
instance and is dated relative to the `today` passed in, so the same seed, date and
size give the same rows, id for id (tests/test_seeding_pinned.py holds one book's hash).

Whatever the seed, a book of 200 contacts or more always has, for `today`, due
check-ins, neglected customers, at least two people back from an absence today,
life events in the coming week (one a wedding or a funeral), quotes waiting for a
follow-up and referrals not yet called. A few contacts are shaped on purpose for
that; the rest is chance. Smaller books get each situation where there are people
enough.

The words (titles, products, hobbies, note templates…) are the trainer's to edit in
``seed_data/demo/*.toml`` (words.py reads them). One module per situation: contacts.py,
history.py, moments.py, quotes.py, cards.py, gathered by builder.py; writing.py
inserts the rows. Faker is imported only when seeding runs.
"""

from outreach_tui.store.seed_ranges import RealWork, is_seeded
from outreach_tui.store.seeding.writing import SeedReport, seed_book

__all__ = ["RealWork", "SeedReport", "is_seeded", "seed_book"]

"""A contact with megabytes of notes: from `e` to the edit form shown (budget: under 200 ms at 5 MB).

Runs a bare Textual app headless at 100x30 with Pilot: reads the contact's card from a
store (`load_contact_card`), builds the form's fields as the Contacts screen does
(`contact_form_fields`) and pushes the `FormScreen`; the time runs to the first refresh
of the form. `python -m benchmarks.bench_big_notes [MB ...]` prints one line per size.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)


def _book(folder: Path, megabytes: float) -> int:
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.models import Contact

    open_store(folder / "notes.db")
    line = "Called about the spring order; the warehouse move is on track, ask about Mia's recital.\n"
    notes = (line * (int(megabytes * 2**20) // len(line) + 1))[: int(megabytes * 2**20)]
    return Contact.create(name="Dana Fox", first_name="Dana", relationship="client", created_on=TODAY,
                          check_in_due_on=TODAY, notes=notes).id


async def _open_form(contact_id: int) -> float:
    from textual.app import App

    from outreach_tui.store.contact_card import load_contact_card
    from outreach_tui.ui.contact_edit_actions import contact_form_fields
    from outreach_tui.ui.form_screen import FormScreen

    app = App()
    async with app.run_test(size=(100, 30)) as pilot:
        warm = FormScreen("Warm up", contact_form_fields(load_contact_card(contact_id), ("name",)), lambda t: (t, {}))
        await app.push_screen(warm)  # the first form pays for loading the widgets' styles: not measured
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        started = time.perf_counter()
        card = load_contact_card(contact_id)
        screen = FormScreen("Edit Dana Fox", contact_form_fields(card), lambda texts: (texts, {}))
        await app.push_screen(screen)
        await pilot.pause()  # the form mounted and painted
        taken = time.perf_counter() - started
        app.exit()
    return taken * 1000


def form_time(megabytes: float) -> float:
    """Milliseconds from reading the contact to its edit form shown."""
    with tempfile.TemporaryDirectory() as folder:
        contact_id = _book(Path(folder), megabytes)
        return asyncio.run(_open_form(contact_id))


if __name__ == "__main__":
    import statistics

    sys.path.insert(0, str(ROOT))
    for size in [float(arg) for arg in sys.argv[1:]] or [0, 1, 5, 16]:
        times = [form_time(size) for _ in range(5)]
        print(f"{size:g} MB of notes: edit form shown in {statistics.median(times):.0f} ms (median of 5;"
              f" {min(times):.0f}–{max(times):.0f})")

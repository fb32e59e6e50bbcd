"""Contacts: find anyone as you type, see everything known about them, and change it.

The search box feeds `store.contacts_search` on the screen's own search thread, which
keeps one database connection open while the screen is up (closed when it goes), so a
keystroke costs the search and nothing else; a query overtaken by a newer keystroke
is skipped, and a result that arrives after one is dropped. A list equal to the one
shown is left alone. The highlighted contact's whole record
(`store.contact_card.load_contact_record`) shows on the right, its call history in a
table; after a search it loads once typing pauses (RECORD_PAUSE), so reading a
thousand calls never competes with the next keystroke. Edits go through `FormScreen`: the typed
text is checked by `core.contact_fields`, a problem shows under its field and nothing is
saved, a good form is written by `store.contact_edit` in one transaction. Contact text
reaches the screen only as Content/Text after `one_line`/`printable`, never as markup.

This module searches and shows; the record as text is `contacts_text`, and the edits are
mixed in: `contact_edit_actions` (the contact's own fields and marks) and
`contact_record_actions` (a new contact, a touch, a quote's answer).
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from textual import on, work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from outreach_tui.core.text import one_line
from outreach_tui.ui.contact_card import history_content
from outreach_tui.ui.contact_edit_actions import EditActions
from outreach_tui.ui.contact_record_actions import RecordActions
from outreach_tui.ui.contacts_text import history_cells, record_content, result_cell
from outreach_tui.ui.form_screen import FormField, FormScreen
from outreach_tui.ui.help_screen import ReadingScreen
from outreach_tui.ui.widgets import TopBar

HISTORY_COLUMNS = ("When", "How", "Why", "Outcome", "Notes", "Their view")
RECORD_PAUSE = 0.12  # seconds without a keystroke before the first result's record loads


# --- messages from the workers ---------------------------------------------------------


class RecordLoaded(Message):
    def __init__(self, contact_id: int, record, error: str = "") -> None:
        super().__init__()
        self.contact_id = contact_id
        self.record = record
        self.error = error


class ContactChanged(Message):
    def __init__(self, text: str, error: bool = False) -> None:
        super().__init__()
        self.text = text
        self.error = error


# --- the screen ---------------------------------------------------------------------------


class ContactsScreen(EditActions, RecordActions, Screen):
    """Search the book, read a contact's record, edit it."""

    SIDE_SCREEN = True
    CSS_PATH = "styles/contacts.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="contacts.back"),
        Binding("slash", "find", "Search", key_display="/", id="contacts.find"),
        Binding("e", "edit", "Edit", id="contacts.edit"),
        Binding("c", "cadence", "Cadence", id="contacts.cadence"),
        Binding("l", "life_event", "Life event", id="contacts.life_event"),
        Binding("b", "absence", "Away", id="contacts.absence"),
        Binding("q", "quote", "Quote", id="contacts.quote"),
        Binding("w", "decide_quote", "Won/lost", show=False, id="contacts.decide_quote"),
        Binding("t", "log_touch", "Log touch", show=False, id="contacts.log_touch"),
        Binding("n", "new_contact", "New", show=False, id="contacts.new_contact"),
        Binding("d", "do_not_contact", "Do not contact", id="contacts.do_not_contact"),
        Binding("a", "archive", "Archive", id="contacts.archive"),
        Binding("v", "show_archived", "Archived", show=False, id="contacts.show_archived"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []
        self.record = None
        self.shown_id: int | None = None  # the contact whose record is (or is being) shown
        self.include_archived = False
        self.asked_generation = 0  # the latest search asked for
        self.shown_generation = 0  # the search the list shows (the benchmark waits for it)
        # One thread runs the searches, one at a time, on its own connection (see close_searches).
        self.searches: ThreadPoolExecutor | None = None
        self.said: tuple[str, str] = ("", "")  # what the count line says, and its style
        self.record_paused = False  # the shown contact's record waits for a pause in typing

    def compose(self) -> ComposeResult:
        yield TopBar(id="contacts-top")
        with Horizontal(id="contacts-body"):
            with Vertical(id="contacts-left"):
                yield Input(placeholder="Search name, company, email, phone, notes", id="contacts-search",
                            compact=True)
                yield Static(Content("Searching…"), id="contacts-count")
                results: DataTable = DataTable(id="contacts-results", cursor_type="row", show_header=False)
                results.add_column("Contact")
                yield results
            with Vertical(id="contacts-right"):
                with VerticalScroll(id="detail-scroll"):
                    yield Static(Content(""), id="detail")
                history: DataTable = DataTable(id="detail-history", cursor_type="row", zebra_stripes=True)
                history.add_columns(*HISTORY_COLUMNS)
                yield history
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#contacts-top", TopBar).show(self.app, "Contacts")
        self.query_one("#detail-history").display = False
        box = self.query_one("#contacts-search", Input)
        box.focus()
        # Called as the box's value changes, before the box is repainted: the search starts at once.
        self.watch(box, "value", self._typed, init=False)
        self.run_search()

    def on_unmount(self) -> None:
        self.close_searches()

    # --- searching ---------------------------------------------------------------------

    def _typed(self, value: str) -> None:
        self.run_search()

    def run_search(self) -> None:
        if self.record_paused:
            self.workers.cancel_group(self, "contacts-record")  # still typing: the record waits on
        self.asked_generation += 1
        generation = self.asked_generation
        query = self.query_one("#contacts-search", Input).value
        if self.searches is None:
            self.searches = ThreadPoolExecutor(max_workers=1, thread_name_prefix="contacts-search")
        asked = self.searches.submit(self._search_now, generation, query, self.include_archived)
        self.search(generation, asked)

    def _search_now(self, generation: int, query: str, include_archived: bool):
        """On the search thread: the rows for this query, or None when a newer one was asked for."""
        from outreach_tui.store import contacts_search

        if generation != self.asked_generation:
            return None  # typed over before it started
        return contacts_search.search(query, include_archived=include_archived)

    def close_searches(self) -> None:
        """Close the search thread's connection and end the thread (the screen is going)."""
        from outreach_tui.ui.workers import close_thread_connection

        searches, self.searches = self.searches, None
        if searches is not None:
            searches.submit(close_thread_connection)
            searches.shutdown(wait=True, cancel_futures=False)

    @work(exclusive=True, group="contacts-search", exit_on_error=False)
    async def search(self, generation: int, asked) -> None:
        """Wait for the search thread's answer and show it, unless a newer keystroke came first."""
        try:
            rows, error = await asyncio.wrap_future(asked), ""
        except Exception as exc:
            rows, error = [], f"Search failed: {one_line(exc, 200)}"
        if rows is None or generation != self.asked_generation:
            return  # a newer keystroke's search is on its way
        self._found(generation, rows, error)

    def _found(self, generation: int, rows: list, error: str) -> None:
        self.shown_generation = generation
        same = not error and rows == self.rows and self.rows
        self.rows = rows
        query = self.query_one("#contacts-search", Input).value.strip()
        archived = " (archived too)" if self.include_archived else ""
        if error:
            said = (error, "$text-error")
        elif not self.rows:
            said = (f"No one matches{archived}.", "$text-muted")
        elif query:
            found = "1 match" if len(self.rows) == 1 else f"{len(self.rows)} best matches"
            said = (f"{found}{archived} · ↓ to pick", "$text-muted")
        else:
            said = (f"The book by name{archived}", "$text-muted")
        if said != self.said:
            self.said = said
            # One line of a fixed height and width: no layout needed.
            self.query_one("#contacts-count", Static).update(Content.styled(*said), layout=False)
        table = self.query_one("#contacts-results", DataTable)
        if same:
            # The same people in the same order: the list and its cursor stay as they are.
            self.show_record(self.shown_id, pause=True)
            return
        table.clear()
        for row in self.rows:
            table.add_row(result_cell(row), key=str(row.id))
        if not self.rows:
            self.show_record(None)
            return
        index = next((i for i, row in enumerate(self.rows) if row.id == self.shown_id), 0)
        table.move_cursor(row=index, animate=False)
        # The list is painted first; the record of its first contact loads once typing pauses.
        self.show_record(self.rows[index].id, pause=True)

    @on(DataTable.RowHighlighted, "#contacts-results")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        # The table's cursor now, not the event's row: a list replaced since the event was sent moved it.
        # Unless the list has the focus, the move is a new list's, made while typing: the record waits too.
        table = event.data_table
        row = table.cursor_row
        if 0 <= row < len(self.rows) and table.row_count == len(self.rows):
            self.show_record(self.rows[row].id, pause=not table.has_focus)

    @on(Input.Submitted, "#contacts-search")
    def _to_results(self) -> None:
        self.query_one("#contacts-results").focus()
        self._record_now()

    def on_key(self, event) -> None:
        if event.key == "down" and self.focused is self.query_one("#contacts-search"):
            self.query_one("#contacts-results").focus()
            self._record_now()
            event.stop()

    # --- the record -----------------------------------------------------------------------

    def show_record(self, contact_id: int | None, reload: bool = False, pause: bool = False) -> None:
        """Show this contact's record; with `pause`, once no key has been typed for RECORD_PAUSE."""
        if contact_id == self.shown_id and not reload:
            if self.record_paused:
                if pause:
                    self.load_record(contact_id, RECORD_PAUSE)  # the pause starts again
                else:
                    self._record_now()
            return
        self.shown_id = contact_id
        self.record_paused = pause and contact_id is not None
        if contact_id is None:
            self.workers.cancel_group(self, "contacts-record")
            self.record = None
            self.query_one("#detail", Static).update(Content.styled("Nobody to show.", "$text-muted"))
            self.query_one("#detail-history").display = False
            self.refresh_bindings()
            return
        self.load_record(contact_id, RECORD_PAUSE if pause else 0.0)

    def _record_now(self) -> None:
        """The record waiting for a pause in typing loads now (the rep has moved to the list)."""
        if self.record_paused and self.shown_id is not None:
            self.record_paused = False
            self.load_record(self.shown_id, 0.0)

    def _record_ready(self) -> bool:
        """The record shown is the highlighted contact's (not one still waiting to load)."""
        return self.record is not None and self.record.card.id == self.shown_id

    @work(thread=True, exclusive=True, group="contacts-record", exit_on_error=False)
    def load_record(self, contact_id: int, pause: float = 0.0) -> None:
        from outreach_tui.ui.workers import close_thread_connection
        from outreach_tui.store.contact_card import load_contact_record

        if pause:
            time.sleep(pause)
            if get_current_worker().is_cancelled or contact_id != self.shown_id or not self.record_paused:
                return  # typed on, moved to someone else, or loaded already without waiting
        try:
            self.post_message(RecordLoaded(contact_id, load_contact_record(contact_id)))
        except Exception as exc:
            self.post_message(RecordLoaded(contact_id, None, f"Could not load the contact: {one_line(exc, 200)}"))
        finally:
            close_thread_connection()

    @on(DataTable.RowSelected, "#detail-history")
    def _history_row(self, event: DataTable.RowSelected) -> None:
        """One call in full: its whole notes and how it went for them (the table cuts them)."""
        history = self.record.history if self.record is not None else ()
        if 0 <= event.cursor_row < len(history):
            title = Content.assemble((one_line(self.record.card.name, 80), "bold $accent"),
                                     ("  a call in full", "bold"))
            body = history_content(history[event.cursor_row: event.cursor_row + 1], self.app.clock.today())
            self.app.push_screen(ReadingScreen(title + "\n\n" + body))

    @on(RecordLoaded)
    def _record_loaded(self, message: RecordLoaded) -> None:
        if message.contact_id != self.shown_id:
            return
        self.record = message.record
        detail = self.query_one("#detail", Static)
        history = self.query_one("#detail-history", DataTable)
        if message.record is None:
            detail.update(Content.styled(message.error or "This contact is no longer in the book.", "$text-error"))
            history.display = False
            self.refresh_bindings()
            return
        today = self.app.clock.today()
        detail.update(record_content(message.record, today))
        self.query_one("#detail-scroll").scroll_home(animate=False)
        history.clear()
        for past in message.record.history:
            history.add_row(*history_cells(past, today))
        history.display = bool(message.record.history)
        self.refresh_bindings()

    # --- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "cadence", "life_event", "absence", "quote", "do_not_contact", "archive",
                      "decide_quote", "log_touch"):
            return self._record_ready()
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_find(self) -> None:
        self.query_one("#contacts-search", Input).focus()

    def action_show_archived(self) -> None:
        self.include_archived = not self.include_archived
        self.notify("Archived contacts shown." if self.include_archived else "Archived contacts hidden.", timeout=2)
        self.run_search()

    def _who(self) -> str:
        return one_line(self.record.card.name, 40) if self.record else ""

    def _ask(self, title: str, fields: list[FormField], check, write: Callable[[int, dict], object],
             done: str) -> None:
        """Show a form; its checked values are written for the shown contact in a worker."""
        if not self._record_ready():
            return
        contact_id = self.record.card.id

        def answered(values: dict | None) -> None:
            if values is not None:
                self.store_change(contact_id, write, values, done)

        self.app.push_screen(FormScreen(title, fields, check), answered)

    @work(thread=True, group="contacts-write", exit_on_error=False)
    def store_change(self, contact_id: int, write: Callable[[int, object], object], value: object, done: str) -> None:
        from outreach_tui.ui.workers import close_thread_connection
        from outreach_tui.store.contact_edit import ContactEditError

        try:
            write(contact_id, value)
            self.post_message(ContactChanged(done))
        except ContactEditError as exc:
            self.post_message(ContactChanged(one_line(exc, 200), error=True))
        except Exception as exc:
            self.post_message(ContactChanged(f"Nothing saved: {one_line(exc, 200)}", error=True))
        finally:
            close_thread_connection()

    @on(ContactChanged)
    def _changed(self, message: ContactChanged) -> None:
        self.notify(message.text, severity="error" if message.error else "information", timeout=4, markup=False)
        if self.shown_id is not None:
            self.show_record(self.shown_id, reload=True)
        self.run_search()

    def palette_commands(self):
        return [
            ("Contact: edit", "e: every field of the highlighted contact", self.action_edit),
            ("Contact: cadence", "c: days between check-in calls", self.action_cadence),
            ("Contact: add a life event", "l: birthday, wedding, graduation…", self.action_life_event),
            ("Contact: away", "b: where, and the day they are back", self.action_absence),
            ("Contact: add a quote", "q: what, how much, when sent", self.action_quote),
            ("Contact: quote won or lost", "w: the answer, the day, the amount agreed", self.action_decide_quote),
            ("Contact: log a touch", "t: an email, visit, text or call made outside a session", self.action_log_touch),
            ("Contacts: new contact", "n: name, company, phone, email…", self.action_new_contact),
            ("Contact: do not contact", "d: mark or clear", self.action_do_not_contact),
            ("Contact: archive", "a: archive or bring back", self.action_archive),
            ("Contacts: show or hide archived", "v", self.action_show_archived),
            ("Back", "escape: the screen before", self.action_back),
        ]

"""Notes and cards: to write, written, mailed, and what each brought back.

Three tabs (1, 2, 3), one table each. `w` marks the highlighted card written, `m`
mailed, `b` records what it brought back (and when). The day's thank-you note goal
and the cost of one card (settings: card + stamp + the writing time at the hourly
rate, $67.50 by default, seeds/001) stay in view. Every read and write runs in a
thread worker; text from the store reaches the screen only as `Text`/`Content`
after `one_line`, never as markup. The `b` dialog is `card_response.ResponseScreen`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static, TabbedContent, TabPane

from outreach_tui.core.dates import day_phrase, short_date
from outreach_tui.core.money import CardCosts, format_money
from outreach_tui.core.review import RESPONSE_LABELS
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import CARD_STATUSES, EVENT_LABELS, REASON_LABELS
from outreach_tui.ui.card_response import ResponseScreen
from outreach_tui.ui.widgets import TopBar, progress_bar

SHOWN_PER_STATUS = 500

STATUS_TITLES = {"to_write": "To write", "written": "Written", "mailed": "Mailed"}
KIND_LABELS = {
    "thank_you": "Thank-you",
    "congratulations": "Congratulations",
    "sympathy": "Sympathy",
    "encouragement": "Encouragement",
}
# Why a card was asked for, in a rep's words (the call's reason).
WHY_LABELS = {
    "back_from_absence": "back from an absence",
    "life_event": "life event",
    "check_in": "after a check-in call",
    "neglected": "neglected customer",
    "quote_follow_up": "quote follow-up",
    "referral": "referral",
    "follow_up": "follow-up",
    "thoughtfulness": "thoughtfulness",
}
EMPTY_BOOK = "No cards yet — the first thank-you note is the hardest."
EMPTY_HINT = ("Queue one from a call (c picks the card), or write today's thank-you note to a neglected "
              "customer, a supplier or a colleague who helped.")
EMPTY_TAB = {
    "to_write": "Nothing waiting to be written.",
    "written": "No written cards waiting to be mailed.",
    "mailed": "No mailed cards yet.",
}


@dataclass(frozen=True)
class CardView:
    """One card as the table shows it."""

    id: int
    status: str
    kind: str
    name: str
    company: str
    why: str
    created_on: date
    written_on: date | None
    mailed_on: date | None
    response: str
    responded_on: date | None
    cost_cents: int


@dataclass(frozen=True)
class CardsData:
    groups: dict[str, list[CardView]]
    counts: dict[str, int]
    written_today: int


class CardsLoaded(Message):
    def __init__(self, data: CardsData | None, error: str = "") -> None:
        super().__init__()
        self.data = data
        self.error = error


class CardChanged(Message):
    def __init__(self, text: str, error: bool = False) -> None:
        super().__init__()
        self.text = text
        self.error = error


def cost_content(costs: CardCosts) -> Content:
    """'$67.50 a card = $4.00 card + $1.00 stamp + 15 min at $250.00/h'."""
    return Content.assemble(
        ("Each card ", "$text-muted"), (format_money(costs.total_cents), "bold $accent"),
        (f" = {format_money(costs.card_cents)} card + {format_money(costs.stamp_cents)} stamp + "
         f"{costs.minutes} min at {format_money(costs.hourly_rate_cents)}/h", "$text-muted"),
    )


def goal_content(written_today: int, goal: int) -> Content:
    done = goal and written_today >= goal
    return Content.assemble(
        ("Today's thank-you note ", "bold"),
        (f"{written_today}/{goal}", "bold $success" if done else "bold"), " ",
        (progress_bar(written_today, goal, 5), "$accent"),
        (" done — thank you" if done else " one a day, to someone who helped", "$text-muted"),
    )


def why_text(reason: str, event_kind: str | None, event_note: str, note: str) -> str:
    if event_kind:
        why = EVENT_LABELS.get(event_kind, event_kind)
        extra = event_note or note
    else:
        why = WHY_LABELS.get(reason, REASON_LABELS.get(reason, reason or "—"))
        extra = note
    extra = one_line(extra, 80)
    return f"{why}: {extra}" if extra else why


def response_text(card: CardView, today: date) -> Text:
    if not card.response:
        return Text("—", style="dim")
    label = RESPONSE_LABELS.get(card.response, one_line(card.response, 20))
    when = f" {short_date(card.responded_on, today)}" if card.responded_on else ""
    return Text(label + when)


def row_cells(card: CardView, today: date) -> list[Text]:
    """Kind, whom, the day, what it brought back, cost, and why last: the one column that may run off at 80 columns."""
    who = one_line(card.name, 24) + (f" · {one_line(card.company, 18)}" if card.company else "")
    cells = [Text(KIND_LABELS.get(card.kind, one_line(card.kind, 16))), Text(who)]
    if card.status == "to_write":
        cells.append(Text(short_date(card.created_on, today)))
    elif card.status == "written":
        cells += [Text(short_date(card.written_on or card.created_on, today)), response_text(card, today)]
    else:
        cells += [Text(short_date(card.mailed_on or card.created_on, today)), response_text(card, today)]
    cells += [Text(format_money(card.cost_cents), justify="right"), Text(one_line(card.why, 60))]
    return cells


COLUMNS = {
    "to_write": ("Kind", "For whom", "Asked", "Cost", "Why"),
    "written": ("Kind", "For whom", "Written", "Brought back", "Cost", "Why"),
    "mailed": ("Kind", "For whom", "Mailed", "Brought back", "Cost", "Why"),
}


def load_cards(today: date, rep: str, costs: CardCosts, limit: int = SHOWN_PER_STATUS) -> CardsData:
    """The rep's cards by status, their counts and today's written notes (call from a worker)."""
    from outreach_tui.store.cards import card_counts, cards_by_status, written_on

    groups = {
        status: [CardView(
            id=row.id, status=row.status, kind=row.kind, name=row.contact_name, company=row.company,
            why=why_text(row.reason, row.event_kind, row.event_note, row.note), created_on=row.created_on,
            written_on=row.written_on, mailed_on=row.mailed_on, response=row.response,
            responded_on=row.responded_on, cost_cents=row.cost_cents,
        ) for row in rows]
        for status, rows in cards_by_status(limit=limit, costs=costs, rep=rep).items()
    }
    return CardsData(groups, card_counts(rep), written_on(today, rep))


class CardsScreen(Screen):
    """The notes and cards queue."""

    SIDE_SCREEN = True
    CSS_PATH = "styles/cards.tcss"
    BINDINGS = [
        Binding("w", "written", "Written", id="cards.written"),
        Binding("m", "mailed", "Mailed", id="cards.mailed"),
        Binding("b", "brought_back", "Brought back", id="cards.brought_back"),
        Binding("1", "group('to_write')", "To write", show=False, id="cards.to_write"),
        Binding("2", "group('written')", "Written", show=False, id="cards.show_written"),
        Binding("3", "group('mailed')", "Mailed", show=False, id="cards.show_mailed"),
        Binding("r", "reload", "Reload", show=False, id="cards.reload"),
        Binding("escape,p", "back", "Back", key_display="esc", id="cards.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: CardsData | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        yield TopBar(id="cards-top")
        with Vertical(id="cards-head"):
            yield Static(Content(""), id="cards-goal")
            yield Static(cost_content(self.app.settings.card_costs), id="cards-cost")
        yield Static(Content("Loading the cards…"), id="cards-message")
        with TabbedContent(id="cards-tabs"):
            for status in CARD_STATUSES:
                with TabPane(f"{STATUS_TITLES[status]}", id=f"tab-{status}"):
                    table: DataTable = DataTable(id=f"table-{status}", cursor_type="row", zebra_stripes=True)
                    table.add_columns(*COLUMNS[status])
                    yield table
                    yield Static(Content(EMPTY_TAB[status]), id=f"empty-{status}", classes="cards-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cards-top", TopBar).show(self.app, "Notes and cards")
        self.query_one("#cards-tabs").display = False
        self.load()

    # --- loading -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="cards", exit_on_error=False)
    def load(self) -> None:
        from outreach_tui.ui.workers import close_thread_connection

        app = self.app
        try:
            data = load_cards(app.clock.today(), app.rep, app.settings.card_costs)
            self.post_message(CardsLoaded(data))
        except Exception as exc:
            self.post_message(CardsLoaded(None, f"Could not load the cards: {one_line(exc, 200)}"))
        finally:
            close_thread_connection()

    @on(CardsLoaded)
    def _loaded(self, message: CardsLoaded) -> None:
        self.busy = False
        info = self.query_one("#cards-message", Static)
        tabs = self.query_one("#cards-tabs", TabbedContent)
        if message.data is None:
            info.update(Content.assemble((message.error, "$text-error"), "\n\nPress r to try again."))
            info.display = True
            return
        self.data = data = message.data
        settings = self.app.settings
        self.query_one("#cards-goal", Static).update(goal_content(data.written_today, settings.goals.notes))
        today = self.app.clock.today()
        if not any(data.counts.get(status) for status in CARD_STATUSES):
            info.update(Content.assemble((EMPTY_BOOK, "bold"), "\n\n", (EMPTY_HINT, "$text-muted")))
            info.display = True
            tabs.display = False
            self.refresh_bindings()
            return
        info.display = False
        tabs.display = True
        for status in CARD_STATUSES:
            rows = data.groups.get(status, [])
            total = data.counts.get(status, len(rows))
            shown = f" ({len(rows)} of {total})" if total > len(rows) else f" {total}"
            tabs.get_tab(f"tab-{status}").label = Content.assemble(STATUS_TITLES[status], (shown, "bold"))
            table = self.query_one(f"#table-{status}", DataTable)
            row_index = table.cursor_row
            table.clear()
            for card in rows:
                table.add_row(*row_cells(card, today), key=str(card.id))
            if rows:
                table.move_cursor(row=min(max(row_index, 0), len(rows) - 1), animate=False)
            table.display = bool(rows)
            self.query_one(f"#empty-{status}").display = not rows
        self._focus_table()
        self.refresh_bindings()

    # --- which card ------------------------------------------------------------------

    @property
    def group(self) -> str:
        active = self.query_one("#cards-tabs", TabbedContent).active or "tab-to_write"
        return active.removeprefix("tab-")

    def current_card(self) -> CardView | None:
        if self.data is None:
            return None
        rows = self.data.groups.get(self.group, [])
        table = self.query_one(f"#table-{self.group}", DataTable)
        if not rows or table.row_count == 0:
            return None
        index = table.cursor_row
        return rows[index] if 0 <= index < len(rows) else None

    def _focus_table(self) -> None:
        table = self.query_one(f"#table-{self.group}", DataTable)
        if table.display and not isinstance(self.focused, Input):
            table.focus()

    @on(TabbedContent.TabActivated, "#cards-tabs")
    def _tab_changed(self) -> None:
        self._focus_table()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = {"written": ("to_write",), "mailed": ("to_write", "written"), "brought_back": ("written", "mailed")}
        if action in allowed:
            if self.data is None or not any(self.data.counts.get(s) for s in CARD_STATUSES):
                return False
            return True if self.group in allowed[action] else None
        return True

    # --- actions ------------------------------------------------------------------------

    def action_group(self, status: str) -> None:
        tabs = self.query_one("#cards-tabs", TabbedContent)
        if tabs.display:
            tabs.active = f"tab-{status}"

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def _card_or_say(self) -> CardView | None:
        card = self.current_card()
        if card is None:
            self.notify("No card here: pick one with ↑ / ↓.", timeout=3)
        return card

    def action_written(self) -> None:
        card = self._card_or_say()
        if card is not None and card.status == "to_write" and not self.busy:
            self.busy = True
            self._change("written", card, None)

    def action_mailed(self) -> None:
        card = self._card_or_say()
        if card is not None and card.status in ("to_write", "written") and not self.busy:
            self.busy = True
            self._change("mailed", card, None)

    def action_brought_back(self) -> None:
        card = self._card_or_say()
        if card is None or card.status == "to_write":
            if card is not None:
                self.notify("Mark the card written or mailed first.", timeout=3)
            return
        today = self.app.clock.today()

        def answered(answer: tuple[str, date] | None) -> None:
            if answer is not None:
                self.busy = True
                self._change("response", card, answer)

        self.app.push_screen(ResponseScreen(one_line(card.name, 40), today, card.response), answered)

    @work(thread=True, group="cards-write", exit_on_error=False)
    def _change(self, kind: str, card: CardView, answer: tuple[str, date] | None) -> None:
        from outreach_tui.ui.workers import close_thread_connection
        from outreach_tui.store.cards import CardError, mark_mailed, mark_written, record_response

        today = self.app.clock.today()
        who = one_line(card.name, 40)
        what = KIND_LABELS.get(card.kind, "").lower() or "card"
        try:
            if kind == "written":
                mark_written(card.id, today)
                text = f"Written: {what} card for {who}. m marks it mailed."
            elif kind == "mailed":
                mark_mailed(card.id, today)
                text = f"Mailed: {what} card for {who}."
            else:
                assert answer is not None
                response, day = answer
                record_response(card.id, response, day)
                text = f"{who}: {RESPONSE_LABELS[response]}, {day_phrase(day, today)}. Noted for the weekly review."
            self.post_message(CardChanged(text))
        except CardError as exc:
            self.post_message(CardChanged(one_line(exc, 200), error=True))
        except Exception as exc:
            self.post_message(CardChanged(f"Could not save: {one_line(exc, 200)}", error=True))
        finally:
            close_thread_connection()

    @on(CardChanged)
    def _changed(self, message: CardChanged) -> None:
        self.notify(message.text, severity="error" if message.error else "information", timeout=4, markup=False)
        self.load()

    def palette_commands(self):
        return [
            ("Card: mark written", "w: the highlighted card", self.action_written),
            ("Card: mark mailed", "m: the highlighted card", self.action_mailed),
            ("Card: what it brought back", "b: called back, order increased, new items quoted, referral",
             self.action_brought_back),
            ("Cards to write", "1", lambda: self.action_group("to_write")),
            ("Cards written", "2", lambda: self.action_group("written")),
            ("Cards mailed", "3", lambda: self.action_group("mailed")),
            ("Reload the cards", "r", self.action_reload),
            ("Back", "escape: the screen before", self.action_back),
        ]

"""The weekly review: the week in numbers and small charts, for the rep or the team.

The numbers are `store.review.weekly_review`, the very computation `outreach review`
prints, read in a thread worker. ← / → move a week (never past this one), `.` comes
back to this week, `t` switches between the whole team (the default, as on the
command line) and the rep alone. The attention warning sits under the week's title
so it is never scrolled out of sight. Names and reflections are shown literally.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from outreach_tui.core.iso_weeks import week_label, week_start_of
from outreach_tui.core.money import format_money
from outreach_tui.core.review import (
    ATTENTION_DAYS,
    ATTENTION_TOP,
    RESPONSE_LABELS,
    WeeklyReview,
)
from outreach_tui.core.review_text import DAY_LETTERS, bar, percent, talk_time
from outreach_tui.core.team_review import table_lines
from outreach_tui.core.text import one_line, printable
from outreach_tui.core.vocab import OUTCOME_LABELS
from outreach_tui.ui.widgets import TopBar

BAR_WIDTH = 14
DAY_WIDTH = 3  # columns per day under the calls sparkline


class ReviewLoaded(Message):
    def __init__(self, review: WeeklyReview | None, week_start: date, rep: str | None, error: str = "") -> None:
        super().__init__()
        self.review = review
        self.week_start = week_start
        self.rep = rep
        self.error = error


LABEL_WIDTH = 11
INDENT = " " * (LABEL_WIDTH + 5)  # where the detail of `_line` starts


def _line(label: str, value: object, rest: str = "") -> Content:
    """'Calls        6  connected 4': a muted label, a bold figure, plain detail (fits half of 80 columns)."""
    return Content.assemble((f"{label:<{LABEL_WIDTH}}", "$text-muted"), (f"{value!s:>3}", "bold"),
                            f"  {rest}" if rest else "")


def title_content(review: WeeklyReview, this_week: date, who: str) -> Content:
    when = f"{review.week_start:%a} {review.week_start.day} {review.week_start:%b} – " \
           f"{review.week_end:%a} {review.week_end.day} {review.week_end:%b %Y}"
    parts: list = [("Week ", "bold"), (review.week, "bold $accent"), f" · {when} · ", (who, "bold")]
    if review.week_start == this_week:
        parts.append(("  this week", "$text-muted"))
    return Content.assemble(*parts)


def calls_content(review: WeeklyReview) -> Content:
    return Content("\n").join([
        _line("Calls", review.calls, f"connected {review.connected} · {percent(review.connect_rate)}"),
        _line("Voicemails", review.voicemails, f"talk time {talk_time(review.call_seconds)}"),
        # What Calls counts (core.goals), and the touches it does not.
        Content.styled(f"= phone {review.placed.get('call', 0)} + visits {review.placed.get('visit', 0)}",
                       "$text-muted"),
        Content.styled(f"skipped {review.skipped} (not calls)", "$text-muted"),
        Content.styled(f"emails {review.placed.get('email', 0)} · texts {review.placed.get('text', 0)}",
                       "$text-muted"),
    ])


def days_content(calls_per_day: list[int]) -> Content:
    """The day letters under the sparkline and each day's count under its letter."""
    letters = "".join(letter.center(DAY_WIDTH) for letter in DAY_LETTERS)
    counts = "".join((str(n) if n else "·").center(DAY_WIDTH) for n in calls_per_day)
    return Content.assemble((letters, "$text-muted"), "\n", (counts, "bold"))


def outcomes_content(review: WeeklyReview) -> Content:
    top = max(review.outcomes.values(), default=0)
    if not top:
        return Content.styled("No calls this week.", "$text-muted")
    return Content("\n").join(
        Content.assemble((f"{OUTCOME_LABELS.get(outcome, outcome):<15}", "$text-muted"), (f"{count:>3} ", "bold"),
                         (bar(count, top, BAR_WIDTH), "$accent"))
        for outcome, count in review.outcomes.items() if count
    )


def cards_content(review: WeeklyReview) -> Content:
    """Cards written and what cards brought back, one kind a line, then what the written ones cost."""
    brought = [f"{RESPONSE_LABELS.get(kind, kind)} {count}" for kind, count in review.card_responses.items() if count]
    lines = [
        _line("Written", review.notes_written, f"mailed {review.cards_mailed}"),
        _line("Responses", review.cards_with_responses, brought[0] if brought else "none this week"),
        *[Content(INDENT + text) for text in brought[1:]],
        Content.assemble((f"{'Cost':<{LABEL_WIDTH}}", "$text-muted"), (format_money(review.outreach_cost_cents), "bold"),
                         f" = {review.notes_written} × {format_money(review.cost_per_card_cents)}"),
    ]
    return Content("\n").join(lines)


def follow_through_content(review: WeeklyReview) -> Content:
    team_quotes = " (team)" if review.rep is not None else ""
    goals = Content(" ").join(
        Content.styled(f"{letter}{'✓' if day.all_met else '·'}", "bold $success" if day.all_met else "$text-muted")
        for letter, day in zip(DAY_LETTERS, review.goals_per_day)
    )
    return Content("\n").join([
        _line("Referrals", review.referrals, f"given · {review.referrals_called} called"),
        _line("Follow-ups", review.follow_ups_kept, f"kept · {review.follow_ups_missed} missed"),
        *([Content(f"{INDENT}{review.follow_ups_pending} still ahead")] if review.follow_ups_pending else []),
        _line("Quote hits", percent(review.quote_hit_ratio),
              f"{review.quotes_won} won · {review.quotes_lost} lost{team_quotes}"),
        _line("Streak", review.streak_days, "day" if review.streak_days == 1 else "days"),
        _line("Goals met", review.goals_met_days, "of 7 days"),
        Content.assemble(" " * LABEL_WIDTH, goals),
    ])


def attention_content(review: WeeklyReview) -> Content:
    lines = [Content.assemble(
        f"Top {ATTENTION_TOP} took ", (percent(review.attention_top6_share), "bold"),
        f" of the last {ATTENTION_DAYS} days' call time ({talk_time(review.attention_total_seconds)} in all)",
        (f" · warning above {review.attention_warning:.0%}", "$text-muted"),
    )]
    top = max((entry.seconds for entry in review.attention_top6), default=0)
    for entry in review.attention_top6:
        lines.append(Content.assemble(f"{one_line(entry.name, 24):<25}", (f"{talk_time(entry.seconds):>10} ", "bold"),
                                      (bar(entry.seconds, top, BAR_WIDTH), "$accent")))
    return Content("\n").join(lines)


def team_content(review: WeeklyReview) -> Content:
    """A row per rep (the team's week): the lines of `review --by-rep`, rep names literal."""
    header, *rows = table_lines(review.by_rep)
    return Content("\n").join([Content.styled(header, "bold"), *(Content(line) for line in rows)])


def reflections_content(review: WeeklyReview) -> Content:
    """The rep's reflections, then the week's "how it went for them" lines beside them."""
    lines = []
    for item in review.reflections:
        text = printable(item.text, keep_newlines=True).strip()
        lines.append(Content.assemble((f"{item.started_at:%a} {item.started_at.day} {item.started_at:%b} ", "bold"),
                                      (one_line(item.rep, 30), "$text-muted"), ": ", text))
    if not review.reflections:
        lines.append(Content.styled("None written this week: the session summary asks how it went.", "$text-muted"))
    if review.their_views:
        lines.append(Content.styled("How it went for them", "bold"))
    for view in review.their_views:
        lines.append(Content.assemble((f"{view.started_at:%a} {view.started_at.day} {view.started_at:%b} ", "bold"),
                                      (one_line(view.contact_name, 40), "$text-muted"), ": ", one_line(view.text, 200)))
    return Content("\n").join(lines)


class ReviewScreen(Screen):
    """One week's numbers; the rep moves between weeks and between themselves and the team."""

    SIDE_SCREEN = True
    CSS_PATH = "styles/review.tcss"
    BINDINGS = [
        Binding("left,left_square_bracket", "week(-1)", "Week before", key_display="←", priority=True,
                id="review.previous"),
        Binding("right,right_square_bracket", "week(1)", "Week after", key_display="→", priority=True,
                id="review.next"),
        Binding("full_stop", "this_week", "This week", key_display=".", id="review.this_week"),
        Binding("t", "toggle_team", "Team / me", id="review.team"),
        Binding("r", "reload", "Reload", show=False, id="review.reload"),
        Binding("escape,p", "back", "Back", key_display="esc", id="review.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week_start: date | None = None
        self.rep: str | None = None  # None: the whole team, as `outreach review` without --rep
        self.review: WeeklyReview | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(id="review-top")
        yield Static(Content("Loading the week…"), id="review-title")
        yield Static(Content(""), id="review-warning")
        with VerticalScroll(id="review-body"):
            with Grid(id="review-grid"):
                with Vertical(id="panel-calls", classes="panel"):
                    yield Static(Content(""), id="review-calls")
                    yield Sparkline([0] * 7, id="review-sparkline")
                    yield Static(Content(""), id="review-days")
                yield Static(Content(""), id="review-outcomes", classes="panel")
                yield Static(Content(""), id="review-cards", classes="panel")
                yield Static(Content(""), id="review-follow", classes="panel")
                yield Static(Content(""), id="review-team", classes="panel wide")
                yield Static(Content(""), id="review-attention", classes="panel wide")
                yield Static(Content(""), id="review-reflections", classes="panel wide")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-top", TopBar).show(self.app, "Weekly review")
        titles = {"#panel-calls": "Calls", "#review-outcomes": "Outcomes", "#review-cards": "Notes and cards",
                  "#review-follow": "Follow-through", "#review-team": "By rep",
                  "#review-attention": "Attention balance",
                  "#review-reflections": "Reflections"}
        for selector, title in titles.items():
            self.query_one(selector).border_title = title
        self.query_one("#review-warning").display = False
        self.week_start = self.this_week
        self.load()

    @property
    def this_week(self) -> date:
        return week_start_of(self.app.clock.today())

    @property
    def who(self) -> str:
        return "whole team" if self.rep is None else one_line(self.rep, 30)

    # --- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def load(self) -> None:
        from outreach_tui.ui.workers import close_thread_connection
        from outreach_tui.store.review import weekly_review

        app = self.app
        week_start, rep = self.week_start, self.rep
        try:
            review = weekly_review(week_start, rep, app.settings, today=app.clock.today())
            self.post_message(ReviewLoaded(review, week_start, rep))
        except Exception as exc:
            self.post_message(ReviewLoaded(None, week_start, rep,
                                           f"Could not read the week: {one_line(exc, 200)} (r tries again)"))
        finally:
            close_thread_connection()

    @on(ReviewLoaded)
    def _loaded(self, message: ReviewLoaded) -> None:
        if (message.week_start, message.rep) != (self.week_start, self.rep):
            return  # the rep has moved on to another week since
        title = self.query_one("#review-title", Static)
        if message.review is None:
            title.update(Content.styled(message.error, "$text-error"))
            return
        self.review = review = message.review
        title.update(title_content(review, self.this_week, self.who))
        warning = self.query_one("#review-warning", Static)
        warning.update(Content("\n").join(Content.styled(f"⚠ {text}", "bold $text-warning")
                                          for text in review.warnings))
        warning.display = bool(review.warnings)
        self.query_one("#review-calls", Static).update(calls_content(review))
        self.query_one("#review-sparkline", Sparkline).data = review.calls_per_day
        self.query_one("#review-days", Static).update(days_content(review.calls_per_day))
        self.query_one("#review-outcomes", Static).update(outcomes_content(review))
        self.query_one("#review-cards", Static).update(cards_content(review))
        self.query_one("#review-follow", Static).update(follow_through_content(review))
        team = self.query_one("#review-team", Static)
        team.update(team_content(review))
        team.display = bool(review.by_rep)
        self.query_one("#review-attention", Static).update(attention_content(review))
        self.query_one("#review-reflections", Static).update(reflections_content(review))
        self.refresh_bindings()

    # --- moving about --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "week" and parameters == (1,) and self.week_start is not None:
            return None if self.week_start >= self.this_week else True  # shown, greyed: no weeks ahead
        if action == "this_week":
            return self.week_start != self.this_week
        return True

    def _show(self, week_start: date, rep: str | None) -> None:
        self.week_start, self.rep = week_start, rep
        self.query_one("#review-title", Static).update(
            Content.assemble(("Week ", "bold"), (week_label(week_start), "bold $accent"), f" · {self.who} · loading…"))
        self.refresh_bindings()
        self.load()

    def action_week(self, step: int) -> None:
        if self.week_start is not None:
            self._show(min(self.week_start + timedelta(weeks=step), self.this_week), self.rep)

    def action_this_week(self) -> None:
        self._show(self.this_week, self.rep)

    def action_toggle_team(self) -> None:
        if self.week_start is not None:
            self._show(self.week_start, self.app.rep if self.rep is None else None)

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self):
        return [
            ("Review: the week before", "← or [", lambda: self.action_week(-1)),
            ("Review: the week after", "→ or ]", lambda: self.action_week(1)),
            ("Review: this week", ".", self.action_this_week),
            ("Review: the team or just me", "t", self.action_toggle_team),
            ("Back", "escape: the screen before", self.action_back),
        ]

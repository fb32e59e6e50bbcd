"""The weekly review as text: small charts (a sparkline, a bar in eighths) and the printed
review of `outreach review`, whose numbers the Review screen shows too (`percent`, `talk_time`).

Its own module because `core.review` computes the week and this one only says it: the
numbers are built once, and how they read changes here without touching how they count.
"""

from __future__ import annotations

from typing import Sequence

from outreach_tui.core.money import format_money
from outreach_tui.core.review import ATTENTION_DAYS, ATTENTION_TOP, RESPONSE_LABELS, WeeklyReview
from outreach_tui.core.text import one_line, printable
from outreach_tui.core.vocab import CHANNELS, OUTCOME_LABELS, PERSONAL_CHANNELS

SPARK_CHARS = "▁▂▃▄▅▆▇█"
BAR_EIGHTHS = " ▏▎▍▌▋▊▉█"
DAY_LETTERS = ("M", "T", "W", "T", "F", "S", "S")


# --- small charts ---------------------------------------------------------------------

def sparkline(values: Sequence[float]) -> str:
    """One character per value, ▁ for zero and ▂…█ scaled to the largest value."""
    top = max(values, default=0)
    if top <= 0:
        return SPARK_CHARS[0] * len(values)
    steps = len(SPARK_CHARS) - 1
    out = []
    for value in values:
        if value <= 0:
            out.append(SPARK_CHARS[0])
        else:
            out.append(SPARK_CHARS[max(1, min(steps, round(value / top * steps)))])
    return "".join(out)


def bar(value: float, maximum: float, width: int = 20) -> str:
    """A horizontal bar of `value` out of `maximum`, `width` cells at most, in eighths."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = round(min(value, maximum) / maximum * width * 8)
    eighths = max(eighths, 1)
    full, rest = divmod(eighths, 8)
    return "█" * full + (BAR_EIGHTHS[rest] if rest else "")


# --- printed review ----------------------------------------------------------------------

def percent(value: float | None) -> str:
    """'67%', or '—' when there is nothing to divide by (shared by the printed review and the screen)."""
    return "—" if value is None else f"{value:.0%}"


def talk_time(seconds: int) -> str:
    """'38 min' or '1 h 05 min'."""
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min"


PLACED_LABELS = {"call": "phone calls", "visit": "visits", "email": "Emails", "text": "Texts",
                 "card": "Cards sent as a touch"}


def counted_lines(review: WeeklyReview) -> list[str]:
    """What the Calls line counts (core.goals: calls and visits placed, skips apart), and the other touches."""
    lines = [f"  {PLACED_LABELS[channel]:<15}{review.placed.get(channel, 0):>4}" for channel in PERSONAL_CHANNELS]
    lines.append(f"  {'skipped':<15}{review.skipped:>4}   not calls: in no count here")
    lines += [f"{PLACED_LABELS[channel]:<17}{review.placed.get(channel, 0):>4}"
              for channel in CHANNELS if channel not in PERSONAL_CHANNELS]
    return lines


def render_text(review: WeeklyReview, width: int = 24) -> str:
    """The review as plain text with small charts, for `outreach review`."""
    who = one_line(review.rep) if review.rep is not None else "all reps"
    lines = [
        f"Week {review.week} · {review.week_start:%a %d %b} – {review.week_end:%a %d %b %Y} · {who}",
        "",
        f"Calls            {review.calls:>4}   {sparkline(review.calls_per_day)}  {' '.join(DAY_LETTERS)}: "
        + " ".join(str(n) for n in review.calls_per_day),
        *counted_lines(review),
        f"Connected        {review.connected:>4}   connect rate {percent(review.connect_rate)}",
        f"Voicemails       {review.voicemails:>4}",
        f"Talk time        {talk_time(review.call_seconds):>4}",
        "",
        "Outcomes",
    ]
    top = max(review.outcomes.values(), default=0)
    for outcome, count in review.outcomes.items():
        if count:
            lines.append(f"  {OUTCOME_LABELS.get(outcome, outcome):<16}{count:>4} {bar(count, top, width)}")
    if not top:
        lines.append("  none this week")
    lines += [
        "",
        f"Notes and cards  {review.notes_written:>4} written, {review.cards_mailed} mailed",
        f"Brought back     {review.cards_with_responses:>4} "
        + ("(" + ", ".join(f"{RESPONSE_LABELS.get(k, k)} {n}" for k, n in review.card_responses.items() if n) + ")"
           if review.cards_with_responses else "responses recorded this week"),
        f"Outreach cost    {format_money(review.outreach_cost_cents)} = {review.notes_written} × "
        f"{format_money(review.cost_per_card_cents)} a card",
        f"Referrals        {review.referrals:>4} given, {review.referrals_called} called",
        f"Follow-ups       {review.follow_ups_kept:>4} kept, {review.follow_ups_missed} missed"
        + (f", {review.follow_ups_pending} still ahead" if review.follow_ups_pending else ""),
        f"Quote hit ratio  {percent(review.quote_hit_ratio):>4}   {review.quotes_won} won, {review.quotes_lost} lost"
        + (" (whole team: quotes have no rep)" if review.rep is not None else ""),
        f"Session streak   {review.streak_days:>4} day{'s' * (review.streak_days != 1)}",
        "",
        f"Goals (calls {review.goals.calls}, notes {review.goals.notes}, thoughtfulness "
        f"{review.goals.thoughtfulness}): met on {review.goals_met_days} of 7 days",
        "  " + "  ".join(f"{letter}{'✓' if day.all_met else '·'}"
                         for letter, day in zip(DAY_LETTERS, review.goals_per_day)),
        "",
        f"Attention        top {ATTENTION_TOP} took {percent(review.attention_top6_share)} of the last "
        f"{ATTENTION_DAYS} days' call time ({talk_time(review.attention_total_seconds)} in all)",
    ]
    top_seconds = max((e.seconds for e in review.attention_top6), default=0)
    for entry in review.attention_top6:
        lines.append(f"  {one_line(entry.name, limit=22):<22} {talk_time(entry.seconds):>10} "
                     f"{bar(entry.seconds, top_seconds, width // 2)}")
    for warning in review.warnings:
        lines.append(f"  ! {warning}")
    lines += ["", "Reflections"]
    if review.reflections:
        for item in review.reflections:
            text = printable(item.text, keep_newlines=True).strip()
            first, *rest = text.splitlines() or [""]
            lines.append(f"  {item.started_at:%a %d %b} {one_line(item.rep)}: {first}")
            lines.extend(f"    {line}" for line in rest)
    else:
        lines.append("  none written this week")
    lines += ["", "How it went for them"]
    for view in review.their_views:
        lines.append(f"  {view.started_at:%a %d %b} {one_line(view.contact_name)}: {one_line(view.text)}")
    if not review.their_views:
        lines.append("  nothing noted this week")
    return "\n".join(lines) + "\n"

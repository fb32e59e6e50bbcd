"""The Markdown session report: a heading per session, a table of its calls, and a
tally of outcomes that adds up to the rows.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from itertools import groupby
from typing import IO, Iterable


from outreach_tui.core.text import one_line, printable
from outreach_tui.core.vocab import OUTCOME_LABELS, outcome_tally
from outreach_tui.store.export.rows import REFERRAL_SEPARATOR, ExportFilter, _as_datetime


# --- Markdown session report ----------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})
MD_HEADER = ("Time", "Contact", "Reason", "Outcome", "Duration", "Notes", "Their view", "Follow-up", "Referrals")


def md_text(value: object) -> str:
    """Contact text for Markdown: one line, control characters removed, shown literally.

    `|` is escaped so it never splits a table cell; other characters Markdown would
    read as formatting or HTML are escaped too.
    """
    return one_line(value).translate(_MD_SPECIAL)


def _clock(value: object) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%H:%M") if isinstance(value, datetime) else ""


def _duration(seconds: int | None) -> str:
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _session_heading(session_id: int | None, info: tuple, first_row: dict) -> str:
    if session_id is None:
        return "## Outside a session"
    rep, started, ended, planned, _ = info
    started = _as_datetime(started) or _as_datetime(first_row["started_at"])
    ended = _as_datetime(ended)
    when = started.strftime("%a %d %b %Y, %H:%M") if started else ""
    if ended:
        when += ended.strftime("–%H:%M") if ended.date() == started.date() else ended.strftime(" – %a %d %b %H:%M")
    parts = [f"## Session {session_id}", when]
    if rep:
        parts.append(md_text(rep))
    if planned:
        parts.append(f"{planned} min planned")
    return " · ".join(part for part in parts if part)


def write_markdown(groups: Iterable[tuple[dict, tuple]], out: IO[str], title: str = "Outreach sessions") -> int:
    """A heading and a table per session, a one-line tally and the reflection under each."""
    out.write(f"# {md_text(title)}\n")
    count = 0
    for session_id, items in groupby(groups, key=lambda pair: pair[0]["session_id"]):
        first_row, info = next(items)
        out.write("\n" + _session_heading(session_id, info, first_row) + "\n\n")
        out.write("| " + " | ".join(MD_HEADER) + " |\n")
        out.write("| --- | --- | --- | --- | ---: | --- | --- | --- | --- |\n")
        outcomes: Counter[str] = Counter()
        seconds = referrals = 0
        for row, _ in _chain_first((first_row, info), items):
            out.write("| " + " | ".join((
                _clock(row["started_at"]),
                md_text(row["contact_name"]),
                row["reason"].replace("_", " "),
                OUTCOME_LABELS.get(row["outcome"], md_text(row["outcome"])),
                _duration(row["duration_s"]),
                md_text(row["notes"]),
                md_text(row["their_view"]),
                row["follow_up_on"] or "",
                md_text(REFERRAL_SEPARATOR.join(row["referrals"])),
            )) + " |\n")
            count += 1
            outcomes[row["outcome"]] += 1
            seconds += int(row["duration_s"] or 0)
            referrals += len(row["referrals"])
        rows = sum(outcomes.values())
        tally = (f"{rows} in all: {md_text(outcome_tally(outcomes))}; "
                 f"{referrals} referral{'s' * (referrals != 1)}, {_duration(seconds)} talking.")
        out.write("\n" + tally + "\n")
        reflection = info[4] if session_id is not None else ""
        if reflection and reflection.strip():
            lines = printable(reflection, keep_newlines=True).strip().splitlines()
            out.write("\n" + "\n".join("> " + md_text(line) for line in lines) + "\n")
    if not count:
        out.write("\nNo interactions.\n")
    return count


def _chain_first(first, rest):
    yield first
    yield from rest



def _md_title(filters: ExportFilter) -> str:
    parts = ["Outreach sessions"]
    if filters.session_id is not None:
        parts = [f"Outreach session {filters.session_id}"]
    if filters.start or filters.end:
        parts.append(f"{filters.start.isoformat() if filters.start else '…'} to "
                     f"{filters.end.isoformat() if filters.end else '…'}")
    if filters.rep is not None:
        parts.append(filters.rep)
    return " · ".join(parts)

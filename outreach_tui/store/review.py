"""The queries behind the weekly review; the numbers themselves are `core.review`.

`weekly_review(week_start, rep, settings, today)` is what the Review screen and
`outreach review` call. With `rep`, interactions, sessions, referrals and cards
are that rep's (a card or referral belongs to the rep of the call that created it;
cards queued outside a call belong to no rep and count only in the team's review).
Quotes have no rep, so the quote numbers are always the team's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Iterator

from peewee import fn

from outreach_tui.core.iso_weeks import week_start_of
from outreach_tui.core.review import ATTENTION_DAYS, ATTENTION_TOP, WeeklyReview, build_review
from outreach_tui.core.settings import Settings
from outreach_tui.core.team_review import RepRow
from outreach_tui.core.week_facts import AttentionEntry, CallFact, FollowUpFact, Reflection, TheirView, WeekFacts
from outreach_tui.store.models import Card, Contact, Interaction, Quote, Referral, Session


def _as_datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _between(column, first: date, last: date):
    """Inclusive days on a datetime column."""
    return (column >= datetime.combine(first, time.min)) & (
        column < datetime.combine(last + timedelta(days=1), time.min))


def _interactions(start: date, end: date, rep: str | None) -> list[CallFact]:
    query = (Interaction.select(Interaction.started_at, Interaction.contact, Interaction.outcome,
                                Interaction.channel, Interaction.reason, Interaction.duration_s)
             .where(_between(Interaction.started_at, start, end))
             .order_by(Interaction.started_at, Interaction.id))
    if rep is not None:
        query = query.where(Interaction.rep == rep)
    return [CallFact(_as_datetime(started).date(), contact_id, outcome, channel, reason, int(seconds or 0))
            for started, contact_id, outcome, channel, reason, seconds in query.tuples()]


def _cards(rep: str | None):
    query = Card.select()
    if rep is not None:
        query = query.join(Interaction, on=(Card.interaction == Interaction.id)).where(Interaction.rep == rep)
    return query


def _follow_ups(start: date, end: date, rep: str | None) -> list[FollowUpFact]:
    query = (Interaction.select(Interaction.contact, Interaction.follow_up_on, Interaction.started_at)
             .where(Interaction.follow_up_on.between(start, end)))
    if rep is not None:
        query = query.where(Interaction.rep == rep)
    return [FollowUpFact(contact_id, _as_date(due), _as_datetime(set_at))
            for contact_id, due, set_at in query.tuples()]


def _touches(follow_ups: list[FollowUpFact], end: date) -> dict[int, list[datetime]]:
    """Calls and visits (not skips, any rep) of the contacts with follow-ups, from the earliest setting on."""
    touches: dict[int, list[datetime]] = {}
    if not follow_ups:
        return touches
    contact_ids = sorted({f.contact_id for f in follow_ups})
    since = min(f.set_at for f in follow_ups)
    for offset in range(0, len(contact_ids), 500):
        query = (Interaction.select(Interaction.contact, Interaction.started_at)
                 .where(Interaction.contact.in_(contact_ids[offset:offset + 500]),
                        Interaction.outcome != "skipped",
                        Interaction.started_at > since,
                        Interaction.started_at < datetime.combine(end + timedelta(days=1), time.min)))
        for contact_id, started in query.tuples():
            touches.setdefault(contact_id, []).append(_as_datetime(started))
    return touches


def _referrals_called(start: date, end: date, rep: str | None, calls: list[CallFact]) -> int:
    query = (Referral.select(Referral.contact, Referral.called_on)
             .where(Referral.called_on.between(start, end)))
    rows = [(contact_id, _as_date(called)) for contact_id, called in query.tuples()]
    if rep is None:
        return len(rows)
    # Referral rows do not say who called; the rep did if they called that contact that day.
    called_by_rep = {(c.contact_id, c.day) for c in calls if c.outcome != "skipped"}
    return sum(1 for row in rows if row in called_by_rep)


def _session_days_desc(end: date, rep: str | None) -> Iterator[date]:
    """Distinct days with a session, newest first, up to `end`; read lazily."""
    query = (Session.select(Session.started_at)
             .where(Session.started_at < datetime.combine(end + timedelta(days=1), time.min))
             .order_by(Session.started_at.desc()))
    if rep is not None:
        query = query.where(Session.rep == rep)
    previous = None
    for (started,) in query.tuples().iterator():
        day = _as_datetime(started).date()
        if day != previous:
            previous = day
            yield day


def _attention(end: date, rep: str | None) -> tuple[list[AttentionEntry], int]:
    first = end - timedelta(days=ATTENTION_DAYS - 1)
    where = [_between(Interaction.started_at, first, end), Interaction.outcome != "skipped"]
    if rep is not None:
        where.append(Interaction.rep == rep)
    total = Interaction.select(fn.COALESCE(fn.SUM(Interaction.duration_s), 0)).where(*where).scalar() or 0
    seconds = fn.SUM(Interaction.duration_s)
    query = (Interaction.select(Interaction.contact, Contact.name, seconds.alias("seconds"))
             .join(Contact, on=(Interaction.contact == Contact.id))
             .where(*where)
             .group_by(Interaction.contact, Contact.name)
             .having(seconds > 0)
             .order_by(seconds.desc(), Interaction.contact)
             .limit(ATTENTION_TOP))
    top = [AttentionEntry(contact_id, name, int(total_s)) for contact_id, name, total_s in query.tuples()]
    return top, int(total)


def _reflections(start: date, end: date, rep: str | None) -> list[Reflection]:
    query = (Session.select(Session.id, Session.rep, Session.started_at, Session.reflection)
             .where(_between(Session.started_at, start, end), Session.reflection != "")
             .order_by(Session.started_at, Session.id))
    if rep is not None:
        query = query.where(Session.rep == rep)
    return [Reflection(sid, srep, _as_datetime(started), text)
            for sid, srep, started, text in query.tuples() if text and text.strip()]


def _their_views(start: date, end: date, rep: str | None) -> list[TheirView]:
    query = (Interaction.select(Interaction.contact, Contact.name, Interaction.rep, Interaction.started_at,
                                Interaction.their_view)
             .join(Contact, on=(Interaction.contact == Contact.id))
             .where(_between(Interaction.started_at, start, end), Interaction.their_view != "")
             .order_by(Interaction.started_at, Interaction.id))
    if rep is not None:
        query = query.where(Interaction.rep == rep)
    return [TheirView(contact_id, name, irep, _as_datetime(started), text)
            for contact_id, name, irep, started, text in query.tuples() if text.strip()]


def week_facts(week_start: date, rep: str | None, today: date) -> WeekFacts:
    """The facts of the ISO week starting on `week_start` (moved back to its Monday)."""
    start = week_start_of(week_start)
    end = start + timedelta(days=6)
    interactions = _interactions(start, end, rep)
    follow_ups = _follow_ups(start, end, rep)
    cards = _cards(rep)
    written = [_as_date(d) for (d,) in cards.select(Card.written_on).where(Card.written_on.between(start, end))
               .order_by(Card.written_on).tuples()]
    mailed = cards.select(Card.id).where(Card.mailed_on.between(start, end)).count()
    responses = [r for (r,) in cards.select(Card.response)
                 .where(Card.responded_on.between(start, end), Card.response != "").tuples()]
    given = Referral.select(Referral.id).where(Referral.given_on.between(start, end))
    if rep is not None:
        given = given.join(Interaction, on=(Referral.interaction == Interaction.id)).where(Interaction.rep == rep)
    decided = dict(Quote.select(Quote.status, fn.COUNT(Quote.id))
                   .where(Quote.decided_on.between(start, end), Quote.status.in_(("won", "lost")))
                   .group_by(Quote.status).tuples())
    top, total = _attention(end, rep)
    return WeekFacts(
        week_start=start,
        today=today,
        rep=rep,
        interactions=interactions,
        cards_written_on=written,
        cards_mailed=mailed,
        responses=responses,
        referrals_given=given.count(),
        referrals_called=_referrals_called(start, end, rep, interactions),
        follow_ups=follow_ups,
        touches=_touches(follow_ups, end),
        quotes_won=decided.get("won", 0),
        quotes_lost=decided.get("lost", 0),
        session_days_desc=list(_limited(_session_days_desc(end, rep))),
        attention_top=top,
        attention_total_seconds=total,
        reflections=_reflections(start, end, rep),
        their_views=_their_views(start, end, rep),
    )


def _limited(days: Iterator[date]) -> Iterator[date]:
    """Stop reading session days at the first gap that would end any streak (a weekday without one)."""
    previous = None
    for day in days:
        if previous is not None:
            gap = (previous - day).days
            weekend_only = all((day + timedelta(days=n)).weekday() >= 5 for n in range(1, gap))
            if gap > 1 and not weekend_only:
                yield day
                return
        yield day
        previous = day


def weekly_review(week_start: date, rep: str | None = None, settings: Settings | None = None,
                  today: date | None = None) -> WeeklyReview:
    """The review of the ISO week holding `week_start`, for one rep or (None) the whole team,
    which carries a row per rep (`by_rep`)."""
    settings, today = settings or Settings(), today or date.today()
    review = build_review(week_facts(week_start, rep, today), settings)
    if rep is None:
        review = replace(review, by_rep=team_rows(review.week_start, settings, today))
    return review


def known_reps() -> list[str]:
    """Every rep the book has seen work (calls and sessions), case aside in order."""
    names: set[str] = set()
    for model in (Interaction, Session):
        names |= {rep for (rep,) in model.select(model.rep).distinct().tuples() if rep}
    return sorted(names, key=lambda name: (name.casefold(), name))


def team_rows(week_start: date, settings: Settings, today: date) -> list[RepRow]:
    """A row per known rep: the numbers of their own review of the week, and the quotes they won or lost."""
    quotes = _decided_quotes_by_rep(week_start, week_start + timedelta(days=6))
    rows = []
    for rep in known_reps():
        own = build_review(week_facts(week_start, rep, today), settings)
        won, lost = quotes.get(rep, (0, 0))
        rows.append(RepRow(rep, own.calls, own.connected, own.notes_written, own.cards_mailed, won, lost))
    return rows


def _decided_quotes_by_rep(start: date, end: date) -> dict[str, tuple[int, int]]:
    """Quotes decided in the week, (won, lost) per rep: a quote is the rep's who last reached
    its customer (not a skip) before the answer; one nobody reached counts for no rep."""
    counts: dict[str, tuple[int, int]] = {}
    decided = (Quote.select(Quote.contact, Quote.status, Quote.decided_on)
               .where(Quote.decided_on.between(start, end), Quote.status.in_(("won", "lost"))).tuples())
    for contact_id, status, decided_on in decided:
        rep = (Interaction.select(Interaction.rep)
               .where((Interaction.contact == contact_id) & (Interaction.outcome != "skipped")
                      & (Interaction.started_at < datetime.combine(_as_date(decided_on) + timedelta(days=1), time.min)))
               .order_by(Interaction.started_at.desc(), Interaction.id.desc()).scalar())
        if rep:
            won, lost = counts.get(rep, (0, 0))
            counts[rep] = (won + (status == "won"), lost + (status == "lost"))
    return counts

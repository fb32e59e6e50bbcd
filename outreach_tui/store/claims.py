"""Team mode: which rep is working which contact, so no customer gets two calls.

Many reps share one book (on PostgreSQL). A rep *claims* a contact before calling:
while the claim is live no other rep's plan shows that contact and no other rep
can claim it. A claim lapses `ttl_minutes` after it was taken (30 by default), so
the contacts of a rep whose laptop died come back by themselves; saving a call,
snoozing, releasing or ending the session gives it back at once.

- `claim_next` takes the next N items of today's plan that nobody holds, in one
  transaction: on PostgreSQL read from the plan the book keeps (`claim_queue`, built
  again only when the book changed), on SQLite planned afresh. Given the plan a session
  already has, it claims from that (the fast path for "the next contact").
- `claim_contact` is what the session screen calls when it reaches a contact.

Two reps can never both hold one contact: the claim is an upsert on the unique
contact column that replaces only an expired claim (or the rep's own). Nor can two
windows of one rep: a claim taken for a session is that session's (`plan_conditions.claimed_by`);
one taken with no session (`outreach claim`) goes to the first window that reaches it. On
PostgreSQL the candidate contact rows are also locked with `SELECT … FOR NO KEY
UPDATE SKIP LOCKED`, so reps claiming at the same moment step past each other's
rows instead of queueing on them and colliding. On SQLite the whole
read-and-claim runs in one IMMEDIATE transaction, which writers take in turn.

Claim times are stored in UTC (see `plan_conditions.as_utc`); callers pass their local
`now` as everywhere else in the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import EXCLUDED

from outreach_tui.core.plan_items import PlanItem, PlanRules
from outreach_tui.store.claim_queue import queued_plan
from outreach_tui.store.engines import is_postgres
from outreach_tui.store.models import Claim, Contact, database
from outreach_tui.store.plan_head import listed_plan
from outreach_tui.store.plan_conditions import LONG_AGO, as_utc, claimed_by, reachable, unclaimed

DEFAULT_CLAIM_MINUTES = 30
# Extra plan items read beyond the N wanted: when reps claim at the same moment,
# each steps past the rows the others have locked to the next free ones.
CANDIDATE_SLACK = 16
MAX_ROUNDS = 8


def _times(now: datetime, ttl_minutes: int) -> tuple[datetime, datetime]:
    if ttl_minutes < 1:
        raise ValueError(f"claim minutes must be 1 or more, got {ttl_minutes}")
    stamp = as_utc(now)
    return stamp, stamp + timedelta(minutes=ttl_minutes)


def claim_next(
    rep: str,
    today: date,
    now: datetime,
    limit: int,
    rules: PlanRules = PlanRules(),
    ttl_minutes: int = DEFAULT_CLAIM_MINUTES,
    *,
    session_id: int | None = None,
    plan: Sequence[PlanItem] | None = None,
) -> list[PlanItem]:
    """Claim for `rep` the next `limit` plan items that nobody else holds, best first.

    Without `plan`, the items are today's plan as worked out afresh (on PostgreSQL,
    read from the plan the book keeps, which is the same), and contacts `rep` already
    holds are skipped, so each call hands out new ones (`outreach claim`); one
    transaction, all or nothing.

    With `plan` (the items a session already has, best first), nothing is planned
    again: the first `limit` of them that are still callable today and not held by
    another rep are claimed, and ones `rep` holds are renewed. This is the fast
    path for "the next contact" in a session: on PostgreSQL one statement per
    window of the plan looked at.

    Expired claims, anyone's, count as free. Returns the items claimed, in plan
    order (fewer than `limit` when the plan runs out).
    """
    if limit < 1:
        return []
    stamp, expires = _times(now, ttl_minutes)
    claim = _Claimer(rep, today, now, stamp, expires, session_id)
    if plan is not None:
        if claim.postgres:  # each statement is atomic on its own
            return claim.from_plan(plan, limit)
        with database.atomic():
            return claim.from_plan(plan, limit)
    claimed: list[PlanItem] = []
    looked_at: set[int] = set()
    with database.atomic():
        for _ in range(MAX_ROUNDS):
            want = limit - len(claimed)
            asked = want + CANDIDATE_SLACK + len(looked_at)
            fresh = claim.plan(rules, asked)
            by_id = {item.contact_id: item for item in fresh if item.contact_id not in looked_at}
            if not by_id:
                break
            got, seen = claim.first_free(list(by_id), want, renew=False)
            looked_at.update(seen)
            claimed.extend(by_id[contact_id] for contact_id in got)
            if len(claimed) >= limit or len(fresh) < asked:
                break
    return claimed


def claim_contact(
    contact_id: int,
    rep: str,
    now: datetime,
    ttl_minutes: int = DEFAULT_CLAIM_MINUTES,
    *,
    session_id: int | None = None,
) -> bool:
    """Claim one contact for `rep` as the session reaches them; False: don't call them.

    False when another rep holds a live claim on them or is claiming or saving them
    this instant, or when they are no longer callable today (someone reached or
    snoozed them since the plan was made, or marked them do-not-contact), or they
    no longer exist. Calling it again for a contact `rep` holds renews the claim
    (and ties it to `session_id`).
    """
    stamp, expires = _times(now, ttl_minutes)
    claim = _Claimer(rep, now.date(), now, stamp, expires, session_id)
    if claim.postgres:
        got, _ = claim.first_free([contact_id], 1, renew=True)
    else:
        with database.atomic():
            got, _ = claim.first_free([contact_id], 1, renew=True)
    return bool(got)


# PostgreSQL: pick, lock and claim in one statement of constant text (psycopg
# prepares it after a few runs). `free` is `plan_conditions.reachable` and `unclaimed`
# spelled out — tests/test_claims.py holds the two to the same rules. The upsert
# replaces only a lapsed claim or the rep's own; RETURNING says which were won.
_PG_CLAIM = """
WITH free AS (
    SELECT c.id FROM contact AS c
    WHERE c.id = ANY(%(ids)s::int[])
      AND c.do_not_contact = FALSE AND c.archived = FALSE
      AND COALESCE(c.snoozed_until, %(long_ago)s::date) <= %(today)s::date
      AND COALESCE(c.last_contact_on, %(long_ago)s::date) < %(today)s::date
      AND NOT EXISTS (SELECT 1 FROM claim AS k
                      WHERE k.contact_id = c.id AND k.expires_at > %(stamp)s{others})
    ORDER BY array_position(%(ids)s::int[], c.id)
    LIMIT %(want)s
    FOR NO KEY UPDATE OF c SKIP LOCKED
), won AS (
    INSERT INTO claim (contact_id, rep, claimed_at, expires_at, session_id)
    SELECT id, %(rep)s, %(stamp)s, %(expires)s, %(session)s::int FROM free
    ON CONFLICT (contact_id) DO UPDATE
        SET rep = EXCLUDED.rep, claimed_at = EXCLUDED.claimed_at,
            expires_at = EXCLUDED.expires_at, session_id = EXCLUDED.session_id
        WHERE (claim.rep = EXCLUDED.rep
               AND (claim.session_id IS NULL OR claim.session_id IS NOT DISTINCT FROM EXCLUDED.session_id))
           OR claim.expires_at <= EXCLUDED.claimed_at
    RETURNING contact_id
)
SELECT (SELECT array_agg(id) FROM free), (SELECT array_agg(contact_id) FROM won)
"""
_PG_CLAIM_RENEW = _PG_CLAIM.format(others="""
                        AND NOT (k.rep = %(rep)s AND (k.session_id IS NULL
                                 OR k.session_id IS NOT DISTINCT FROM %(session)s::int))""")
_PG_CLAIM_NEW = _PG_CLAIM.format(others="")


class _Claimer:
    """One claiming call's rep and times."""

    def __init__(self, rep: str, today: date, now: datetime, stamp: datetime, expires: datetime,
                 session_id: int | None) -> None:
        self.rep, self.today, self.now = rep, today, now
        self.stamp, self.expires, self.session_id = stamp, expires, session_id
        self.postgres = is_postgres(database.obj)

    def plan(self, rules: PlanRules, limit: int) -> list[PlanItem]:
        """Today's first `limit` items that nobody holds (the rep's own claims included): on
        PostgreSQL from the plan the book keeps (`claim_queue`), on SQLite planned afresh."""
        if self.postgres:
            return queued_plan(self.today, rules, limit, self.rep, self.now)
        return listed_plan(self.today, rules, limit, rep=self.rep, now=self.now, hide_own_claims=True).items

    def from_plan(self, plan: Sequence[PlanItem], limit: int) -> list[PlanItem]:
        """Claim the first `limit` free items of the plan, looking at one small window at a time."""
        by_id = {item.contact_id: item for item in reversed(plan)}  # the first of any repeat wins
        order = [item.contact_id for item in plan if by_id.get(item.contact_id) is item]
        claimed: list[int] = []
        start = 0
        while start < len(order) and len(claimed) < limit:
            want = limit - len(claimed)
            window = order[start:start + want + CANDIDATE_SLACK]
            got, seen = self.first_free(window, want, renew=True)
            claimed.extend(got)
            start += len(seen)
        return [by_id[contact_id] for contact_id in claimed]

    def first_free(self, order: list[int], want: int, renew: bool) -> tuple[list[int], list[int]]:
        """Claim the first `want` contacts of `order` that are free; (claimed, looked at).

        Free: callable today (a plan may be minutes old) and held by no live claim of
        another rep (of anyone, unless `renew`). On PostgreSQL rows another rep is
        claiming or saving this instant are skipped (SKIP LOCKED), not waited for.
        "Looked at" is every id up to the last one picked (all of them when fewer
        than `want` were free): the caller moves past those.
        """
        if not order:
            return [], []
        if self.postgres:
            picked, won = self._pg(order, want, renew)
        else:
            picked, won = self._sqlite(order, want, renew)
        seen = order if len(picked) < want else order[: order.index(picked[-1]) + 1]
        return [contact_id for contact_id in picked if contact_id in won], seen

    def _pg(self, order: list[int], want: int, renew: bool) -> tuple[list[int], set[int]]:
        params = {"ids": order, "long_ago": LONG_AGO, "today": self.today, "stamp": self.stamp,
                  "expires": self.expires, "rep": self.rep, "session": self.session_id, "want": want}
        row = database.execute_sql(_PG_CLAIM_RENEW if renew else _PG_CLAIM_NEW, params).fetchone()
        locked, won = set(row[0] or ()), set(row[1] or ())
        return [contact_id for contact_id in order if contact_id in locked], won

    def _sqlite(self, order: list[int], want: int, renew: bool) -> tuple[list[int], set[int]]:
        """In the caller's IMMEDIATE transaction, so no other writer runs between read and write."""
        free = Contact.select(Contact.id).where(
            Contact.id.in_(order) & reachable(self.today)
            & (unclaimed(self.now, self.rep, self.session_id) if renew else unclaimed(self.now)))
        found = {row[0] for row in free.tuples()}
        picked = [contact_id for contact_id in order if contact_id in found][:want]
        if not picked:
            return [], set()
        rows = [
            {Claim.contact: contact_id, Claim.rep: self.rep, Claim.claimed_at: self.stamp,
             Claim.expires_at: self.expires, Claim.session: self.session_id}
            for contact_id in picked
        ]
        (Claim.insert_many(rows)
         .on_conflict(
             conflict_target=[Claim.contact],
             update={Claim.rep: EXCLUDED.rep, Claim.claimed_at: EXCLUDED.claimed_at,
                     Claim.expires_at: EXCLUDED.expires_at, Claim.session: EXCLUDED.session_id},
             where=claimed_by(self.rep, self.session_id) | (Claim.expires_at <= self.stamp),
         )
         .execute())
        held = Claim.select(Claim.contact).where(
            Claim.contact.in_(picked) & (Claim.rep == self.rep) & (Claim.session == self.session_id)
            & (Claim.claimed_at == self.stamp) & (Claim.expires_at == self.expires))
        return picked, {row[0] for row in held.tuples()}


def holder(contact_id: int, now: datetime) -> str | None:
    """The rep holding a live claim on the contact, if anyone does."""
    return (Claim.select(Claim.rep)
            .where((Claim.contact == contact_id) & (Claim.expires_at > as_utc(now)))
            .scalar())


@dataclass(frozen=True)
class LiveClaim:
    rep: str
    contact_id: int
    contact: str
    since: datetime  # UTC, as stored
    until: datetime

    def as_json(self) -> dict:
        return {"rep": self.rep, "contact_id": self.contact_id, "contact": self.contact,
                "since": self.since.isoformat() + "Z", "until": self.until.isoformat() + "Z"}


def live_claims(now: datetime) -> list[LiveClaim]:
    """Every claim still holding someone, by rep, oldest first: who holds which contact."""
    query = (Claim.select(Claim.rep, Contact.id, Contact.name, Claim.claimed_at, Claim.expires_at)
             .join(Contact).where(Claim.expires_at > as_utc(now))
             .order_by(Claim.rep, Claim.claimed_at, Claim.id))
    return [LiveClaim(*row) for row in query.tuples()]


def held_by(rep: str, now: datetime) -> list[int]:
    """The contacts `rep` holds live claims on, oldest claim first."""
    query = (Claim.select(Claim.contact)
             .where((Claim.rep == rep) & (Claim.expires_at > as_utc(now)))
             .order_by(Claim.claimed_at, Claim.id))
    return [row[0] for row in query.tuples()]


def release(rep: str, contact_id: int | None = None) -> int:
    """Give back `rep`'s claims (only the one on `contact_id` if given); how many were released."""
    with database.atomic():
        query = Claim.delete().where(Claim.rep == rep)
        if contact_id is not None:
            query = query.where(Claim.contact == contact_id)
        return query.execute()


def release_session(session_id: int) -> int:
    """Give back every claim taken for a session; how many were released."""
    with database.atomic():
        return Claim.delete().where(Claim.session == session_id).execute()


def purge_expired(now: datetime) -> int:
    """Delete claims that lapsed (they already hold no one); how many."""
    with database.atomic():
        return Claim.delete().where(Claim.expires_at <= as_utc(now)).execute()


__all__ = [
    "DEFAULT_CLAIM_MINUTES",
    "claim_contact",
    "claim_next",
    "held_by",
    "holder",
    "live_claims",
    "purge_expired",
    "release",
    "release_session",
]

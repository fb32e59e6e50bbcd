"""A realistic practice book for training reps: `outreach seed` and `outreach demo`.

`seed_book` fills the store with Faker-made contacts and a year of the rep's history
with them: sessions, calls and their notes, quotes, life events, absences, referrals
and cards. Everything is drawn from one `random.Random(seed)` and one seeded Faker
instance and is dated relative to the `today` passed in, so the same seed, date and
size give the same rows, id for id.

Whatever the seed, a book of 200 contacts or more always has, for `today`, due
check-ins, neglected customers, at least two people back from an absence today,
life events in the coming week (one a wedding or a funeral), quotes waiting for a
follow-up and referrals not yet called. A few contacts are shaped on purpose for
that; the rest is chance. Smaller books get each situation where there are people
enough.

Faker is imported here only, and only when seeding runs.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import asdict, dataclass
from datetime import date
from typing import Callable

from peewee import Database, PostgresqlDatabase, SqliteDatabase, chunked, fn

from outreach_tui.core import vocab
from outreach_tui.core.money import CardCosts
from outreach_tui.store.contacts_search import search_values
from outreach_tui.store.migrations import trigram_filled_at_the_end
from outreach_tui.store.models import (
    Absence,
    Card,
    Contact,
    Interaction,
    LifeEvent,
    Quote,
    Referral,
    Session,
)

# ---------------------------------------------------------------------------
# The report

@dataclass
class SeedReport:
    """Rows added per table (and removed by a reset)."""

    contacts: int = 0
    life_events: int = 0
    absences: int = 0
    quotes: int = 0
    sessions: int = 0
    interactions: int = 0
    referrals: int = 0
    cards: int = 0
    deleted: int = 0  # rows a reset removed, all tables together
    seconds: float = 0.0  # wall time, for the command's message

    @property
    def total(self) -> int:
        return (self.contacts + self.life_events + self.absences + self.quotes + self.sessions
                + self.interactions + self.referrals + self.cards)

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        """One line for the command: '300 contacts, 2,104 interactions in 212 sessions, …'."""
        text = (
            f"{self.contacts:,} contacts, {self.interactions:,} interactions in {self.sessions:,} sessions, "
            f"{self.quotes:,} quotes, {self.life_events:,} life events, {self.absences:,} absences, "
            f"{self.referrals:,} referrals, {self.cards:,} cards"
        )
        if self.deleted:
            text += f" (after removing {self.deleted:,} old rows)"
        return text


# Children before parents, so a reset never trips a foreign key.
SEEDED_MODELS = (Card, Referral, Interaction, Session, Quote, Absence, LifeEvent, Contact)

# ---------------------------------------------------------------------------
# Vocabulary (checked against core.vocab at import, so a rename fails loudly)

CLIENT, PAST, PROSPECT, SUPPLIER, COLLEAGUE = "client", "past_client", "prospect", "supplier", "colleague"
CONNECTED, VOICEMAIL, NO_ANSWER, OOO, WRONG, DNC, SKIPPED = (
    "connected", "voicemail", "no_answer", "out_of_office", "wrong_number", "do_not_contact", "skipped")
CALL, VISIT, EMAIL, TEXT = "call", "visit", "email", "text"
R_BACK, R_LIFE, R_CHECK, R_NEGLECT, R_QUOTE, R_REFERRAL, R_FOLLOW, R_THOUGHT = (
    "back_from_absence", "life_event", "check_in", "neglected", "quote_follow_up", "referral",
    "follow_up", "thoughtfulness")

assert {CLIENT, PAST, PROSPECT, SUPPLIER, COLLEAGUE} == set(vocab.RELATIONSHIPS)
assert {CONNECTED, VOICEMAIL, NO_ANSWER, OOO, WRONG, DNC, SKIPPED} == set(vocab.OUTCOMES)
assert {CALL, VISIT, EMAIL, TEXT} <= set(vocab.CHANNELS)
assert {R_BACK, R_LIFE, R_CHECK, R_NEGLECT, R_QUOTE, R_REFERRAL, R_FOLLOW, R_THOUGHT} == set(vocab.REASONS)

RELATIONSHIP_MIX = ((CLIENT, 45), (PAST, 20), (PROSPECT, 15), (SUPPLIER, 10), (COLLEAGUE, 10))

# ---------------------------------------------------------------------------
# Word lists

TIMEZONES = (  # zone, weight, area codes
    ("America/New_York", 34, (212, 617, 404, 305, 216, 412, 215, 313, 614, 919, 704, 513)),
    ("America/Chicago", 26, (312, 773, 214, 713, 612, 314, 414, 615, 316, 504, 901, 630)),
    ("America/Denver", 8, (303, 801, 505, 406, 307, 719)),
    ("America/Los_Angeles", 16, (213, 415, 206, 503, 702, 619, 916, 408)),
    ("Europe/London", 4, ()),
    ("", 12, (262, 419, 937, 260, 616, 309, 502, 859)),
)

BUYER_TITLES = (
    "Purchasing Manager", "Operations Manager", "Plant Manager", "Facilities Director", "Owner",
    "Office Manager", "Senior Buyer", "Procurement Lead", "Warehouse Supervisor", "VP Operations",
    "Maintenance Supervisor", "Controller", "General Manager", "Materials Manager", "Shop Foreman",
    "Director of Logistics", "Safety Coordinator", "President", "Production Manager", "Buyer",
)
SUPPLIER_TITLES = ("Account Manager", "Territory Rep", "Inside Sales", "Customer Service Lead",
                   "Regional Sales Manager", "Product Specialist", "Dispatch Manager")
COLLEAGUE_TITLES = ("Inside Sales", "Customer Service Rep", "Sales Manager", "Estimator",
                    "Warehouse Lead", "Credit Manager", "Purchasing Agent", "Delivery Driver",
                    "Marketing Coordinator", "Branch Manager")

OFFICE_WORDS = ("manager", "engineer", "officer", "administrator", "director", "buyer", "technician",
                "surveyor", "accountant", "analyst", "consultant", "planner", "designer", "supervisor")

REGIONS = ("Great Lakes", "Midwest", "Tri-County", "Riverside", "Summit", "Keystone", "Prairie",
           "Heartland", "Lakeshore", "Northern", "Buckeye", "Gateway", "Allegheny", "Cardinal",
           "Hoosier", "Blue Ridge", "Frontier", "Pioneer", "Liberty", "Crossroads")
INDUSTRIES = ("Supply", "Fabrication", "Logistics", "Packaging", "Manufacturing", "Distribution",
              "Tool & Die", "Mechanical", "Electric", "Foods", "Plastics", "Freight", "Builders",
              "Machine Works", "Paper Co.", "Steel", "Health Partners", "Property Management")
LEGAL_WORDS = {"inc", "llc", "ltd", "plc", "co", "and", "group", "the", "sons"}

CITIES = ("Dayton", "Toledo", "Akron", "Fort Wayne", "Grand Rapids", "Peoria", "Louisville",
          "Lexington", "Erie", "Scranton", "Columbus", "Madison", "Joliet", "Evansville", "Kalamazoo",
          "Rockford", "Cedar Rapids", "Springfield", "Canton", "Youngstown")

PRODUCTS = (  # (description of a quote, short name for talk)
    ("pallet racking for the {city} warehouse", "pallet racking"),
    ("LED high-bay lighting retrofit", "LED lighting"),
    ("annual forklift maintenance contract", "forklift service"),
    ("stretch wrap and packaging supplies, 12 months", "stretch wrap"),
    ("safety signage and floor marking", "safety signage"),
    ("dock levelers and seals for {count} doors", "dock seals"),
    ("conveyor belt replacement, line {count}", "conveyor parts"),
    ("mezzanine platform for the {city} plant", "the mezzanine"),
    ("janitorial supplies program", "janitorial supplies"),
    ("industrial shelving for the parts room", "shelving"),
    ("HVAC filter service contract", "filter service"),
    ("fleet GPS tracking for {count}0 vehicles", "GPS tracking"),
    ("office furniture for the new {city} office", "office furniture"),
    ("security camera upgrade", "cameras"),
    ("compressed air system audit", "the air audit"),
    ("PPE vending machine program", "PPE vending"),
    ("warehouse management software, {count}0 licenses", "the WMS software"),
    ("electric pallet jacks, {count} units", "pallet jacks"),
    ("custom printed shipping boxes", "shipping boxes"),
    ("backup generator service plan", "generator service"),
    ("epoxy floor coating for the {city} shop", "floor coating"),
    ("replacement casters and wheels", "casters"),
    ("break room coffee service", "coffee service"),
)

TEAMS = ("Cubs", "White Sox", "Bears", "Packers", "Red Sox", "Yankees", "Cardinals", "Buckeyes",
         "Steelers", "Browns", "Lakers", "Bengals", "Colts", "Tigers", "Brewers", "Blackhawks",
         "Fighting Irish", "Wolverines")
COLLEGES = ("Ohio State", "Purdue", "Michigan State", "Indiana", "Notre Dame", "Penn State",
            "the University of Iowa", "Marquette", "Xavier", "Kent State")
HOBBIES = (
    "Coaches little-league.", "Plays in a Tuesday bowling league.", "Training for a marathon.",
    "Restoring a '67 Mustang in the garage.", "Avid fly-fisherman.", "Sings in the church choir.",
    "Volunteers at the food bank on Saturdays.", "Serious about barbecue; enters cook-offs.",
    "Golfs most weekends; 12 handicap.", "Deer hunts every November.", "Into woodworking.",
    "Runs the neighborhood fantasy football league.", "Plays guitar in a cover band.",
    "Keeps bees.", "Big gardener — brings tomatoes to the office in August.",
    "Rides a Harley on weekends.", "Takes pottery classes.", "Birdwatcher.",
)
PETS = ("golden retriever", "black lab", "beagle", "rescue mutt", "two cats", "German shepherd", "corgi")
PET_NAMES = ("Biscuit", "Max", "Luna", "Bear", "Daisy", "Cooper", "Rosie", "Tucker", "Moose", "Penny")

NOTE_BITS = (
    "Prefers calls after 10am.", "Big fan of the {team}.", "Best reached on cell; desk phone goes to voicemail.",
    "Keep it short on Mondays.", "Always asks about lead times.", "Takes Fridays off in the summer.",
    "Signs off on anything over $10k.", "Likes getting the print catalog.", "Went to {college}.",
    "Allergic to peanuts — remember for the holiday basket.", "Prefers email for quotes, phone for everything else.",
    "Lunch spot: the diner on Main.", "Ex-Navy.", "Hates voicemail; text first.", "Early riser — in by 6:30.",
    "Decides with the plant manager; loop both in.", "Very price-sensitive.", "Loyal since the old owner's days.",
    "Remembers every late delivery — never promise what we can't ship.", "Loves a good joke.",
    "Asks for the rep by name.", "Moved here from {city} a few years ago.",
)

OPENERS = ("Check-in call.", "Called to touch base.", "Quarterly check-in.",
           "Just called to see how things are going.", "Touched base.", "Caught up with {first}.")
BUSINESS = (
    "Business is steady; busy with the spring rush.", "Slow quarter — a big customer pushed orders to fall.",
    "Just landed a hospital contract; adding a second shift.", "New plant manager started last month.",
    "Moving into the new {city} building in the fall.", "Struggling to hire drivers.",
    "Inventory is tight while they wait on steel.", "Had their best month ever.",
    "Audit next week, a bit stressed.", "Lost a key customer; watching costs closely.",
    "Expanding the warehouse by 20,000 sq ft.", "Switched ERP systems — still sorting out purchasing.",
    "Owner is thinking about selling in a couple of years.", "Everything running smoothly, no complaints.",
    "Short-staffed; {first} is covering two jobs.",
)
INTEREST = (
    "Asked about lead times on {product}.", "Wants a price on {product} before budget meetings.",
    "Happy with the last order; no needs right now.", "Might need more {product} in the next quarter — check back.",
    "Had questions about the warranty on {product}.", "Not in the market right now.",
    "Interested in a demo of {product}.", "Asked what's new in {product}; sent the flyer after.",
    "Complained about the last delivery being late; promised to look into it.",
    "Wants samples of {product} for the team to try.", "Comparing us with another supplier on {product}.",
)
PERSONAL = (
    "Just back from a fishing trip up north.", "Renovating the kitchen — three months over schedule.",
    "Training for a half marathon.", "New puppy at home.", "Mother is recovering from knee surgery.",
    "Heading to the lake for the long weekend.", "Took up golf; says it's humbling.",
    "Bought a house out in the country.", "Their {team} lost again; we laughed about it.",
    "Coaching the church softball team this year.", "Planning a trip to Ireland.",
)
KID_PERSONAL = (
    "{kid} made the varsity soccer team.", "{kid} starts at {college} in the fall.",
    "{kid} got the lead in the school play.", "{kid} just got a driver's license — nervous parent.",
    "{kid} is learning to ride a bike.", "{kid} broke an arm skateboarding, healing fine.",
    "Busy with {kid}'s travel baseball schedule.", "{kid} got engaged!",
)
ASKS = (
    "Asked who else could use our help — nobody comes to mind yet.",
    "Asked for names; {first} will think about it.", "Reminded {first} to call me with any questions.",
    "", "", "",
)
THEIR_VIEW = (
    "Glad we caught up.", "Said it was nice to hear from someone who isn't just selling.",
    "Appreciated the heads-up on pricing.", "Thanked me for remembering the kids' names.",
    "A bit rushed — asked to talk next week.", "Said the last delivery was perfect.",
    "Felt listened to this time.", "Happy to help with referrals.", "Said we're the easiest supplier to deal with.",
    "Liked that I called instead of emailing.", "Wants to hear from us more often.",
)
VOICEMAILS = (
    "Left a voicemail — just checking in, asked {first} to call back.",
    "Voicemail. Mentioned the {product} promo and left my cell.",
    "Left a short message; will try again next week.", "Went to voicemail; left a friendly hello and my number.",
    "Left a message with the front desk and a voicemail.",
)
NO_ANSWERS = ("No answer; rang out.", "No answer — mailbox full.", "No answer. Try after lunch next time.",
              "Line busy twice; will try again tomorrow.", "No pick-up; didn't leave a message.")
WRONG_NUMBERS = ("Number now reaches a dental office — need {first}'s new direct line.",
                 "Disconnected; the main line says {first} moved desks. Asked for the new number.",
                 "Wrong number — the extension changed; front desk will email it.")
SKIPS = ("Skipped — ran out of time.", "Skipped: heard they're slammed with inventory this week.",
         "Skipped; will catch {first} at the trade show instead.",
         "Skipped — {first} is mid-audit, better next week.")
DNC_NOTES = ("Asked to be taken off the call list. Respecting that.",
             "Said they've moved to a national account and asked us not to call.",
             "New owner; asked that we stop calling. Noted.")
EMAILS_OK = ("Emailed the {product} spec sheet; {first} replied with thanks.",
             "Sent a note about new {product} pricing; {first} asked for samples.",
             "Emailed a check-in; {first} answered that all is well and to call next month.",
             "Shared an article on warehouse safety; {first} wrote back.")
EMAILS_NONE = ("Emailed a check-in; no reply yet.", "Sent the updated catalog; no response.")
TEXTS_OK = ("Texted a quick hello; got a thumbs-up back.",
            "Texted to confirm Thursday's delivery window; {first} confirmed.",
            "Texted congratulations on the {city} opening; nice reply.")
TEXTS_NONE = ("Texted; no reply.", "Sent a text about the {product} promo; no answer.")
VISITS = ("Dropped by the {city} site; walked the floor with {first}. {interest}",
          "Visited with donuts for the morning shift; quick chat with {first}. {interest}",
          "Stopped in on the way back from another account. {business} {interest}",
          "Lunch with {first}. {business} {personal}")
THOUGHTFUL = ("No agenda — just called to see how {first} is doing. {personal}",
              "Called just to say thanks for being a great customer. {personal}",
              "Called to see how {first} is doing; {business}")
NEGLECT_OPEN = ("First real conversation in months.", "Haven't seen an order in a while; asked why.",
                "Called because it's been too long.")
NEGLECT_WHY = ("They've been buying from a cheaper supplier — asked for a chance to quote.",
               "Budget freeze; should lift next quarter.", "Simply forgot about us; sending the catalog.",
               "Had a bad experience with a late delivery; apologized and promised to make it right.",
               "Project work dried up; expects orders to pick up in spring.")
FOLLOW_UPS = ("Following up as promised. {interest}", "Called back about {product} as promised. {business}",
              "Follow-up call. {interest} {personal}")
FOLLOW_UP_SETS = ("Call back next week about {product}.", "Promised to check stock on {product} and call back.",
                  "{first} asked me to call after the budget meeting.",
                  "Send the price list, then call to walk through it.")
REFLECTIONS = (
    "{connected} real conversations out of {calls} calls — good morning.",
    "Too many voicemails ({voicemails}); try calling after 10 tomorrow.",
    "Felt rushed; spend less time on small talk with the first call.",
    "Good energy today; people were glad to hear from me.",
    "Ran over the 30 minutes again — watch the timer.",
    "Asked for referrals on every connected call. Keep doing it.",
    "Quiet morning, lots of no-answers. Mondays are bad for this list.",
    "Remembered to ask how they felt about the call. It changes the tone.",
    "Wrote the thank-you note right after the call; much easier that way.",
)
ABSENCES = (  # place, why, shortest and longest absence in days
    ("Mexico", "family vacation", 6, 12), ("Cancún", "family vacation", 6, 10),
    ("Lisbon", "trade show", 3, 6), ("Las Vegas", "trade show", 3, 5), ("Chicago", "trade show", 2, 4),
    ("", "paternity leave", 10, 28), ("", "maternity leave", 30, 60), ("Hawaii", "anniversary trip", 7, 12),
    ("Italy", "anniversary trip", 9, 14), ("Orlando", "family vacation", 5, 9), ("Costa Rica", "vacation", 6, 10),
    ("Ireland", "visiting family", 7, 14), ("Nashville", "a conference", 2, 4), ("", "jury duty", 3, 8),
    ("", "medical leave", 10, 30), ("Cabo", "a family wedding", 4, 7), ("Denver", "a customer visit", 2, 4),
)
TRIPS = tuple(row for row in ABSENCES if row[0])
WELCOME_BACK = ("Welcome-back call — asked about {trip}. {personal}",
                "Called the day after {first} got back; {trip} was great. {interest}",
                "Welcome back! Heard all about {trip}. {interest}")
CARD_THANKS = ("Thank you for your business over the years — it means a lot.",
               "Thanks for the kind words about our delivery team.",
               "Thank you for the referral — I'll take good care of them.",
               "Thanks for helping me sort out the {city} order.", "Thank you for always making time for my calls.")
CARD_SUPPLIER = ("Thanks for rushing the {product} shipment — you saved the account.",
                 "Thank you for the quick turnaround on the special order.")
CARD_COLLEAGUE = ("Thanks for covering my calls while I was out.", "Thanks for the help with the big quote.",
                  "Thank you for staying late to get the truck loaded.")
CARD_ENCOURAGE = ("Hang in there — the {city} launch will come together.", "Thinking of you this week.",
                  "Good luck with the new role!", "Rooting for you on the marathon!")


def _check_text() -> None:
    """No lorem ipsum, no stray braces: every template formats with the common fields."""
    sample = dict(first="Dana", product="shelving", city="Dayton", team="Cubs", college="Purdue",
                  kid="Theo", interest="", business="", personal="", trip="Mexico", connected=1,
                  calls=2, voicemails=1)
    for group in (NOTE_BITS, OPENERS, BUSINESS, INTEREST, PERSONAL, KID_PERSONAL, ASKS, VOICEMAILS,
                  WRONG_NUMBERS, SKIPS, EMAILS_OK, TEXTS_OK, TEXTS_NONE, VISITS, THOUGHTFUL, FOLLOW_UPS,
                  FOLLOW_UP_SETS, REFLECTIONS, WELCOME_BACK, CARD_THANKS, CARD_SUPPLIER, CARD_ENCOURAGE):
        for text in group:
            text.format(**sample)


class _Random(random.Random):
    """`random.Random` with integer draws taken straight from `random()`.

    The stock `randint` goes through `_randbelow` and costs three times as much; a
    book of 10k contacts makes a few million draws. Still seeded, still reproducible.
    """

    def randrange(self, start, stop=None, step=1):
        if step != 1:
            return super().randrange(start, stop, step)
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))


# ---------------------------------------------------------------------------
# Dates as proleptic ordinals: cheap to add, compare and count working days on

def _workday(o: int) -> bool:
    return (o + 6) % 7 < 5  # date.fromordinal(1) is a Monday


def _on_or_before(o: int) -> int:
    while not _workday(o):
        o -= 1
    return o


def _on_or_after(o: int) -> int:
    while not _workday(o):
        o += 1
    return o


# ---------------------------------------------------------------------------
# Working records

class _Family:
    __slots__ = ("status", "spouse", "kids", "known")

    def __init__(self, status, spouse, kids, known):
        self.status = status
        self.spouse = spouse
        self.kids = kids  # [(name, age, "son"|"daughter")], oldest first
        self.known = known  # the rep knows about the family (text not empty)


class _Contact:
    __slots__ = (
        "idx", "id", "rel", "first", "last", "gender", "age", "company", "domain", "title", "phone",
        "email", "tz", "cadence", "value", "since", "purchase", "created", "fam", "family", "notes",
        "role", "start", "limit", "featured", "ixs", "used", "snoozed", "team",
    )

    def __init__(self, idx: int, rel: str):
        self.idx = idx
        self.rel = rel
        self.role = None
        self.featured = False
        self.ixs = []
        self.used = set()  # membership only, never iterated
        self.snoozed = None
        self.since = None
        self.purchase = None


class _Ix:
    __slots__ = ("o", "c", "channel", "reason", "outcome", "duration", "notes", "their_view",
                 "follow_up", "session", "inbound", "seq", "secs", "id", "session_id")

    def __init__(self, o, c, channel, reason, outcome, seq):
        self.o = o
        self.c = c
        self.channel = channel
        self.reason = reason
        self.outcome = outcome
        self.seq = seq
        self.notes = ""
        self.their_view = ""
        self.follow_up = None
        self.inbound = False
        self.duration = 0
        self.secs = 0
        self.id = None
        self.session_id = None


# Roles of the contacts shaped on purpose so that every situation is present today.
ROLE_CHECK_IN = "check_in"
ROLE_NEGLECTED = "neglected"
ROLE_BACK = "back"
ROLE_LIFE = "life"
ROLE_QUOTE = "quote"
ROLE_FOLLOW_UP = "follow_up"
ROLE_REFERRER = "referrer"
ROLE_REFERRED = "referred"
ROLE_AWAY = "away"  # away right now (not a plan item: shows that away people are skipped)
ROLE_DNC = "dnc"


class _Builder:
    def __init__(self, fake, rng: random.Random, today: date, rep: str, n: int):
        self.fake = fake
        self.rng = rng
        self.today = today
        self.T = today.toordinal()
        self.rep = rep
        self.n = n
        self.seq = 0
        self.contacts: list[_Contact] = []
        self.ixs: list[_Ix] = []
        self.quotes: list[list] = []  # [c, description, amount, sent, status, decided, followed]
        self.events: list[list] = []  # [c, kind, month, day, year, yearly, note, acknowledged]
        self.absences: list[list] = []  # [c, place, why, starts, returns, acknowledged]
        self.referrals: list[list] = []  # [referrer, ix, prospect, given, called]
        # [c, kind, reason, status, note, created, written, mailed, response, responded, ix, event]
        self.cards: list[list] = []
        self.card_cost = CardCosts().total_cents
        self.card_minutes = CardCosts().minutes
        self._iso: dict[int, str] = {}
        self.emails: set[str] = set()  # membership only

    # -- small helpers ----------------------------------------------------

    def iso(self, o: int | None) -> str | None:
        if o is None:
            return None
        text = self._iso.get(o)
        if text is None:
            text = self._iso[o] = date.fromordinal(o).isoformat()
        return text

    def pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def spread(self, o: int, floor: int) -> int:
        """A weekend day moved to a random working day of its week (never before floor),
        so that Mondays do not collect every weekend's calls."""
        if _workday(o):
            return o
        o = o - (o + 6) % 7 + self.rng.randrange(5)
        return max(o, _on_or_after(floor))

    def fill(self, template: str, c: _Contact, **extra) -> str:
        rng = self.rng
        values = {"first": c.first, "team": c.team}
        if "{city}" in template:
            values["city"] = CITIES[rng.randrange(len(CITIES))]
        if "{product}" in template:
            values["product"] = PRODUCTS[rng.randrange(len(PRODUCTS))][1]
        if "{college}" in template:
            values["college"] = COLLEGES[rng.randrange(len(COLLEGES))]
        if "{interest}" in template and "interest" not in extra:
            values["interest"] = self.fill(self.pick(INTEREST), c)
        if "{business}" in template and "business" not in extra:
            values["business"] = self.fill(self.pick(BUSINESS), c)
        if "{personal}" in template and "personal" not in extra:
            values["personal"] = self.personal(c)
        values.update(extra)
        return " ".join(template.format(**values).split())

    def personal(self, c: _Contact) -> str:
        kids = c.fam.kids if c.fam.known else ()
        if kids and self.chance(0.45):
            name, age, _ = self.pick(kids)
            return self.fill(self.pick(KID_PERSONAL), c, kid=name)
        if self.chance(0.2):
            return ""
        return self.fill(self.pick(PERSONAL), c)

    # -- contacts ---------------------------------------------------------

    def make_pools(self) -> None:
        fake, rng, n = self.fake, self.rng, self.n
        size = min(300, 40 + n // 4)
        self.male = [fake.first_name_male() for _ in range(size)]
        self.female = [fake.first_name_female() for _ in range(size)]
        self.lasts = [fake.last_name() for _ in range(min(1500, 80 + n // 3))]
        companies = []
        n_companies = max(6, min(2000, int(n * 0.55)))
        n_faker = n_companies // 2
        for _ in range(n_faker):
            companies.append(fake.company())
        while len(companies) < n_companies:
            roll = rng.random()
            if roll < 0.45:
                name = f"{self.pick(REGIONS)} {self.pick(INDUSTRIES)}"
            elif roll < 0.8:
                name = f"{self.pick(self.lasts)} {self.pick(INDUSTRIES)}"
            else:
                name = f"{self.pick(CITIES)} {self.pick(INDUSTRIES)}"
            companies.append(name)
        self.companies = [(name, self.domain_of(name), rng.randrange(4)) for name in companies]
        house = f"{self.pick(REGIONS)} Industrial Supply"
        self.house = (house, self.domain_of(house), 0)
        self.house_tz = self.pick(("America/Chicago", "America/New_York"))
        self.zones = [z for z, _, _ in TIMEZONES]
        self.zone_weights = []
        total = 0
        for _, weight, _ in TIMEZONES:
            total += weight
            self.zone_weights.append(total)
        self.area_codes = {z: codes for z, _, codes in TIMEZONES}

    @staticmethod
    def domain_of(company: str) -> str:
        words = ["".join(ch for ch in word.lower() if ch.isalnum()) for word in company.replace("-", " ").split()]
        words = [w for w in words if w and w not in LEGAL_WORDS]
        stem = "".join(words[:2]) or "example"
        return f"{stem[:24]}.com"

    def relationships(self) -> list[str]:
        n = self.n
        total = sum(weight for _, weight in RELATIONSHIP_MIX)
        exact = [(rel, n * weight / total) for rel, weight in RELATIONSHIP_MIX]
        counts = {rel: int(share) for rel, share in exact}
        left = n - sum(counts.values())
        for rel, share in sorted(exact, key=lambda item: (-(item[1] - int(item[1])), item[0]))[:left]:
            counts[rel] += 1
        rels = [rel for rel, _ in RELATIONSHIP_MIX for _ in range(counts[rel])]
        self.rng.shuffle(rels)
        return rels

    def assign_roles(self) -> None:
        rng, n = self.rng, self.n
        pools = {rel: [] for rel, _ in RELATIONSHIP_MIX}
        for c in self.contacts:
            pools[c.rel].append(c)
        for rel, _ in RELATIONSHIP_MIX:
            rng.shuffle(pools[rel])
        cursor = {rel: 0 for rel in pools}

        def take(prefs) -> _Contact | None:
            for rel in prefs:
                pool = pools[rel]
                while cursor[rel] < len(pool):
                    c = pool[cursor[rel]]
                    cursor[rel] += 1
                    if c.role is None:
                        return c
            return None

        k = 3 if n >= 100 else 2
        wanted = []
        wanted += [(ROLE_CHECK_IN, (CLIENT,))] * k
        wanted += [(ROLE_NEGLECTED, (PAST, CLIENT)), (ROLE_NEGLECTED, (CLIENT, PAST))] + \
                  [(ROLE_NEGLECTED, (PAST, CLIENT))] * (k - 2)
        wanted += [(ROLE_BACK, (CLIENT, SUPPLIER, PAST, COLLEAGUE))] * k
        wanted += [(ROLE_LIFE, (CLIENT, PAST, SUPPLIER, COLLEAGUE))] * k
        wanted += [(ROLE_QUOTE, (CLIENT, PROSPECT))] * k
        wanted += [(ROLE_FOLLOW_UP, (CLIENT, PAST, PROSPECT))] * 2
        self.featured_referrals = []
        for role, prefs in wanted:
            c = take(prefs)
            if c is not None:
                c.role = role
                c.featured = True
        for _ in range(2 if n >= 20 else 1):
            referrer = take((CLIENT, PAST, SUPPLIER, COLLEAGUE))
            prospect = take((PROSPECT,))
            if referrer is None or prospect is None:
                break
            referrer.role, prospect.role = ROLE_REFERRER, ROLE_REFERRED
            referrer.featured = prospect.featured = True
            self.featured_referrals.append((referrer, prospect))
        for _ in range(max(2, n // 100)):
            c = take((CLIENT, SUPPLIER, PAST, COLLEAGUE))
            if c is not None:
                c.role = ROLE_AWAY
        for _ in range(max(1, round(n * 0.015))):
            c = take((PAST, CLIENT, PROSPECT, SUPPLIER))
            if c is not None:
                c.role = ROLE_DNC
        # Everyone not shaped on purpose, in id order, for the random extras below.
        self.free = [c for c in self.contacts if c.role is None]

    def family(self, c: _Contact) -> _Family:
        rng = self.rng
        roll = rng.random()
        status = ("married" if roll < 0.55 else "partner" if roll < 0.63 else "single" if roll < 0.8
                  else "divorced" if roll < 0.92 else "widowed")
        spouse = None
        if status in ("married", "partner"):
            pool = self.female if (c.gender == "m") == (rng.random() < 0.92) else self.male
            spouse = self.pick(pool)
        kids = []
        if c.age >= 27:
            count = rng.choices((0, 1, 2, 3, 4), (25, 25, 33, 12, 5))[0]
            top = min(c.age - 22, 38)
            names = []
            for _ in range(count):
                son = rng.random() < 0.5
                name = self.pick(self.male if son else self.female)
                if name in names or name == c.first:
                    continue
                names.append(name)
                kids.append((name, rng.randint(1, top), "son" if son else "daughter"))
            kids.sort(key=lambda kid: -kid[1])
        return _Family(status, spouse, kids, rng.random() >= 0.18)

    def family_text(self, c: _Contact) -> str:
        fam, rng = c.fam, self.rng
        if not fam.known:
            return ""
        first = {"married": f"Married to {fam.spouse}", "partner": f"Partner {fam.spouse}",
                 "single": "Single", "divorced": "Divorced", "widowed": "Widowed"}[fam.status]
        parts = [first]
        kids = fam.kids
        if len(kids) == 1:
            name, age, kind = kids[0]
            parts.append(f"one {kind}, {name} ({age})")
        elif len(kids) == 2:
            parts.append(f"two kids, {kids[0][0]} ({kids[0][1]}) and {kids[1][0]} ({kids[1][1]})")
        elif kids:
            listed = ", ".join(f"{name} ({age})" for name, age, _ in kids[:-1])
            words = {3: "three", 4: "four"}[len(kids)]
            parts.append(f"{words} kids — {listed} and {kids[-1][0]} ({kids[-1][1]})")
        text = "; ".join(parts) + "."
        extras = []
        young = [kid for kid in kids if 6 <= kid[1] <= 13]
        if young and rng.random() < 0.35:
            extras.append(f"Coaches {young[0][0]}'s {self.pick(('soccer', 'baseball', 'hockey', 'basketball'))} team.")
        elif rng.random() < 0.45:
            extras.append(self.pick(HOBBIES))
        if rng.random() < 0.2:
            extras.append(f"{self.pick(PETS).capitalize()} named {self.pick(PET_NAMES)}.")
        return " ".join([text, *extras])

    def title(self, c: _Contact) -> str:
        if c.rel == SUPPLIER:
            return self.pick(SUPPLIER_TITLES)
        if c.rel == COLLEAGUE:
            return self.pick(COLLEAGUE_TITLES)
        if self.rng.random() < 0.65:
            return self.pick(BUYER_TITLES)
        # Faker's jobs, shortened ("Engineer, civil (contracting)" -> "Civil Engineer"),
        # kept when they sound like someone who buys for a business.
        job = self.fake.job().split("(")[0].strip()
        if "," in job:
            head, _, tail = job.partition(",")
            job = f"{tail.strip()} {head.strip()}"
        job = " ".join(word[:1].upper() + word[1:] for word in job.split())
        if len(job) > 32 or not any(word in job.lower() for word in OFFICE_WORDS):
            return self.pick(BUYER_TITLES)
        return job

    def phone(self, zone: str) -> str:
        rng = self.rng
        if zone == "Europe/London":
            return f"+44 20 7946 0{rng.randint(0, 999):03d}"
        codes = self.area_codes[zone]
        return f"({self.pick(codes)}) {rng.randint(201, 989)}-{rng.randint(0, 9999):04d}"

    def email(self, c: _Contact, style: int) -> str:
        first = "".join(ch for ch in c.first.lower() if ch.isalnum())
        last = "".join(ch for ch in c.last.lower() if ch.isalnum())
        styles = (f"{first}.{last}", f"{first[:1]}{last}", f"{first}", f"{first}{last[:1]}")
        # The company's own style first; a namesake at the same company gets another one.
        address = f"{styles[style]}@{c.domain}"
        if address in self.emails:
            address = f"{styles[0]}@{c.domain}"
            number = 2
            while address in self.emails:
                address = f"{first}.{last}{number}@{c.domain}"
                number += 1
        self.emails.add(address)
        return address

    def value(self, c: _Contact) -> int:
        rng = self.rng
        if c.rel in (PROSPECT, COLLEAGUE):
            return 0
        if c.rel == SUPPLIER:
            return 0 if rng.random() < 0.6 else int(min(rng.lognormvariate(math.log(4000), 0.8), 60000)) * 100
        if c.rel == CLIENT and rng.random() < 0.015:
            return rng.randint(500, 2500) * 100_000  # a whale: $500k to $2.5M
        median = 14000 if c.rel == CLIENT else 8000
        dollars = min(max(rng.lognormvariate(math.log(median), 1.0), 600), 450_000)
        return int(dollars / 10) * 1000  # whole tens of dollars

    def build_contacts(self, progress) -> None:
        rng, T = self.rng, self.T
        rels = self.relationships()
        self.contacts = [_Contact(i, rel) for i, rel in enumerate(rels)]
        self.assign_roles()
        step = max(1, self.n // 20)
        for c in self.contacts:
            c.gender = "m" if rng.random() < 0.5 else "f"
            c.first = self.pick(self.male if c.gender == "m" else self.female)
            c.last = self.pick(self.lasts)
            c.age = rng.randint(26, 67)
            if c.rel == COLLEAGUE:
                company, domain, style = self.house
            else:
                company, domain, style = self.pick(self.companies)
            c.company, c.domain = company, domain
            c.title = self.title(c)
            index = rng.choices(range(len(self.zones)), cum_weights=self.zone_weights)[0]
            zone = self.zones[index]
            if c.rel == COLLEAGUE and zone:
                zone = self.house_tz
            c.phone = self.phone(zone)
            c.tz = zone
            c.email = self.email(c, style)
            c.team = self.pick(TEAMS)
            c.fam = self.family(c)
            c.family = self.family_text(c)
            bits = rng.choices((0, 1, 1, 2, 2, 3))[0]
            chosen = []
            for _ in range(bits):
                bit = self.fill(self.pick(NOTE_BITS), c)
                if bit not in chosen:
                    chosen.append(bit)
            c.notes = " ".join(chosen)
            c.cadence = 90
            if c.rel == CLIENT and not c.featured:
                roll = rng.random()
                c.cadence = 30 if roll < 0.06 else 60 if roll < 0.16 else 90
            c.value = self.value(c)
            # When they became a customer, when they last bought, when they entered the book.
            if c.rel in (CLIENT, PAST):
                low = 365 if c.rel == CLIENT else 730
                if c.role == ROLE_NEGLECTED:
                    low = 800
                c.since = T - rng.randint(low, 12 * 365)
                c.created = c.since
                if c.role == ROLE_NEGLECTED:
                    days = rng.randint(200, 420)
                elif c.role == ROLE_CHECK_IN:
                    days = rng.randint(10, 120)
                elif c.rel == CLIENT:
                    days = rng.randint(3, 170) if rng.random() < 0.8 else rng.randint(190, 700)
                else:
                    days = rng.randint(190, 1400) if rng.random() < 0.85 else rng.randint(30, 170)
                c.purchase = max(T - days, c.since + rng.randint(0, 30))
            elif c.rel == PROSPECT:
                c.created = T - rng.randint(40 if c.featured else 20, 500)
            else:
                c.created = T - rng.randint(365, 3000)
            if c.idx % step == 0 and progress:
                progress(c.idx, 2 * self.n)

    # -- interactions -----------------------------------------------------

    def add(self, c: _Contact, o: int, channel: str, reason: str, outcome: str, *, force: bool = False,
            notes: str | None = None) -> _Ix | None:
        """An interaction on the first free working day from o, within the contact's bounds."""
        T = self.T
        bound = T - 1 if force else min(T - 1, c.limit)
        if o < c.start:
            o = c.start
        o = self.spread(o, c.start)
        while not _workday(o) or o in c.used:
            o += 1
        if o > bound:
            return None
        self.seq += 1
        ix = _Ix(o, c, channel, reason, outcome, self.seq)
        c.used.add(o)
        c.ixs.append(ix)
        self.ixs.append(ix)
        rng = self.rng
        if outcome == CONNECTED:
            if channel in (EMAIL, TEXT):
                ix.duration = rng.randint(30, 240)
            elif channel == VISIT:
                ix.duration = rng.randint(300, 900)
            else:
                ix.duration = int(rng.triangular(30, 900, 180))
        elif outcome == VOICEMAIL:
            ix.duration = rng.randint(20, 60)
        elif outcome in (NO_ANSWER, WRONG):
            ix.duration = rng.randint(10, 40)
        elif outcome == OOO:
            ix.duration = rng.randint(15, 45)
        elif outcome == DNC:
            ix.duration = rng.randint(20, 90)
        ix.notes = notes if notes is not None else self.note_for(ix)
        if outcome == CONNECTED and channel in (CALL, VISIT) and rng.random() < 0.3:
            ix.their_view = self.pick(THEIR_VIEW)
        return ix

    def note_for(self, ix: _Ix) -> str:
        c, outcome, channel = ix.c, ix.outcome, ix.channel
        fill = self.fill
        if outcome == VOICEMAIL:
            return fill(self.pick(VOICEMAILS), c)
        if outcome == NO_ANSWER:
            if channel == EMAIL:
                return fill(self.pick(EMAILS_NONE), c)
            if channel == TEXT:
                return fill(self.pick(TEXTS_NONE), c)
            return self.pick(NO_ANSWERS)
        if outcome == WRONG:
            return fill(self.pick(WRONG_NUMBERS), c)
        if outcome == SKIPPED:
            return fill(self.pick(SKIPS), c)
        if outcome == DNC:
            return self.pick(DNC_NOTES)
        if outcome == OOO:
            return "Out-of-office auto-reply."  # replaced once the absence is known
        if channel == EMAIL:
            return fill(self.pick(EMAILS_OK), c)
        if channel == TEXT:
            return fill(self.pick(TEXTS_OK), c)
        if channel == VISIT:
            return fill(self.pick(VISITS), c)
        reason = ix.reason
        if reason == R_NEGLECT:
            return f"{self.pick(NEGLECT_OPEN)} {self.pick(NEGLECT_WHY)} {fill('{interest}', c)}"
        if reason == R_FOLLOW:
            return fill(self.pick(FOLLOW_UPS), c)
        if reason == R_THOUGHT:
            return fill(self.pick(THOUGHTFUL), c)
        if reason == R_REFERRAL:
            return fill("Intro call. {interest} {personal}", c)
        if reason == R_QUOTE:
            return fill("Called about the open quote. {interest}", c)
        parts = [fill(self.pick(OPENERS), c), fill(self.pick(BUSINESS), c)]
        if self.chance(0.7):
            parts.append(fill(self.pick(INTEREST), c))
        parts.append(self.personal(c))
        parts.append(fill(self.pick(ASKS), c))
        return " ".join(part for part in parts if part)

    def channel_for(self, c: _Contact) -> str:
        roll = self.rng.random()
        if roll < 0.82:
            return CALL
        if roll < 0.89:
            return VISIT if c.rel in (CLIENT, SUPPLIER) else CALL
        return EMAIL if roll < 0.96 else TEXT

    def outcome_for(self, c: _Contact, channel: str) -> str:
        roll = self.rng.random()
        if channel == VISIT:
            return CONNECTED if roll < 0.92 else SKIPPED if roll < 0.96 else NO_ANSWER
        if channel in (EMAIL, TEXT):
            return CONNECTED if roll < 0.6 else NO_ANSWER
        if roll < 0.44:
            return CONNECTED
        if roll < 0.72:
            return VOICEMAIL
        if roll < 0.87:
            return NO_ANSWER
        if roll < 0.94:
            return SKIPPED
        if roll < 0.985:
            return OOO if not c.featured else VOICEMAIL
        return WRONG if not c.featured else NO_ANSWER

    def chain(self, c: _Contact, o: int, reason: str, tries: int, depth: int = 0) -> int | None:
        """One attempt to reach someone: a few tries on different days until they answer.

        Returns the day of the last try, or None when they were reached (or are away)."""
        rng = self.rng
        last = None
        for _ in range(tries):
            channel = self.channel_for(c)
            outcome = self.outcome_for(c, channel)
            ix = self.add(c, o, channel, reason, outcome)
            if ix is None:
                return last
            last = ix.o
            if outcome == OOO:
                self.absence_from(ix)
                return None
            if outcome in (WRONG, DNC):
                return last
            if outcome == CONNECTED and channel in (EMAIL, TEXT):
                return last  # a reply is nice, but only a conversation counts as the check-in
            if outcome == CONNECTED:
                if not c.featured and depth == 0 and rng.random() < 0.14:
                    ix.follow_up = self.spread(ix.o + rng.randint(5, 40), ix.o + 1)
                    ix.notes = f"{ix.notes} {self.fill(self.pick(FOLLOW_UP_SETS), c)}"
                    if ix.follow_up < self.T and rng.random() < 0.8:
                        self.chain(c, ix.follow_up, R_FOLLOW, 2, depth + 1)
                return None
            o = self.spread(ix.o + rng.randint(2, 6), ix.o + 1)
        return last

    def absence_from(self, ix: _Ix, returns: int | None = None, acknowledge: bool = True,
                     travel: bool = False) -> list:
        """The absence an out-of-office reply announced, and the welcome-back call after it."""
        rng, c = self.rng, ix.c
        place, why, shortest, longest = self.pick(TRIPS if travel else ABSENCES)
        if why.endswith("ity leave"):
            why = "paternity leave" if c.gender == "m" else "maternity leave" if c.age < 45 else "medical leave"
        starts = ix.o - rng.randint(0, 3)
        if returns is None:
            returns = _on_or_after(starts + rng.randint(shortest, longest))
        trip = f"{why} in {place}" if place else why
        back = date.fromordinal(returns)
        ix.notes = f"Out-of-office: {trip}, back {back:%a} {back:%b} {back.day}."
        row = [c, place, why, starts, returns, None]
        self.absences.append(row)
        if acknowledge and returns < self.T:
            outcome = CONNECTED if rng.random() < 0.75 else VOICEMAIL
            notes = None
            if outcome == CONNECTED:
                notes = self.fill(self.pick(WELCOME_BACK), c, trip=f"the {trip}" if place else "the time off")
            welcome = self.add(c, self.spread(returns + rng.randint(0, 2), returns), CALL, R_BACK, outcome,
                               notes=notes)
            if welcome is not None:
                row[5] = welcome.o
        return row

    def history(self, c: _Contact) -> None:
        """A year of calls: check-ins on the contact's cadence for customers, a few calls for others."""
        rng = self.rng
        first, last = c.start, min(self.T - 1, c.limit)
        if first > last:
            return
        if c.rel in (CLIENT, PAST):
            neglected = c.purchase is not None and c.purchase < self.T - 190
            skip = 0.1 if c.rel == CLIENT else 0.35
            o = first + rng.randrange(c.cadence)
            while o <= last:
                missed = None
                if rng.random() >= skip:
                    reason = R_NEGLECT if neglected and rng.random() < 0.5 else R_CHECK
                    if rng.random() < 0.06:
                        reason = R_THOUGHT
                    missed = self.chain(c, o, reason, 3)
                if missed is not None and c.rel == CLIENT:
                    o = missed + rng.randint(10, 25)  # not reached: try again in a few weeks
                else:
                    o += c.cadence + rng.randint(-18, 8)  # a diligent rep calls a little before it is due
            extras = rng.randint(0, 2) if c.rel == CLIENT else rng.randint(0, 1)
        else:
            extras = rng.randint(1, 4)
        span = last - first
        for _ in range(extras):
            o = first + rng.randint(0, span)
            if c.rel == PROSPECT:
                reason = self.pick((R_FOLLOW, R_CHECK))
            else:
                reason = self.pick((R_CHECK, R_CHECK, R_THOUGHT))
            self.chain(c, o, reason, rng.randint(1, 2))

    def build_history(self) -> None:
        rng, T = self.rng, self.T
        year_ago = T - 365
        for c in self.contacts:
            c.start = max(c.created, year_ago)
            c.limit = T - 1
        # Referrals: decided before any history so both sides' calls land on the right days.
        for referrer, prospect in self.featured_referrals:
            given = _on_or_before(T - rng.randint(1, 6))
            given = max(given, referrer.start)
            referrer.limit = given - 1
            prospect.created = prospect.start = given
            prospect.limit = given - 1  # not called yet: no history at all
            self.referral(referrer, prospect, given, None)
        free_prospects = [c for c in self.free if c.rel == PROSPECT]
        givers = [c for c in self.free if c.rel in (CLIENT, PAST)]
        self.rng.shuffle(free_prospects)
        count = min(len(free_prospects) // 2, max(1, self.n // 40)) if givers else 0
        for prospect in free_prospects[:count]:
            referrer = self.pick(givers)
            given = self.spread(T - rng.randint(20, 330), T - 330)
            called = _on_or_after(given + rng.randint(1, 9))
            prospect.created = prospect.start = given
            self.referral(referrer, prospect, given, called)
        # Contacts shaped on purpose.
        follow_ups = 0
        for c in self.contacts:
            role = c.role
            if role == ROLE_CHECK_IN:
                due = T - rng.randint(0, 20)
                touch = _on_or_before(due - c.cadence)
                c.limit = touch - 1
                self.history(c)
                ix = self.add(c, touch, CALL, R_CHECK, CONNECTED, force=True)
                ix.their_view = "Glad we caught up."
            elif role == ROLE_NEGLECTED:
                c.limit = T - 41
                self.history(c)
            elif role == ROLE_BACK:
                starts = _on_or_before(T - rng.randint(4, 18))
                c.limit = starts - 1
                self.history(c)
                ix = self.add(c, starts, CALL, self.pick((R_CHECK, R_QUOTE)), OOO, force=True)
                self.absence_from(ix, returns=T, travel=c.idx % 2 == 0 or self.chance(0.5))
            elif role == ROLE_AWAY:
                starts = _on_or_before(T - rng.randint(1, 10))
                c.limit = starts - 1
                self.history(c)
                ix = self.add(c, starts, CALL, R_CHECK, OOO, force=True)
                if ix is not None:
                    self.absence_from(ix, returns=_on_or_after(T + rng.randint(1, 21)))
            elif role == ROLE_FOLLOW_UP:
                when = _on_or_before(T - rng.randint(3, 14))
                c.limit = when - 1
                self.history(c)
                ix = self.add(c, when, CALL, self.pick((R_CHECK, R_QUOTE)), CONNECTED, force=True)
                if ix is None:
                    continue
                ix.follow_up = T if not follow_ups else T - 2  # one due today, the next two days late
                follow_ups += 1
                ix.notes = f"{ix.notes} {self.fill(self.pick(FOLLOW_UP_SETS), c)}"
            elif role == ROLE_DNC:
                c.limit = T - rng.randint(12, 150)
                self.history(c)
            elif role == ROLE_REFERRED:
                continue
            else:
                self.history(c)

    def referral(self, referrer: _Contact, prospect: _Contact, given: int, called: int | None) -> None:
        rng = self.rng
        prospect.created = prospect.start = given
        what = self.pick(PRODUCTS)[1]
        note = (f"Asked who else could use our help — {referrer.first} gave me {prospect.first} {prospect.last} "
                f"at {prospect.company}, who needs {what}.")
        ix = self.add(referrer, given, CALL, self.pick((R_CHECK, R_THOUGHT)), CONNECTED, force=True, notes=note)
        if ix is None:
            return
        prospect.created = prospect.start = ix.o
        if called is not None:
            first = self.add(prospect, called, CALL, R_REFERRAL, CONNECTED if rng.random() < 0.65 else VOICEMAIL,
                             notes=f"Called on {referrer.first} {referrer.last}'s recommendation. "
                                   + self.fill("{interest}", prospect))
            called = first.o if first else None
            if first is not None:
                prospect.start = first.o + 1
        self.referrals.append([referrer, ix, prospect, ix.o, called])
        if rng.random() < 0.6:
            created = min(ix.o + rng.randint(0, 2), self.T - 1)
            self.card(referrer, "thank_you", R_REFERRAL, CARD_THANKS[2], created, ix, None, respond=False)

    # -- quotes -----------------------------------------------------------

    def describe_quote(self) -> str:
        rng = self.rng
        text = self.pick(PRODUCTS)[0]
        return text.format(city=self.pick(CITIES), count=rng.randint(2, 8))

    def amount(self) -> int:
        dollars = min(max(self.rng.lognormvariate(math.log(6000), 1.1), 500), 80000)
        step = 50 if dollars > 5000 else 5
        return max(500, int(dollars / step) * step) * 100

    def quote(self, c: _Contact, sent: int, *, status: str | None = None, followed: bool | None = None) -> None:
        rng, T = self.rng, self.T
        age = T - sent
        if status is None:
            if age < 8:
                status = "open"
            elif age <= 45:
                roll = rng.random()
                status = "open" if roll < 0.45 else "won" if roll < 0.75 else "lost"
            else:
                status = "won" if rng.random() < 0.5 else "lost"
        decided = None
        if status != "open":
            decided = min(sent + rng.randint(5, 40), T - 1)
            if status == "won" and c.purchase is not None and decided > c.purchase:
                if c.purchase >= T - 170:
                    c.purchase = decided
                else:
                    status = "lost"  # a neglected customer did not buy it
            elif status == "won" and c.purchase is None:
                status = "lost"  # only customers buy; a prospect who says yes is entered as a client
        row = [c, self.describe_quote(), self.amount(), sent, status, decided, None]
        self.quotes.append(row)
        if followed is None:
            followed = rng.random() < (0.75 if status == "open" else 0.5)
        if followed and (decided or T) - sent > 6:
            end = (decided or T) - 1
            o = self.spread(sent + rng.randint(5, max(5, end - sent)), sent + 1)
            outcome = CONNECTED if rng.random() < 0.6 else VOICEMAIL
            amount = f"${row[2] // 100:,}"
            if outcome == CONNECTED:
                tail = {"won": "they're ready to go ahead.", "lost": "they went with a cheaper option.",
                        "open": self.pick(("still comparing; decision next week.", "waiting on budget approval.",
                                           "asked for a revised price on a larger quantity."))}[status]
                notes = f"Followed up on the {amount} quote for {row[1]}; {tail}"
            else:
                notes = f"Left a voicemail about the {amount} quote for {row[1]}."
            ix = self.add(c, o, CALL, R_QUOTE, outcome, notes=notes)
            if ix is not None and (decided is None or ix.o <= decided):
                row[6] = ix.o

    def build_quotes(self) -> None:
        rng, T = self.rng, self.T
        for c in self.contacts:
            if c.role == ROLE_QUOTE:
                self.quote(c, _on_or_before(T - rng.randint(8, 30)), status="open", followed=False)
            if c.role in (ROLE_REFERRED, ROLE_DNC):
                continue
            if c.rel == CLIENT:
                count = rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]
            elif c.rel in (PROSPECT, PAST):
                count = 1 if rng.random() < 0.3 else 0
            else:
                count = 0
            first = max(c.created, T - 365)
            for _ in range(count):
                if first >= T - 1:
                    break
                sent = self.spread(rng.randint(first, T - 1), first)
                if sent >= T:
                    continue
                if sent < first:
                    continue
                self.quote(c, sent, followed=None if not c.featured else False)

    # -- life events ------------------------------------------------------

    def md(self) -> tuple[int, int]:
        month = self.rng.randint(1, 12)
        last = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
        return month, self.rng.randint(1, last)

    def last_occurrence(self, month: int, day: int) -> int:
        year = self.today.year
        o = date(year, month, day).toordinal()
        return o if o < self.T else date(year - 1, month, day).toordinal()

    def one_off_note(self, c: _Contact, kind: str) -> str:
        rng = self.rng
        kids = c.fam.kids if c.fam.known else []
        grown = [kid for kid in kids if kid[1] >= 22]
        teens = [kid for kid in kids if 17 <= kid[1] <= 23]
        if kind == "wedding":
            if grown:
                name, _, rel = self.pick(grown)
                return f"{rel} {name}'s wedding"
            if c.fam.status == "partner" and c.fam.known:
                return f"{c.first}'s own wedding to {c.fam.spouse}"
            return self.pick(("niece's wedding", "nephew's wedding", "brother's wedding", "sister's wedding"))
        if kind == "graduation":
            if teens:
                name, age, _ = self.pick(teens)
                return f"{name}'s {'high-school' if age < 20 else 'college'} graduation"
            return self.pick(("finishing an MBA at night — graduation", "grandson's graduation"))
        if kind == "new_baby":
            if c.age >= 48:
                return "first grandchild"
            return self.pick(("new baby on the way", "baby girl due", "baby boy due"))
        if kind == "promotion":
            return f"promoted to {self.pick(BUYER_TITLES)}"
        if kind == "retirement":
            return f"retiring after {rng.randint(20, 38)} years" if c.age >= 57 else "boss retiring; farewell party"
        if kind == "funeral":
            return self.pick(("father's funeral", "mother's funeral", "father-in-law's funeral",
                              "mother-in-law's funeral", "grandmother's funeral",
                              "longtime business partner's funeral"))
        return self.pick(("moving into the new building", "company's 50th anniversary party",
                          "big move to a new house"))

    def event(self, c: _Contact, kind: str, o: int | None = None, *, yearly: bool = False,
              month: int | None = None, day: int | None = None, year: int | None = None, note: str = "") -> list:
        if o is not None:
            when = date.fromordinal(o)
            month, day, year = when.month, when.day, when.year
        row = [c, kind, month, day, year, yearly, note, None]
        self.events.append(row)
        return row

    def acknowledge(self, row: list, when: int) -> None:
        """The rep marked the moment: a call for birthdays and anniversaries, a card for the rest."""
        rng, c, kind = self.rng, row[0], row[1]
        if when >= self.T or when < c.start or when > c.limit:
            return
        if kind in ("birthday", "anniversary") and rng.random() < 0.6:
            outcome = CONNECTED if rng.random() < 0.6 else VOICEMAIL
            what = "a happy birthday" if kind == "birthday" else "a happy anniversary"
            notes = (f"Called to wish {c.first} {what}. {self.personal(c)}" if outcome == CONNECTED
                     else f"Left {what} voicemail.")
            ix = self.add(c, _on_or_before(when), CALL, R_LIFE, outcome, notes=" ".join(notes.split()))
            if ix is not None:
                row[7] = ix.o
            return
        created = max(when - rng.randint(0, 5), c.start)
        if created >= self.T:
            return
        card_kind = vocab.CARD_FOR_EVENT[kind]
        if card_kind == "sympathy":
            text = "With deepest sympathy. Thinking of you and your family."
        elif card_kind == "encouragement":
            text = "Thinking of you — best of luck with everything."
        elif kind == "birthday":
            text = "Happy birthday, {first}! Hope it's a great one."
        elif kind == "anniversary":
            text = "Happy anniversary to you both!"
        else:
            text = "Congratulations! So happy for you all."
        self.card(c, card_kind, R_LIFE, text, created, None, row, respond=not c.featured)
        row[7] = created

    def build_life_events(self) -> None:
        rng, T = self.rng, self.T
        window_kinds = []
        for c in self.contacts:
            if c.role == ROLE_REFERRED:
                continue
            # Birthdays and wedding anniversaries, every year.
            p_birthday = {CLIENT: 0.55, PAST: 0.4, SUPPLIER: 0.45, COLLEAGUE: 0.7, PROSPECT: 0.1}[c.rel]
            if c.role != ROLE_LIFE and rng.random() < p_birthday:
                month, day = self.md()
                year = self.today.year - c.age if rng.random() < 0.6 else None
                row = self.event(c, "birthday", yearly=True, month=month, day=day, year=year)
                last = self.last_occurrence(month, day)
                if T - last <= 330 and rng.random() < 0.5:
                    self.acknowledge(row, last)
            if c.fam.known and c.fam.status == "married" and rng.random() < 0.3:
                month, day = self.md()
                years = rng.randint(2, max(3, c.age - 22))
                row = self.event(c, "anniversary", yearly=True, month=month, day=day,
                                 year=self.today.year - years, note=f"wedding anniversary with {c.fam.spouse}")
                last = self.last_occurrence(month, day)
                if T - last <= 330 and rng.random() < 0.4:
                    self.acknowledge(row, last)
            # One-off moments, past and coming.
            if c.rel != PROSPECT and rng.random() < 0.08:
                kind = rng.choices(("wedding", "graduation", "new_baby", "promotion", "retirement", "funeral", "other"),
                                   (20, 20, 12, 18, 10, 15, 5))[0]
                o = T + rng.randint(-330, 150)
                if c.featured and T - 2 <= o <= T + 9:
                    o = T - rng.randint(20, 330)  # keep the shaped contacts' weeks tidy
                row = self.event(c, kind, o, note=self.one_off_note(c, kind))
                if o < T and rng.random() < 0.85:
                    self.acknowledge(row, o)
            if c.role == ROLE_LIFE:
                window_kinds.append(c)
        # The shaped ones: a wedding or a funeral in the next few days, a birthday, and another.
        for i, c in enumerate(window_kinds):
            if i % 3 == 1:
                days = [date.fromordinal(T + k) for k in range(7)]
                when = self.pick([d for d in days if (d.month, d.day) != (2, 29)])
                year = self.today.year - c.age if rng.random() < 0.7 else None
                self.event(c, "birthday", yearly=True, month=when.month, day=when.day, year=year)
            else:
                kind = self.pick(("wedding", "funeral")) if i == 0 else self.pick(("wedding", "funeral", "graduation"))
                self.event(c, kind, T + rng.randint(0, 5), note=self.one_off_note(c, kind))

    # -- cards ------------------------------------------------------------

    def card(self, c: _Contact, kind: str, reason: str, note: str, created: int, ix: _Ix | None,
             event: list | None, respond: bool = True, status: str | None = None) -> None:
        rng, T = self.rng, self.T
        age = T - created
        written = mailed = None
        if status is not None:
            pass
        elif age <= 3:
            status = "to_write" if rng.random() < 0.8 else "written"
        elif age <= 8:
            status = "written" if rng.random() < 0.4 else "mailed"
        else:
            status = "mailed"
        if status != "to_write":
            written = min(created + rng.randint(0, 2), T - 1)
        if status == "mailed":
            mailed = min(written + rng.randint(0, 1), T - 1)
        row = [c, kind, reason, status, self.fill(note, c), created, written, mailed, "", None, ix, event]
        self.cards.append(row)
        if status == "mailed" and respond and not c.featured and T - mailed > 4 and rng.random() < 0.3:
            self.respond(row)

    def respond(self, row: list) -> None:
        rng, T = self.rng, self.T
        c = row[0]
        customer = c.rel in (CLIENT, PAST)
        choices = ("called_back", "order_increased", "new_items_quoted", "referral") if customer else \
            ("called_back", "called_back", "referral")
        response = self.pick(choices)
        responded = min(self.spread(row[7] + rng.randint(3, 21), row[7] + 1), T - 1)
        if row[1] == "sympathy":
            response = "called_back"  # nobody orders off a sympathy card
        if response == "called_back":
            ix = self.add(c, responded, CALL, R_THOUGHT if row[2] != R_NEGLECT else R_NEGLECT, CONNECTED,
                          notes=self.fill(f"{{first}} called back after getting the card. {{personal}}", c))
            if ix is None:
                return
            ix.inbound = True
            responded = ix.o
        elif response == "order_increased":
            c.purchase = max(c.purchase or responded, responded)
        elif response == "new_items_quoted":
            self.quote(c, _on_or_before(responded), followed=None)
        row[8], row[9] = response, responded

    def build_cards(self) -> None:
        rng, T = self.rng, self.T
        free = [c for c in self.free if c.rel != PROSPECT]
        if not free:
            free = [c for c in self.contacts if c.rel != PROSPECT and c.role != ROLE_DNC]
        if not free:
            return
        count = max(4, round(self.n * 0.2))
        for i in range(count):
            c = self.pick(free)
            if c.rel in (CLIENT, PAST):
                kind, reason = "thank_you", R_NEGLECT if (c.purchase or T) < T - 182 else R_THOUGHT
                note = self.pick(CARD_THANKS[:2] + CARD_THANKS[3:])
            elif c.rel == SUPPLIER:
                kind, reason, note = "thank_you", R_THOUGHT, self.pick(CARD_SUPPLIER)
            else:
                kind, reason, note = "thank_you", R_THOUGHT, self.pick(CARD_COLLEAGUE)
            if rng.random() < 0.07:
                kind, reason, note = "encouragement", R_THOUGHT, self.pick(CARD_ENCOURAGE)
            talks = [ix for ix in c.ixs if ix.outcome == CONNECTED and ix.channel in (CALL, VISIT)]
            recent = i < 3  # a few waiting to be written today
            if recent:
                talks = [ix for ix in talks if ix.o >= T - 3]
            if talks:
                ix = self.pick(talks)
                created = ix.o
            else:
                ix = None
                created = T - rng.randint(1, 3) if recent else max(c.start, T - rng.randint(1, 365))
                if created >= T:
                    continue
            self.card(c, kind, reason, note, created, ix, None, status="to_write" if i < 2 else None)

    # -- finishing --------------------------------------------------------

    def finish_contacts(self) -> None:
        rng, T = self.rng, self.T
        for c in self.contacts:
            if c.role == ROLE_DNC:
                last = max((ix.o for ix in c.ixs), default=c.limit - 10)
                ix = self.add(c, max(last + rng.randint(3, 40), c.start), CALL, self.pick((R_CHECK, R_NEGLECT)),
                              DNC, force=True)
                if ix is None and c.ixs:
                    ix = max(c.ixs, key=lambda item: item.o)
                    ix.outcome, ix.channel, ix.notes, ix.follow_up = DNC, CALL, self.pick(DNC_NOTES), None
                    ix.their_view = ""
        snoozers = [c for c in self.free if c.rel != PROSPECT]
        for _ in range(max(1, self.n // 100)):
            if snoozers:
                self.pick(snoozers).snoozed = T + rng.randint(1, 14)

    def denormalise(self, c: _Contact) -> dict:
        touch = contact = None
        latest = None
        for ix in c.ixs:
            if contact is None or ix.o > contact:
                contact = ix.o
                latest = ix
            if ix.outcome == CONNECTED and ix.channel in (CALL, VISIT) and (touch is None or ix.o > touch):
                touch = ix.o
        due = None
        if c.rel in (CLIENT, PAST):
            due = (touch or c.since or c.created) + c.cadence
        next_touch = latest.follow_up if latest is not None else None
        return {"touch": touch, "contact": contact, "due": due, "next": next_touch}

    def layout_sessions(self) -> list[list]:
        """Sessions on the days with calls, and a time of day for every interaction."""
        rng = self.rng
        days: dict[int, list[_Ix]] = {}
        for ix in self.ixs:
            days.setdefault(ix.o, []).append(ix)
        sessions = []
        limit = 20 * 3600 + 1800
        for o in sorted(days):
            todays = days[o]
            in_session = [ix for ix in todays if not ix.inbound and ix.channel != VISIT]
            rng.shuffle(in_session)
            per = 12
            groups = [in_session[i:i + per] for i in range(0, len(in_session), per)]
            cursor = 8 * 3600 + rng.randint(0, 18) * 300
            day_sessions = []
            for group in groups:
                start = cursor
                for ix in group:
                    cursor += rng.randint(5, 40)
                    ix.secs = cursor
                    cursor += ix.duration + rng.randint(30, 150)
                end = cursor + rng.randint(30, 240)
                day_sessions.append([start, end, group])
                cursor = end + rng.randint(20, 90) * 60
            if day_sessions and day_sessions[-1][1] > limit:
                base = day_sessions[0][0]
                scale = (limit - base) / (day_sessions[-1][1] - base)
                for row in day_sessions:
                    row[0] = base + int((row[0] - base) * scale)
                    row[1] = base + int((row[1] - base) * scale)
                    for ix in row[2]:
                        ix.secs = base + int((ix.secs - base) * scale)
            for ix in todays:
                if ix.inbound:
                    ix.secs = rng.randint(13 * 3600, 17 * 3600)
                elif ix.channel == VISIT:
                    ix.secs = rng.randint(10 * 3600, 15 * 3600 + 1800)
            for row in day_sessions:
                sessions.append([o, *row])
        return sessions


def _stamp(iso: str, secs: int) -> str:
    return f"{iso} {secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}"


def _reflection(rng: random.Random, group: list[_Ix]) -> str:
    if rng.random() >= 0.35:
        return ""
    calls = sum(1 for ix in group if ix.outcome != SKIPPED)
    connected = sum(1 for ix in group if ix.outcome == CONNECTED)
    voicemails = sum(1 for ix in group if ix.outcome == VOICEMAIL)
    options = [text for text in REFLECTIONS
               if ("{connected}" not in text or connected >= 2) and ("{voicemails}" not in text or voicemails >= 2)]
    return rng.choice(options).format(connected=connected, calls=calls, voicemails=voicemails)


# ---------------------------------------------------------------------------
# Writing

def _next_ids(db: Database) -> dict:
    return {model: (model.select(fn.MAX(model.id)).scalar() or 0) + 1 for model in SEEDED_MODELS}


def _insert(db: Database, model, fields, rows: list[tuple]) -> None:
    """Bulk insert in the open transaction.

    SQLite runs the statement Peewee builds for one row through `executemany`:
    Peewee's per-value SQL building costs ~90 µs a row, ten times SQLite's own
    work, which would blow the 10k-contact budget. Other engines take the plain
    chunked `insert_many` (500 rows keep under every engine's variable limit).
    Values are already in their stored form (ISO dates, 0/1 flags).
    """
    if not rows:
        return
    if isinstance(db, SqliteDatabase):
        sql, params = model.insert_many([(1,) * len(fields)], fields=fields).sql()
        # Peewee appends columns that have Python defaults and were not listed (a column
        # added later, say); then the row shape differs and the plain path fills them in.
        if len(params) == len(fields):
            db.cursor().executemany(sql, rows)
            return
    for batch in chunked(rows, 500):
        model.insert_many(batch, fields=fields).execute()


def _fix_sequences(db: Database) -> None:
    """Explicit ids leave PostgreSQL's serial sequences behind; move them past the new rows."""
    if not isinstance(db, PostgresqlDatabase):
        return
    for model in SEEDED_MODELS:
        table = model._meta.table_name
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM \"{table}\"), false)"
        )


def seed_book(
    db: Database,
    *,
    contacts: int,
    seed: int,
    today: date,
    reset: bool = False,
    rep: str = "demo",
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Fill the store with a practice book of `contacts` people, the same for the same seed and today.

    `reset` first empties every table but the schema version; otherwise the book is
    added after the rows already there. `progress(done, total)` is called now and
    then; total is twice the contact count (making the book, then writing it), and
    the last call has done == total. One transaction: nothing is half-written.
    """
    if contacts < 0:
        raise ValueError("contacts must be 0 or more")
    from faker import Faker  # only the seed and demo commands pay for Faker

    started = time.perf_counter()
    rng = _Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    report = SeedReport()
    total = 2 * contacts

    builder = _Builder(fake, rng, today, rep, contacts)
    if contacts:
        builder.make_pools()
        builder.build_contacts(progress)
        builder.build_history()
        builder.build_quotes()
        builder.build_life_events()
        builder.build_cards()
        builder.finish_contacts()
        sessions = builder.layout_sessions()
    else:
        sessions = []

    with db.atomic():
        if reset:
            for model in SEEDED_MODELS:
                report.deleted += model.delete().execute()
        if contacts:
            _write(db, builder, sessions, report, progress, total)
            _fix_sequences(db)
    report.seconds = round(time.perf_counter() - started, 3)
    if progress:
        progress(total, total)
    return report


def _write(db: Database, b: _Builder, sessions: list, report: SeedReport, progress, total: int) -> None:
    ids = _next_ids(db)
    iso = b.iso
    rng = b.rng
    n = b.n

    for i, c in enumerate(b.contacts):
        c.id = ids[Contact] + i

    # Sessions and interactions in time order, so ids follow the calendar.
    session_rows = []
    for number, (o, start, end, group) in enumerate(sessions):
        sid = ids[Session] + number
        day = iso(o)
        for ix in group:
            ix.session_id = sid
        session_rows.append((sid, b.rep, _stamp(day, start), _stamp(day, end), 30, _reflection(rng, group)))
    b.ixs.sort(key=lambda ix: (ix.o, ix.secs, ix.seq))
    interaction_rows = []
    for number, ix in enumerate(b.ixs):
        ix.id = ids[Interaction] + number
        interaction_rows.append((
            ix.id, ix.session_id, ix.c.id, b.rep, ix.channel, ix.reason, ix.outcome,
            _stamp(iso(ix.o), ix.secs), ix.duration, ix.notes, ix.their_view, iso(ix.follow_up),
        ))

    contact_rows = []
    for c in b.contacts:
        d = b.denormalise(c)
        contact_rows.append((
            c.id, f"{c.first} {c.last}", c.first, c.company, c.title, c.rel, c.phone, c.email, c.tz,
            c.cadence, c.value, iso(c.since), iso(c.purchase), iso(d["touch"]), iso(d["contact"]),
            iso(d["due"]), iso(d["next"]), iso(c.snoozed), int(c.role == ROLE_DNC), 0, c.family, c.notes,
            iso(c.created), *search_values(f"{c.first} {c.last}", c.company, c.email, c.phone, c.notes),
        ))

    event_rows = []
    for number, row in enumerate(b.events):
        c, kind, month, day, year, yearly, note, acknowledged = row
        row.append(ids[LifeEvent] + number)
        event_rows.append((row[-1], c.id, kind, month, day, year, int(yearly), month * 100 + day, note,
                           iso(acknowledged)))
    absence_rows = [
        (ids[Absence] + number, c.id, place, why, iso(starts), iso(returns), iso(acknowledged))
        for number, (c, place, why, starts, returns, acknowledged) in enumerate(b.absences)
    ]
    quote_rows = [
        (ids[Quote] + number, c.id, description, amount, iso(sent), status, iso(decided), iso(followed))
        for number, (c, description, amount, sent, status, decided, followed) in enumerate(b.quotes)
    ]
    referral_rows = [
        (ids[Referral] + number, referrer.id, ix.id, f"{p.first} {p.last}", p.phone, p.email, p.id, iso(given),
         iso(called))
        for number, (referrer, ix, p, given, called) in enumerate(b.referrals)
    ]
    card_rows = [
        (ids[Card] + number, c.id, kind, reason, status, note, iso(created), iso(written), iso(mailed),
         b.card_cost, b.card_minutes, response, iso(responded), ix.id if ix else None,
         event[-1] if event else None, b.rep)
        for number, (c, kind, reason, status, note, created, written, mailed, response, responded, ix, event)
        in enumerate(b.cards)
    ]

    plan = (
        (Contact, (Contact.id, Contact.name, Contact.first_name, Contact.company, Contact.title,
                   Contact.relationship, Contact.phone, Contact.email, Contact.timezone, Contact.cadence_days,
                   Contact.value_cents, Contact.customer_since, Contact.last_purchase_on, Contact.last_touch_on,
                   Contact.last_contact_on, Contact.check_in_due_on, Contact.next_touch_on, Contact.snoozed_until,
                   Contact.do_not_contact, Contact.archived, Contact.family, Contact.notes, Contact.created_on,
                   Contact.search_name, Contact.search_text, Contact.search_words, Contact.search_phone),
         contact_rows),
        (Session, (Session.id, Session.rep, Session.started_at, Session.ended_at, Session.planned_minutes,
                   Session.reflection), session_rows),
        (Interaction, (Interaction.id, Interaction.session, Interaction.contact, Interaction.rep,
                       Interaction.channel, Interaction.reason, Interaction.outcome, Interaction.started_at,
                       Interaction.duration_s, Interaction.notes, Interaction.their_view, Interaction.follow_up_on),
         interaction_rows),
        (LifeEvent, (LifeEvent.id, LifeEvent.contact, LifeEvent.kind, LifeEvent.month, LifeEvent.day,
                     LifeEvent.year, LifeEvent.yearly, LifeEvent.month_day, LifeEvent.note,
                     LifeEvent.acknowledged_on), event_rows),
        (Absence, (Absence.id, Absence.contact, Absence.place, Absence.why, Absence.starts_on, Absence.returns_on,
                   Absence.acknowledged_on), absence_rows),
        (Quote, (Quote.id, Quote.contact, Quote.description, Quote.amount_cents, Quote.sent_on, Quote.status,
                 Quote.decided_on, Quote.last_followed_up_on), quote_rows),
        (Referral, (Referral.id, Referral.referred_by, Referral.interaction, Referral.name, Referral.phone,
                    Referral.email, Referral.contact, Referral.given_on, Referral.called_on), referral_rows),
        (Card, (Card.id, Card.contact, Card.kind, Card.reason, Card.status, Card.note, Card.created_on,
                Card.written_on, Card.mailed_on, Card.cost_cents, Card.minutes, Card.response, Card.responded_on,
                Card.interaction, Card.life_event, Card.rep), card_rows),
    )
    all_rows = sum(len(rows) for _, _, rows in plan) or 1
    written = 0
    with trigram_filled_at_the_end(db):  # the book's contacts are only inserted here, never changed
        for model, fields, rows in plan:
            for batch in chunked(rows, 5000):
                batch = list(batch)
                _insert(db, model, fields, batch)
                written += len(batch)
                if progress:
                    progress(n + n * written // all_rows, total)
    report.contacts = len(contact_rows)
    report.sessions = len(session_rows)
    report.interactions = len(interaction_rows)
    report.life_events = len(event_rows)
    report.absences = len(absence_rows)
    report.quotes = len(quote_rows)
    report.referrals = len(referral_rows)
    report.cards = len(card_rows)

"""Contacts and companies: names, titles, phones, e-mails, families and notes, and who is shaped on purpose."""

from __future__ import annotations

import math

from outreach_tui.store.seeding.records import (
    CLIENT,
    COLLEAGUE,
    PAST,
    PROSPECT,
    RELATIONSHIP_MIX,
    ROLE_AWAY,
    ROLE_BACK,
    ROLE_CHECK_IN,
    ROLE_DNC,
    ROLE_FOLLOW_UP,
    ROLE_LIFE,
    ROLE_NEGLECTED,
    ROLE_QUOTE,
    ROLE_REFERRED,
    ROLE_REFERRER,
    SUPPLIER,
    Family,
    SeedContact,
)


class MakingContacts:
    """The `BookBuilder` part that makes the people (see builder.py for the shared state)."""

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
                name = f"{self.pick(self.words.regions)} {self.pick(self.words.industries)}"
            elif roll < 0.8:
                name = f"{self.pick(self.lasts)} {self.pick(self.words.industries)}"
            else:
                name = f"{self.pick(self.words.cities)} {self.pick(self.words.industries)}"
            companies.append(name)
        self.companies = [(name, self.domain_of(name), rng.randrange(4)) for name in companies]
        house = self.words.house.format(region=self.pick(self.words.regions))
        self.house = (house, self.domain_of(house), 0)
        self.house_tz = self.pick(("America/Chicago", "America/New_York"))
        self.zones = [z for z, _, _ in self.words.timezones]
        self.zone_weights = []
        total = 0
        for _, weight, _ in self.words.timezones:
            total += weight
            self.zone_weights.append(total)
        self.area_codes = {z: codes for z, _, codes in self.words.timezones}

    def domain_of(self, company: str) -> str:
        words = ["".join(ch for ch in word.lower() if ch.isalnum()) for word in company.replace("-", " ").split()]
        words = [w for w in words if w and w not in self.words.legal_words]
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

        def take(prefs) -> SeedContact | None:
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

    def family(self, c: SeedContact) -> Family:
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
        return Family(status, spouse, kids, rng.random() >= 0.18)

    def family_text(self, c: SeedContact) -> str:
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
            extras.append(f"Coaches {young[0][0]}'s {self.pick(self.words.kids_sports)} team.")
        elif rng.random() < 0.45:
            extras.append(self.pick(self.words.hobbies))
        if rng.random() < 0.2:
            extras.append(f"{self.pick(self.words.pets).capitalize()} named {self.pick(self.words.pet_names)}.")
        return " ".join([text, *extras])

    def title(self, c: SeedContact) -> str:
        if c.rel == SUPPLIER:
            return self.pick(self.words.supplier_titles)
        if c.rel == COLLEAGUE:
            return self.pick(self.words.colleague_titles)
        if self.rng.random() < 0.65:
            return self.pick(self.words.buyer_titles)
        # Faker's jobs, shortened ("Engineer, civil (contracting)" -> "Civil Engineer"),
        # kept when they sound like someone who buys for a business.
        job = self.fake.job().split("(")[0].strip()
        if "," in job:
            head, _, tail = job.partition(",")
            job = f"{tail.strip()} {head.strip()}"
        job = " ".join(word[:1].upper() + word[1:] for word in job.split())
        if len(job) > 32 or not any(word in job.lower() for word in self.words.office_words):
            return self.pick(self.words.buyer_titles)
        return job

    def phone(self, zone: str) -> str:
        rng = self.rng
        if zone == "Europe/London":
            return f"+44 20 7946 0{rng.randint(0, 999):03d}"
        codes = self.area_codes[zone]
        return f"({self.pick(codes)}) {rng.randint(201, 989)}-{rng.randint(0, 9999):04d}"

    def email(self, c: SeedContact, style: int) -> str:
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

    def value(self, c: SeedContact) -> int:
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
        self.contacts = [SeedContact(i, rel) for i, rel in enumerate(rels)]
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
            c.team = self.pick(self.words.teams)
            c.fam = self.family(c)
            c.family = self.family_text(c)
            bits = rng.choices((0, 1, 1, 2, 2, 3))[0]
            chosen = []
            for _ in range(bits):
                bit = self.fill(self.pick(self.words.note_bits), c)
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


"""Contact fields as they arrive from other programs: header layouts, dates, keys, records.

Pure helpers for `store.importing`: which CSV column feeds which contact field
(Google Contacts current and older layouts, Outlook, HubSpot/Salesforce-style and
a plain layout, recognised case- and space-insensitively, or named with `--map`),
reading birthday-style dates, and the normalised keys duplicates are matched on. One
incoming record is read in `import_record`, merged into a stored contact in
`contact_merge`; the checks of the Contacts screen's edits, which share these readers,
are `contact_checks`. No Peewee here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import RELATIONSHIPS

# Fields a column can feed. `ignore` drops a column that would otherwise be recognised.
MAP_FIELDS = (
    "name", "first_name", "middle_name", "last_name", "email", "phone", "company", "title",
    "relationship", "lifecycle_stage", "notes", "birthday", "anniversary", "timezone", "ignore",
)

# Fields that say who someone is: a CSV needs at least one of them.
IDENTITY_FIELDS = ("name", "first_name", "last_name", "email", "phone")

# Contact columns stored as VARCHAR(255): longer values would fail on PostgreSQL.
MAX_CHARS = 255

EVENT_KINDS = ("birthday", "anniversary")


def header_key(text: str) -> str:
    """A header compared without case, spaces, hyphens or underscores: 'E-mail 1 - Value' -> 'email1value'."""
    return re.sub(r"[\s_\-\ufeff]+", "", text.casefold())


_ORG = r"organi[sz]ation"
_PHONE_KINDS = {
    "": 0, "business": 0, "work": 0, "primary": 0, "company": 0, "companymain": 0, "main": 0, "office": 0,
    "mobile": 10, "cell": 10, "home": 20, "other": 30, "car": 40,
    "radio": 40, "callback": 40,
}
_EMAIL_KINDS = {"": 0, "work": 0, "business": 0, "primary": 0, "personal": 5, "home": 5, "other": 6}

# (pattern over header_key, field, rank): a lower rank wins when several columns feed one field.
_RULES: tuple[tuple[re.Pattern, str, int], ...] = tuple(
    (re.compile(pattern), name, rank)
    for pattern, name, rank in (
        (r"name|fullname|displayname|contactname", "name", 0),
        (r"firstname|givenname|first", "first_name", 0),
        (r"middlename|additionalname", "middle_name", 0),
        (r"lastname|familyname|surname|last", "last_name", 0),
        (rf"company|companyname|{_ORG}|{_ORG}name|{_ORG}1name|accountname|account|employer", "company", 0),
        (rf"jobtitle|{_ORG}title|{_ORG}1title|position", "title", 0),
        # Outlook's "Title" is Mr./Ms.; it counts as a job title only when nothing better is there.
        (r"title", "title", 50),
        (r"relationship", "relationship", 0),
        (r"lifecyclestage", "lifecycle_stage", 0),
        (r"notes?|description|comments?", "notes", 0),
        (r"birthday|birthdate|dateofbirth|dob", "birthday", 0),
        (r"anniversary|weddinganniversary", "anniversary", 0),
        (r"timezone|tz", "timezone", 0),
    )
)
_EMAIL = re.compile(r"(work|business|primary|personal|home|other)?e?mail(\d*)(value|address)?")
# Outlook's "E-mail Display Name": "Ann Lee (ann@x.example)"; for Exchange rows the only SMTP address.
_EMAIL_DISPLAY = re.compile(r"e?mail(\d*)displayname")
_PHONE = re.compile(
    r"(business|work|primary|companymain|company|main|office|mobile|cell|home|other|car|radio|callback)?"
    r"(phone|telephone|tel)(\d*)(value|number)?"
    r"|(mobile|cell|cellphone)(\d*)(number)?"
)


def recognise(header: str) -> tuple[str, int] | None:
    """The field a header feeds and its rank, or None for a column the import ignores."""
    key = header_key(header)
    if not key:
        return None
    match = _EMAIL.fullmatch(key)
    if match:
        return "email", _EMAIL_KINDS[match.group(1) or ""] + int(match.group(2) or 1)
    match = _EMAIL_DISPLAY.fullmatch(key)
    if match:
        return "email_display", int(match.group(1) or 1)
    match = _PHONE.fullmatch(key)
    if match:
        if match.group(5):
            return "phone", 10 + int(match.group(6) or 1)
        return "phone", _PHONE_KINDS.get(match.group(1) or "", 40) + int(match.group(3) or 1)
    for pattern, name, rank in _RULES:
        if pattern.fullmatch(key):
            return name, rank
    return None


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str
    rank: int


class LayoutError(ValueError):
    """A header the import cannot use; the message is shown as is."""


def parse_map(text: str | None) -> dict[str, str]:
    """`--map 'Full Name=name,Org=company'` as {column as written: field}."""
    if not text or not text.strip():
        return {}
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise LayoutError(f"--map: {one_line(part)!r} is not Column=field (e.g. --map 'Full Name=name,Org=company')")
        column, name = (piece.strip() for piece in part.rsplit("=", 1))
        if not column:
            raise LayoutError(f"--map: {one_line(part)!r} names no column")
        if name.lower() not in MAP_FIELDS:
            raise LayoutError(
                f"--map: unknown field {one_line(name)!r} for column {one_line(column)!r}"
                f" (fields: {', '.join(MAP_FIELDS)})"
            )
        mapping[column] = name.lower()
    return mapping


def plan_columns(header: list[str], mapping: dict[str, str] | None = None) -> list[Column]:
    """Which column feeds which field, best-ranked first; LayoutError when nothing says who a row is."""
    keys = [header_key(text) for text in header]
    for column in mapping or {}:
        if header_key(column) not in keys:
            raise LayoutError(f"--map names a column the header does not have: {one_line(column)!r}")
    mapping = {header_key(column): name for column, name in (mapping or {}).items()}
    columns = []
    for index, (text, key) in enumerate(zip(header, keys)):
        if key in mapping:
            if mapping[key] != "ignore":
                columns.append(Column(index, text, mapping[key], -1))
            continue
        found = recognise(text)
        if found:
            columns.append(Column(index, text, *found))
    if any(c.field == "title" and c.rank < 50 for c in columns):
        columns = [c for c in columns if not (c.field == "title" and c.rank >= 50)]
    if not any(c.field in IDENTITY_FIELDS for c in columns):
        shown = ", ".join(one_line(text, limit=30) for text in header[:8] if text.strip())
        more = ", …" if len(header) > 8 else ""
        raise LayoutError(
            f"no name, email or phone column in the header ({shown or 'empty'}{more});"
            " name columns with --map 'Column=field,...'"
        )
    return sorted(columns, key=lambda c: (c.rank, c.index))


def gather(row: list[str], columns: list[Column]) -> dict[str, list[str]]:
    """A CSV row as {field: [values, best column first]}."""
    values: dict[str, list[str]] = {}
    width = len(row)
    for column in columns:
        if column.index < width:
            values.setdefault(column.field, []).append(row[column.index])
    return values


def unify_newlines(text: str) -> str:
    """Line breaks inside a value as "\n", whatever the file used."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# Dates ----------------------------------------------------------------------

DATE_HELP = "use 1980-05-12, 05/12/1980, --05-12 or 19800512"
_NO_DATE = {"0/0/00", "0/0/0000", "00/00/00", "00/00/0000", "--", "0000-00-00", "00000000"}
_UNKNOWN_YEARS = {0, 1604}  # Apple writes 1604 for a birthday without a year


_DATE_PATTERNS = tuple(
    (re.compile(pattern), order)
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.Z+\-]*)?", "ymd"),  # ISO, maybe with a time
        (r"(\d{4})(\d{2})(\d{2})(?:T[\d:.Z+\-]*)?", "ymd"),  # vCard basic form
        (r"--(\d{2})-?(\d{2})", "md"),  # no year: --05-12, --0512
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy"),  # Outlook (US)
        (r"(\d{4})/(\d{1,2})/(\d{1,2})", "ymd"),
    )
)


@dataclass(frozen=True)
class EventDate:
    kind: str
    month: int
    day: int
    year: int | None = None

    @property
    def month_day(self) -> int:
        return self.month * 100 + self.day


def parse_event_date(text: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of a birthday-style date; None when blank; ValueError when bad."""
    value = text.strip()
    if not value or value in _NO_DATE:
        return None
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(value)
        if not match:
            continue
        parts = [int(part) for part in match.groups()]
        if order == "ymd":
            year, month, day = parts
        elif order == "mdy":
            month, day, year = parts
        else:
            (month, day), year = parts, None
        if year in _UNKNOWN_YEARS:
            year = None
        try:
            date(year or 2000, month, day)  # 2000 is a leap year: 29 Feb without a year is fine
        except ValueError:
            raise ValueError(f"{one_line(value, limit=40)!r} is not a real date") from None
        return month, day, year
    raise ValueError(f"can't read {one_line(value, limit=40)!r} as a date ({DATE_HELP})")


# Vocabulary ------------------------------------------------------------------

_LIFECYCLE = {
    "customer": "client", "evangelist": "client",
    "subscriber": "prospect", "lead": "prospect", "marketingqualifiedlead": "prospect",
    "salesqualifiedlead": "prospect", "opportunity": "prospect",
}


def parse_relationship(text: str) -> str | None:
    """A relationship from the vocabulary ('Past client' -> 'past_client'); ValueError otherwise."""
    value = text.strip()
    if not value:
        return None
    key = re.sub(r"[\s\-]+", "_", value.casefold())
    if key in RELATIONSHIPS:
        return key
    raise ValueError(f"unknown {one_line(value, limit=40)!r} (use {', '.join(RELATIONSHIPS)})")


def check_timezone(text: str) -> None:
    """ValueError unless text is an IANA time zone name the contact card can show the local time of."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(text)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"unknown time zone {one_line(text, limit=40)!r} (use a name like America/New_York)") \
            from None


def lifecycle_relationship(text: str) -> str | None:
    """A HubSpot lifecycle stage as a relationship: customers are clients, leads prospects."""
    return _LIFECYCLE.get(header_key(text))


# Keys -----------------------------------------------------------------------

EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+")


def email_key(text: str | None) -> str | None:
    value = (text or "").strip().lower()
    return value or None


DEFAULT_PHONE_REGION = "US"
_phone_region = DEFAULT_PHONE_REGION


def use_phone_region(region: str) -> None:
    """The country a number written without +code is read in (the phone_region setting), from now on."""
    global _phone_region
    _phone_region = region or DEFAULT_PHONE_REGION


def phone_key(text: str | None, region: str | None = None) -> str | None:
    """What a phone number is matched and de-duplicated on: E.164 plus the extension.

    "(555) 010-0101 x23", "+1 555 010 0101 ext. 23" and "555.010.0101 x23" are one key
    (+15550100101;ext=23); "… x24" is another person's desk. A number without +code is
    read in `region` (default: the phone_region setting). What phonenumbers cannot read
    keeps its digits, the last 10; too few digits to tell people apart gives no key.
    The text as the rep wrote it is what is stored and shown; this is only the key.
    """
    digits = re.sub(r"\D", "", text or "")
    if len(digits) < 7:
        return None
    import phonenumbers  # lazily: only matching needs it

    try:
        number = phonenumbers.parse(text, region or _phone_region)
    except phonenumbers.NumberParseException:
        return digits[-10:]
    if not phonenumbers.is_possible_number(number):
        return digits[-10:]
    key = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{key};ext={number.extension}" if number.extension else key


def tel_uri(text: str | None) -> str | None:
    """A `tel:` link for a number phonenumbers can read ("tel:+15550100101;ext=23", RFC 3966);
    None for one it cannot, whose digits alone do not say which country to dial."""
    key = phone_key(text)
    return f"tel:{key}" if key and key.startswith("+") else None


def name_key(name: str | None, company: str | None) -> str | None:
    """Name and company, case-insensitive; None without a name."""
    who = " ".join((name or "").casefold().split())
    if not who:
        return None
    return who + "\x1f" + " ".join((company or "").casefold().split())


def split_values(values: list[str]) -> list[str]:
    """Cells as single values: Google joins several in one cell with ' ::: '."""
    out = []
    for value in values:
        for part in value.split(":::"):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out

"""The pure side of importing: header layouts, dates, keys, validation and merging."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach_tui.core.contact_fields import (
    EventDate,
    LayoutError,
    email_key,
    name_key,
    parse_event_date,
    parse_map,
    phone_key,
    plan_columns,
    recognise,
)
from outreach_tui.core.contact_merge import merge_contact
from outreach_tui.core.import_record import Incoming, build_contact

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # Google Contacts, current layout
        ("First Name", "first_name"), ("Middle Name", "middle_name"), ("Last Name", "last_name"),
        ("Organization Name", "company"), ("Organization Title", "title"), ("E-mail 1 - Value", "email"),
        ("Phone 1 - Value", "phone"), ("Birthday", "birthday"), ("Notes", "notes"),
        # Google Contacts, older layout
        ("Name", "name"), ("Given Name", "first_name"), ("Family Name", "last_name"),
        ("Organization 1 - Name", "company"), ("Organization 1 - Title", "title"),
        # Outlook
        ("E-mail Address", "email"), ("E-mail 2 Address", "email"), ("Business Phone", "phone"),
        ("Mobile Phone", "phone"), ("Company", "company"), ("Job Title", "title"), ("Anniversary", "anniversary"),
        # HubSpot / Salesforce
        ("Email", "email"), ("Phone Number", "phone"), ("Mobile Phone Number", "phone"), ("Phone", "phone"),
        ("Company Name", "company"), ("Account Name", "company"), ("Lifecycle Stage", "lifecycle_stage"),
        ("Description", "notes"), ("Birthdate", "birthday"),
        # plain, in any case and spacing
        ("relationship", "relationship"), ("  EMAIL ", "email"), ("first_name", "first_name"), ("TITLE", "title"),
    ],
)
def test_headers_are_recognised(header, field):
    assert recognise(header)[0] == field


@pytest.mark.parametrize("header", ["E-mail 1 - Label", "E-mail 1 - Type", "Phone 1 - Label", "Phonetic First Name",
                                    "Name Prefix", "Organization 1 - Yomi Name", "E-mail Type",
                                    "Business Fax", "Assistant's Phone", "Labels", "Record ID", ""])
def test_other_headers_are_ignored(header):
    assert recognise(header) is None


def test_outlook_title_is_a_salutation_when_there_is_a_job_title():
    outlook = plan_columns(["First Name", "Last Name", "Title", "Job Title", "E-mail Address"])
    assert [c.header for c in outlook if c.field == "title"] == ["Job Title"]
    salesforce = plan_columns(["First Name", "Last Name", "Title", "Email"])
    assert [c.header for c in salesforce if c.field == "title"] == ["Title"]


def test_columns_are_ranked_business_phone_before_mobile():
    columns = plan_columns(["Mobile Phone", "Home Phone", "Business Phone", "E-mail 2 Address", "E-mail Address"])
    assert [c.header for c in columns] == ["Business Phone", "E-mail Address", "E-mail 2 Address", "Mobile Phone",
                                           "Home Phone"]


def test_a_header_with_nothing_to_say_who_someone_is_is_refused():
    with pytest.raises(LayoutError, match="no name, email or phone column.*--map"):
        plan_columns(["Date", "Amount", "Memo"])


def test_map_names_columns_and_rejects_unknown_fields():
    mapping = parse_map("Full Name=name, Org=company,Skip me=ignore")
    columns = plan_columns(["Full Name", "Org", "E-mail Address", "Skip me"], mapping)
    assert {c.header: c.field for c in columns} == {"Full Name": "name", "Org": "company", "E-mail Address": "email"}
    with pytest.raises(LayoutError, match="unknown field 'employer' for column 'Org'"):
        parse_map("Org=employer")
    with pytest.raises(LayoutError, match="is not Column=field"):
        parse_map("Org")
    with pytest.raises(LayoutError, match="does not have: 'Nope'"):
        plan_columns(["Name"], parse_map("Nope=email"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-05-12", (5, 12, 1980)), ("19800512", (5, 12, 1980)), ("05/12/1980", (5, 12, 1980)),
        ("5/2/1980", (5, 2, 1980)), ("--05-12", (5, 12, None)), ("--0512", (5, 12, None)),
        ("--02-29", (2, 29, None)), ("1604-11-25", (11, 25, None)), ("1980/05/12", (5, 12, 1980)),
        ("1980-05-12T00:00:00Z", (5, 12, 1980)), ("0/0/00", None), ("", None), ("  ", None),
    ],
)
def test_dates(text, expected):
    assert parse_event_date(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("2026-02-30", "'2026-02-30' is not a real date"), ("13/01/1980", "is not a real date"),
    ("--13-01", "is not a real date"), ("2025-02-29", "is not a real date"),
    ("next tuesday", "can't read 'next tuesday' as a date"), ("12.05.1980", "can't read"),
])
def test_bad_dates(text, message):
    with pytest.raises(ValueError, match=message):
        parse_event_date(text)


def test_keys():
    assert email_key("  Dana@FoxFreight.Example ") == "dana@foxfreight.example"
    assert phone_key("+1 (555) 010-0101") == phone_key("555.010.0101") == "+15550100101"
    assert phone_key("x12") is None and phone_key("") is None


@pytest.mark.parametrize(("one", "other", "same"), [
    ("555.010.0101 x23", "+1 555 010 0101 ext. 23", True),  # the extension is its own part of the key
    ("555.010.0101 x23", "555.010.0101 x24", False),  # two desks of one switchboard
    ("555.010.0101 x23", "555.010.0123", False),  # once the same ten digits, extension mixed in
    ("(404) 267-2742", "+1-404-267-2742", True),
    ("020 7946 0958", "+44 20 7946 0958", False),  # read in the US by default: not the London number
])
def test_phone_keys_are_international_numbers_with_their_extension(one, other, same):
    assert (phone_key(one) == phone_key(other)) is same


def test_phone_keys_read_local_numbers_in_the_region_set():
    assert phone_key("020 7946 0958", "GB") == phone_key("+44 20 7946 0958") == "+442079460958"
    assert phone_key("555.010.0101 x23") == "+15550100101;ext=23"
    assert phone_key("12345678901234567") == "8901234567"  # too long for any number: its last 10 digits
    assert name_key("Bo  Bell", "BELL INC") == name_key("bo bell", "Bell Inc")
    assert name_key("", "Bell Inc") is None


def test_build_contact_reads_google_multi_values_and_vocabulary():
    built = build_contact({"first_name": ["Omar"], "last_name": ["Okafor"],
                           "email": ["omar@x.example ::: o@x.example"], "phone": ["555-020-0202"],
                           "relationship": ["Past client"], "birthday": ["--05-12"]})
    contact = built.contact
    assert contact.name == "Omar Okafor" and contact.first_name == "Omar"
    assert contact.email == "omar@x.example" and contact.emails == ("omar@x.example", "o@x.example")
    assert contact.also == ("o@x.example",) and contact.notes == ""
    assert contact.relationship == "past_client"
    assert contact.events == (EventDate("birthday", 5, 12, None),)


def test_unreadable_values_are_kept_for_the_notes_and_name_the_field():
    built = build_contact({"company": ["Nobody Inc"], "birthday": ["2026-02-30"],
                           "relationship": ["friend"], "email": ["not-an-email"]})
    assert [(p.field, p.problem.split(" (")[0], p.outcome) for p in built.problems] == [
        ("email", "'not-an-email' is not an email address", "kept in notes"),
        ("relationship", "unknown 'friend'", "kept in notes"),
        ("birthday", "'2026-02-30' is not a real date", "kept in notes"),
    ]
    contact = built.contact
    assert contact.display_name == "Nobody Inc" and contact.email == "" and contact.events == ()
    assert contact.kept == ("From import, unreadable email: not-an-email", "From import, unreadable relationship: friend",
                            "From import, unreadable birthday: 2026-02-30")
    long = build_contact({"name": ["x" * 256]})
    assert long.contact.name == "x" * 255 and long.problems[0].kept == "x" * 256
    zone = build_contact({"name": ["Al"], "timezone": ["Mars/Base"]})
    assert zone.problems[0].problem.startswith("unknown time zone 'Mars/Base'") and zone.contact.timezone == ""
    assert build_contact({"name": ["Al"], "timezone": ["Europe/Berlin"]}).contact.timezone == "Europe/Berlin"
    assert build_contact({"name": ["  "], "email": [""]}).empty
    nobody = build_contact({"email": ["/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=ab12"], "notes": ["hi"]})
    assert nobody.contact is None and [(p.field, p.outcome) for p in nobody.problems] == [("name", "skipped")]


def test_an_exchange_address_gives_way_to_the_smtp_address_of_its_display_name():
    built = build_contact({"name": ["Ann Lee"], "email": ["/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=ann"],
                           "email_display": ["Ann Lee (ann.lee@corp.example)"]})
    assert built.contact.email == "ann.lee@corp.example"
    [problem] = built.problems
    assert problem.problem.endswith("is an Exchange address, not an email address")
    assert problem.outcome == "used ann.lee@corp.example from its display name, kept in notes"
    assert recognise("E-mail 2 Display Name") == ("email_display", 2)


def test_lifecycle_stage_becomes_a_relationship_unless_one_is_given():
    assert build_contact({"name": ["A"], "lifecycle_stage": ["customer"]}).contact.relationship == "client"
    assert build_contact({"name": ["A"], "lifecycle_stage": ["Sales Qualified Lead"]}).contact.relationship \
        == "prospect"
    assert build_contact({"name": ["A"], "lifecycle_stage": ["other"]}).contact.relationship is None


def merge(row, incoming, events=None, **options):
    return merge_contact(row, [] if events is None else events, incoming, today=TODAY, **options)


def test_merge_fills_empty_fields_and_notes_a_differing_value_once():
    row = {"name": "dana@x.example", "first_name": "", "company": "Fox", "title": "", "email": "dana@x.example",
           "phone": "", "timezone": "", "notes": "Met in 2019"}
    incoming = Incoming(name="Dana Fox", first_name="Dana", company="Other Co", email="dana@x.example",
                        phone="555-0101", notes="Loves sailing")
    merged = merge(row, incoming)
    assert merged.changed == {"name", "first_name", "phone", "notes"}
    assert row["company"] == "Fox" and row["name"] == "Dana Fox"
    assert row["notes"] == "Met in 2019\nLoves sailing\nFrom import 6 Dec: company Other Co"
    assert [(p.field, p.kept) for p in merged.conflicts] == [("company", "Other Co")]
    assert merge(row, incoming).changed == set()
    later = merge_contact(row, [], incoming, today=date(2027, 1, 9))  # noted on another day: still noted
    assert later.changed == set() and later.conflicts == []


def test_prefer_import_takes_the_incoming_value_and_keeps_the_contacts_in_notes():
    row = {"name": "Carla Hansen", "company": "Old Co", "email": "", "phone": "", "notes": ""}
    events = [{"id": 4, "kind": "birthday", "month": 5, "day": 12, "year": 1980}]
    merged = merge(row, Incoming(name="Carla Hansen", company="New Co", events=(EventDate("birthday", 11, 2, 1979),)),
                   events, prefer_import=True)
    assert row["company"] == "New Co" and events[0] == {"id": 4, "kind": "birthday", "month": 11, "day": 2,
                                                        "year": 1979}
    assert merged.updated_events == [events[0]]
    assert row["notes"] == "Replaced by import 6 Dec: company Old Co\nReplaced by import 6 Dec: birthday 12 May 1980"


def test_merge_never_repeats_a_phone_or_email_in_also():
    row = {"name": "Ola", "email": "", "phone": "905-666-1234", "notes": "Also: 905-555-1234"}
    merge(row, Incoming(name="Ola", phone="905-666-1234", also=("(905) 555-1234", "905-777-1234", "ola@x.example")))
    assert row["notes"] == "Also: 905-555-1234\nAlso: 905-777-1234, ola@x.example"
    assert merge(row, Incoming(name="Ola", phone="905 777 1234", also=("905-666-1234",))).changed == set()


def test_merge_events_adds_missing_kinds_fills_a_year_and_notes_a_different_date():
    stored = [{"id": 1, "kind": "birthday", "month": 5, "day": 12, "year": None}]
    row = {"name": "A", "notes": ""}
    merged = merge(row, Incoming(name="A", events=(EventDate("birthday", 5, 12, 1980), EventDate("anniversary", 6, 1))),
                   stored)
    assert [e["kind"] for e in merged.added_events] == ["anniversary"]
    assert merged.updated_events == [{"id": 1, "kind": "birthday", "month": 5, "day": 12, "year": 1980}]
    other = merge(row, Incoming(name="A", events=(EventDate("birthday", 11, 2, 1979),)), stored)
    assert (other.added_events, other.updated_events) == ([], [])
    assert row["notes"] == "From import 6 Dec: birthday 2 Nov 1979"
    assert [(p.field, p.problem) for p in other.conflicts] == [
        ("birthday", "'2 Nov 1979' differs from the contact's '12 May 1980'")]


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(
    st.fixed_dictionaries({name: text for name in
                           ("name", "first_name", "company", "title", "email", "phone", "timezone", "notes")}),
    st.builds(Incoming, name=text, first_name=text, company=text, title=text, email=text, phone=text,
              timezone=text, notes=text, also=st.lists(text, max_size=3).map(tuple)),
)
def test_a_second_merge_of_the_same_record_changes_nothing(row, incoming):
    merge(row, incoming)
    assert merge(row, incoming).changed == set()

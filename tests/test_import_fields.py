"""The pure side of importing: header layouts, dates, keys, validation and merging."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach_tui.core.contact_fields import (
    EventDate,
    Incoming,
    LayoutError,
    build_contact,
    email_key,
    merge_events,
    merge_into,
    name_key,
    parse_event_date,
    parse_map,
    phone_key,
    plan_columns,
    recognise,
)


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
                                    "Name Prefix", "Organization 1 - Yomi Name", "E-mail Display Name",
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
    assert contact.notes == "Also: o@x.example"
    assert contact.relationship == "past_client"
    assert contact.events == (EventDate("birthday", 5, 12, None),)


def test_build_contact_problems_name_the_field():
    problems = build_contact({"company": ["Nobody Inc"], "birthday": ["2026-02-30"],
                              "relationship": ["friend"], "email": []}).problems
    assert [(p.field, p.problem.split(" (")[0]) for p in problems] == [
        ("name", "no name, email or phone"),
        ("relationship", "unknown 'friend'"),
        ("birthday", "'2026-02-30' is not a real date"),
    ]
    assert build_contact({"name": ["x" * 256]}).problems[0].field == "name"
    assert build_contact({"name": ["Al"], "email": ["not-an-email"]}).problems[0].field == "email"
    assert build_contact({"name": ["Al"], "timezone": ["Mars/Base"]}).problems[0].problem.startswith(
        "unknown time zone 'Mars/Base'")
    assert build_contact({"name": ["Al"], "timezone": ["Europe/Berlin"]}).contact.timezone == "Europe/Berlin"
    empty = build_contact({"name": ["  "], "email": [""]})
    assert empty.empty


def test_lifecycle_stage_becomes_a_relationship_unless_one_is_given():
    assert build_contact({"name": ["A"], "lifecycle_stage": ["customer"]}).contact.relationship == "client"
    assert build_contact({"name": ["A"], "lifecycle_stage": ["Sales Qualified Lead"]}).contact.relationship \
        == "prospect"
    assert build_contact({"name": ["A"], "lifecycle_stage": ["other"]}).contact.relationship is None


def test_merge_fills_empty_fields_and_appends_notes_once():
    row = {"name": "dana@x.example", "first_name": "", "company": "Fox", "title": "", "email": "dana@x.example",
           "phone": "", "timezone": "", "notes": "Met in 2019"}
    incoming = Incoming(name="Dana Fox", first_name="Dana", company="Other Co", email="dana@x.example",
                        phone="555-0101", notes="Loves sailing")
    assert merge_into(row, incoming) == {"name", "first_name", "phone", "notes"}
    assert row["company"] == "Fox" and row["name"] == "Dana Fox"
    assert row["notes"] == "Met in 2019\nLoves sailing"
    assert merge_into(row, incoming) == set()


def test_merge_events_adds_missing_kinds_and_fills_a_year():
    stored = [{"id": 1, "kind": "birthday", "month": 5, "day": 12, "year": None}]
    added, updated = merge_events(stored, (EventDate("birthday", 5, 12, 1980), EventDate("anniversary", 6, 1)))
    assert [e["kind"] for e in added] == ["anniversary"]
    assert updated == [{"id": 1, "kind": "birthday", "month": 5, "day": 12, "year": 1980}]
    assert merge_events(stored, (EventDate("birthday", 1, 1, 1990),)) == ([], [])


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(
    st.fixed_dictionaries({name: text for name in
                           ("name", "first_name", "company", "title", "email", "phone", "timezone", "notes")}),
    st.builds(Incoming, name=text, first_name=text, company=text, title=text, email=text, phone=text,
              timezone=text, notes=text),
)
def test_a_second_merge_of_the_same_record_changes_nothing(row, incoming):
    merge_into(row, incoming)
    assert merge_into(row, incoming) == set()

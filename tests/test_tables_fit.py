"""Printed tables fit the terminal without splitting a value: a phone or an email is shown
whole on its row's one line or its column is left out; a name is cut with "…", never wrapped."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from outreach_tui.tables import print_contacts

names = st.text(st.characters(codec="ascii", categories=("L", "Zs")), min_size=1, max_size=40).map(str.strip).filter(bool)
phones = st.from_regex(r"\([2-9][0-9]{2}\) [0-9]{3}-[0-9]{4}", fullmatch=True)
emails = st.from_regex(r"[a-z]{1,20}(\.[a-z]{1,12})?@[a-z]{2,24}\.(com|example|org)", fullmatch=True)
contacts = st.lists(st.builds(lambda i, n, c, p, e, r: {"id": i, "name": n, "company": c, "phone": p, "email": e,
                                                           "relationship": r},
                              st.integers(1, 99_999), names, names, phones, emails,
                              st.sampled_from(["client", "past_client", "prospect"])), min_size=1, max_size=8)


def printed(rows, width: int) -> list[str]:
    out = io.StringIO()
    print_contacts(rows, console=Console(file=out, width=width, color_system=None, highlight=False))
    return out.getvalue().splitlines()


@settings(max_examples=60, deadline=None)
@given(contacts, st.integers(60, 160))
def test_a_phone_or_an_email_is_whole_on_its_row_or_its_column_is_left_out(rows, width):
    lines = printed(rows, width)
    header, body = lines[0], lines[2:2 + len(rows)]
    assert len(body) == len(rows)  # one line a contact: nothing wrapped
    assert all(len(line) <= width for line in lines)
    for column in ("Phone", "Email"):
        if column in header:
            key = column.lower()
            assert all(row[key] in line for row, line in zip(rows, body))
    assert all(str(row["id"]) in line.split("│")[0] for row, line in zip(rows, body))


def test_at_80_columns_the_less_important_columns_go_first():
    rows = [{"id": 155, "name": "Aaron Mueller", "company": "Heartland Supply", "relationship": "client",
             "phone": "(901) 360-3918", "email": "aaron.mueller@heartlandsupply.com"},
            {"id": 7, "name": "Christopher Montgomery-Wallace", "company": "Allegheny Property Management",
             "relationship": "past_client", "phone": "(404) 849-4602", "email": "cmw@alleghenyproperty.com"}]
    wide = printed(rows, 160)
    assert "Relationship" in wide[0] and "Allegheny Property Management" in wide[3]
    narrow = printed(rows, 80)
    assert "Relationship" not in narrow[0] and "Phone" in narrow[0] and "Email" in narrow[0]
    assert "(901) 360-3918" in narrow[2] and "aaron.mueller@heartlandsupply.com" in narrow[2]
    assert "…" in narrow[3] and "Wallace" not in "\n".join(narrow)  # the long name cut, not wrapped

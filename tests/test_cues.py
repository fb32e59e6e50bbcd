"""Compliment cues: only from what is on file, each source at its boundary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from outreach_tui.core import seed_data
from outreach_tui.core.cues import (
    LIFE_EVENT_AHEAD_DAYS,
    LIFE_EVENT_BEHIND_DAYS,
    MAX_CUES,
    RECENT_ORDER_DAYS,
    SNIPPET_CHARS,
    WON_QUOTE_DAYS,
    CueFacts,
    compliment_cues,
    day_month,
    load_cue_templates,
    month_phrase,
    relative_day,
    snippet,
)

TODAY = date(2026, 11, 20)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def cues(**facts) -> list[str]:
    return compliment_cues(CueFacts(**facts), TODAY, limit=20)


# --- nothing invented -------------------------------------------------------------


def test_an_empty_contact_gets_no_cues():
    assert compliment_cues(CueFacts(), TODAY) == []
    assert cues(first_name="Ana") == []
    assert cues(last_notes="   \n ", family="", won_quotes=(), life_events=()) == []


def test_facts_outside_every_window_give_no_cues():
    assert (
        cues(
            first_name="Ana",
            customer_since=ago(200),  # under a year
            last_purchase_on=ago(RECENT_ORDER_DAYS + 1),
            life_events=(("wedding", ago(LIFE_EVENT_BEHIND_DAYS + 1), "their wedding"),),
            won_quotes=(("forklift", ago(WON_QUOTE_DAYS + 1)),),
        )
        == []
    )


# --- each source at its boundary ---------------------------------------------------


@pytest.mark.parametrize(("days", "expected"), [(59, True), (60, True), (61, False), (1, True)])
def test_recent_order_window(days, expected):
    found = cues(last_purchase_on=ago(days))
    if expected:
        assert found == [f"Their order {relative_day(ago(days), TODAY)} — ask how it's working out"]
    else:
        assert found == []


def test_recent_order_wording():
    assert cues(last_purchase_on=date(2026, 11, 3)) == ["Their order on Tue 3 Nov — ask how it's working out"]
    assert cues(last_purchase_on=ago(1)) == ["Their order yesterday — ask how it's working out"]
    assert cues(last_purchase_on=TODAY) == ["They ordered today — thank them for it"]
    assert cues(last_purchase_on=TODAY + timedelta(days=3)) == []  # not yet: nothing to ask


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, "Today: the graduation — congratulate them"),
        (1, "Coming up tomorrow: the graduation — congratulate them"),
        (LIFE_EVENT_AHEAD_DAYS, "Coming up on Sun 20 Dec: the graduation — congratulate them"),
        (LIFE_EVENT_AHEAD_DAYS + 1, None),
        (-1, "Congratulate them on the graduation — it was yesterday"),
        (-LIFE_EVENT_BEHIND_DAYS, "Congratulate them on the graduation — it was on Wed 21 Oct"),
        (-LIFE_EVENT_BEHIND_DAYS - 1, None),
    ],
)
def test_life_event_window(offset, expected):
    found = cues(life_events=(("graduation", TODAY + timedelta(days=offset), ""),))
    assert found == ([expected] if expected else [])


def test_life_event_note_is_used_and_kind_wording_differs():
    assert cues(life_events=(("graduation", TODAY + timedelta(days=5), "daughter Emma's graduation"),)) == [
        "Coming up on Wed 25 Nov: daughter Emma's graduation — congratulate them"
    ]
    assert cues(life_events=(("promotion", ago(10), "made head of operations"),)) == [
        "Congratulate them on made head of operations — the news came last week"
    ]
    assert cues(life_events=(("promotion", ago(10), ""),)) == [
        "Congratulate them on the new role — the news came last week"
    ]
    assert cues(life_events=(("mystery", ago(2), ""),)) == [
        "Ask how their special occasion went — it was earlier this week"
    ]


def test_a_birthday_stored_with_its_birth_year_comes_round_each_year():
    assert cues(life_events=(("birthday", date(1980, 11, 25), ""),)) == [
        "Coming up on Wed 25 Nov: their birthday — wish them a happy one"
    ]
    assert cues(life_events=(("birthday", date(1980, 6, 1), ""),)) == []
    # Around new year the nearest occurrence is in the other year.
    new_year = date(2027, 1, 2)
    assert compliment_cues(CueFacts(life_events=(("anniversary", date(2001, 12, 30), ""),)), new_year) == [
        "Belated wishes: their anniversary was earlier this week"  # Wed 30 Dec; the week began Mon 28
    ]
    # 29 Feb is kept on 28 Feb in other years.
    assert compliment_cues(CueFacts(life_events=(("birthday", date(2000, 2, 29), ""),)), date(2027, 2, 27)) == [
        "Coming up tomorrow: their birthday — wish them a happy one"
    ]


def test_a_loss_comes_first_and_silences_business_cues():
    found = cues(
        life_events=(("wedding", ago(3), ""), ("funeral", ago(6), "his father")),
        last_purchase_on=ago(5),
        won_quotes=(("forklift", ago(30)),),
        customer_since=date(2019, 1, 1),
        last_notes="Worried about his dad",
    )
    assert found[0] == "Offer your sympathy — his father, last week. No business today"
    assert not any("order" in c or "quote" in c for c in found)
    assert not any("ongratulat" in c for c in found)  # nor the wedding's congratulations, that week
    assert "Last time they mentioned: Worried about his dad" in found


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (date(2025, 11, 20), "They've been with you a year now — thank them for choosing you"),
        (date(2025, 11, 21), None),  # one day short of a year
        (date(2019, 11, 20), "They've been with you 7 years — thank them for their loyalty"),
        (date(2019, 11, 21), "They've been with you 6 years — thank them for their loyalty"),
        (TODAY + timedelta(days=1), None),
    ],
)
def test_years_as_a_customer(since, expected):
    assert cues(customer_since=since) == ([expected] if expected else [])


def test_years_from_a_leap_day():
    facts = CueFacts(customer_since=date(2024, 2, 29))
    assert compliment_cues(facts, date(2025, 2, 28)) == []
    assert compliment_cues(facts, date(2025, 3, 1)) == ["They've been with you a year now — thank them for choosing you"]


@pytest.mark.parametrize(("days", "expected"), [(WON_QUOTE_DAYS, True), (WON_QUOTE_DAYS + 1, False), (0, True)])
def test_won_quote_window(days, expected):
    assert bool(cues(won_quotes=(("forklift", ago(days)),))) is expected


def test_won_quote_wording_picks_the_latest():
    found = cues(won_quotes=(("racking", date(2026, 3, 2)), ("forklift", date(2026, 10, 7)), ("old", None)))
    assert found == ["They chose you for the forklift quote in October — thank them for the trust"]
    assert cues(won_quotes=(("dock levellers", date(2025, 12, 1)),)) == [
        "They chose you for the dock levellers quote in December 2025 — thank them for the trust"
    ]
    assert cues(won_quotes=(("", date(2026, 10, 7)),)) == ["They chose your quote in October — thank them for the trust"]
    assert cues(won_quotes=(("pallets", None),)) == ["They chose you for the pallets quote — thank them for the trust"]
    assert cues(won_quotes=(("forklift", TODAY + timedelta(days=2)),)) == []


def test_last_notes_are_trimmed():
    short = "Daughter starts at Leeds in September"
    assert cues(last_notes=short) == [f"Last time they mentioned: {short}"]
    long = "Planning to expand the warehouse next spring and wants to talk about racking, a second forklift and training"
    (cue,) = cues(last_notes=long)
    quoted = cue.removeprefix("Last time they mentioned: ")
    assert quoted.endswith("…") and len(quoted) <= SNIPPET_CHARS
    assert long.startswith(quoted[:-1])
    assert cues(last_notes="line one\n\nline two") == ["Last time they mentioned: line one line two"]


def test_family_details():
    assert cues(first_name="Ana", family="Husband Tom; twins Leo and Mia (9)") == [
        "Ask Ana how everyone is — on file: Husband Tom; twins Leo and Mia (9)"
    ]
    assert cues(family="Husband Tom") == ["Ask how everyone is — on file: Husband Tom"]


# --- text from contacts is literal ------------------------------------------------------


def test_hostile_text_is_inserted_literally():
    hostile = "{first_name} [bold]x[/] } {0} {what!r} \\1 %s"
    found = cues(
        first_name="[red]Bo[/]",
        last_notes=hostile,
        family=hostile,
        won_quotes=((hostile, ago(3)),),
        life_events=(("wedding", ago(2), hostile),),
    )
    assert found == [
        f"Congratulate them on {hostile} — it was earlier this week",
        f"Last time they mentioned: {hostile}",
        f"They chose you for the {hostile} quote in November — thank them for the trust",
        f"Ask [red]Bo[/] how everyone is — on file: {hostile}",
    ]


def test_terminal_escapes_are_removed():
    (cue,) = cues(last_notes="ok\x1b[2J\x1b]8;;http://x\x07 done")
    assert cue == "Last time they mentioned: ok done"


def test_malformed_facts_are_skipped_not_raised():
    assert cues(life_events=(("wedding", None, ""), ("x",)), won_quotes=(("a",), ("b", "2026-01-01"))) == []


# --- how many, in what order ---------------------------------------------------------------


FULL = CueFacts(
    first_name="Ana",
    customer_since=date(2019, 3, 1),
    last_purchase_on=date(2026, 11, 3),
    life_events=(
        ("graduation", date(2026, 12, 1), "daughter Emma's graduation"),
        ("birthday", date(1980, 11, 18), ""),
        ("wedding", date(2026, 11, 28), "son Leo's wedding"),
    ),
    last_notes="Thinking about a second site",
    won_quotes=(("forklift", date(2026, 10, 2)),),
    family="Husband Tom",
)


def test_at_most_four_most_relevant_first_and_deterministic():
    found = compliment_cues(FULL, TODAY)
    assert len(found) == MAX_CUES == 4
    assert found == [
        "Belated wishes: their birthday was earlier this week",
        "Coming up on Sat 28 Nov: son Leo's wedding — congratulate them",
        "Last time they mentioned: Thinking about a second site",
        "Their order on Tue 3 Nov — ask how it's working out",
    ]
    shuffled = CueFacts(**{**FULL.__dict__, "life_events": tuple(reversed(FULL.life_events))})
    assert compliment_cues(shuffled, TODAY) == found
    everything = compliment_cues(FULL, TODAY, limit=20)
    assert len(everything) == 7  # two life events at most, then one of each other source
    assert everything[:4] == found
    assert compliment_cues(FULL, TODAY, limit=2) == found[:2]
    assert compliment_cues(FULL, TODAY, limit=0) == []


# --- wording as data ------------------------------------------------------------------------


def test_templates_are_a_seed_data_file():
    assert (seed_data.folder() / "cues.toml").is_file()
    templates = load_cue_templates()
    assert templates.warnings == ()
    assert templates.get("order.recent")


def test_a_rep_can_reword_cues(tmp_path):
    (tmp_path / "cues.toml").write_text(
        '[order]\nrecent = "Ask about the {when} order"\n[nope]\nx = "y"\n[loyalty]\none = 3\n',
        encoding="utf-8",
    )
    templates = load_cue_templates(tmp_path)
    assert compliment_cues(CueFacts(last_purchase_on=ago(3)), TODAY, templates) == ["Ask about the earlier this week order"]
    assert len(templates.warnings) == 2
    assert any("unknown key nope.x" in w for w in templates.warnings)
    assert any("loyalty.one must be text" in w for w in templates.warnings)


def test_a_broken_cue_file_falls_back_with_a_line_number(tmp_path):
    (tmp_path / "cues.toml").write_text('[order]\nrecent = "x"\nbroken\n', encoding="utf-8")
    templates = load_cue_templates(tmp_path)
    assert len(templates.warnings) == 1
    assert templates.warnings[0].startswith(f"{tmp_path.name}/cues.toml line 3: ")
    assert templates == type(templates)(load_cue_templates().texts, templates.warnings)
    assert load_cue_templates(tmp_path / "missing").warnings == ()


# --- the little date phrases ----------------------------------------------------------------


def test_date_phrases():
    assert day_month(date(2026, 11, 3), TODAY) == "3 Nov"
    assert day_month(date(2025, 11, 3), TODAY) == "3 Nov 2025"
    assert month_phrase(date(2026, 10, 3), TODAY) == "October"
    assert month_phrase(date(2025, 10, 3), TODAY) == "October 2025"
    assert relative_day(TODAY, TODAY) == "today"
    assert relative_day(ago(-1), TODAY) == "tomorrow"
    assert relative_day(ago(1), TODAY) == "yesterday"
    assert relative_day(ago(2), TODAY) == "earlier this week"
    assert relative_day(ago(5), TODAY) == "last week"  # Sun 15 Nov; today is Fri 20 Nov
    assert relative_day(ago(11), TODAY) == "last week"  # Mon 9 Nov
    assert relative_day(ago(12), TODAY) == "on Sun 8 Nov"
    assert relative_day(ago(13), TODAY) == "on Sat 7 Nov"
    assert relative_day(ago(-8), TODAY) == "on Sat 28 Nov"
    assert snippet("word " * 40).endswith("…")
    assert len(snippet("x" * 200)) == SNIPPET_CHARS

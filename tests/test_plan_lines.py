"""The plan shows the day at 80x24: one line an entry, at least 12 numbered entries on the
first screen (more on a bigger one), the highlighted entry's reasons in full beside the list."""

from __future__ import annotations

import re

import pytest

from test_app_snapshots import demo_app  # noqa: F401 (a fixture: the seeded demo book, its clock fixed)
from test_call_screen import column_text, rendered_lines
from ui_fixtures import settle

ENTRY = re.compile(r"│\s*(\d+)\. ")


def beside(lines: list[str]) -> str:
    """The side column's text, its wrapped lines joined again."""
    return column_text(lines, lines[1].index("╮╭") + 2)


def entries(lines: list[str]) -> list[int]:
    return [int(match.group(1)) for line in lines if (match := ENTRY.match(line))]


@pytest.mark.parametrize(("size", "least"), [((80, 24), 12), ((120, 40), 28)])
async def test_the_plan_shows_the_day_one_line_an_entry(demo_app, size, least):  # noqa: F811
    app = demo_app
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        lines = rendered_lines(app)
        shown = entries(lines)
        assert len(shown) >= least, lines
        assert len(shown) == len(set(shown)) and 1 in shown  # each once, call 1 on the first screen
        plan = app.screen.query_one("PlanListing")
        first = plan.items[0]
        side = beside(lines)
        assert f"1. {first.name}" in side
        for signal in first.signals:  # the highlighted entry's reasons, in full
            assert signal.detail in side


async def test_moving_down_shows_that_entrys_reasons_and_keeps_it_in_view(demo_app):  # noqa: F811
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plan = app.screen.query_one("PlanListing")
        many = next(index for index, item in enumerate(plan.items) if len(item.signals) > 1 and index > 20)
        for _ in range(many):
            await pilot.press("j")
        await settle(pilot)
        item = plan.items[many]
        lines = rendered_lines(app)
        row = next(line for line in lines if ENTRY.match(line) and int(ENTRY.match(line).group(1)) == many + 1)
        assert f"+{len(item.signals) - 1}" in row.split("│")[1]  # the mark that there are more reasons
        side = beside(lines)
        assert f"{many + 1}. {item.name}" in side
        assert all(signal.detail in side for signal in item.signals)


async def test_a_click_on_an_entry_highlights_it(demo_app):  # noqa: F811
    from outreach_tui.ui.plan_listing import PlanListing

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plan = demo_app.screen.query_one(PlanListing)
        y = plan._lines(plan.content_region.width).index(2)  # the third call's line
        await pilot.click(PlanListing, offset=(6, y))
        await settle(pilot)
        assert plan.highlighted == 2
        assert f"3. {plan.items[2].name}" in beside(rendered_lines(demo_app))


def _plan(draw_items):
    from datetime import date

    from outreach_tui.core.plan_items import Plan, PlanItem, Signal

    items = [PlanItem(number, name, 1.0, tuple(Signal(reason, 1.0, lambda text=detail: text)
                                              for reason, detail in signals))
             for number, (name, signals) in enumerate(draw_items, 1)]
    counts: dict[str, int] = {}
    for item in items:
        counts[item.reason] = counts.get(item.reason, 0) + 1
    return Plan(date(2026, 11, 23), items, counts, len(items))


def test_every_entry_is_one_line_once_in_call_order_within_its_group():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from outreach_tui.core.vocab import REASON_LABELS
    from outreach_tui.ui.plan_listing import PlanListing

    text = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=120)
    signal = st.tuples(st.sampled_from(sorted(REASON_LABELS)), text)
    items = st.lists(st.tuples(text, st.lists(signal, min_size=1, max_size=4)), min_size=1, max_size=40)

    @settings(max_examples=80, deadline=None)
    @given(items, st.integers(30, 160))
    def check(drawn, width):
        listing = PlanListing(_plan(drawn))
        lines = listing._lines(width)
        entries = [line for line in lines if isinstance(line, int)]
        assert sorted(entries) == list(range(len(drawn)))  # each entry once
        titles = len(lines) - len(entries)
        assert titles == len({item.reason for item in listing.items})  # one title a group, nothing else
        for index in entries:
            row = listing.row(index, width)
            assert "\n" not in row.plain and row.cell_length <= max(width, 30)
            assert row.plain.lstrip().startswith(f"{index + 1}. ")
            more = len(listing.items[index].signals) - 1
            assert row.plain.rstrip().endswith(f"+{more}") == bool(more)

    check()

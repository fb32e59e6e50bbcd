"""The call screen as a new rep sees it on `outreach demo`, and the words on it.

The demo book (seed 7, 300 contacts, a fixed day) is built by the real seeding, so
these tests walk what a trainee meets: at 80x24 every call of the session shows its
reasons, its first two cues in full, the current step, the outcome keys and the
notes, read from the rendered screen (not the widgets); and no script contradicts
its cues, for every contact on the day's plan.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from outreach_tui.app import make_app
from outreach_tui.core.cues import compliment_cues, in_mourning, load_cue_templates, relative_day
from outreach_tui.core.plan_items import PlanItem, Signal
from outreach_tui.core.scripts import load_scripts
from outreach_tui.store.connection import open_store
from outreach_tui.core.vocab import REASONS
from outreach_tui.store.contact_card import load_contact_card
from outreach_tui.store.models import Contact, Interaction
from outreach_tui.store.seeding import seed_book
from outreach_tui.ui.help_screen import KEYS, ReadingScreen
from outreach_tui.ui.prepare import cue_facts, event_day, script_for
from outreach_tui.ui.rep_name import NAME_HINT
from outreach_tui.ui.session_screen import SHORT_CUES, SessionScreen
from ui_fixtures import TODAY, app_settings, fixed_clock, into_the_session, settle, user_dir

BUSINESS = re.compile(r"\b(quotes?|orders?|business|products?|budget|decide|pick up where)\b", re.I)
CHEER = re.compile(r"congratulat|wish them|belated|happy one", re.I)


@pytest.fixture
def demo_book(tmp_path):
    path = tmp_path / "demo.db"
    db = open_store(path)
    seed_book(db, contacts=300, seed=7, today=TODAY, reset=True)
    yield path
    db.close()


def demo_app(tmp_path, path, rep: str = "root", **settings):
    return make_app(str(path), fixed_clock(), rep, app_settings(**settings), user_dir=user_dir(tmp_path))


def rendered_lines(app) -> list[str]:
    """What the terminal shows of the active screen, line by line."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


def squeezed(text: str) -> str:
    """Text with its wrapping undone: box sides and runs of spaces become one space."""
    return " ".join(text.replace("│", " ").split())


# The ends of a scrollbar's thumb, drawn on a panel's right edge beside its text.
SCROLL_THUMB = str.maketrans("", "", "▁▂▃▄▅▆▇")


def column_text(lines: list[str], start: int) -> str:
    """The text of one screen column (from `start` to the next panel's border), its wrapped lines joined again."""
    return squeezed(" ".join(re.split("[│╭╰]", line[start:])[0].translate(SCROLL_THUMB) for line in lines))


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_call_shows_why_the_cues_the_step_and_the_notes(tmp_path, demo_book, size):
    """At 80x24 the first two cues (and how many more `m` shows); larger, every cue."""
    app = demo_app(tmp_path, demo_book)
    shown = SHORT_CUES if size == (80, 24) else None
    async with app.run_test(size=size) as pilot:
        await into_the_session(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        total = app.session_run.total
        assert total >= 30
        several = 0
        for number in range(total):
            prepared = screen.prepared[app.session_run.index]
            lines = rendered_lines(app)
            text = "\n".join(lines)
            assert f"Call {number + 1} of {total}" in text
            bullet = next(line.index("•") for line in lines if "•" in line)
            for signal in prepared.item.signals:  # every reason, at least the start of its line
                assert squeezed(signal.detail)[:40] in column_text(lines, bullet), (number, signal.detail, text)
            star = next((line.index("★") for line in lines if "★" in line), None)
            assert star is not None or not prepared.cues, text
            for cue in prepared.cues[:shown]:
                assert squeezed(cue) in column_text(lines, star), (number, cue, text)
            if shown and len(prepared.cues) > shown:
                assert f"m +{len(prepared.cues) - SHORT_CUES} more" in text
            step = prepared.script.steps[0]
            bar = next(line.index("▶") for line in lines if "▶" in line)
            assert squeezed(step.say) in column_text(lines, bar), (number, step.say, text)
            assert "1 Connected" in text and "7 Skipped" in text and "Notes n" in text
            several += len(prepared.item.signals) > 1 and len(prepared.cues) > SHORT_CUES
            await pilot.press("7", "ctrl+s")
            await settle(pilot)
        assert several >= 5  # the walk met calls with several reasons and more cues than fit
    assert Interaction.select().count() > 0


async def test_m_shows_every_cue_and_h_the_last_calls_in_full(tmp_path, demo_book):
    app = demo_app(tmp_path, demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_session(pilot)
        prepared = app.screen.prepared[0]
        assert len(prepared.cues) > SHORT_CUES
        hidden = prepared.cues[-1]
        assert squeezed(hidden) not in squeezed("\n".join(rendered_lines(app)))
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        shown = squeezed("\n".join(rendered_lines(app)))
        assert squeezed(hidden) in shown
        for signal in prepared.item.signals:
            assert squeezed(signal.detail) in shown
        await pilot.press("m")  # the same key closes it
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)

        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        shown = squeezed("\n".join(rendered_lines(app)))
        last = prepared.card.recent[0]
        assert squeezed(last.notes) in shown  # whole, not cut at a column
        with_view = next(p for p in prepared.card.recent if p.their_view.strip())
        assert squeezed(with_view.their_view) in shown  # "how it went for them" is read again
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("n", "h", "m")  # in the notes they are letters
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.form.draft().notes == "hm"


async def test_the_scripts_greet_with_the_reps_name_never_the_login(tmp_path, demo_book):
    for rep, name, greeting in (("root", "", "Hi {first}. "), ("root", "Dana", "Hi {first}, it's Dana. "),
                                ("Sam Reyes", "", "Hi {first}, it's Sam Reyes. ")):
        app = demo_app(tmp_path, demo_book, rep=rep, name=name)
        async with app.run_test(size=(100, 30)) as pilot:
            await into_the_session(pilot)
            prepared = app.screen.prepared[0]
            say = prepared.script.steps[0].say
            assert say.startswith(greeting.format(first=prepared.card.first_name)), say
            assert "root" not in squeezed("\n".join(rendered_lines(app)))
            await pilot.press("ctrl+q")


def calls_for(card):
    """A plan item for each reason this contact could be called for: every script meets their cues."""
    for reason in REASONS:
        refs = [None]
        if reason == "life_event":
            refs = [event.id for event in card.life_events] or [None]
        elif reason == "back_from_absence" and card.absences:
            refs = [card.absences[0].id]
        for ref in refs:
            yield PlanItem(card.id, card.name, 0.0, (Signal(reason, 1.0, lambda: "", ref),))


@pytest.mark.parametrize("days", [0, 4, 9, 17, 26], ids=lambda d: f"+{d}d")
def test_no_script_contradicts_its_cues_anywhere_in_the_demo_book(tmp_path, days):
    """Every script × cue pair in the book: no business beside 'no business today', no
    congratulations on a sympathy call, and a life event said on the day its cue says."""
    seed_book(open_store(tmp_path / "demo.db"), contacts=300, seed=7, today=TODAY, reset=True)
    today = TODAY + timedelta(days=days)
    library, templates = load_scripts(None), load_cue_templates(None)
    pairs = losses = events = 0
    for contact in Contact.select(Contact.id):
        card = load_contact_card(contact.id)
        facts = cue_facts(card, today)
        cues = compliment_cues(facts, today, templates)
        for item in calls_for(card):
            script = script_for(item, card, library, "Dana", today, mourning=in_mourning(facts, today))
            says = [step.say for step in script.steps]
            pairs += len(says) * len(cues)
            for cue in cues:
                if "no business" in cue.lower():
                    losses += 1
                    assert script.variant == "sympathy", (card.name, item.reason, script.title, cue)
                    assert not any(BUSINESS.search(say) for say in says), (card.name, says, cue)
            if script.variant == "sympathy":
                assert not any(CHEER.search(cue) for cue in cues), (card.name, cues)
            event = card.event(item.signals[0].ref_id) if item.reason == "life_event" else None
            if event is not None and script.variant != "sympathy":
                when = event_day(event, today)
                assert (script.variant == "ahead") == (when > today), (card.name, when, says[0])
                assert relative_day(when, today) in says[0]  # the same day in the same words as its cue
                events += 1
    assert pairs > 1000 and events > 0
    assert losses > 0 or days, "the demo book has a loss near its day"


def test_help_lists_every_key_the_call_screen_has():
    listed = " ".join(key for section, rows in KEYS if section.startswith("In a call") for key, *_ in rows)
    keys = set(re.split(r"[\s/…]+", listed))
    for binding in SessionScreen.BINDINGS:
        first = binding.key.split(",")[0]
        assert first in keys or (first.isdigit() and {"1", "7"} <= keys), binding.key
    assert {"m", "h"} <= keys  # the keys that show more and the history


async def test_without_a_name_the_rep_is_told_and_asked_and_it_is_kept(tmp_path, demo_book):
    folder = user_dir(tmp_path)
    real = tmp_path / "dotfiles" / "settings.toml"
    real.parent.mkdir()
    real.write_text("# mine\nsession_minutes = 25\n\n[goals]\ncalls = 12\n", encoding="utf-8")
    (folder / "settings.toml").symlink_to(real)
    app = demo_app(tmp_path, demo_book, rep="demo")
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_session(pilot)
        assert NAME_HINT.plain in rendered_lines(app)[-2]  # the line over the footer
        first = app.screen.prepared[0].card.first_name
        assert app.screen.prepared[0].script.steps[0].say.startswith(f"Hi {first}. ")
        app.screen.action_rep_name()
        await settle(pilot)
        await pilot.press(*"Dana", "enter")
        await settle(pilot)
        text = "\n".join(rendered_lines(app))
        assert f"Hi {first}, it's Dana." in squeezed(text)
        assert "leave your name out" not in text and not app.screen.query_one("#name-hint").display
    assert (folder / "settings.toml").is_symlink()  # the file it points at is the one rewritten
    assert real.read_text(encoding="utf-8") == 'name = "Dana"\n# mine\nsession_minutes = 25\n\n[goals]\ncalls = 12\n'


async def test_at_80x24_the_name_hint_is_a_line_of_the_screen_and_covers_no_notes(tmp_path, demo_book):
    app = demo_app(tmp_path, demo_book, rep="demo")
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_session(pilot)
        await pilot.press("n", *"Loved Mexico")
        await settle(pilot)
        lines = rendered_lines(app)
        assert NAME_HINT.plain in lines[-2], "\n".join(lines)  # whole, not cut at 80 columns
        assert "Loved Mexico" in "\n".join(lines) and "Notes n" in "\n".join(lines)
        hint = app.screen.query_one("#name-hint").region
        notes = app.screen.query_one("#notes").region
        form = app.screen.query_one("#outcome-col").region
        assert notes.height >= 3 and form.contains_region(notes) and not notes.overlaps(hint)
        assert not app._notifications and not app.screen.query("Toast")


async def test_plan_names_stay_on_one_line_at_80x24(tmp_path):
    from book import add_contact
    from ui_fixtures import build_book

    path = tmp_path / "book.db"
    db = open_store(path)
    build_book()
    add_contact("Jennifer Hernandez-Montgomery", TODAY, company="Hernandez Supply", next_touch_on=TODAY)
    app = demo_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = rendered_lines(app)
        row = next(i for i, line in enumerate(lines) if "Jennifer" in line)
        assert "Jennifer Hernand…" in lines[row]  # cut with an ellipsis, not wrapped
        assert "Montgomery" not in "\n".join(lines)
    db.close()


async def test_the_phone_on_the_card_is_a_tel_link_of_the_number_as_dialled(tmp_path, demo_book):
    """A terminal that knows links dials it: the number in international form, the rep's writing shown."""
    from outreach_tui.core.contact_fields import tel_uri

    app = demo_app(tmp_path, demo_book)
    async with app.run_test(size=(100, 30)) as pilot:
        await into_the_session(pilot)
        phone = Contact.get_by_id(app.session_run.current.contact_id).phone
        head = app.screen.query_one("#card-head").render()
        links = {span.style.link for span in head.spans if hasattr(span.style, "link") and span.style.link}
        assert links == {tel_uri(phone)} and tel_uri(phone).startswith("tel:+")
        assert phone in head.plain


def test_a_number_phonenumbers_cannot_read_gets_no_link():
    from outreach_tui.core.contact_fields import tel_uri

    assert tel_uri("555.010.0101 x23") == "tel:+15550100101;ext=23"
    assert tel_uri("12345") is None and tel_uri("") is None

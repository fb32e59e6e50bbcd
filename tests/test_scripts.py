"""Call scripts: built-ins per reason, the safe renderer, and rep overrides."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach_tui.core import scripts as scripts_module
from outreach_tui.core import seed_data
from outreach_tui.core.script_fill import FALLBACKS
from outreach_tui.core.scripts import (
    BUILTIN_SOURCE,
    PLACEHOLDERS,
    Script,
    ScriptStep,
    builtin_text,
    fill,
    load_scripts,
    placeholders_in,
    render,
    render_step,
    spoken_name,
)
from outreach_tui.core.vocab import REASONS

FULL = {
    "first_name": "Ana",
    "name": "Ana Lopez",
    "company": "Lopez Logistics",
    "my_name": "Sam",
    "place": "Mexico",
    "why": "family holiday",
    "event": "graduation",
    "event_note": "daughter Emma's graduation",
    "product": "two electric forklifts",
    "quote_amount": "$48,200",
    "referred_by": "Joe Park",
    "last_topic": "the second racking aisle",
    "products": "forklifts and racking",
}


@pytest.fixture(scope="module")
def library():
    return load_scripts(None)


def all_text(script: Script) -> str:
    return " ".join(f"{s.label} {s.say} {s.say_without} {s.listen}" for s in script.steps)


# --- built-ins ------------------------------------------------------------------


def test_every_reason_has_a_builtin_script_of_three_or_more_steps(library):
    assert library.warnings == []
    assert library.reasons == REASONS
    for reason in REASONS:
        script = library.get(reason)
        assert script.reason == reason
        assert script.source == BUILTIN_SOURCE
        assert script.title.strip()
        assert len(script.steps) >= 3, reason
        for step in script.steps:
            assert step.say.strip() and step.listen.strip() and step.label.strip()


def test_builtins_use_only_known_placeholders(library):
    scripts = [library.get(r) for r in REASONS] + list(library.variants.values())
    for script in scripts:
        for name in placeholders_in(all_text(script) + script.title + script.tip):
            assert name in PLACEHOLDERS, (script.reason, name)
    assert set(FALLBACKS) == set(PLACEHOLDERS)


def test_check_in_has_the_six_moves_in_order(library):
    steps = library.get("check_in").steps
    assert [s.label for s in steps] == [
        "Touch base",
        "How's it going",
        "Questions",
        "What they need",
        "Who they know",
        "Call me anytime",
    ]
    says = [s.say.lower() for s in steps]
    assert "catch up" in says[0]
    assert "how are things going" in says[1]
    assert "questions about {products}" in says[2]
    assert "need from me" in says[3]
    assert "anyone you know" in says[4]
    assert "call me" in says[5] and "anytime" in says[5]


def test_check_in_is_paraphrased_not_quoted(library):
    source = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_95d2a57139b60b23.txt"
    quoted = [
        "touch base to see how you were doing",
        "what do you need from me",
        "who do you know that needs my help",
        "if ever you have any questions",
    ]
    text = all_text(library.get("check_in")).lower()
    for phrase in quoted:
        assert phrase not in text
    if source.exists():  # the phrases above really are the article's
        article = source.read_text(encoding="utf-8").lower()
        assert all(p in article for p in quoted)


def test_back_from_absence_opens_with_where_they_were(library):
    script = library.get("back_from_absence")
    first = render(script, FULL).steps[0].say
    assert "Mexico" in first and "Welcome back" in first
    without = render(script, {**FULL, "place": ""}).steps[0].say
    assert "Welcome back" in without and "{" not in without and "Mexico" not in without
    assert "second racking aisle" in render(script, FULL).steps[2].say


def test_life_event_congratulates_and_a_funeral_gets_no_selling(library):
    happy = render(library.get("life_event", "graduation"), FULL)
    assert "daughter Emma's graduation" in happy.steps[0].say
    assert "ongratulations" in happy.steps[0].say
    no_note = render(library.get("life_event", "wedding"), {**FULL, "event": "wedding", "event_note": ""})
    assert "your wedding" in no_note.steps[0].say

    sad = library.get("life_event", "funeral")
    assert sad.variant == "sympathy"
    assert library.get("life_event", "sympathy") == sad
    spoken = " ".join(step.say for step in sad.steps).lower()
    assert "sorry" in render(sad, FULL).steps[0].say
    for selling in ("{products}", "{product}", "quote", "order", "anyone you know", "buy"):
        assert selling not in spoken
    assert "no selling" in sad.tip.lower()
    assert "sympathy card" in all_text(sad).lower()


def test_neglected_thanks_them_then_asks_how_things_are(library):
    steps = render(library.get("neglected"), FULL).steps
    assert "thank you" in steps[0].say.lower()
    assert "how are things" in steps[1].say.lower()
    assert "thank-you note" in all_text(library.get("neglected")).lower()


def test_quote_follow_up_covers_the_quote_questions_and_timeline(library):
    steps = render(library.get("quote_follow_up"), FULL).steps
    assert "quote for two electric forklifts" in steps[0].say
    assert "$48,200" in steps[1].say
    assert "decide" in steps[2].say
    bare = render(library.get("quote_follow_up"), {"first_name": "Ana", "my_name": "Sam"}).steps
    assert "quote I sent" in bare[0].say and "{" not in bare[1].say


def test_referral_and_follow_up_name_who_and_what(library):
    assert "Joe Park suggested" in render(library.get("referral"), FULL).steps[0].say
    assert "mutual friend" in render(library.get("referral"), {}).steps[0].say
    assert "the second racking aisle" in render(library.get("follow_up"), FULL).steps[0].say


def test_thoughtfulness_makes_no_ask(library):
    script = library.get("thoughtfulness")
    text = all_text(script).lower()
    assert "compliment" in text
    for ask in ("{products}", "{product}", "quote", "anyone you know", "need from me"):
        assert ask not in text
    assert "no ask" in (script.tip + text).lower()


def test_unknown_reason_falls_back_to_check_in(library):
    assert library.get("no_such_reason") is library.get("check_in")
    assert library.get("check_in", "funeral") is library.get("check_in")


# --- rendering ------------------------------------------------------------------


HOSTILE = {
    "first_name": "{first_name}",
    "company": "[bold]x[/]",
    "my_name": "}",
    "products": "{0} {x!r:>10} %s \\1 \\g<0> {",
}


def test_render_inserts_hostile_values_literally(library):
    for reason in REASONS:
        rendered = render(library.get(reason), HOSTILE)
        assert isinstance(rendered, Script)
    check_in = render(library.get("check_in"), HOSTILE).steps
    assert check_in[0].say.startswith("Hi {first_name}, it's }.")
    assert "at [bold]x[/] these days" in check_in[1].say
    assert "about {0} {x!r:>10} %s \\1 \\g<0> { I can" in check_in[2].say


def test_render_with_missing_values_never_leaves_a_placeholder(library):
    scripts = [library.get(r) for r in REASONS] + list(library.variants.values())
    for script in scripts:
        for values in ({}, {"first_name": "   ", "company": None}):
            rendered = render(script, values)
            for step in rendered.steps:
                assert not re.search(r"\{\w+\}", step.say + step.listen + step.label), step
                assert step.say_without == ""
    hello = render(library.get("check_in"), {}).steps
    assert hello[0].say.startswith("Hi there. Nothing urgent")  # no rep name: the line goes without it
    assert hello[5].say.startswith("Thanks, it's")  # ", {first_name}," is dropped, not "there"


def test_without_a_rep_name_every_greeting_reads_naturally(library):
    scripts = [library.get(r) for r in REASONS] + list(library.variants.values())
    for script in scripts:
        for step in render(script, {"first_name": "Ana", "referred_by": "Dale Cooper"}).steps:
            assert "account rep" not in step.say and "it's." not in step.say and " ," not in step.say, step.say
    assert render(library.get("check_in"), {"first_name": "Ana", "my_name": "Dana"}).steps[0].say.startswith(
        "Hi Ana, it's Dana. Nothing urgent")
    assert render(library.get("referral"), {"first_name": "Ana", "referred_by": "Dale Cooper"}).steps[0].say.startswith(
        "Hi Ana. Dale Cooper suggested I give you a call")


def test_the_name_said_on_a_call_is_never_the_login_name():
    assert spoken_name("Dana", "root", "root") == "Dana"  # the `name` setting first
    assert spoken_name("", "Dana Scully", "root") == "Dana Scully"  # --rep when it reads as a name
    assert spoken_name("", "Anne-Marie O'Neil", "root") == "Anne-Marie O'Neil"
    for rep in ("root", "allison", "e2e", "demo", "j.smith2", "Root"):
        assert spoken_name("", rep, "root") == "", rep
    assert spoken_name("   ", "", "root") == ""


def test_fill_rules():
    assert fill("Hi {first_name}!", {"first_name": "Bo"}) == "Hi Bo!"
    assert fill("Hi {nickname}!", {}) == "Hi {nickname}!"  # unknown and missing: as written
    assert fill("Hi {nickname}!", {"nickname": "Bo"}) == "Hi Bo!"
    assert fill("{event_note}", {"event": "wedding"}) == "wedding"
    assert fill("{name}", {"first_name": "Bo"}) == "Bo"
    assert fill("{ first_name } {{first_name}} {1}", {"first_name": "Bo"}) == "{ first_name } {Bo} {1}"
    assert fill("{first_name}", {"first_name": 42}) == "42"
    assert fill("{x}", {"x": date(2026, 1, 2)}) == "2026-01-02"
    assert fill("{x}", {"x": "a\nb\x1b[31mc\x07"}) == "a bc\ufffd"
    assert fill("Thanks, {first_name}. Bye, {first_name}!", {}) == "Thanks. Bye!"
    assert fill("Hi {first_name}, it's me", {}) == "Hi there, it's me"
    assert fill("", None) == ""


def test_say_without_is_used_only_when_its_own_placeholders_are_missing():
    step = ScriptStep(
        say="Hi {first_name}, how was {place}?",
        say_without="Hi {first_name}, how was the time away?",
        listen="{why}",
    )
    assert render_step(step, {"first_name": "Bo", "place": "Oslo"}).say == "Hi Bo, how was Oslo?"
    assert render_step(step, {"place": "Oslo"}).say == "Hi there, how was Oslo?"
    assert render_step(step, {"first_name": "Bo"}).say == "Hi Bo, how was the time away?"
    assert render_step(step, {}).listen == FALLBACKS["why"]


@given(
    template=st.lists(
        st.sampled_from(list("{}ab_ ,.\\%[]/0") + ["{first_name}", "{x}", ", {name}."]), max_size=20
    ).map("".join),
    values=st.dictionaries(
        st.sampled_from(["first_name", "x", "company", "", "1"]),
        st.one_of(st.none(), st.text(max_size=20), st.integers()),
        max_size=4,
    ),
)
def test_fill_never_raises_and_is_single_pass(template, values):
    out = fill(template, values)
    assert isinstance(out, str)
    if "{" not in template:
        assert out == template
    step = render_step(ScriptStep(say=template, listen=template, say_without=template), values)
    assert isinstance(step.say, str)


# --- a rep's own scripts ----------------------------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_file_replaces_the_builtin_for_its_reason(tmp_path):
    folder = tmp_path / "scripts"
    path = write(
        folder,
        "check_in.toml",
        'title = "My check-in"\n\n[[steps]]\nsay = "Hey {first_name}!"\nlisten = "mood"\n\n'
        '[[steps]]\nsay = "Need anything?"\n',
    )
    library = load_scripts(folder)
    assert library.warnings == []
    mine = library.get("check_in")
    assert mine.source == str(path)
    assert mine.title == "My check-in"
    assert mine.steps == (ScriptStep(say="Hey {first_name}!", listen="mood"), ScriptStep(say="Need anything?"))
    assert library.get("neglected").source == BUILTIN_SOURCE
    assert load_scripts(None).get("check_in").source == BUILTIN_SOURCE  # built-ins untouched


def test_a_user_life_event_script_keeps_the_builtin_sympathy_variant(tmp_path):
    folder = tmp_path / "scripts"
    write(folder, "life_event.toml", '[[steps]]\nsay = "Congrats, {first_name}!"\n')
    library = load_scripts(folder)
    assert library.get("life_event").steps[0].say == "Congrats, {first_name}!"
    assert library.get("life_event").title == "Life events"  # default title
    assert library.get("life_event", "funeral").source == BUILTIN_SOURCE


def test_a_toml_syntax_error_gives_one_warning_with_file_and_line(tmp_path):
    folder = tmp_path / "scripts"
    write(
        folder,
        "check_in.toml",
        'title = "Mine"\n\n[[steps]]\nsay = "Hi"\n\n[[steps]]\nsay "oops"\n',
    )
    library = load_scripts(folder)
    assert len(library.warnings) == 1
    warning = library.warnings[0]
    assert warning.startswith("scripts/check_in.toml line 7: expected '=' after a key")
    assert warning.endswith("— using the built-in check_in script")
    assert library.get("check_in").source == BUILTIN_SOURCE
    assert len(library.get("check_in").steps) == 6


def test_a_step_without_say_names_the_step_and_its_line(tmp_path):
    folder = tmp_path / "scripts"
    write(
        folder,
        "neglected.toml",
        '[[steps]]\nsay = "Thanks for everything"\n\n[[steps]]\nlisten = "how they are"\n',
    )
    library = load_scripts(folder)
    assert library.warnings == [
        "scripts/neglected.toml line 4: step 2 has no 'say' (what the rep says)"
        " — using the built-in neglected script"
    ]
    assert library.get("neglected").source == BUILTIN_SOURCE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('title = "No steps"\n', "scripts/referral.toml: no steps"),
        ('steps = "call them"\n', "scripts/referral.toml: 'steps' must be [[steps]] tables"),
        ("steps = []\n", "scripts/referral.toml: 'steps' is empty"),
        ('title = 3\n[[steps]]\nsay = "x"\n', "scripts/referral.toml: 'title' must be text"),
        ('[[steps]]\nsay = "x"\nlisten = 4\n', "scripts/referral.toml line 1: step 1: 'listen' must be text"),
        ('[[steps]]\nsay = "x"\n[variants.x]\ntitle = "y"\n', "scripts/referral.toml: [variants.x] no steps"),
        ('variants = 3\n[[steps]]\nsay = "x"\n', "scripts/referral.toml: 'variants' must be tables"),
        ("a = \n", "scripts/referral.toml line 1: invalid value"),
        ('a = "open\n', "scripts/referral.toml line 1:"),
    ],
)
def test_structure_errors_name_the_file_and_key(tmp_path, text, expected):
    folder = tmp_path / "scripts"
    write(folder, "referral.toml", text)
    library = load_scripts(folder)
    assert len(library.warnings) == 1
    assert library.warnings[0].startswith(expected), library.warnings[0]
    assert library.warnings[0].endswith("— using the built-in referral script")
    assert library.get("referral").source == BUILTIN_SOURCE


def test_unknown_file_names_and_keys_are_warned_about(tmp_path):
    folder = tmp_path / "scripts"
    write(folder, "chek_in.toml", '[[steps]]\nsay = "x"\n')
    write(folder, "notes.txt", "not a script")
    write(folder, ".#check_in.toml", "editor lock file")
    write(folder, "follow_up.toml", '[[steps]]\nsay = "Hi {frist_name}"\nlisen = "x"\n')
    library = load_scripts(folder)
    assert library.warnings[0].startswith("scripts/chek_in.toml: 'chek_in' is not a reason (did you mean check_in.toml?)")
    assert library.warnings[0].endswith("file ignored")
    # Typos inside a usable file are reported, and the file is still used.
    assert "scripts/follow_up.toml: step 1: unknown key 'lisen' ignored (did you mean 'listen'?)" in library.warnings
    assert "scripts/follow_up.toml: step 1: unknown placeholder {frist_name} (did you mean {first_name}?)" in library.warnings
    assert len(library.warnings) == 3
    assert library.get("follow_up").steps[0].say == "Hi {frist_name}"
    assert library.get("check_in").source == BUILTIN_SOURCE


def test_unreadable_user_files_never_raise(tmp_path):
    folder = tmp_path / "scripts"
    folder.mkdir()
    (folder / "check_in.toml").write_bytes(b'say = "\xff\xfe"\n')
    library = load_scripts(folder)
    assert library.warnings == ["scripts/check_in.toml: not UTF-8 text — using the built-in check_in script"]
    assert load_scripts(tmp_path / "missing").warnings == []
    not_a_folder = write(tmp_path, "file", "x")
    assert len(load_scripts(not_a_folder).warnings) == 1
    assert load_scripts(str(folder)).get("check_in").source == BUILTIN_SOURCE


def test_a_user_file_with_a_bom_and_variants_loads(tmp_path):
    folder = tmp_path / "scripts"
    write(
        folder,
        "life_event.toml",
        '\ufeff[[steps]]\nsay = "Yay"\n[variants.sympathy]\ntitle = "Sorry"\n'
        '[[variants.sympathy.steps]]\nsay = "So sorry"\n[[variants.sympathy.steps]]\nlisten = "x"\n',
    )
    library = load_scripts(folder)
    assert library.warnings == [
        "scripts/life_event.toml line 7: [variants.sympathy] step 2 has no 'say' (what the rep says)"
        " — using the built-in life_event script"
    ]


# --- packaging --------------------------------------------------------------------


def test_builtins_are_seed_data_files(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # nothing depends on the working directory
    folder = seed_data.folder() / "scripts"
    for reason in REASONS:
        resource = folder / f"{reason}.toml"
        assert resource.is_file(), reason
        assert builtin_text(reason) == resource.read_text(encoding="utf-8")
    scripts_module._builtins.cache_clear()
    assert load_scripts(None).get("check_in").steps[0].label == "Touch base"
    with pytest.raises(KeyError):
        builtin_text("../cues")

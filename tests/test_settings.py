"""Settings: defaults from the seeds, a TOML file that overrides them, clear messages for bad values."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.core.money import CardCosts
from outreach_tui.core.settings import Goals, Settings, apply_settings, load_settings, settings_path, settings_toml

DOCS = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_methods_numbers(tmp_path):
    settings, warnings = load_settings(tmp_path / "absent.toml")
    assert warnings == [] and settings == Settings()
    assert settings.session_minutes == 30 and settings.cadence_days == 90
    assert (settings.goals.calls, settings.goals.notes, settings.goals.thoughtfulness) == (10, 1, 1)
    assert settings.rules.neglect_months == 6 and settings.rules.quote_follow_up_days == 7
    assert settings.attention_warning == 0.5 and settings.calling_hours == (9, 17)
    costs = settings.card_costs
    assert (costs.card_cents, costs.stamp_cents, costs.minutes, costs.hourly_rate_cents) == (400, 100, 15, 25000)
    assert CardCosts().total_cents == 6750  # $4 + $1 + 15 minutes at $250/hour


def test_the_toml_parser_is_loaded_only_for_a_file_there(tmp_path):
    """Most starts have no settings file: the app's first frame does not wait for tomllib's import then."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from outreach_tui.core.settings import load_settings; "
            "load_settings(Path(sys.argv[1])); print('tomllib' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    loaded = [subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=root,
                             check=True).stdout.strip()
              for path in (tmp_path / "absent.toml", write(tmp_path, "session_minutes = 20\n"))]
    assert loaded == ["False", "True"]


def test_the_file_lives_in_the_platformdirs_config_folder(tmp_path):
    assert settings_path() == tmp_path / "config" / "outreach" / "settings.toml"  # XDG_CONFIG_HOME from conftest


def test_every_setting_can_be_set(tmp_path):
    path = write(tmp_path, """
session_minutes = 45
cadence_days = 60
plan_limit = 0
attention_warning = 0.4
calling_hours = [8, 18]
rep = "dana"

[goals]
calls = 12
notes = 2
thoughtfulness = 0

[plan]
neglect_months = 9
quote_follow_up_days = 5

[cards]
card = 3.5
stamp = "$0.75"
minutes = 20
hourly_rate = 120
""")
    settings, warnings = load_settings(path)
    assert warnings == []
    assert (settings.session_minutes, settings.cadence_days, settings.plan_limit) == (45, 60, 0)
    assert settings.attention_warning == 0.4 and settings.calling_hours == (8, 18) and settings.rep == "dana"
    assert (settings.goals.calls, settings.goals.notes, settings.goals.thoughtfulness) == (12, 2, 0)
    assert settings.rules.neglect_months == 9 and settings.rules.quote_follow_up_days == 5
    assert settings.rules.neglect_recall_days == 30  # untouched keys keep their defaults
    costs = settings.card_costs
    assert (costs.card_cents, costs.stamp_cents, costs.minutes, costs.hourly_rate_cents) == (350, 75, 20, 12000)
    assert costs.total_cents == 350 + 75 + 4000


def test_cents_keys_still_work(tmp_path):
    settings, warnings = load_settings(write(tmp_path, "[cards]\ncard_cents = 450\nhourly_rate_cents = 30000\n"))
    assert warnings == [] and settings.card_costs.total_cents == 450 + 100 + 7500


@pytest.mark.parametrize(("text", "message"), [
    ("session_minutes = 0", "session_minutes = 0: must be a whole number from 1 to 480; using 30"),
    ("session_minutes = 'long'", "session_minutes = 'long': must be a whole number from 1 to 480; using 30"),
    ("cadence_days = -90", "cadence_days = -90: must be a whole number from 1 to 3650; using 90"),
    ("attention_warning = 50", "attention_warning = 50: must be a share from 0 to 1 (0.5 means 50%); using 0.5"),
    ("attention_warning = true", "attention_warning = True: must be a share from 0 to 1; using 0.5"),
    ("calling_hours = [17, 9]", "calling_hours = [17, 9]: must be two hours from 0 to 24, the first earlier"),
    ("rep = 7", "rep = 7: must be text in quotes; using ''"),
    ("[goals]\ncalls = -1", "[goals] calls = -1: must be a whole number from 0 to 1000; using 10"),
    ("[goals]\ncals = 5", "[goals] has no setting 'cals' (did you mean 'calls'?)"),
    ("goals = 5", "[goals] must be a table of settings, got 5"),
    ("[plan]\nneglect_months = 0", "[plan] neglect_months = 0: must be a whole number from 1 to 120; using 6"),
    ("[plan]\nquote_follow_up_days = 1.5", "[plan] quote_follow_up_days = 1.5: must be a whole number from 1 to 365"),
    ("[cards]\ncard = -4", "[cards] card = -4: must be an amount from 0 to 100000; using 4.00"),
    ("[cards]\nstamp = 'a dollar'", "[cards] stamp = 'a dollar': must be an amount like 4.00; using 1.00"),
    ("[cards]\ncard = 4\ncard_cents = 400", "[cards] give card or card_cents, not both"),
    ("[cards]\nminutes = 900", "[cards] minutes = 900: must be a whole number from 0 to 600; using 15"),
    ("sesion_minutes = 20", "unknown setting 'sesion_minutes' (did you mean 'session_minutes'?)"),
])
def test_bad_values_name_file_and_key_and_keep_the_default(tmp_path, text, message):
    path = write(tmp_path, text + "\n")
    settings, warnings = load_settings(path)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}: ")
    assert message in warnings[0]
    defaults = Settings()
    assert (settings.session_minutes, settings.attention_warning, settings.goals, settings.rules.neglect_months) == \
        (defaults.session_minutes, defaults.attention_warning, defaults.goals, defaults.rules.neglect_months)
    assert settings.card_costs.total_cents == 6750 or "card_cents" in text


def test_good_values_beside_a_bad_one_still_apply(tmp_path):
    settings, warnings = load_settings(write(tmp_path, "session_minutes = 25\n[goals]\ncalls = -3\nnotes = 2\n"))
    assert len(warnings) == 1 and settings.session_minutes == 25
    assert settings.goals == Goals(calls=10, notes=2)


def test_a_file_that_is_not_toml(tmp_path):
    path = write(tmp_path, "session_minutes = = 3\n")
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}: not valid TOML") and "using defaults" in warnings[0]


def test_show_prints_toml_that_reads_back_the_same(tmp_path):
    customised = apply_settings(tomllib.loads("session_minutes = 20\n[cards]\nhourly_rate = 99.99\n"), "x")[0]
    for settings in (Settings(), customised):
        text = settings_toml(settings)
        again, warnings = apply_settings(tomllib.loads(text), "shown")
        assert warnings == [] and again == settings
    assert "# all in: 67.50 a card" in settings_toml(Settings())


def test_settings_command(tmp_path):
    runner = CliRunner()
    path = tmp_path / "config" / "outreach" / "settings.toml"
    assert runner.invoke(main, ["settings", "--path"]).stdout.strip() == str(path)
    shown = runner.invoke(main, ["settings"])
    assert shown.exit_code == 0 and shown.stdout.startswith(f"# {path} (not there yet")
    assert tomllib.loads(shown.stdout)["session_minutes"] == 30
    checked = runner.invoke(main, ["settings", "--check"])
    assert checked.exit_code == 0 and "every setting is its default" in checked.stdout
    path.parent.mkdir(parents=True)
    path.write_text("session_minutes = 0\n[goals]\ncalls = 8\n")
    bad = runner.invoke(main, ["settings", "--check"])
    assert bad.exit_code == 1
    assert bad.stderr.strip().splitlines() == [
        f"outreach: {path}: session_minutes = 0: must be a whole number from 1 to 480; using 30",
        f"outreach: {path}: 1 setting to fix (defaults used for them)",
    ]
    shown = runner.invoke(main, ["settings", "--show"])
    assert shown.exit_code == 0 and tomllib.loads(shown.stdout)["goals"]["calls"] == 8


def test_docs_describe_every_key():
    docs = DOCS.read_text(encoding="utf-8")
    keys = re.findall(r"^(\w+) =", settings_toml(Settings()), flags=re.MULTILINE)
    assert len(keys) > 15
    for key in keys + ["card_cents", "stamp_cents", "hourly_rate_cents"]:
        assert f"`{key}`" in docs, key
    for section in ("[goals]", "[plan]", "[cards]"):
        assert section in docs


def test_the_reps_name_is_set_with_every_other_line_kept():
    from outreach_tui.core.settings import settings_with

    text = '# my settings\nrep = "dana"\nname = "Old"\n\n[goals]\ncalls = 12  # a lot\n'
    assert settings_with(text, "name", 'Dana "D"') == text.replace('name = "Old"', 'name = "Dana \\"D\\""')
    assert settings_with("[goals]\ncalls = 3\n", "name", "Dana") == 'name = "Dana"\n[goals]\ncalls = 3\n'
    settings, warnings = apply_settings({"name": "Dana"}, "settings.toml")
    assert settings.name == "Dana" and warnings == []
    with pytest.raises(ValueError):
        settings_with("calls = [\n", "name", "Dana")  # a broken file is never rewritten


def test_phone_region_is_a_country_phonenumbers_knows():
    from outreach_tui.core.settings import apply_settings

    assert apply_settings({"phone_region": "gb"}, "f")[0].phone_region == "GB"
    settings, warnings = apply_settings({"phone_region": "England"}, "f")
    assert settings.phone_region == "US" and warnings == [
        "f: phone_region = 'England': must be a country's two letters, like \"US\", \"GB\" or \"DE\"; using \"US\""]

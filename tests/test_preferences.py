"""Preferences that stick: the palette's theme saved and used next time, `theme` checked against
the themes there are, a [keys] table through Textual's keymap, Textual's palette entries kept."""

import tomllib

from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.core.settings import apply_settings, load_settings, save_setting, settings_toml
from outreach_tui.ui.contacts_screen import ContactsScreen
from ui_fixtures import book, new_app, settle, user_dir  # noqa: F401  (book is a fixture)


def write_settings(tmp_path, text: str):
    path = user_dir(tmp_path) / "settings.toml"  # where XDG_CONFIG_HOME (conftest) puts the rep's file
    path.write_text(text, encoding="utf-8")
    return path


def test_keys_read_as_dotted_ids_and_bad_ones_are_named():
    settings, warnings = apply_settings(tomllib.loads(
        '[keys]\napp.contacts = "f9"\n"session.save" = "ctrl+s,f10"\napp.help = 3\n'), "settings.toml")
    assert settings.keys == {"app.contacts": "f9", "session.save": "ctrl+s,f10"}
    assert warnings == ['settings.toml: [keys] app.help = 3: must be a key in quotes, like "f5" or "ctrl+k";'
                        " the default key is used"]
    assert tomllib.loads(settings_toml(settings))["keys"] == settings.keys  # `outreach settings` shows them


def test_an_unknown_theme_is_one_line_and_exit_1(tmp_path, monkeypatch):
    path = write_settings(tmp_path, 'theme = "nrod"\n')
    result = CliRunner().invoke(main, ["settings", "--check"])
    assert result.exit_code == 1
    assert f"{path}: theme = 'nrod' is no theme there is (did you mean 'nord'?)" in result.stderr.splitlines()[0]
    monkeypatch.setenv("OUTREACH_SERVED", "1")  # past the terminal check, to the theme's
    assert CliRunner().invoke(main, ["--db", str(tmp_path / "book.db"), "add", "Ann"]).exit_code == 0  # a store
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "book.db"), "session"])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "'nrod' is no theme there is" in result.stderr
    write_settings(tmp_path, 'theme = "nord"\n')
    assert CliRunner().invoke(main, ["settings", "--check"]).exit_code == 0


def test_settings_check_names_key_ids_that_no_binding_has(tmp_path):
    path = write_settings(tmp_path, '[keys]\napp.contacts = "f9"\napp.contact = "f8"\n')
    result = CliRunner().invoke(main, ["settings", "--check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"outreach: {path}: [keys] app.contact: no key has this id"
                                             " (did you mean 'app.contacts'?); it changes nothing")


def test_the_theme_saved_keeps_the_rest_of_the_file_and_writes_through_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "settings.toml"
    real.parent.mkdir()
    real.write_text("# my settings\nsession_minutes = 20\ntheme = \"nord\"\n\n[goals]\ncalls = 5\n")
    link = tmp_path / "settings.toml"
    link.symlink_to(real)
    save_setting(link, "theme", "gruvbox")
    assert link.is_symlink()
    assert real.read_text() == "# my settings\nsession_minutes = 20\ntheme = \"gruvbox\"\n\n[goals]\ncalls = 5\n"
    fresh = tmp_path / "new.toml"
    save_setting(fresh, "theme", "dracula")
    assert load_settings(fresh)[0].theme == "dracula"


async def test_the_palette_theme_is_kept_and_used_next_time(tmp_path, book):
    path, _ = book
    settings_file = write_settings(tmp_path, "session_minutes = 25\n\n[goals]\ncalls = 4\n")
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "gruvbox"  # what picking it in the palette does
        await pilot.pause(0.8)
    saved, warnings = load_settings(settings_file)
    assert (saved.theme, saved.session_minutes, saved.goals.calls, warnings) == ("gruvbox", 25, 4, [])
    again = new_app(tmp_path, path, theme=saved.theme)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox" and again.current_theme.name == "gruvbox"


async def test_keys_from_settings_rebind_and_textuals_palette_entries_stay(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path, keys={"app.contacts": "f9"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")  # the default key, replaced
        await settle(pilot)
        assert not isinstance(app.screen, ContactsScreen)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Contacts", "Cards", "Review", "Keys", "Screenshot"} <= set(titles)
        assert titles.count("Theme") == 1 and titles.count("Quit") == 1

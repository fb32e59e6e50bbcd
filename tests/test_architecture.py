"""The layers stay apart: core and store never load Textual; core never loads Peewee."""

import subprocess
import sys

import pytest


def loaded_modules(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize("package", ["outreach_tui.core", "outreach_tui.store"])
def test_no_textual_below_the_ui(package):
    statement = (
        f"import pkgutil, importlib, {package} as p; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.')]"
    )
    modules = loaded_modules(statement)
    assert not any(name == "textual" or name.startswith("textual.") for name in modules)


def test_core_is_pure():
    statement = (
        "import pkgutil, importlib, outreach_tui.core as p; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.')]"
    )
    modules = loaded_modules(statement)
    assert "peewee" not in modules
    assert not any(name.startswith("textual") for name in modules)


def test_plain_commands_do_not_load_faker_or_textual():
    modules = loaded_modules("import outreach_tui.cli, outreach_tui.store.queries, outreach_tui.tables")
    assert "faker" not in modules
    assert not any(name.startswith("textual") for name in modules)


def test_a_sqlite_start_does_not_load_the_postgresql_driver(tmp_path):
    """psycopg costs ~170 ms at import: only a postgresql:// store may load it.

    Through the command line itself, whose error handling once imported Peewee first.
    """
    statement = (
        "from outreach_tui.cli import main; "
        f"main(['--db', {str(tmp_path / 'book.db')!r}, 'today'], standalone_mode=False); "
        "import outreach_tui.app, outreach_tui.store.today, outreach_tui.ui.session_screen"
    )
    modules = loaded_modules(statement)
    assert (tmp_path / "book.db").exists()
    assert not any(name == "psycopg" or name.startswith("psycopg.") for name in modules)


def test_the_first_frame_needs_no_store_in_the_app_process():
    """With a current store, the start-up reader has opened it: the app imports Peewee only when it binds it.

    So nothing on the way to the first frame (the command line, the reader, the app,
    the plan screen) may import the store at module level.
    """
    modules = loaded_modules(
        "import outreach_tui.cli, outreach_tui.prefetch, outreach_tui.core.settings, outreach_tui.core.today, "
        "outreach_tui.app, outreach_tui.ui.plan_screen"
    )
    assert "peewee" not in modules
    assert not any(name.startswith("outreach_tui.store") for name in modules)

"""The layers stay apart: core and store never load Textual; core never loads Peewee.

From the top: cli.py and app.py, then ui/ (screens), then store/ (Peewee), then core/
(pure rules). The static tests below read every import in the source, those inside
functions too, so a lazy import cannot slip a layer past them.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "outreach_tui"
TOP = ("outreach_tui.cli", "outreach_tui.app", "outreach_tui.__main__")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(module: str) -> set[str]:
    """Every module `module` imports anywhere in its source (`from a import b` counts a.b when b is a module)."""
    found = set()
    package = module if SOURCES[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(SOURCES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in SOURCES)
    return found


def within(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def test_the_static_reader_sees_lazy_imports():
    """The checks below can fail: a screen's import inside a method is found."""
    assert "outreach_tui.ui.workers" in imports_of("outreach_tui.ui.contacts_screen")
    assert "peewee" in imports_of("outreach_tui.store.models")
    assert "outreach_tui.store.connection" in imports_of("outreach_tui.ui.workers")  # inside bind_store


@pytest.mark.parametrize(
    "layer, forbidden",
    [
        ("outreach_tui.core", ("peewee", "textual", "outreach_tui.store", "outreach_tui.ui", *TOP)),
        ("outreach_tui.store", ("textual", "outreach_tui.ui", *TOP)),
        ("outreach_tui.ui", TOP),
    ],
)
def test_no_layer_imports_one_above_it(layer, forbidden):
    wrong = sorted(
        f"{module} imports {name}"
        for module in SOURCES if within(module, layer)
        for name in imports_of(module) if any(within(name, top) for top in forbidden)
    )
    assert wrong == []


def test_nothing_below_the_command_line_and_the_app_imports_them():
    wrong = sorted(
        f"{module} imports {name}"
        for module in SOURCES if module not in TOP
        for name in imports_of(module) if name in TOP
    )
    assert wrong == []


def test_no_import_cycles():
    """No module reaches itself through its imports, counting imports inside functions."""
    graph = {module: {name for name in imports_of(module) if name in SOURCES and name != module}
             for module in SOURCES}
    cycles = []
    for start in graph:
        seen, stack = set(), [(start, (start,))]
        while stack:
            module, path = stack.pop()
            for name in graph[module]:
                if name == start:
                    cycles.append(" -> ".join((*path, start)))
                elif name not in seen:
                    seen.add(name)
                    stack.append((name, (*path, name)))
    assert cycles == []


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
    """Every command's module loaded (the group imports some only when asked for a command of theirs)."""
    modules = loaded_modules(
        "import click; from outreach_tui.cli import main; ctx = click.Context(main); "
        "[main.get_command(ctx, name) for name in main.list_commands(ctx)]; "
        "import outreach_tui.store.queries, outreach_tui.tables"
    )
    assert "outreach_tui.cli_exchange" in modules  # the walk reached the commands kept elsewhere
    assert "faker" not in modules
    assert not any(name.startswith("textual") for name in modules)


def test_a_sqlite_start_does_not_load_the_postgresql_driver(tmp_path):
    """psycopg costs ~170 ms at import: only a postgresql:// store may load it.

    Through the command line itself, whose error handling once imported Peewee first.
    """
    statement = (
        "from outreach_tui.cli import main; "
        f"main(['--db', {str(tmp_path / 'book.db')!r}, 'add', 'Ann'], standalone_mode=False); "
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


def test_the_screens_leave_the_heavy_parsers_until_they_are_needed():
    """dateutil (about 50 ms) is loaded when a rep types a calendar date; rapidfuzz and
    phonenumbers when a search or an import needs them: never on the way to a screen."""
    modules = loaded_modules(
        "import outreach_tui.cli, outreach_tui.app, outreach_tui.ui.plan_screen, outreach_tui.ui.session_screen, "
        "outreach_tui.ui.outcome_form, outreach_tui.core.contact_fields"
    )
    for heavy in ("dateutil", "rapidfuzz", "phonenumbers"):
        assert heavy not in modules

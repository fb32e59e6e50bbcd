"""Every bound held: each option of each command, walked with its extremes, ends in one line
and a documented exit code (2 a usage mistake on an option, 1 a handled failure, 0 done),
never a traceback."""

from __future__ import annotations

from datetime import timedelta

import click
import pytest
from click.testing import CliRunner

from book import add_contact
from conftest import TODAY
from outreach_tui.cli import main
from outreach_tui.cli_bounds import LARGEST_INTEGER, MAX_SEED_CONTACTS, STORE_INTEGER
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Quote

# Beyond 64 bits: a usage mistake (exit 2) on an id or a count (a seed may be any whole number).
TOO_BIG = [str(LARGEST_INTEGER + 1), "99999999999999999999", "-99999999999999999999"]
INTEGERS = ["-1", "0", "1", str(LARGEST_INTEGER)]
DAYS = ["0001-01-01", "1899-12-31", "1900-01-01", "9000-12-31", "9001-01-01", "9999-12-31", "2026-02-30"]
WEEKS = ["0001-W01", "1900-W01", "9000-W52", "9999-W52", "2026-W53", "2026-W00"]
WHENS = DAYS + ["+99999999w", "-1d", "next fri", "999999999999999999999d"]
TEXTS = ["", "x" * 5000, "[bold]", "-"]

# Commands that would open a screen or a server; each is refused without a terminal elsewhere.
NOT_WALKED = {"session", "demo", "serve"}
# Arguments a command needs before any option can be tried.
BASE = {
    "add": ["Dana"],
    "log": ["1", "--outcome", "connected"],
    "quote": ["1", "--won"],
    "backup": ["{tmp}/copy.db", "--force"],
    "import": ["{tmp}/in.csv", "--dry-run"],
    "practice": ["--list"],
    "seed": ["--contacts", "2"],
}
# Values for options that are neither integers, dates nor weeks, where the text alone matters.
PATHS = ["{tmp}", "{tmp}/no/such/folder/x.csv", "/dev/full", "{tmp}/" + "n" * 300 + ".csv"]


def _values(option: click.Parameter) -> list[str]:
    if isinstance(option.type, click.Choice):
        return ["not-a-choice"]
    if option.type in (STORE_INTEGER, click.INT) or isinstance(option.type, click.IntRange):
        return INTEGERS + TOO_BIG
    metavar = option.metavar or ""
    if metavar == "YYYY-MM-DD":
        return DAYS
    if metavar == "YYYY-Www":
        return WEEKS
    if metavar == "WHEN":
        return WHENS
    if metavar.startswith("FILE") or option.name in ("output", "report_path"):
        return PATHS
    return TEXTS


def _cases():
    ctx = click.Context(main)
    for name in main.list_commands(ctx):  # every command, those kept in modules of their own too
        command = main.get_command(ctx, name)
        if name in NOT_WALKED:
            continue
        for option in command.params:
            if getattr(option, "is_flag", False) or getattr(option, "hidden", False):
                continue
            for value in _values(option):
                yield pytest.param(name, option, value, id=f"{name}-{option.name}-{value[:24]}")


def _args(name: str, option: click.Parameter, value: str, tmp: str) -> list[str]:
    base = [part.format(tmp=tmp) for part in BASE.get(name, [])]
    value = value.format(tmp=tmp)
    if isinstance(option, click.Argument):
        position = 0 if name in ("add", "log", "quote", "backup", "import") else None
        if position is not None:
            base[position] = value
        return [name, *base]
    flag = max(option.opts, key=len)
    cleaned = [part for index, part in enumerate(base) if part != flag and (index == 0 or base[index - 1] != flag)]
    if name == "seed" and flag == "--contacts":
        cleaned = []
    return [name, *cleaned, flag, value]


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    contact = add_contact("Dana Fox", TODAY, last_touch_on=TODAY - timedelta(days=100))
    Quote.create(contact=contact, amount_cents=1000, sent_on=TODAY - timedelta(days=10), description="pumps")
    db.close()
    (tmp_path / "in.csv").write_text("Name,Email\nAda,ada@example.com\n", encoding="utf-8")
    return str(path)


def _check(result, args) -> None:
    shown = " ".join(arg[:40] for arg in args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (shown, result.exception)
    assert "Traceback" not in result.output, shown
    assert result.exit_code in (0, 1, 2), (shown, result.exit_code, result.output)
    if result.exit_code:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert lines and lines[-1].startswith(("outreach: ", "Error: ")), (shown, result.stderr)
        assert sum(line.startswith("outreach: ") for line in lines) <= 2, (shown, result.stderr)


@pytest.mark.parametrize("name, option, value", list(_cases()))
def test_every_option_at_its_extremes_is_one_line_and_a_documented_code(book, tmp_path, name, option, value):
    args = _args(name, option, value, str(tmp_path))
    result = CliRunner().invoke(main, ["--db", book, "--as-of", TODAY.isoformat(), *args])
    _check(result, args)
    if value in TOO_BIG and option.type is STORE_INTEGER:  # an id or a count: the store's 64 bits bound it
        assert result.exit_code == 2, (args, result.output)


GLOBAL = {
    "--db": ["x" * 5000, "~nouser/a.db", "/dev/null", "{tmp}", "{tmp}/fifo.db", "{tmp}/missing/a.db"],
    "--as-of": DAYS,
    "--rep": TEXTS,
}


@pytest.mark.parametrize("flag, value", [(flag, value) for flag, values in GLOBAL.items() for value in values])
@pytest.mark.parametrize("command", [["today"], ["contacts"], ["review"], ["export"], ["claim"], ["add", "Z"]])
def test_every_global_option_at_its_extremes_is_one_line(book, tmp_path, flag, value, command):
    import os

    os.mkfifo(tmp_path / "fifo.db")
    args = [flag, value.format(tmp=tmp_path), *command]
    if flag != "--db":
        args = ["--db", book, *args]
    result = CliRunner().invoke(main, args)
    _check(result, args)


def test_seed_contacts_past_the_documented_maximum_is_a_usage_mistake(book):
    result = CliRunner().invoke(main, ["--db", book, "seed", "--contacts", str(MAX_SEED_CONTACTS + 1)])
    assert result.exit_code == 2
    assert f"must be {MAX_SEED_CONTACTS:,} or fewer" in result.stderr


def test_seed_that_memory_would_not_hold_is_refused_before_starting(book, monkeypatch):
    from outreach_tui import cli_bounds

    monkeypatch.setattr(cli_bounds, "available_memory", lambda: 100 * 2**20)
    before = open(book, "rb").read()
    result = CliRunner().invoke(main, ["--db", book, "seed", "--contacts", "500000"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "outreach: --contacts 500,000 needs about 3.9 GB of memory and 0.1 GB is free: seed fewer contacts"]
    assert open(book, "rb").read() == before

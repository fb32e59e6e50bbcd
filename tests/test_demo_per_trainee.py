"""One demo book per trainee (issue 24, item 4): with --rep, `demo` opens that rep's own book,
and a --fresh rebuild of a book open in another window refuses in one line."""

from __future__ import annotations

import socket
from datetime import datetime

from click.testing import CliRunner

from outreach_tui import cli
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Contact, Session
from outreach_tui.store.plan_conditions import as_utc
from test_demo_db import TODAY, opened  # noqa: F401  (the fixture)


def demo(*args):
    return CliRunner().invoke(cli.main, ["--as-of", TODAY, *map(str, args)], catch_exceptions=False)


def test_each_trainee_gets_a_demo_book_of_their_own(opened):  # noqa: F811
    assert demo("--rep", "ann", "demo", "--contacts", 10).exit_code == 0
    assert demo("--rep", "Bob Smith", "demo", "--contacts", 10).exit_code == 0
    assert demo("demo", "--contacts", 10).exit_code == 0
    ann, bob, nobody = (target for target, _ in opened)
    assert ann.endswith("demo-ann.db") and bob.endswith("demo-bob-smith.db") and nobody.endswith("demo.db")
    # Bob's fresh book leaves Ann's alone: what she added is still there.
    db = open_store(ann)
    kept = Contact.create(name="Ann's own", created_on=datetime(2026, 11, 23).date()).id
    db.close()
    assert demo("--rep", "Bob Smith", "demo", "--contacts", 10, "--fresh").exit_code == 0
    db = open_store(ann)
    assert Contact.get_by_id(kept).name == "Ann's own"
    db.close()


def test_a_fresh_book_is_refused_while_another_window_works_in_it(opened):  # noqa: F811
    assert demo("--rep", "ann", "demo", "--contacts", 10).exit_code == 0
    path = opened[0][0]
    db = open_store(path)
    now = datetime.now()
    Session.create(rep="ann", started_at=now, seen_at=as_utc(now),
                   host=socket.gethostname() + "-elsewhere", pid=1)
    db.close()
    result = CliRunner().invoke(cli.main, ["--rep", "ann", "demo", "--fresh"], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "open in another window (ann's session" in lines[0]
    assert len(opened) == 1  # the app was not started again


def test_the_apps_first_run_asks_before_making_a_store(tmp_path, opened):  # noqa: F811
    path = tmp_path / "typo.db"
    declined = CliRunner().invoke(cli.main, ["--db", str(path)], input="n\n")
    assert declined.exit_code == 1 and "nothing made" in declined.output
    assert not path.exists() and not opened
    accepted = CliRunner().invoke(cli.main, ["--db", str(path)], input="y\n")
    assert accepted.exit_code == 0 and opened == [(str(path), False)]

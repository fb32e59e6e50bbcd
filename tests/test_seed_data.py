"""seed_data/: found by a checkout and by an installed wheel, and a broken file said in one line."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.core import cues as cues_module
from outreach_tui.core import scripts as scripts_module
from outreach_tui.core import seed_data
from outreach_tui.core.cues import load_cue_templates
from outreach_tui.core.scripts import builtin_text, load_scripts
from outreach_tui.core.vocab import REASONS
from outreach_tui.store.seeding.words import demo_words

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def edited(tmp_path, monkeypatch):
    """A copy of seed_data/ to edit, read instead of the real one; caches cleared either side."""
    copy = tmp_path / "seed_data"
    shutil.copytree(ROOT / "seed_data", copy)
    monkeypatch.setattr(seed_data, "folder", lambda: copy)
    caches = (scripts_module._builtins, cues_module._builtin_texts, demo_words)
    for cache in caches:
        cache.cache_clear()
    yield copy
    for cache in caches:
        cache.cache_clear()


def seed(tmp_path, *args):
    book = tmp_path / "book.db"
    result = CliRunner().invoke(main, ["--db", str(book), "--as-of", "2026-11-23", "seed", *args])
    return result, book


def contacts_in(book: Path) -> int:
    with sqlite3.connect(book) as db:
        return db.execute("SELECT COUNT(*) FROM contact").fetchone()[0]


# -- where the folder is found ---------------------------------------------------------


def test_a_checkout_reads_the_folder_at_the_top_of_the_repository():
    assert not (ROOT / "outreach_tui" / "seed_data").exists()  # the source tree has one copy only
    assert seed_data.folder() == seed_data.REPO_FOLDER == ROOT / "seed_data"
    for reason in REASONS:
        assert builtin_text(reason) == (ROOT / "seed_data" / "scripts" / f"{reason}.toml").read_text("utf-8")


def test_a_stray_empty_folder_in_the_package_is_not_taken_for_the_data(tmp_path, monkeypatch):
    (tmp_path / "seed_data" / "__pycache__").mkdir(parents=True)  # left by an older checkout
    monkeypatch.setattr(seed_data, "resources", SimpleNamespace(files=lambda package: tmp_path))
    assert seed_data.folder() == seed_data.REPO_FOLDER
    (tmp_path / "seed_data" / "README.md").write_text("a wheel's copy", "utf-8")
    assert seed_data.folder() == tmp_path / "seed_data"


def test_an_installed_wheel_reads_the_copy_inside_the_package(tmp_path):
    """Build the wheel, unpack it as site-packages would, and load everything from it alone."""
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
                   cwd=ROOT, check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert "outreach_tui/seed_data/cues.toml" in names
    assert "outreach_tui/seed_data/demo/people.toml" in names
    assert all(f"outreach_tui/seed_data/scripts/{reason}.toml" in names for reason in REASONS)
    code = (
        "import outreach_tui, outreach_tui.core.seed_data as s; "
        "from outreach_tui.core.scripts import load_scripts; "
        "from outreach_tui.core.cues import load_cue_templates; "
        "from outreach_tui.store.seeding.words import demo_words; "
        "print(outreach_tui.__file__); print(s.folder()); "
        "print(load_scripts(None).warnings, load_cue_templates().warnings, len(demo_words().products))"
    )
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    package, folder, loaded = done.stdout.splitlines()
    assert Path(package).is_relative_to(site)
    assert Path(folder) == site / "outreach_tui" / "seed_data"
    assert loaded == f"[] () {len(demo_words().products)}"


# -- a trainer's edits -----------------------------------------------------------------


def test_an_edited_product_name_is_in_the_next_book(edited, tmp_path):
    quotes = edited / "demo" / "quotes.toml"
    quotes.write_text(quotes.read_text("utf-8").replace("LED high-bay lighting retrofit", "Solar roof survey"),
                      "utf-8")
    result, book = seed(tmp_path, "--contacts", "150")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(book) as db:
        descriptions = {row[0] for row in db.execute("SELECT description FROM quote")}
    assert "Solar roof survey" in descriptions
    assert "LED high-bay lighting retrofit" not in descriptions


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        ("demo/people.toml", 'weight = 34', 'weight = 34 34',
         "seed_data/demo/people.toml line 11: expected newline or end of document after a statement"),
        ("demo/history.toml", "Asked about lead times on {product}.", "Asked about {produkt}.",
         "seed_data/demo/history.toml: connected.interest entry 1: {produkt} is not a field the demo book"
         " fills in"),
        ("demo/history.toml", '"No answer; rang out."', '"No answer from {first}."',
         "seed_data/demo/history.toml: missed.no_answers entry 1: {first} is not a field the demo book fills in"),
        ("demo/quotes.toml", 'short = "pallet racking"', 'shrt = "pallet racking"',
         "seed_data/demo/quotes.toml: [[products]] number 1: short is missing or not str (quote, short)"),
        ("demo/cards.toml", 'birthday = "Happy birthday', 'birthdy = "Happy birthday',
         "seed_data/demo/cards.toml: life_events.birthday is missing"),
    ],
)
def test_a_broken_demo_file_is_one_line_and_nothing_is_seeded(edited, tmp_path, file, old, new, message):
    path = edited / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    result, book = seed(tmp_path, "--contacts", "30")
    assert result.exit_code == 1
    assert result.output == f"outreach: {message} — nothing was seeded\n"
    assert contacts_in(book) == 0


def test_a_missing_demo_file_is_one_line(edited, tmp_path):
    (edited / "demo" / "moments.toml").unlink()
    result, _ = seed(tmp_path, "--contacts", "30")
    assert (result.exit_code, result.output) == (
        1, "outreach: seed_data/demo/moments.toml: missing; restore it from the release — nothing was seeded\n")


def test_a_broken_built_in_script_is_the_same_line_as_a_reps_own(edited):
    path = edited / "scripts" / "check_in.toml"
    path.write_text(path.read_text("utf-8").replace("[[steps]]", "[[steps]\n", 1), "utf-8")
    library = load_scripts(None)
    (warning,) = library.warnings
    assert warning.startswith("seed_data/scripts/check_in.toml line ")
    assert warning.endswith(" — using a plain script")
    assert library.get("check_in").steps  # the call goes on with a plain script
    assert library.get("referral").title == "Referral"


def test_a_missing_cue_file_is_one_warning_and_no_cues(edited):
    (edited / "cues.toml").unlink()
    templates = load_cue_templates()
    assert templates.warnings == (
        "seed_data/cues.toml: missing; restore it from the release — no cues until it is fixed",)
    assert templates.get("order.recent") == ()

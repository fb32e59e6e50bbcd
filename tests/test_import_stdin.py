"""`outreach import -`: contacts pasted from another tool, read from standard input."""

import json

from click.testing import CliRunner

from outreach_tui.cli import main


def run(tmp_path, *args, stdin: str | bytes = ""):
    return CliRunner().invoke(main, ["--db", str(tmp_path / "book.db"), *args], input=stdin)


def test_a_csv_from_standard_input_is_imported(tmp_path):
    result = run(tmp_path, "import", "-", "--format", "csv",
                 stdin="Name,Phone,Email\nLee Park,555-0102,lee@x.example\nAda Reed,555-0103,ada@x.example\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "added 2, merged 0"
    listed = json.loads(run(tmp_path, "contacts", "--format", "json").stdout)
    assert [c["name"] for c in listed] == ["Ada Reed", "Lee Park"]


def test_problems_name_standard_input_and_the_line(tmp_path):
    result = run(tmp_path, "import", "-", "--format", "csv", "--skip-invalid",
                 stdin="Name,Email\nLee Park,lee@x.example\nBad Mail,nope\n")
    assert result.exit_code == 0
    assert result.stderr.strip() == "standard input:3: email: 'nope' is not an email address, kept in notes"


def test_the_format_must_be_given_and_empty_input_is_one_line(tmp_path):
    result = run(tmp_path, "import", "-", stdin="Name\nLee\n")
    assert result.exit_code == 2 and "give --format csv or --format vcard" in result.stderr
    result = run(tmp_path, "import", "-", "--format", "vcard", stdin="")
    assert result.exit_code == 1 and result.stderr.strip() == "outreach: standard input is empty"
    assert not (tmp_path / "book.db").exists() or json.loads(run(tmp_path, "contacts", "--format", "json").stdout) == []


def test_a_vcard_export_piped_into_import_is_the_same_book(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    csv = "Name,Company,Phone,Email\nLee Park,Park & Sons,555-0102 x4,lee@x.example\n"
    assert run(tmp_path / "a", "import", "-", "--format", "csv", stdin=csv).exit_code == 0
    cards = run(tmp_path / "a", "contacts", "--format", "vcard").stdout_bytes
    assert run(tmp_path / "b", "import", "-", "--format", "vcard", stdin=cards).exit_code == 0
    first, second = (json.loads(run(tmp_path / name, "contacts", "--format", "json").stdout) for name in "ab")
    assert [{k: c[k] for k in ("name", "company", "phone", "email")} for c in second] == \
           [{k: c[k] for k in ("name", "company", "phone", "email")} for c in first]

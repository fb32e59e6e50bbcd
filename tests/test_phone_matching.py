"""Import matches people on their phone number as phonenumbers reads it: international form plus
extension, local numbers in the phone_region setting; the number is kept as the rep wrote it."""

import json

from click.testing import CliRunner

from outreach_tui.cli import main


def imported(tmp_path, text: str) -> list[dict]:
    tmp_path.mkdir(exist_ok=True)
    db, file = str(tmp_path / "book.db"), tmp_path / "people.csv"
    file.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", db, "import", str(file)])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(main, ["--db", db, "contacts", "--format", "json"])
    return sorted(({"name": c["name"], "phone": c["phone"]} for c in json.loads(listed.stdout)),
                  key=lambda c: c["name"])


def test_two_desks_of_one_switchboard_stay_two_people(tmp_path):
    found = imported(tmp_path, "Name,Phone\nAda Reed,555.010.0101 x23\nBo Lane,555.010.0101 x24\n")
    assert found == [{"name": "Ada Reed", "phone": "555.010.0101 x23"}, {"name": "Bo Lane", "phone": "555.010.0101 x24"}]


def test_one_number_written_two_ways_is_one_person_kept_as_first_written(tmp_path):
    found = imported(tmp_path, "Phone,Company\n555.010.0101 x23,Reed Co\n\"+1 (555) 010-0101 ext. 23\",\n")
    assert found == [{"name": "555.010.0101 x23", "phone": "555.010.0101 x23"}]


def test_local_numbers_are_read_in_the_region_set(tmp_path):
    rows = "Phone,Title\n020 7946 0958,Buyer\n+44 20 7946 0958,Head buyer\n"
    assert len(imported(tmp_path / "us", rows)) == 2  # in the US these are two numbers
    folder = tmp_path / "config" / "outreach"  # XDG_CONFIG_HOME, set by conftest
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text('phone_region = "GB"\n')
    assert len(imported(tmp_path / "gb", rows)) == 1

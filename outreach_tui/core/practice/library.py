"""The shipped scenarios (seed_data/practice/*.toml), and a trainer's own file by path."""

from __future__ import annotations

from pathlib import Path

from outreach_tui.core import seed_data
from outreach_tui.core.practice.scenario import Problem, Scenario, ScenarioError, parse, read_file

FOLDER = "practice"


def scenario_names() -> list[str]:
    folder = seed_data.folder().joinpath(FOLDER)
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".toml"))


def load(name: str) -> Scenario:
    """A shipped scenario by name, or a file by path (ending .toml); ScenarioError when broken."""
    if name.endswith(".toml") or "/" in name:
        return read_file(Path(name))
    relative = f"{FOLDER}/{name}.toml"
    shown = f"{seed_data.FOLDER_NAME}/{relative}"
    if name not in scenario_names():
        raise ScenarioError([Problem(shown, 1, None, f"no such scenario (scenarios: {', '.join(scenario_names())})")])
    try:
        text = seed_data.read_text(relative)
    except seed_data.SeedDataError as error:
        raise ScenarioError([Problem(shown, 1, None, error.message)]) from None
    scenario, problems = parse(text, shown, name)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return scenario


def check_file(path: Path) -> list[Problem]:
    """What is wrong with a scenario file (none: it can be played)."""
    try:
        read_file(path)
    except ScenarioError as error:
        return error.problems
    return []

"""Settings: the method's numbers with the seeds' defaults, overridable in a TOML file.

The file lives at `<platformdirs user config dir>/outreach/settings.toml`; every key
is optional. A bad value is reported with the file and key, and the default used.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from outreach_tui.core.money import CardCosts
from outreach_tui.core.planner import PlanRules


@dataclass(frozen=True)
class Goals:
    calls: int = 10
    notes: int = 1  # seeds/002: one thank-you note a day
    thoughtfulness: int = 1  # seeds/000: something nice, every day


@dataclass(frozen=True)
class Settings:
    session_minutes: int = 30
    cadence_days: int = 90  # seeds/003: every past client every 90 days
    plan_limit: int = 40  # items shown on the plan; counts still cover everything due
    goals: Goals = field(default_factory=Goals)
    rules: PlanRules = field(default_factory=PlanRules)
    card_costs: CardCosts = field(default_factory=CardCosts)
    attention_warning: float = 0.5  # share of call time on the top six contacts
    calling_hours: tuple[int, int] = (9, 17)
    rep: str = ""


# TOML section -> (dataclass attribute on Settings, or None for top level)
_SECTIONS = {"goals": "goals", "plan": "rules", "cards": "card_costs"}
_TOP_LEVEL = ("session_minutes", "cadence_days", "plan_limit", "attention_warning", "rep")


def settings_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("outreach", appauthor=False) / "settings.toml"


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Settings from the file (defaults where absent) and one warning per bad entry."""
    path = path or settings_path()
    settings = Settings()
    if not path.exists():
        return settings, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return settings, [f"{path}: cannot read ({exc}); using defaults"]
    except tomllib.TOMLDecodeError as exc:
        return settings, [f"{path}: {exc}; using defaults"]
    warnings: list[str] = []
    changes: dict = {}
    for key, value in data.items():
        if key in _TOP_LEVEL:
            checked = _check(getattr(settings, key), value, f"{path}: {key}", warnings)
            if checked is not None:
                changes[key] = checked
        elif key == "calling_hours":
            if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and 0 <= v <= 24 for v in value) \
                    and value[0] < value[1]:
                changes[key] = (value[0], value[1])
            else:
                warnings.append(f"{path}: calling_hours must be two hours like [9, 17]; using 9–17")
        elif key in _SECTIONS and isinstance(value, dict):
            current = getattr(settings, _SECTIONS[key])
            allowed = {f.name for f in fields(current)}
            section_changes = {}
            for name, item in value.items():
                if name not in allowed:
                    warnings.append(f"{path}: [{key}] has no setting {name!r}")
                    continue
                checked = _check(getattr(current, name), item, f"{path}: [{key}] {name}", warnings)
                if checked is not None:
                    section_changes[name] = checked
            changes[_SECTIONS[key]] = replace(current, **section_changes)
        else:
            warnings.append(f"{path}: unknown setting {key!r}")
    return replace(settings, **changes), warnings


def _check(default, value, where: str, warnings: list[str]):
    """The value when it has the default's type and is not negative, else None and a warning."""
    if isinstance(default, bool) or isinstance(default, str):
        if type(value) is type(default):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
            return float(value)
    warnings.append(f"{where} = {value!r} is not valid (default {default!r} used)")
    return None

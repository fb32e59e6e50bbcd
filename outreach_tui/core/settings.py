"""Settings: the method's numbers with the seeds' defaults, overridable in a TOML file.

The file lives at `<platformdirs user config dir>/outreach/settings.toml` (on Linux
`~/.config/outreach/settings.toml`); every key is optional and docs/settings.md
describes each one. A bad value is reported with the file and the key, and the
default is used instead, so a typo never stops the app; `outreach settings --check`
exits 1 when there is anything to report.
"""

from __future__ import annotations

import os
import math
import re
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from outreach_tui.core.money import CardCosts, parse_money
from outreach_tui.core.plan_items import PlanRules


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
    name: str = ""  # the rep's own name as said on a call ("Hi Ana, it's Dana")
    theme: str = ""  # a Textual theme's name; "" is Textual's default. The palette's choice is saved here.
    keys: dict[str, str] = field(default_factory=dict)  # [keys]: binding id -> key(s), Textual's keymap
    phone_region: str = "US"  # where a number written without +code is (matching, de-duplication)


# TOML table -> attribute of Settings holding that dataclass
_SECTIONS = {"goals": "goals", "plan": "rules", "cards": "card_costs"}
_TOP_LEVEL = ("session_minutes", "cadence_days", "plan_limit", "attention_warning", "rep", "name", "theme",
              "phone_region")

# Allowed ranges, inclusive. Keys not listed take any whole number from 0 up.
_RANGES: dict[str, tuple[float, float]] = {
    "session_minutes": (1, 480),
    "cadence_days": (1, 3650),
    "plan_limit": (0, 100_000),
    "attention_warning": (0.0, 1.0),
    "goals.calls": (0, 1000),
    "goals.notes": (0, 100),
    "goals.thoughtfulness": (0, 100),
    "plan.neglect_months": (1, 120),
    "plan.neglect_recall_days": (0, 365),
    "plan.quote_follow_up_days": (1, 365),
    "plan.life_event_lead_days": (0, 60),
    "plan.life_event_grace_days": (0, 60),
    "plan.absence_grace_days": (0, 60),
    "plan.thoughtfulness_quiet_days": (0, 3650),
    "cards.minutes": (0, 600),
    "cards.card_cents": (0, 100_000),
    "cards.stamp_cents": (0, 100_000),
    "cards.hourly_rate_cents": (0, 10_000_000),
}

# [cards] amounts in dollars, as a person writes them: key -> CardCosts attribute in cents
_MONEY_KEYS = {"card": "card_cents", "stamp": "stamp_cents", "hourly_rate": "hourly_rate_cents"}


class SettingsError(ValueError):
    """One bad setting; the message names the file and the key."""


def settings_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("outreach", appauthor=False) / "settings.toml"


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Settings from the file (defaults where absent or bad) and one warning per bad entry.

    Never blocks and never fails: a FIFO or device in the file's place, an unreadable
    folder, or a document nested past what the parser can follow is a warning, and the
    defaults.
    """
    try:
        path = path or settings_path()
        text = _read_regular(path)
    except FileNotFoundError:
        return Settings(), []
    except SettingsError as exc:
        return Settings(), [f"{path}: {exc}; using defaults"]
    except (OSError, RuntimeError, UnicodeDecodeError) as exc:  # RuntimeError: no home folder to find it in
        return Settings(), [f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc}); using defaults"]
    import tomllib  # only for a file there: the app's start without one does not wait for the parser (~2 ms)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [f"{path}: not valid TOML ({exc}); using defaults"]
    except RecursionError:
        return Settings(), [f"{path}: not valid TOML (nested too deeply); using defaults"]
    return apply_settings(data, str(path), Settings())


# Larger than any settings file a person writes: a bigger one is refused rather than read.
_MAX_SETTINGS_BYTES = 1024 * 1024


def _read_regular(path: Path) -> str:
    """The text of a regular file, opened without blocking (a FIFO would wait for a writer forever)."""
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise SettingsError("is a folder, not a settings file")
        if not stat.S_ISREG(mode):
            raise SettingsError("is not a regular file (a pipe or a device)")
        data = file.read(_MAX_SETTINGS_BYTES + 1)
    if len(data) > _MAX_SETTINGS_BYTES:
        raise SettingsError(f"is larger than {_MAX_SETTINGS_BYTES // 1024} KB, too large for a settings file")
    return data.decode("utf-8")


def apply_settings(data: dict, where: str, settings: Settings = Settings()) -> tuple[Settings, list[str]]:
    """Settings with the values of a parsed TOML document applied, and the warnings."""
    warnings: list[str] = []
    changes: dict = {}
    for key, value in data.items():
        try:
            if key == "phone_region":
                changes[key] = _region(value)
            elif key in _TOP_LEVEL:
                changes[key] = _checked(key, key, getattr(settings, key), value)
            elif key == "calling_hours":
                changes[key] = _hours(value)
            elif key == "keys":
                changes[key] = _keys(value, warnings, where)
            elif key in _SECTIONS:
                if not isinstance(value, dict):
                    raise SettingsError(f"[{key}] must be a table of settings, got {value!r}")
                changes[_SECTIONS[key]] = _section(key, getattr(settings, _SECTIONS[key]), value, warnings, where)
            else:
                raise SettingsError(f"unknown setting {key!r}" + _suggest(key))
        except SettingsError as exc:
            warnings.append(f"{where}: {exc}")
    return replace(settings, **changes), warnings


def _section(name: str, current, values: dict, warnings: list[str], where: str):
    allowed = {f.name for f in fields(current)}
    if name == "cards":
        allowed |= set(_MONEY_KEYS)
    section_changes: dict = {}
    for key, value in values.items():
        label = f"[{name}] {key}"
        try:
            if key not in allowed:
                raise SettingsError(f"[{name}] has no setting {key!r}" + _suggest(key, allowed))
            if name == "cards" and key in _MONEY_KEYS:
                attr = _MONEY_KEYS[key]
                if attr in values:
                    raise SettingsError(f"[cards] give {key} or {attr}, not both")
                section_changes[attr] = _money(label, value, getattr(current, attr))
            else:
                section_changes[key] = _checked(f"{name}.{key}", label, getattr(current, key), value)
        except SettingsError as exc:
            warnings.append(f"{where}: {exc}")
    return replace(current, **section_changes)


def _checked(range_key: str, label: str, default, value):
    """The value when it has the default's type and lies in its range, else SettingsError."""
    low, high = _RANGES.get(range_key, (0, None))
    if isinstance(default, str):
        if isinstance(value, str):
            return value
        raise SettingsError(f"{label} = {value!r}: must be text in quotes; using {default!r}")
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        raise SettingsError(f"{label} = {value!r}: must be true or false; using {default!r}")
    if isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
                and low <= value and (high is None or value <= high):
            return float(value)
        hint = " (0.5 means 50%)" if isinstance(value, (int, float)) and 1 < value <= 100 else ""
        limits = f"a share from {low:g} to {high:g}" if high is not None else f"a number of {low:g} or more"
        raise SettingsError(f"{label} = {value!r}: must be {limits}{hint}; using {default!r}")
    if isinstance(value, int) and not isinstance(value, bool) and value >= low and (high is None or value <= high):
        return value
    limits = f"from {low:g} to {high:g}" if high is not None else f"of {low:g} or more"
    raise SettingsError(f"{label} = {value!r}: must be a whole number {limits}; using {default!r}")


def _money(label: str, value, default_cents: int) -> int:
    """Dollars as a number (4, 4.5) or text ("$4.50") -> cents."""
    default = f"{default_cents / 100:.2f}"
    if isinstance(value, bool) or not isinstance(value, (int, float, str)) \
            or (isinstance(value, float) and not math.isfinite(value)):
        raise SettingsError(f"{label} = {value!r}: must be an amount like 4.00; using {default}")
    if isinstance(value, (int, float)) and not 0 <= value <= 100_000:  # before * 100: 1e308 * 100 is inf
        raise SettingsError(f"{label} = {value!r}: must be an amount from 0 to 100000; using {default}")
    try:
        cents = round(value * 100) if isinstance(value, (int, float)) else parse_money(value)
    except ValueError:
        raise SettingsError(f"{label} = {value!r}: must be an amount like 4.00; using {default}") from None
    if cents < 0 or cents > 10_000_000:
        raise SettingsError(f"{label} = {value!r}: must be an amount from 0 to 100000; using {default}")
    return cents


def _region(value) -> str:
    """A country as phonenumbers knows it: two letters (GB, DE, US)."""
    import phonenumbers  # only when the file names a region

    if isinstance(value, str) and value.strip().upper() in phonenumbers.SUPPORTED_REGIONS:
        return value.strip().upper()
    raise SettingsError(f"phone_region = {value!r}: must be a country's two letters, like \"US\", \"GB\" or"
                        f" \"DE\"; using \"US\"")


def _hours(value) -> tuple[int, int]:
    if (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 24 for v in value)
            and value[0] < value[1]):
        return value[0], value[1]
    raise SettingsError(
        f"calling_hours = {value!r}: must be two hours from 0 to 24, the first earlier, like [9, 17]; using 9–17")


_KEY_SPEC = re.compile(r"[\w+\-]+(?:\s*,\s*[\w+\-]+)*")  # "f5", "ctrl+k", "f5,ctrl+k"


def _keys(value, warnings: list[str], where: str) -> dict[str, str]:
    """[keys]: binding id = "key" (or "key1,key2"); a bad entry is reported and left out."""
    if not isinstance(value, dict):
        raise SettingsError(f"[keys] must be a table like app.contacts = \"f5\", got {value!r}")
    keymap = {}
    for binding, keys in _dotted(value):
        if isinstance(keys, str) and _KEY_SPEC.fullmatch(keys.strip()):
            keymap[binding] = keys.strip()
        else:
            warnings.append(f"{where}: [keys] {binding} = {keys!r}: must be a key in quotes, like \"f5\" or"
                            f" \"ctrl+k\"; the default key is used")
    return keymap


def _dotted(table: dict, prefix: str = "") -> Iterable[tuple[str, object]]:
    """TOML reads `app.contacts = "f5"` as a table app holding contacts: the binding id is the dotted path."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _dotted(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def check_theme(settings: Settings, themes: Iterable[str], where: str) -> str | None:
    """The line saying the theme setting names no theme there is, or None when it is fine.

    The themes come from Textual, which this pure module does not load: the callers ask."""
    known = list(themes)
    if not settings.theme or settings.theme in known:
        return None
    return f"{where}: theme = {settings.theme!r} is no theme there is{_suggest(settings.theme, known)}; " \
           f"the themes are {', '.join(sorted(known))}"


def check_keys(settings: Settings, binding_ids: Iterable[str], where: str) -> list[str]:
    """A line for each [keys] entry whose id no binding has (Textual would ignore it without a word)."""
    known = set(binding_ids)
    return [f"{where}: [keys] {binding}: no key has this id{_suggest(binding, known)}; it changes nothing"
            for binding in settings.keys if binding not in known]


def save_setting(path: Path, key: str, value: str) -> None:
    """Put `key = "…"` at the top level of the settings file, everything else kept as written.

    Written to a temp file beside the real one and renamed over it; a settings.toml that
    is a symlink (kept in a dotfiles folder) is written through, to where it points.
    Anything but a regular file is left alone (OSError), and so is a file that is not
    valid TOML (ValueError).
    """
    real = path.resolve()
    if real.exists() and not real.is_file():
        raise OSError(f"{real} is not a regular file")
    text = real.read_text(encoding="utf-8") if real.exists() else ""
    updated = settings_with(text, key, value)
    real.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(updated)
        if real.exists():
            os.chmod(temp, real.stat().st_mode & 0o777)
        os.replace(temp, real)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _toml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _suggest(key: str, known=None) -> str:
    import difflib

    names = list(known) if known is not None else [*_TOP_LEVEL, "calling_hours", "keys", *_SECTIONS]
    close = difflib.get_close_matches(key, names, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _toml_value(item) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, str):
        return _toml_text(item)
    if isinstance(item, float):
        return repr(item)
    if isinstance(item, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in item) + "]"
    return str(item)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_text(key)


def settings_with(text: str, key: str, value: str) -> str:
    """A settings file's text with the top-level `key` set, every other line as it was written.

    ValueError when the text is not valid TOML (the rep's file is never overwritten then).
    """
    import tomllib

    tomllib.loads(text)
    line = f"{key} = {_toml_value(value)}"
    table = re.search(r"(?m)^[ \t]*\[", text)
    head, rest = (text[:table.start()], text[table.start():]) if table else (text, "")
    pattern = rf"(?m)^[ \t]*{re.escape(key)}[ \t]*=.*$"
    if re.search(pattern, head):
        head = re.sub(pattern, lambda _: line, head, count=1)
    else:
        head = line + "\n" + head
    updated = head + rest
    if tomllib.loads(updated).get(key) != value:  # e.g. a multi-line string the line search misread
        raise ValueError("the settings file could not be updated safely")
    return updated


def settings_toml(settings: Settings) -> str:
    """The effective settings written as a settings.toml would hold them."""

    value = _toml_value
    costs = settings.card_costs
    lines = [f"{name} = {value(getattr(settings, name))}" for name in _TOP_LEVEL]
    lines.append(f"calling_hours = {value(list(settings.calling_hours))}")
    lines += ["", "[goals]"] + [f"{f.name} = {value(getattr(settings.goals, f.name))}" for f in fields(settings.goals)]
    lines += ["", "[plan]"] + [f"{f.name} = {value(getattr(settings.rules, f.name))}" for f in fields(settings.rules)]
    lines += [
        "", "[cards]",
        f"card = {costs.card_cents / 100:.2f}",
        f"stamp = {costs.stamp_cents / 100:.2f}",
        f"minutes = {costs.minutes}",
        f"hourly_rate = {costs.hourly_rate_cents / 100:.2f}",
        f"# all in: {costs.total_cents // 100}.{costs.total_cents % 100:02d} a card",
        "", "[keys]", *(f"{_toml_key(binding)} = {value(keys)}" for binding, keys in settings.keys.items()),
    ]
    return "\n".join(lines) + "\n"

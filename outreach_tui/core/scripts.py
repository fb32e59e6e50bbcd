"""Call scripts as data: one TOML file per reason, personalised with a safe renderer.

The built-in scripts are ``seed_data/scripts/<reason>.toml`` (see core.seed_data for
where an installed wheel and a checkout find them). A rep's own
copy of a file (same name) in ``user_dir`` replaces the built-in for that reason; a
broken copy never stops the app: it becomes a warning naming the file and the line
or step, and the built-in script is used instead.

A script file::

    title = "Check-in"
    tip = "Optional one-line reminder shown above the steps"

    [[steps]]
    label = "Touch base"                      # optional, a short name for the step
    say = "Hi {first_name}, it's {my_name}."  # required
    say_without = "Hi {first_name}."          # optional, see below
    listen = "What to listen for and note"    # optional

    [variants.sympathy]                       # optional alternative scripts
    title = "..."
    [[variants.sympathy.steps]]
    say = "..."

Placeholders are ``{identifier}``; see PLACEHOLDERS (in `core.script_fill`, which fills
them). Values are inserted literally (single pass, no format specs, never
``str.format``), so braces or markup in contact data come out exactly as typed. When a step's ``say`` uses a placeholder that has no
value and that its ``say_without`` does not use, ``say_without`` is spoken instead;
any placeholder still without a value gets a neutral phrase from FALLBACKS. An
unknown placeholder without a value is left as written so the rep sees the typo
(loading a user file also warns about it).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from outreach_tui.core import seed_data
from outreach_tui.core.script_fill import PLACEHOLDERS, clean_values, fill, placeholders_in
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import CARD_FOR_EVENT, REASON_LABELS, REASONS

# A rep's name typed as a person writes it: "Dana", "Dana Scully", "Anne-Marie O'Neil".
_PERSON_NAME = re.compile(r"[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)*\.?")


def spoken_name(name_setting: str, rep: str, login: str) -> str:
    """The name the rep gives on a call: the `name` setting, else `--rep` when it reads as
    a person's name (capitalised, letters only) and is not the login name; else "".
    """
    chosen = one_line(name_setting).strip()
    if chosen:
        return chosen
    rep = one_line(rep).strip()
    if rep and rep[0].isupper() and _PERSON_NAME.fullmatch(rep) and rep.casefold() != login.strip().casefold():
        return rep
    return ""


BUILTIN_SOURCE = "built-in"

_STEP_KEYS = ("label", "say", "say_without", "listen")
_SCRIPT_KEYS = ("title", "tip", "steps")


@dataclass(frozen=True)
class ScriptStep:
    say: str
    listen: str = ""
    label: str = ""
    say_without: str = ""


@dataclass(frozen=True)
class Script:
    reason: str
    title: str
    steps: tuple[ScriptStep, ...]
    source: str = BUILTIN_SOURCE  # "built-in" or the path of the rep's file
    tip: str = ""
    variant: str = ""  # "" for the reason's main script, else e.g. "sympathy"


@dataclass
class ScriptLibrary:
    """The script for each reason, built-in or the rep's own, plus load warnings."""

    scripts: dict[str, Script]
    variants: dict[tuple[str, str], Script] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def get(self, reason: str, variant: str | None = None) -> Script:
        """The script for a reason; `variant` picks an alternative when one exists.

        For life events pass the event kind: "funeral" finds the "sympathy" variant
        (through vocab.CARD_FOR_EVENT); a kind without a variant gets the main
        script. An unknown reason gets the check-in script rather than an error.
        """
        if reason not in self.scripts:
            reason = "check_in"
        if variant:
            for name in (variant, CARD_FOR_EVENT.get(variant, "")):
                found = self.variants.get((reason, name))
                if found is not None:
                    return found
        return self.scripts[reason]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(reason for reason in REASONS if reason in self.scripts)


# --- rendering ---------------------------------------------------------------


def _spoken_line(step: ScriptStep, clean: Mapping[str, str]) -> str:
    if not step.say_without:
        return step.say
    without = set(placeholders_in(step.say_without))
    for name in placeholders_in(step.say):
        if name not in without and name not in clean:
            return step.say_without
    return step.say


def render_step(step: ScriptStep, values: Mapping[str, object] | None) -> ScriptStep:
    """The step with its placeholders filled for one contact. Never raises."""
    clean = clean_values(values)
    return ScriptStep(
        say=fill(_spoken_line(step, clean), clean),
        listen=fill(step.listen, clean),
        label=fill(step.label, clean),
        say_without="",
    )


def render(script: Script, values: Mapping[str, object] | None) -> Script:
    """The whole script personalised for one contact. Never raises."""
    clean = clean_values(values)
    return replace(
        script,
        title=fill(script.title, clean),
        tip=fill(script.tip, clean),
        steps=tuple(render_step(step, clean) for step in script.steps),
    )


# --- loading -----------------------------------------------------------------


class _ScriptFileError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _decode_error(error: tomllib.TOMLDecodeError) -> _ScriptFileError:
    """Message and line of a TOML syntax error (Python 3.11 keeps them in the text)."""
    text = str(error)
    line = getattr(error, "lineno", None)
    message = getattr(error, "msg", None) or text
    match = re.match(r"^(.*?)\s*\(at line (\d+), column \d+\)$", text, re.S)
    if match:
        message, line = match.group(1), line or int(match.group(2))
    else:
        message = re.sub(r"\s*\(at end of document\)$", " at the end of the file", message)
    message = message.strip() or "not valid TOML"
    return _ScriptFileError(message[0].lower() + message[1:], line)


def _header_lines(text: str, table: str) -> list[int]:
    """Line numbers (1-based) of each ``[[table]]`` header in `text`."""
    parts = [re.escape(part) for part in table.split(".")]
    pattern = re.compile(r"^\s*\[\[\s*" + r"\s*\.\s*".join(parts) + r"\s*\]\]")
    return [number for number, line in enumerate(text.splitlines(), 1) if pattern.match(line)]


def _parse_script(
    table: Mapping[str, Any],
    *,
    reason: str,
    source: str,
    text: str,
    steps_key: str,
    variant: str,
    default_title: str,
    notes: list[str],
) -> Script:
    where = f"variants.{variant}" if variant else ""
    prefix = f"[{where}] " if where else ""

    def check_text(key: str, value: Any, line: int | None, what: str) -> str:
        if not isinstance(value, str):
            raise _ScriptFileError(f"{what}'{key}' must be text in quotes", line)
        return value

    for key in table:
        if key not in _SCRIPT_KEYS and not (key == "variants" and not variant):
            notes.append(f"{prefix}unknown key '{key}' ignored")
    title = check_text("title", table.get("title", default_title), None, prefix).strip()
    tip = check_text("tip", table.get("tip", ""), None, prefix).strip()
    if "steps" not in table:
        raise _ScriptFileError(f"{prefix}no steps: add [[{steps_key}]] tables, each with say = \"...\"")
    raw_steps = table["steps"]
    if not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
        raise _ScriptFileError(f"{prefix}'steps' must be [[{steps_key}]] tables")
    if not raw_steps:
        raise _ScriptFileError(f"{prefix}'steps' is empty: add at least one [[{steps_key}]] table")
    lines = _header_lines(text, steps_key)
    steps = []
    for index, raw in enumerate(raw_steps):
        number = index + 1
        line = lines[index] if len(lines) == len(raw_steps) else None
        what = f"{prefix}step {number}: "
        say = check_text("say", raw.get("say", ""), line, what).strip()
        if not say:
            raise _ScriptFileError(f"{prefix}step {number} has no 'say' (what the rep says)", line)
        step = ScriptStep(
            say=say,
            listen=check_text("listen", raw.get("listen", ""), line, what).strip(),
            label=check_text("label", raw.get("label", ""), line, what).strip(),
            say_without=check_text("say_without", raw.get("say_without", ""), line, what).strip(),
        )
        for key in raw:
            if key not in _STEP_KEYS:
                hint = difflib.get_close_matches(key, _STEP_KEYS, n=1)
                also = f" (did you mean '{hint[0]}'?)" if hint else ""
                notes.append(f"{what}unknown key '{key}' ignored{also}")
        for name in placeholders_in(" ".join((step.say, step.say_without, step.listen, step.label))):
            if name not in PLACEHOLDERS:
                hint = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
                also = f" (did you mean {{{hint[0]}}}?)" if hint else ""
                notes.append(f"{what}unknown placeholder {{{name}}}{also}")
        steps.append(step)
    return Script(
        reason=reason,
        title=title or default_title,
        steps=tuple(steps),
        source=source,
        tip=tip,
        variant=variant,
    )


def _parse_file(
    text: str, reason: str, source: str, notes: list[str]
) -> tuple[Script, dict[str, Script]]:
    """The main script and its variants from a file's text, or _ScriptFileError."""
    try:
        doc = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        raise _decode_error(error) from None
    except RecursionError:
        raise _ScriptFileError("not valid TOML (nested too deeply)") from None
    default_title = REASON_LABELS.get(reason, reason)
    main = _parse_script(
        doc,
        reason=reason,
        source=source,
        text=text,
        steps_key="steps",
        variant="",
        default_title=default_title,
        notes=notes,
    )
    raw_variants = doc.get("variants", {})
    if not isinstance(raw_variants, dict) or not all(isinstance(v, dict) for v in raw_variants.values()):
        raise _ScriptFileError("'variants' must be tables like [variants.sympathy]")
    variants = {
        name: _parse_script(
            table,
            reason=reason,
            source=source,
            text=text,
            steps_key=f"variants.{name}.steps",
            variant=name,
            default_title=main.title,
            notes=notes,
        )
        for name, table in raw_variants.items()
    }
    return main, variants


def builtin_text(reason: str) -> str:
    """The text of a built-in script file: a starting point for a rep's own copy."""
    if reason not in REASONS:
        raise KeyError(reason)
    return seed_data.read_text(f"scripts/{reason}.toml")


def _emergency_script(reason: str) -> Script:
    """Used only if a built-in file is missing or broken (a packaging bug)."""
    return Script(
        reason=reason,
        title=REASON_LABELS.get(reason, reason),
        steps=(
            ScriptStep(
                say="Hi {first_name}, it's {my_name}. I wanted to see how you're doing.",
                listen="Let them talk; note anything to follow up on.",
            ),
            ScriptStep(
                say="Is there anything you need from me?",
                listen="Anything they ask for becomes a follow-up date.",
            ),
            ScriptStep(
                say="Thanks, {first_name}. Call me anytime.",
                listen="Set the next touch.",
            ),
        ),
        source=BUILTIN_SOURCE,
    )


@lru_cache(maxsize=1)
def _builtins() -> tuple[dict[str, Script], dict[tuple[str, str], Script], tuple[str, ...]]:
    scripts: dict[str, Script] = {}
    variants: dict[tuple[str, str], Script] = {}
    problems: list[str] = []
    for reason in REASONS:
        notes: list[str] = []
        shown = f"{seed_data.FOLDER_NAME}/scripts/{reason}.toml"
        try:
            main, extra = _parse_file(builtin_text(reason), reason, BUILTIN_SOURCE, notes)
        except (seed_data.SeedDataError, _ScriptFileError) as error:
            at = f" line {error.line}" if error.line else ""  # as a rep's own broken file says it
            problems.append(f"{shown}{at}: {error.message} — using a plain script")
            main, extra = _emergency_script(reason), {}
        problems.extend(f"{shown}: {note}" for note in notes)
        scripts[reason] = main
        variants.update({(reason, name): script for name, script in extra.items()})
    return scripts, variants, tuple(problems)


def load_scripts(user_dir: Path | str | None = None) -> ScriptLibrary:
    """Built-in scripts, each replaced by the rep's own file in `user_dir` if usable.

    Never raises because of user files: problems become `warnings`, each naming the
    file and the line or step. A user file's variants replace the built-in variants
    of the same name; built-in variants it does not define stay available (a rep's
    own life-event script does not lose the no-selling sympathy script).
    """
    builtin_scripts, builtin_variants, problems = _builtins()
    library = ScriptLibrary(
        scripts=dict(builtin_scripts),
        variants=dict(builtin_variants),
        warnings=list(problems),
    )
    if user_dir is None:
        return library
    folder = Path(user_dir)
    try:
        if not folder.exists():
            return library
        if not folder.is_dir():
            library.warnings.append(f"{folder}: not a folder — using the built-in scripts")
            return library
        files = sorted(p for p in folder.iterdir() if p.suffix == ".toml" and not p.name.startswith("."))
    except OSError as error:
        library.warnings.append(f"{folder}: cannot be read ({error.strerror or error}) — using the built-in scripts")
        return library
    for path in files:
        shown = f"{folder.name}/{path.name}"
        reason = path.stem
        if reason not in REASONS:
            hint = difflib.get_close_matches(reason, REASONS, n=1)
            also = f" (did you mean {hint[0]}.toml?)" if hint else ""
            library.warnings.append(
                f"{shown}: '{reason}' is not a reason{also}; script files are named "
                f"{', '.join(REASONS)} — file ignored"
            )
            continue
        fallback = f" — using the built-in {reason} script"
        notes: list[str] = []
        try:
            if not path.is_file():  # a pipe or device would never finish reading
                raise OSError(0, "not a regular file")
            text = path.read_bytes().decode("utf-8")
            main, extra = _parse_file(text, reason, str(path), notes)
        except UnicodeDecodeError:
            library.warnings.append(f"{shown}: not UTF-8 text{fallback}")
            continue
        except OSError as error:
            library.warnings.append(f"{shown}: cannot be read ({error.strerror or error}){fallback}")
            continue
        except _ScriptFileError as error:
            at = f" line {error.line}" if error.line else ""
            library.warnings.append(f"{shown}{at}: {error.message}{fallback}")
            continue
        library.warnings.extend(f"{shown}: {note}" for note in notes)
        library.scripts[reason] = main
        library.variants.update({(reason, name): script for name, script in extra.items()})
    return library

"""Where the built-in data files live: the `seed_data/` folder at the top of the repository.

`seed_data/` holds what a trainer may reword without reading Python: the call scripts,
the compliment-cue wording and the demo book's vocabulary (see its README.md). The
wheel carries it inside the package as ``outreach_tui/seed_data`` (hatch
``force-include``); an editable install or a plain checkout reads the repository's
folder. The package copy wins when both exist.

Nothing is read at import: callers read a file when they first need it.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

FOLDER_NAME = "seed_data"

# The repository's folder, beside outreach_tui/ (an editable install or a checkout).
REPO_FOLDER = Path(__file__).resolve().parents[2] / FOLDER_NAME


class SeedDataError(Exception):
    """A built-in data file that is missing, unreadable or broken, said in one line."""

    def __init__(self, relative: str, message: str, line: int | None = None) -> None:
        self.shown = f"{FOLDER_NAME}/{relative}"
        self.message = message
        self.line = line
        at = f" line {line}" if line else ""
        super().__init__(f"{self.shown}{at}: {message}")


def folder() -> Traversable:
    """The seed_data folder: the package's copy (a wheel), else the repository's.

    The package's copy counts only with its README in it: a checkout that once had
    the folder inside the package may keep a stray, empty one (a __pycache__).
    """
    packaged = resources.files("outreach_tui") / FOLDER_NAME
    if packaged.joinpath("README.md").is_file():
        return packaged
    return REPO_FOLDER


def read_text(relative: str) -> str:
    """The text of `seed_data/<relative>` (e.g. "scripts/check_in.toml").

    Raises SeedDataError naming the file when it is missing or cannot be read.
    """
    resource = folder().joinpath(*relative.split("/"))
    try:
        return resource.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise SeedDataError(relative, "missing; restore it from the release") from None
    except UnicodeDecodeError:
        raise SeedDataError(relative, "not UTF-8 text") from None
    except OSError as error:
        raise SeedDataError(relative, f"cannot be read ({error.strerror or error})") from None

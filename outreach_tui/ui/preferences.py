"""What a settings.toml may name from Textual's side: its themes, and the ids of the app's key bindings.

For `outreach settings --check` and the start of the app; loading every screen to list
their bindings is for the check only.
"""

from __future__ import annotations

import importlib
import pkgutil


def theme_names() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return list(BUILTIN_THEMES)


def binding_ids() -> set[str]:
    """Every binding id of the screens and widgets, of Textual's own and of every class loaded (the
    command line has loaded the app: its bindings count too): what [keys] can rebind."""
    from textual.binding import Binding
    from textual.dom import DOMNode

    import outreach_tui.ui as ui

    for module in pkgutil.iter_modules(ui.__path__):
        importlib.import_module(f"{ui.__name__}.{module.name}")
    ids, classes = set(), [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        ids.update(binding.id for binding in cls.__dict__.get("BINDINGS", ()) if isinstance(binding, Binding) and binding.id)
    return ids

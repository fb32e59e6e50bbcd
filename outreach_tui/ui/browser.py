"""The app in a browser tab (`outreach serve`): keys that browsers keep get alternatives.

A browser may take ctrl+s (save page), ctrl+q (quit) and ctrl+p (print) before the
page sees them. Served, each of those bindings also answers to a function key, and the
footer shows the function key; the ctrl keys still work where the browser lets them by.
"""

from __future__ import annotations

from textual.app import App

# Binding ids (see the BINDINGS of the app and its screens) → the keys they answer to, served.
BROWSER_KEYMAP = {
    "call.save": "f9,ctrl+s",
    "summary.save": "f9,ctrl+s",
    "form.save": "f9,ctrl+s",
    "app.quit": "f10,ctrl+q",
    "app.palette": "f1,ctrl+p",
}


def fit_keys_to_browser(app: App) -> None:
    """Give the browser-taken keys their alternatives, shown in the footer (the first key is shown)."""
    app.update_keymap(BROWSER_KEYMAP)
    app.moved_keys = {**getattr(app, "moved_keys", {}), **BROWSER_KEYMAP}  # Help names the keys served
    app.COMMAND_PALETTE_BINDING = "f1"  # the key the footer shows for the palette

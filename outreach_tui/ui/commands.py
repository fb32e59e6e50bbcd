"""The command palette's commands for the screen it was opened on.

Each screen lists what can be done from it with `palette_commands()`, as
(title, help, callback) triples; this provider offers them to ctrl+p, so every
action and the way to every other screen can be found by name.
"""

from __future__ import annotations

from typing import Callable, Iterable

from textual.command import DiscoveryHit, Hit, Hits, Provider

PaletteCommand = tuple[str, str, Callable[[], object]]


class ScreenCommands(Provider):
    def _commands(self) -> Iterable[PaletteCommand]:
        source = getattr(self.screen, "palette_commands", None)
        return list(source()) if callable(source) else []

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)

"""The plan's list: one line an entry, grouped by main reason, numbered in call order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static

from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import REASON_LABELS

if TYPE_CHECKING:
    from outreach_tui.core.calling import CallingTime
    from outreach_tui.core.plan_items import Plan, PlanItem


class PlanListing(Static, can_focus=True):
    """The plan grouped by each item's main reason, numbered in call order, one line an entry.

    A group stands where its first call falls, so call 1 heads the list and the
    numbers run down the screen as near to in order as grouping allows. Each line holds
    the number, the name, the first reason cut to fit and "+N" when there are more: the
    day fits on the screen, and the highlighted entry's reasons are shown in full beside
    it (`Highlighted`). One widget draws every line, only those on screen: a widget per
    row made the first screen wait ~0.3 s for layout on a 40-item plan.
    """

    BINDINGS = [
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("up,k", "move(-1)", "Previous", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("home", "move(-100000)", show=False),
        Binding("end", "move(100000)", show=False),
    ]

    class Highlighted(Message):
        """The entry the rep is looking at: its number and item."""

        def __init__(self, number: int, item: PlanItem) -> None:
            super().__init__()
            self.number = number
            self.item = item

    def __init__(self, plan: Plan, outside: dict[int, CallingTime] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items = list(plan.items)
        self.outside = outside or {}
        self.groups = self._grouped(plan)
        self.highlighted = 0  # index into items (call order)
        self._wrapped: tuple[int, list[Content | int]] | None = None  # layout asks for the height, then renders

    @staticmethod
    def _grouped(plan: Plan) -> list[tuple[Content, list[int]]]:
        """Groups of item indexes (call order) under a title that counts who is due for that reason."""
        by_reason: dict[str, list[int]] = {}
        for index, item in enumerate(plan.items):
            by_reason.setdefault(item.reason, []).append(index)
        groups = []
        for reason, indexes in by_reason.items():  # met in call order
            count = plan.counts.get(reason, len(indexes))
            due = f"{len(indexes)} of {count} due" if count > len(indexes) else f"{count} due"
            title = Content.assemble((REASON_LABELS[reason], "bold $accent"), (f"  {due}", "$text-muted"))
            groups.append((title, indexes))
        return groups

    def row(self, index: int, width: int) -> Content:
        """One entry on one line: number, name, their time if it is no time to call, first reason, +N."""
        item = self.items[index]
        number = f"{index + 1:>{len(str(len(self.items)))}}. "
        name_width = 18 if width < 60 else 24
        name = Content.styled(one_line(item.name, 80), "bold").truncate(name_width - 1, ellipsis=True)
        hours = self.outside.get(item.contact_id)
        mark = ""
        if hours is not None:  # in full where there is room; else their time alone
            mark = f"{hours.notice} · " if width >= 60 or hours.local_text is None else f"{hours.local_text} "
        more = f" +{len(item.signals) - 1}" if len(item.signals) > 1 else ""
        head = Content.assemble((number, "$text-muted"), name.pad_right(name_width - name.cell_length),
                                (mark, "$warning"))
        room = max(width - head.cell_length - len(more), 1)
        reason = Content(one_line(item.signals[0].detail, 300)).truncate(room, ellipsis=True)
        line = head + reason + Content(" " * (room - reason.cell_length)) + Content.styled(more, "$text-muted")
        return line.stylize("reverse" if self.has_focus else "underline") if index == self.highlighted else line

    def _lines(self, width: int) -> list[Content | int]:
        """A title (Content) or an entry (its index) a line: no blank lines, so the day fits."""
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, [line for title, indexes in self.groups for line in (title, *indexes)])
        return self._wrapped[1]

    def _line(self, line: Content | int, width: int) -> Content:
        return self.row(line, width) if isinstance(line, int) else line

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        width = self.content_region.width or 80
        return Content("\n").join(self._line(line, width) for line in self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        lines = self._lines(width)
        if y >= len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        line = self._line(lines[y], width)
        if lines[y] == self.highlighted:  # the whole width, so the highlight reads as a bar
            line = line.pad_right(max(width - line.cell_length, 0))
        return Visual.to_strips(self, line, width, 1, self.visual_style)[0]

    def on_mount(self) -> None:
        self.post_message(self.Highlighted(self.highlighted + 1, self.items[self.highlighted]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        self.highlight(min(max(self.highlighted + step, 0), len(self.items) - 1))

    def on_click(self, event) -> None:
        lines = self._lines(self.content_region.width)
        y = event.y - self.gutter.top
        if 0 <= y < len(lines) and isinstance(lines[y], int):
            self.highlight(lines[y])

    def highlight(self, index: int) -> None:
        """Highlight entry `index`, keep it on screen (its group's title too, when it is the first)."""
        if index == self.highlighted:
            return
        self.highlighted = index
        self.refresh()
        y = self._lines(self.content_region.width).index(index)
        top = y - 1 if y and not isinstance(self._lines(self.content_region.width)[y - 1], int) else y
        if self.parent is not None:
            self.parent.scroll_to_region(Region(0, top, 1, y - top + 1), animate=False, immediate=True)
        self.post_message(self.Highlighted(index + 1, self.items[index]))

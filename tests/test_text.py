"""`printable` takes a shortcut for text that needs no cleaning; the shortcut must never change a result."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from outreach_tui.core.text import _cleaned, one_line, printable


@given(st.text(), st.booleans(), st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
def test_the_shortcut_gives_what_cleaning_gives(text, keep_newlines, limit):
    cleaned = _cleaned(text, keep_newlines)
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: max(limit - 1, 0)] + "…"
    assert printable(text, keep_newlines=keep_newlines, limit=limit) == cleaned


def test_what_reaches_the_terminal_is_only_visible_text():
    assert printable("Ana\x1b]0;owned\x07 Ruiz\u202e") == "Ana Ruiz"
    assert printable("tab\there\x00") == "tab here\ufffd"
    assert printable("two\nlines", keep_newlines=True) == "two\nlines"
    assert one_line("  Smith [Jr]\n  notes ", limit=10) == "Smith [Jr…"

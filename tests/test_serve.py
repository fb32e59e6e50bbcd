"""`outreach serve`: who may open the page and the websocket, and what each tab runs.

The real command runs in a child process on a port it picks (`--port 0`); the checks
go over HTTP and the websocket, as a browser's would (the browser itself is in
test_serve_browser.py).
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import subprocess
import sys
from datetime import date

import aiohttp
import pytest

from outreach_tui.serve import Served as ServedTab
from outreach_tui.serve import ServeError, check_exposure, is_loopback, rep_name
from outreach_tui.store.connection import open_store
from served import Served
from ui_fixtures import build_book

TOKEN = "room-42-lantern"


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    build_book()
    db.close()
    return path


def get(served: Served, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read().decode("utf-8", "replace")
    connection.close()
    return response


async def websocket(served: Served, path: str, headers: dict[str, str] | None = None,
                    until: tuple[bytes, ...] = (b"Today's plan",)) -> tuple[int, bytes]:
    """(101 and the text the app drew, once all of `until` shows) or (the refusal's status, b"")."""
    url = f"ws://127.0.0.1:{served.port}{path}?width=100&height=30"
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers or {}) as ws:
                drawn = b""
                while not all(text in visible(drawn) for text in until):
                    message = await ws.receive(timeout=30)
                    if message.type == aiohttp.WSMsgType.BINARY:
                        drawn += message.data
                    elif message.type != aiohttp.WSMsgType.TEXT:
                        raise AssertionError(f"the app closed before it showed {until}: {visible(drawn)[-400:]!r}")
                return 101, visible(drawn)
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status, b""


def visible(output: bytes) -> bytes:
    """Terminal output without its control sequences (colours, cursor moves, titles)."""
    return re.sub(rb"\x1b(\[[0-9;?$<=>]*[ -/]*[@-~]|\][^\x07]*\x07|P[^\x1b]*\x1b\\)", b"", output)


# --- the rules, without a server --------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]"])
def test_loopback_needs_no_token(host):
    assert is_loopback(host)
    check_exposure(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "trainer-laptop", ""])
def test_any_other_address_needs_a_token(host):
    assert not is_loopback(host)
    with pytest.raises(ServeError, match="give a token"):
        check_exposure(host, None)
    check_exposure(host, TOKEN)


def test_a_rep_typed_on_the_page_is_one_plain_line_or_nothing():
    assert rep_name("  Ann   Lee ") == "Ann Lee"
    assert rep_name("") is None and rep_name(None) is None and rep_name("   ") is None
    assert rep_name("x" * 61) is None
    assert rep_name("ann\x1b[31m") is None


def test_each_tab_runs_this_python_with_the_servers_options():
    tab = ServedTab("postgresql://ann:secret@db/book", date(2026, 11, 23), None)
    command = tab.command("Ann O'Neil; rm -rf /")
    assert command.startswith("exec ")
    assert shlex.split(command[len("exec "):]) == [
        sys.executable, "-m", "outreach_tui", "--rep", "Ann O'Neil; rm -rf /", "--as-of", "2026-11-23", "session"]
    assert "secret" not in command  # the store goes by the environment, not the process list
    assert tab.environment() == {"OUTREACH_DB": "postgresql://ann:secret@db/book", "OUTREACH_SERVED": "1"}


# --- the real command ----------------------------------------------------------------------

def test_another_address_without_a_token_is_refused_in_one_line(book):
    result = subprocess.run([sys.executable, "-m", "outreach_tui", "--db", str(book), "serve", "--host", "0.0.0.0"],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "OUTREACH_SERVE_TOKEN": ""})
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "--host 0.0.0.0" in result.stderr and "token" in result.stderr


async def test_with_a_token_the_page_and_the_websocket_need_it(book):
    served = Served(book, "--rep", "tess", "serve", "--port", "0", env={"OUTREACH_SERVE_TOKEN": TOKEN})
    try:
        assert served.first_line.strip() == f"Outreach is served at http://127.0.0.1:{served.port}/?token={TOKEN}"
        assert get(served, "/").status == 401
        assert get(served, "/?token=wrong").status == 403
        assert get(served, "/static/js/textual.js").status == 401
        assert get(served, "/download/anything").status == 401
        page = get(served, f"/?token={TOKEN}")
        assert page.status == 200 and "textual-terminal" in page.body
        assert "fonts.googleapis" not in page.body  # a training room may have no internet
        cookie = page.getheader("Set-Cookie")
        assert cookie.startswith(f"outreach_token={TOKEN};") and "HttpOnly" in cookie
        assert get(served, "/", {"Cookie": f"outreach_token={TOKEN}"}).status == 200
        assert get(served, "/", {"Cookie": "outreach_token=wrong"}).status == 403

        assert (await websocket(served, "/ws"))[0] == 401
        assert (await websocket(served, "/ws", {"Cookie": "outreach_token=wrong"}))[0] == 403
        # Another site's page in the same browser (it would bring the cookie) may not connect.
        foreign = {"Cookie": f"outreach_token={TOKEN}", "Origin": "http://elsewhere.example"}
        assert (await websocket(served, "/ws", foreign))[0] == 403
        status, drawn = await websocket(served, "/ws", {"Cookie": f"outreach_token={TOKEN}", "Origin": served.base},
                                        until=(b"rep tess", b"Maria Lopez"))
        assert status == 101  # the app itself, on this store, as --rep
    finally:
        assert served.stop() == 0


async def test_without_rep_the_page_asks_and_each_tab_runs_as_the_name_typed(book):
    served = Served(book, "serve", "--port", "0")
    try:
        assert served.first_line.strip() == f"Outreach is served at http://127.0.0.1:{served.port}/"
        form = get(served, "/")
        assert form.status == 200 and 'name="rep"' in form.body and "textual-terminal" not in form.body
        page = get(served, "/?rep=%3Cb%3EAnn%3C/b%3E")
        assert "textual-terminal" in page.body
        assert "<b>Ann</b>" not in page.body and "/ws/%3Cb%3EAnn%3C%2Fb%3E" in page.body
        too_long = get(served, "/?rep=" + "x" * 61)
        assert 'name="rep"' in too_long.body and "up to 60" in too_long.body

        assert (await websocket(served, "/ws"))[0] == 400  # no rep named
        status, drawn = await websocket(served, "/ws/Ann%20Lee", until=(b"rep Ann Lee", b"Maria Lopez"))
        assert status == 101
    finally:
        assert served.stop() == 0


def test_without_a_token_only_a_loopback_host_name_is_answered(book):
    """A web page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) gets nothing."""
    served = Served(book, "--rep", "tess", "serve", "--port", "0")
    try:
        assert get(served, "/").status == 200
        assert get(served, "/", {"Host": f"localhost:{served.port}"}).status == 200
        assert get(served, "/", {"Host": f"rebound.example:{served.port}"}).status == 403
    finally:
        assert served.stop() == 0

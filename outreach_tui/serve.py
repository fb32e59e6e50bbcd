"""`outreach serve`: the same app on a web page, one app process per browser tab.

textual-serve runs a shell command for each websocket; here that command is this very
Python running `outreach … session` with the server's own store and --as-of (a bare
`textual serve "outreach …"` finds another Python and drops the arguments). The rep is
the server's --rep, or the name typed on the page.

Safe by default: loopback only unless --host says otherwise, and any other address
needs a token. With a token every request (page, websocket, downloads) must carry it,
as `?token=` or the cookie the page sets from it: none is 401, a wrong one 403.
Without one, the Host header must name loopback (no DNS rebinding), and a websocket
from another site's page is refused (its Origin header differs) either way.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import ipaddress
import os
import re
import shlex
import signal
import socket
import sys
from dataclasses import dataclass
from datetime import date
from typing import Callable
from urllib.parse import quote, urlsplit

import click

# Set in each served app's environment: the app runs with pipes, not a terminal, on purpose.
SERVED_ENV = "OUTREACH_SERVED"
TOKEN_ENV = "OUTREACH_SERVE_TOKEN"
TOKEN_COOKIE = "outreach_token"
REP_LIMIT = 60
QUIT_GRACE_S = 5.0


class ServeError(Exception):
    """Why the server cannot start, in one line."""


@dataclass(frozen=True)
class Served:
    """What every tab runs: the store, the day, and the rep (None: typed on the page)."""

    target: str
    as_of: date | None
    rep: str | None

    def command(self, rep: str) -> str:
        """The shell command for one tab: this Python, this package, the same global options."""
        args = [sys.executable, "-m", "outreach_tui", "--rep", rep]
        if self.as_of is not None:
            args += ["--as-of", self.as_of.isoformat()]
        return f"exec {shlex.join([*args, 'session'])}"

    def environment(self) -> dict[str, str]:
        """The store goes by the environment, so a password in its URL is not in `ps` for all to see."""
        return {"OUTREACH_DB": self.target, SERVED_ENV: "1"}


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1)."""
    host = host.strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, token: str | None) -> None:
    """Refuse to offer the book beyond this machine without a token."""
    if not token and not is_loopback(host):
        raise ServeError(f"--host {host} opens the app to other machines: give a token "
                         f"(--token or {TOKEN_ENV}) that every browser must bring")


def rep_name(value: str | None) -> str | None:
    """A rep typed on the page, or None if it is empty, too long or not plain text."""
    name = " ".join((value or "").split())
    if not name or len(name) > REP_LIMIT or not name.isprintable():
        return None
    return name


def address(host: str, port: int, token: str | None) -> str:
    """The address to open: this machine's name when it listens everywhere."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    query = f"?token={quote(token, safe='')}" if token else ""
    return f"http://{host}:{port}/{query}"


REP_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Outreach</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ background: #0c181f; color: #eee; font: 18px system-ui, sans-serif; display: flex;
       height: 100vh; margin: 0; align-items: center; justify-content: center; }}
form {{ background: #12232d; padding: 2em 3em; border-radius: 6px; }}
input {{ font: inherit; padding: .3em .5em; margin: .5em 0; width: 16em; }}
button {{ font: inherit; padding: .3em 1.2em; }}
.error {{ color: #f88; }}
</style></head><body>
<form method="get" action="/">
<h1>Outreach</h1>
<label for="rep">Who is working? Your name keeps your calls apart from everyone else's.</label><br>
<input id="rep" name="rep" value="{rep}" maxlength="{limit}" autofocus required><br>
{error}{hidden}<button type="submit">Start</button>
</form></body></html>
"""

# The page textual-serve ships asks a public font service for its font: use the one it ships.
FONT_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com[^>]*>', re.S)
LOCAL_FONT = ("<style>@font-face { font-family: 'Roboto Mono'; "
              "src: url('/static/fonts/RobotoMono-VariableFont_wght.ttf'); }</style>")
# Keys go to the app as soon as it draws, without a click first (and the app, told it has
# the focus, shows its footer).
FOCUS_SCRIPT = """<script>
const outreachFocus = setInterval(() => {
  const keys = document.querySelector(".xterm-helper-textarea");
  if (keys && document.body.classList.contains("-first-byte")) { keys.focus(); clearInterval(outreachFocus); }
}, 50);
</script></body>"""


def _import_server():
    try:
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError:
        raise ServeError("serving needs the web extra: pip install 'outreach-tui[web]'") from None
    return web, Server


def make_server(served: Served, token: str | None):
    """The aiohttp application for `served`, behind the token rules above."""
    web, Server = _import_server()
    import aiohttp_jinja2
    import jinja2
    from textual_serve.app_service import AppService

    class TabService(AppService):
        """One tab's app process, with the store and the served flag in its environment."""

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            return {**super()._build_environment(width, height), **served.environment()}

        async def stop(self) -> None:
            """Ask the app to quit (it keeps its draft); one that does not, within seconds, is killed."""
            try:
                await asyncio.wait_for(super().stop(), QUIT_GRACE_S)
            except asyncio.TimeoutError:
                if self._process is not None and self._process.returncode is None:
                    self._process.kill()

    class OutreachServer(Server):
        def __init__(self) -> None:
            super().__init__(command="outreach session", title="Outreach")
            self.sockets: set = set()

        def refusal(self, request) -> web.Response | None:
            """The 401/403 for a request that may not see the book, else None."""
            if token:
                given = request.query.get("token") or request.cookies.get(TOKEN_COOKIE)
                if not given:
                    return web.Response(status=401, text="Outreach: open the address with its ?token=… "
                                                         "(as `outreach serve` printed it).\n")
                if not hmac.compare_digest(given.encode(), token.encode()):
                    return web.Response(status=403, text="Outreach: that token is not this server's.\n")
            elif not is_loopback(urlsplit(f"//{request.host}").hostname or ""):
                return web.Response(status=403, text="Outreach: this server answers only on this machine.\n")
            origin = request.headers.get("Origin")
            if request.path.startswith("/ws") and origin and urlsplit(origin).netloc != request.host:
                return web.Response(status=403, text="Outreach: a page from another site may not connect.\n")
            return None

        @web.middleware
        async def guard(self, request, handler):
            return self.refusal(request) or await handler(request)

        async def _make_app(self) -> web.Application:
            app = web.Application(middlewares=[self.guard])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/ws/{rep}", self.handle_websocket, name="rep_websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ])
            app.on_shutdown.append(self.close_sockets)
            return app

        async def handle_index(self, request) -> web.Response:
            rep = served.rep or rep_name(request.query.get("rep"))
            if rep is None:
                response = self.rep_page(request)
            else:
                scheme = "wss" if request.secure else "ws"
                path = "/ws" if served.rep else f"/ws/{quote(rep, safe='')}"
                context = {
                    "font_size": max(8, min(40, _int(request.query.get("fontsize"), 16))),
                    "app_websocket_url": f"{scheme}://{request.host}{path}",
                    "config": {"static": {"url": "/static/"}},
                    "application": {"name": f"Outreach · {rep}"},
                }
                page = aiohttp_jinja2.render_string("app_index.html", request, context)
                page = FONT_LINK.sub(LOCAL_FONT, page).replace("</body>", FOCUS_SCRIPT)
                response = web.Response(text=page, content_type="text/html")
            if token and request.query.get("token"):
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Strict")
            return response

        def rep_page(self, request) -> web.Response:
            typed = request.query.get("rep")
            error = f'<p class="error">Type a name of up to {REP_LIMIT} letters.</p>' if typed is not None else ""
            hidden = "".join(f'<input type="hidden" name="{html.escape(key)}" value="{html.escape(value)}">'
                             for key, value in request.query.items() if key != "rep")
            page = REP_PAGE.format(rep=html.escape(typed or ""), limit=REP_LIMIT, error=error, hidden=hidden)
            return web.Response(text=page, content_type="text/html")

        async def handle_websocket(self, request) -> web.WebSocketResponse:
            rep = served.rep or rep_name(request.match_info.get("rep"))
            if rep is None:
                raise web.HTTPBadRequest(text="Outreach: no rep named.\n")
            websocket = web.WebSocketResponse(heartbeat=15)
            await websocket.prepare(request)
            self.sockets.add(websocket)
            service = TabService(served.command(rep), write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.download_manager)
            try:
                await service.start(_int(request.query.get("width"), 80), _int(request.query.get("height"), 24))
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            finally:
                self.sockets.discard(websocket)
                await service.stop()
            return websocket

        async def close_sockets(self, app) -> None:
            for websocket in list(self.sockets):
                await websocket.close()

    return OutreachServer()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def serve_book(served: Served, host: str, port: int, token: str | None, open_store: Callable[[], object]) -> None:
    """`outreach serve`: refuse what is unsafe, open the store once, print the address, serve.

    The store is created or upgraded here, before any tab's app opens it, so a store
    that cannot be opened is one line now rather than a broken page later.
    """
    from outreach_tui.store.engines import describe

    check_exposure(host, token)
    server = make_server(served, token)
    open_store().close()

    def ready(bound_port: int) -> None:
        who = f"as {served.rep}" if served.rep else "each rep types their name on the page"
        click.echo(f"Outreach is served at {address(host, bound_port, token)}")
        click.echo(f"Each browser tab is its own session on {describe(served.target)}, {who}. Ctrl+C stops.")

    asyncio.run(_serve(server, host, port, ready))


async def _serve(server, host: str, port: int, ready: Callable[[int], None]) -> None:
    from aiohttp import web

    runner = web.AppRunner(await server._make_app(), handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            reason = os.strerror(exc.errno) if exc.errno else str(exc)
            raise ServeError(f"cannot listen on {host} port {port}: {reason} (choose another --port)") from None
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        ready(runner.addresses[0][1])
        await stop.wait()
    finally:
        await runner.cleanup()

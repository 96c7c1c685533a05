"""`rnn-tutor serve`: the same app in a browser, through textual-serve, for the learner only.

Anyone who reaches the port could drive the tutor (read the notes, write files through the export
dialog), and that includes any web page the learner opens and, on a shared machine, every other
user. So the server admits only the holder of a token it prints once (see tui.serve_auth).

textual-serve's page asks Google Fonts for a font; the tutor never reaches the network, so the
page is served from a copy of textual-serve's own template without that link.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import shlex
import signal
import socket
import sys
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from rich.console import Console
from textual_serve.server import Server, to_int

from tui import serve_auth

EXTERNAL_LINK = re.compile(r"<link[^>]*https?://[^>]*>", re.DOTALL)


class ServeError(Exception):
    """The server cannot start; the message is one line for the learner."""


def offline_templates() -> Path:
    """A folder with textual-serve's page template, minus links to other hosts."""
    original = resources.files("textual_serve") / "templates" / "app_index.html"
    folder = Path(tempfile.mkdtemp(prefix="rnn-tutor-serve-"))
    (folder / "app_index.html").write_text(EXTERNAL_LINK.sub("", original.read_text("utf-8")))
    return folder


def listen(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address `host` names, bound before anything else starts, so
    that a port in use or an unknown host is an error here and not a traceback from the server."""
    if not host.strip():
        # To the socket layer an empty host means every interface, the opposite of private.
        raise ServeError("--host is empty: give an address, such as 127.0.0.1")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as error:
        raise ServeError(f"cannot listen on {host}: {error}") from None
    sockets: list[socket.socket] = []
    try:
        for family, kind, protocol, _, address in dict.fromkeys(found):
            try:
                listener = socket.socket(family, kind, protocol)
            except OSError:
                continue  # a family this machine lacks (say, IPv6), as asyncio's own servers do
            sockets.append(listener)
            # As asyncio's servers do: a restart may take the port while the last run's
            # connections linger (TIME_WAIT); a port another server listens on is still refused.
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                # Else "::" would also take the IPv4 port, and clash with a listener on it.
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            listener.bind(address)
            listener.listen(128)
            listener.setblocking(False)
    except OSError as error:
        for listener in sockets:
            listener.close()
        raise ServeError(
            f"cannot listen on {host} port {port}: {error.strerror or error}"
        ) from None
    if not sockets:
        raise ServeError(f"cannot listen on {host}: no address this machine can use")
    return sockets


def exposure_warning(addresses: Iterable[str]) -> str | None:
    """One line of warning if any address the server listens on is not this machine's loopback."""
    exposed = [address for address in addresses if not ipaddress.ip_address(address).is_loopback]
    if not exposed:
        return None
    return (
        f"rnn-tutor serve: warning: listening on {', '.join(exposed)}, which other machines can "
        "reach; the token is all that keeps them out, and plain HTTP carries it unencrypted"
    )


def page_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address, bracketed as URLs need
    return f"http://{shown}:{port}/?{serve_auth.TOKEN_PARAMETER}={token}"


class PrivateServer(Server):
    """textual-serve's server, behind tui.serve_auth, on sockets already listening."""

    def __init__(
        self, command: str, sockets: list[socket.socket], url: str, token: str, port: int
    ) -> None:
        super().__init__(command, title="rnn-tutor", templates_path=offline_templates())
        self.sockets = sockets
        self.url = url
        self.token = token
        self.cookie = serve_auth.cookie_name(port)
        # textual-serve logs to stdout; here stdout carries the URL alone, for a person to open
        # and a script to read.
        self.console = Console(stderr=True)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(serve_auth.guard(self.token, self.cookie))
        return app

    async def on_startup(self, app: web.Application) -> None:
        print(f"rnn-tutor serve: open {self.url}", flush=True)
        print("rnn-tutor serve: Ctrl+C stops the server", file=sys.stderr, flush=True)

    async def handle_index(self, request: web.Request) -> web.Response:
        # textual-serve points the page at the address it listens on; the WebSocket must go back
        # to the page's own origin (the guard refuses any other), so build from the request's.
        own = f"{request.scheme}://{request.host}"
        websocket = ("wss" if request.scheme == "https" else "ws") + own[len(request.scheme) :]
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": websocket + serve_auth.WEBSOCKET_PATH,
            "config": {"static": {"url": own + serve_auth.STATIC_PATH}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    def serve(self, debug: bool = False) -> None:
        """textual-serve's serve(), but on the sockets listen() bound, and with no access log."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        loop.add_signal_handler(signal.SIGINT, self.request_exit)
        loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(
            self._make_app(),
            sock=self.sockets,
            handle_signals=False,
            loop=loop,
            print=None,
            access_log=None,  # its lines would repeat the token of every page load
        )


def serve(data_dir: Path, host: str, port: int) -> None:
    """Serve the tutor until Ctrl+C; ServeError if it cannot start."""
    sockets = listen(host, port)
    warning = exposure_warning(listener.getsockname()[0] for listener in sockets)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    token = serve_auth.new_token()
    command = shlex.join([sys.executable, "-m", "tui.cli", "--data-dir", str(data_dir)])
    PrivateServer(command, sockets, page_url(host, port, token), token, port).serve()

"""Who may use `rnn-tutor serve`: the holder of this run's token, from the page's own origin.

As in Jupyter, the server draws a random token when it starts and prints it once, in a URL. A
request carries it in the `token` query parameter (the printed URL) or in the cookie that a page
load with the right token sets, so that a reload, the session's Restart button and a download
keep working. A WebSocket must also come from the page's own origin: a browser sends the
learner's cookies with a WebSocket that any site opens, and only the Origin header tells the
learner's page from another site's. Everything else gets 403 before textual-serve's handlers
run, so a refused request never starts an app.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

TOKEN_PARAMETER = "token"
WEBSOCKET_PATH = "/ws"
STATIC_PATH = "/static/"
# textual-serve's names for its routes. Requests are told apart by the route they matched, not
# by their path, so that no spelling of a path (dot segments, escapes) passes for another.
WEBSOCKET_ROUTE = "websocket"
# textual-serve's script, styles, fonts and background image: the same files for everyone,
# nothing of the learner's, so they need no token.
OPEN_ROUTES = frozenset({"static"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    """A fresh token: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def cookie_name(port: int) -> str:
    # A browser shares cookies between all the ports of a host: a name per port keeps two
    # servers on one machine from overwriting each other's token.
    return f"rnn-tutor-token-{port}"


def token_matches(token: str, given: str | None) -> bool:
    """Whether `given` is the token, compared in time that does not depend on where they differ
    (so the token cannot be found a character at a time)."""
    if not given:
        return False
    # compare_digest takes str of ASCII only; a query parameter may hold anything.
    return hmac.compare_digest(token.encode(), given.encode("utf-8", "backslashreplace"))


def same_origin(origin: str | None, scheme: str, host: str) -> bool:
    """Whether an Origin header names the page's own origin: `scheme://host[:port]`, where host is
    the request's Host header (what the browser connected to)."""
    if not origin:
        return False  # every browser sends one with a WebSocket: a client without is no page
    return origin.lower() == f"{scheme}://{host}".lower()


def route_name(request: web.Request) -> str | None:
    return getattr(request.match_info.route.resource, "name", None)


def is_websocket(request: web.Request) -> bool:
    return (
        route_name(request) == WEBSOCKET_ROUTE
        or request.headers.get("Upgrade", "").lower() == "websocket"
    )


def guard(
    token: str, cookie: str
) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """aiohttp middleware letting through only requests that carry `token` (query or `cookie`)."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if route_name(request) in OPEN_ROUTES:
            return await handler(request)
        by_query = token_matches(token, request.query.get(TOKEN_PARAMETER))
        if not (by_query or token_matches(token, request.cookies.get(cookie))):
            raise web.HTTPForbidden(text="Open the URL that `rnn-tutor serve` printed.\n")
        origin = request.headers.get("Origin")
        if (origin is not None or is_websocket(request)) and not same_origin(
            origin, request.scheme, request.host
        ):
            raise web.HTTPForbidden(text="Only the tutor's own page may connect.\n")
        response = await handler(request)
        if not response.prepared:  # a WebSocket or a download has sent its headers already
            if by_query:
                # HttpOnly: no script reads it. Strict: no other site's page sends it.
                response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
            # The page's address holds the token: a link the app opens must not be told it.
            response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return middleware

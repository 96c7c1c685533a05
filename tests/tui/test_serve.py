"""`rnn-tutor serve` is private: only the printed URL's token, from the page's own origin, gets in.

The server runs for real (`python -m tui.cli serve`) on a free port of 127.0.0.1, and nothing
here reaches any other address. "No app started" is read from the server's child processes: the
app is the only process textual-serve spawns, and it spawns it only for an accepted WebSocket.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import clean_env, cli

START_TIMEOUT = 60  # seconds; a busy shared machine can be slow to import textual-serve
APP_TIMEOUT = 90  # seconds for the app's first screen to arrive over the WebSocket
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+)")
FOREIGN = "http://evil.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> set[int]:
    """Every live process below `pid`, read from /proc (Linux)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command name, in parentheses, may hold spaces: the fields after it are fixed.
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    base: str  # http://127.0.0.1:PORT, the page's own origin
    out: Path

    @property
    def url(self) -> str | None:
        """The URL the server printed, token and all."""
        found = URL.search(self.out.read_text())
        return found.group(0) if found else None

    @property
    def token(self) -> str:
        found = URL.search(self.out.read_text())
        return found.group(2) if found else "no-token-printed"


def _answers(url: str) -> bool:
    # No proxy: the request must go to 127.0.0.1 itself, whatever the environment says.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        opener.open(url, timeout=5).close()
    except urllib.error.HTTPError:
        return True  # a refusal is an answer: the server is up
    except OSError:
        return False
    return True


def start_server(folder: Path) -> Served:
    port = free_port()
    out = folder / "stdout.txt"
    data = folder / "data"
    with out.open("wb") as stdout, (folder / "stderr.txt").open("wb") as stderr:
        process = subprocess.Popen(
            cli("--data-dir", str(data), "serve", "--port", str(port)),
            stdout=stdout,
            stderr=stderr,
            env=clean_env(),
        )
    served = Served(process, f"http://127.0.0.1:{port}", out)
    deadline = time.monotonic() + START_TIMEOUT
    while not _answers(served.base + "/static/css/xterm.css"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(served)
            raise AssertionError(f"the server did not start: {(folder / 'stderr.txt').read_text()}")
        time.sleep(0.1)
    return served


def stop_server(served: Served) -> None:
    below = descendants(served.process.pid)
    served.process.terminate()
    try:
        served.process.wait(15)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait(15)
    for pid in below:  # the app and its engine, if the server left any behind
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def refusing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the refusal tests: none of them may start an app on it."""
    served = start_server(tmp_path_factory.mktemp("serve"))
    yield served
    stop_server(served)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Served]:
    served = start_server(tmp_path)
    yield served
    stop_server(served)


def jar() -> aiohttp.CookieJar:
    # aiohttp keeps no cookies from a bare IP address unless told to; a browser does.
    return aiohttp.CookieJar(unsafe=True)


async def ws_status(served: Served, session: aiohttp.ClientSession, **options: object) -> int:
    """The status a WebSocket handshake to /ws gets (101 if it was accepted)."""
    query = options.pop("query", "")
    url = served.base.replace("http:", "ws:") + "/ws?width=80&height=24" + str(query)
    try:
        async with session.ws_connect(url, **options):  # type: ignore[arg-type]
            return 101
    except aiohttp.WSServerHandshakeError as error:
        return error.status


def cookie_name(served: Served) -> str:
    from tui.serve_auth import cookie_name

    return cookie_name(int(served.base.rsplit(":", 1)[1]))


def assert_no_app_started(served: Served) -> None:
    time.sleep(0.5)  # textual-serve spawns the app just after the handshake, if it accepts one
    assert descendants(served.process.pid) == set()


async def test_a_page_without_the_token_is_refused(refusing: Served) -> None:
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        for path in ["/", "/?token=", "/?token=wrong", f"/?token={refusing.token}x", "/download/x"]:
            async with session.get(refusing.base + path) as response:
                assert response.status == 403, path
                assert "Set-Cookie" not in response.headers, path
                assert "xterm" not in await response.text()
        assert len(session.cookie_jar) == 0
    assert_no_app_started(refusing)


async def test_a_websocket_without_the_token_is_refused(refusing: Served) -> None:
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        assert await ws_status(refusing, session, origin=refusing.base) == 403
        assert await ws_status(refusing, session, origin=refusing.base, query="&token=no") == 403
        wrong = {"Cookie": f"{cookie_name(refusing)}=no"}
        assert await ws_status(refusing, session, origin=refusing.base, headers=wrong) == 403
    assert_no_app_started(refusing)


async def test_a_websocket_from_another_origin_is_refused(refusing: Served) -> None:
    # The token is right (the learner's own page set the cookie); the page connecting is not.
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        async with session.get(f"{refusing.base}/?token={refusing.token}") as page:
            assert page.status == 200
        other_port = refusing.base.rsplit(":", 1)[0] + ":1"
        for origin in [FOREIGN, other_port, "null", refusing.base.replace("http:", "https:")]:
            assert await ws_status(refusing, session, origin=origin) == 403, origin
        assert await ws_status(refusing, session) == 403  # no Origin at all
        token = f"&token={refusing.token}"
        assert await ws_status(refusing, session, origin=FOREIGN, query=token) == 403
    assert_no_app_started(refusing)


async def test_the_printed_url_opens_the_app(fresh: Served) -> None:
    printed = fresh.out.read_text().splitlines()
    assert len(printed) == 1 and fresh.url and fresh.url in printed[0]
    assert len(fresh.token) >= 32
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        async with session.get(fresh.url) as page:
            assert page.status == 200
            html = await page.text()
            cookie = page.cookies[cookie_name(fresh)]
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        assert "https://" not in html  # still the offline page, no web-font link
        assert f'data-session-websocket-url="{fresh.base.replace("http:", "ws:")}/ws"' in html
        async with session.get(fresh.base + "/") as reload:  # the cookie alone, as on a reload
            assert reload.status == 200
        ws_url = fresh.base.replace("http:", "ws:") + "/ws?width=80&height=24"
        async with session.ws_connect(ws_url, origin=fresh.base) as ws:
            received = 0
            deadline = time.monotonic() + APP_TIMEOUT
            while received < 1000:  # some screenfuls of the app's terminal output
                message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
                assert message.type in {aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT}
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += len(message.data)
            assert descendants(fresh.process.pid)  # the app really runs


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            cli("--data-dir", str(tmp_path), "serve", "--port", str(port)),
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
        )
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and str(port) in done.stderr
    assert "Traceback" not in done.stderr and "token" not in done.stdout


@pytest.mark.parametrize("host", ["", "  "])
def test_an_empty_host_is_refused(tmp_path: Path, host: str) -> None:
    # The port is held on 127.0.0.1 so that even a server that took "" for every interface
    # could not listen while this test runs.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            cli("--data-dir", str(tmp_path), "serve", "--host", host, "--port", str(port)),
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
        )
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "--host" in done.stderr


def test_only_loopback_addresses_go_without_a_warning() -> None:
    from tui.serve import exposure_warning

    assert exposure_warning(["127.0.0.1"]) is None
    assert exposure_warning(["127.0.0.1", "::1"]) is None
    for listening in (["0.0.0.0"], ["::"], ["127.0.0.1", "192.0.2.7"]):
        warning = exposure_warning(listening)
        assert warning and "warning" in warning and "\n" not in warning


def test_the_token_is_compared_whole() -> None:
    from tui import serve_auth

    token = serve_auth.new_token()
    assert len(token) >= 32 and token != serve_auth.new_token()
    assert serve_auth.token_matches(token, token)
    for given in [None, "", token[:-1], token + "x", token.upper(), "é" * 5]:
        assert not serve_auth.token_matches(token, given)


def test_the_origin_must_be_the_pages_own() -> None:
    from tui import serve_auth

    assert serve_auth.same_origin("http://127.0.0.1:8000", "http", "127.0.0.1:8000")
    assert serve_auth.same_origin("http://LOCALHOST:8000", "http", "localhost:8000")
    for origin in [None, "", "null", FOREIGN, "http://127.0.0.1:8001", "https://127.0.0.1:8000"]:
        assert not serve_auth.same_origin(origin, "http", "127.0.0.1:8000")

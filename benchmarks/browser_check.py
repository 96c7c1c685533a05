"""Open `rnn-tutor serve` in headless Chromium (Debian's): first without the token (refused), then
at the URL with the token that it prints; wait for the app to paint, and save a screenshot. Used
by `make soak` (tests/soak/test_browser.py); needs /usr/bin/chromium.

Chromium is driven through its DevTools protocol with aiohttp (already installed with
textual-serve), on 127.0.0.1 only, with its background networking switched off.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1000,640",
]
PRINTED_URL = re.compile(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]+")
REFUSAL = "Open the URL that `rnn-tutor serve` printed"  # tui.serve_auth's 403 page
# xterm.js paints on a canvas, so the page's text cannot be read back; what can be checked is
# that the app's first bytes arrived (textual-serve marks the body) and xterm is painting them.
STATE = """
(() => document.body.classList.contains('-first-byte')
  && !!document.querySelector('.xterm-screen canvas')
  ? 'running' : 'waiting: ' + document.body.className)()

"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _wait_http(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(url) as response:
                    if response.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing answered at {url}")
            await asyncio.sleep(0.2)


async def capture(url: str, screenshot: Path, seconds: float = 60, refused: str = "") -> str:
    """Load `url`, wait until the app's output is being painted, save a PNG; return the state.

    With `refused`, that page is loaded first, in the same fresh profile, and must be the
    server's refusal (the state says otherwise if it is not).
    """
    port = free_port()
    profile = tempfile.mkdtemp(prefix="rnn-tutor-chromium-")
    browser = subprocess.Popen(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await _wait_http(f"http://127.0.0.1:{port}/json/version", 30)
        async with aiohttp.ClientSession() as session:
            first = refused or url
            async with session.put(f"http://127.0.0.1:{port}/json/new?{first}") as response:
                target = json.loads(await response.text())
            async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                counter = 0

                async def call(method: str, **params):
                    nonlocal counter
                    counter += 1
                    await ws.send_json({"id": counter, "method": method, "params": params})
                    while True:
                        message = json.loads((await ws.receive()).data)
                        if message.get("id") == counter:
                            return message.get("result", {})

                async def evaluate(expression: str) -> str:
                    result = await call("Runtime.evaluate", expression=expression)
                    return result.get("result", {}).get("value") or ""

                deadline = time.monotonic() + seconds
                if refused:
                    text = ""
                    while not text:
                        if time.monotonic() > deadline:
                            raise TimeoutError(f"{refused} never loaded")
                        await asyncio.sleep(0.2)
                        text = await evaluate("document.body ? document.body.innerText : ''")
                    if REFUSAL not in text:
                        return f"opened without the token: {text[:80]!r}"
                    await call("Page.navigate", url=url)
                state = ""
                while state != "running":
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"the app never showed: {state}")
                    await asyncio.sleep(0.5)
                    state = await evaluate(STATE)
                await asyncio.sleep(3.0)  # the lesson list's first frames, painted
                shot = await call("Page.captureScreenshot", format="png")
                screenshot.write_bytes(base64.b64decode(shot["data"]))
                return state
    finally:
        browser.terminate()
        browser.wait(10)
        shutil.rmtree(profile, ignore_errors=True)


def printed_url(output: Path, server: subprocess.Popen[bytes], seconds: float) -> str:
    """The URL, token and all, that `rnn-tutor serve` prints once when it is ready."""
    deadline = time.monotonic() + seconds
    while True:
        found = PRINTED_URL.search(output.read_text())
        if found:
            return found.group(0)
        if server.poll() is not None or time.monotonic() > deadline:
            raise TimeoutError(f"rnn-tutor serve printed no URL: {output.read_text()!r}")
        time.sleep(0.1)


def check(screenshot: Path) -> str:
    """Serve the tutor on a free local port, open it, return what the browser's terminal shows."""
    port = free_port()
    data = tempfile.mkdtemp(prefix="rnn-tutor-serve-data-")
    output = Path(data) / "serve-stdout.txt"
    with output.open("wb") as stdout:
        server = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "--data-dir", data, "serve", "--port", str(port)],
            stdout=stdout,
            stderr=subprocess.DEVNULL,
        )
    try:
        # The page, the WebSocket and the downloads need the token; the URL carries it.
        url = printed_url(output, server, 30)
        asyncio.run(_wait_http(url, 30))
        return asyncio.run(capture(url, screenshot, refused=f"http://127.0.0.1:{port}/"))
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    shown = check(Path(sys.argv[1] if len(sys.argv) > 1 else "serve.png"))
    print(shown)

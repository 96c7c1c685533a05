"""Open `rnn-tutor serve` in headless Chromium (Debian's), wait for the app to paint, and save a
screenshot. Used by `make soak` (tests/soak/test_browser.py); needs /usr/bin/chromium.

Chromium is driven through its DevTools protocol with aiohttp (already installed with
textual-serve), on 127.0.0.1 only, with its background networking switched off.
"""

from __future__ import annotations

import asyncio
import base64
import json
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


async def capture(url: str, screenshot: Path, seconds: float = 60) -> str:
    """Load `url`, wait until the app's output is being painted, save a PNG; return the state."""
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
            async with session.put(f"http://127.0.0.1:{port}/json/new?{url}") as response:
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

                deadline = time.monotonic() + seconds
                state = ""
                while state != "running":
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"the app never showed: {state}")
                    await asyncio.sleep(0.5)
                    result = await call("Runtime.evaluate", expression=STATE)
                    state = result.get("result", {}).get("value") or ""
                await asyncio.sleep(3.0)  # the lesson list's first frames, painted
                shot = await call("Page.captureScreenshot", format="png")
                screenshot.write_bytes(base64.b64decode(shot["data"]))
                return state
    finally:
        browser.terminate()
        browser.wait(10)
        shutil.rmtree(profile, ignore_errors=True)


def check(screenshot: Path) -> str:
    """Serve the tutor on a free local port, open it, return what the browser's terminal shows."""
    port = free_port()
    data = tempfile.mkdtemp(prefix="rnn-tutor-serve-data-")
    server = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--data-dir", data, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        asyncio.run(_wait_http(url, 30))
        return asyncio.run(capture(url, screenshot))
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    shown = check(Path(sys.argv[1] if len(sys.argv) > 1 else "serve.png"))
    print(shown)

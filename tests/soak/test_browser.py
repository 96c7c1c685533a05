"""`rnn-tutor serve` in headless Chromium: the address without the token is refused, and at the
URL with the token that the server prints the app starts and paints; a screenshot is kept in the
data directory of the run (printed), for a person to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.browser_check import CHROMIUM, check


@pytest.mark.soak
def test_the_app_in_a_browser(tmp_path: Path) -> None:
    if not shutil.which(CHROMIUM):
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    screenshot = tmp_path / "serve.png"
    assert check(screenshot) == "running"
    assert screenshot.stat().st_size > 10_000  # a painted page, not an empty one
    print(f"screenshot: {screenshot}")

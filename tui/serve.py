"""`rnn-tutor serve`: the same app in a browser, through textual-serve, on this machine only.

textual-serve's page asks Google Fonts for a font; the tutor never reaches the network, so the
page is served from a copy of textual-serve's own template without that link.
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from importlib import resources
from pathlib import Path

EXTERNAL_LINK = re.compile(r"<link[^>]*https?://[^>]*>", re.DOTALL)


def offline_templates() -> Path:
    """A folder with textual-serve's page template, minus links to other hosts."""
    original = resources.files("textual_serve") / "templates" / "app_index.html"
    folder = Path(tempfile.mkdtemp(prefix="rnn-tutor-serve-"))
    (folder / "app_index.html").write_text(EXTERNAL_LINK.sub("", original.read_text("utf-8")))
    return folder


def serve(data_dir: Path, host: str, port: int) -> None:
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "tui.cli", "--data-dir", str(data_dir)])
    Server(
        command, host=host, port=port, title="rnn-tutor", templates_path=offline_templates()
    ).serve()

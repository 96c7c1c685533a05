"""Files the learner asked for (a portfolio, a script, unsaved notes): written whole or not at all.

The text goes to a temporary file beside the target, is flushed to disk, and only then takes the
target's name (renamed over an old file, or linked as a new one), so a full disk or a crash
leaves the old file as it was instead of a truncated one. A FIFO or a device is refused, not
opened: opening a FIFO for writing waits for a reader that never comes.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class NotARegularFile(OSError):
    """The path names a FIFO, a device or a socket."""


def write_new_file(path: Path, text: str, overwrite: bool = False) -> Path:
    """Write `text` to `path`; refuse (FileExistsError) to replace a file unless told to."""
    path = path.expanduser()
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name such as notes.md")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"the folder {path.parent} does not exist")
    if path.exists():
        if not stat.S_ISREG(path.stat().st_mode):
            raise NotARegularFile(f"{path} is not a regular file (a FIFO or a device?)")
        if not overwrite:
            raise FileExistsError(f"{path} already exists")
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix="~")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            # A link fails if the name was taken meanwhile, where a rename would replace it.
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise FileExistsError(f"{path} already exists") from None
            os.unlink(temporary)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path

"""Notes the record could not take, written to a plain text file the learner can open.

Used when quitting (or a closed terminal) meets a record that cannot be written: the text goes
beside the record if that folder takes it, else to the home folder, else to the temp folder.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from lessons.evidence import BY_KEY
from lessons.files import write_new_file


def unsaved_notes_text(notes: dict[str, str]) -> str:
    parts = [
        "Evidence notes rnn-tutor could not save to its record "
        f"({time.strftime('%Y-%m-%d %H:%M:%S')}). Paste them back into the tutor.\n"
    ]
    for key, text in notes.items():
        label = BY_KEY[key].label if key in BY_KEY else key
        parts.append(f"\n## {label}\n\n{text}\n")
    return "".join(parts)


def write_unsaved_notes(data_dir: Path, notes: dict[str, str]) -> Path | None:
    """The file the notes went to, or None if no folder would take them."""
    if not notes:
        return None
    name = f"unsaved-notes-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    text = unsaved_notes_text(notes)
    for folder in (data_dir, Path.home(), Path(tempfile.gettempdir())):
        try:
            return write_new_file(folder / name, text)
        except OSError:
            continue
    return None

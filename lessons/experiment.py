"""The runnable mini experiment: the syllabus's rnn_first_loop.py with the learner's sizes."""

from __future__ import annotations

import os
from pathlib import Path

from engine.shape_check import ShapeCheckConfig

SCRIPT_NAME = "rnn_first_loop.py"


def first_loop_script(config: ShapeCheckConfig) -> str:
    """A standalone script (plain torch) that prints the same three lines as the shape check."""
    return f"""# {SCRIPT_NAME}, exported by rnn-tutor. Run it: python {SCRIPT_NAME}
import torch

torch.manual_seed({config.seed})
sequence = torch.randn({config.batch}, {config.seq_len}, {config.features})
gru = torch.nn.GRU(input_size={config.features}, hidden_size={config.hidden}, batch_first=True)
outputs, hidden = gru(sequence)

print("sequence_shape:", tuple(sequence.shape))
print("outputs_shape:", tuple(outputs.shape))
print("hidden_shape:", tuple(hidden.shape))
"""


def write_new_file(path: Path, text: str, overwrite: bool = False) -> Path:
    """Write `text` to `path`; refuse (FileExistsError) to replace a file unless told to."""
    path = path.expanduser()
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name such as {SCRIPT_NAME}")
    if not path.parent.exists():
        raise FileNotFoundError(f"the folder {path.parent} does not exist")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        descriptor = os.open(path, flags, 0o600)
    except FileExistsError:
        raise FileExistsError(f"{path} already exists") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path

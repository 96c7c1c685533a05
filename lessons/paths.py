"""Where the learner's record lives: --data-dir, else RNN_TUTOR_HOME, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_VAR = "RNN_TUTOR_HOME"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return user_data_path("rnn-tutor", appauthor=False)


def ensure_private_dir(path: Path) -> Path:
    """Create the directory readable by the learner alone (0700).

    A directory that already exists keeps its mode: it may be one the learner chose and shares.
    """
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask
    return path

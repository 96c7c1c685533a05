"""Run every benchmark, each in its own process (the UI ones must never share torch's memory)."""

import subprocess
import sys

for name in ("first_frame", "ui_stall", "race", "names", "exercise_check"):
    subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=False)

"""Run every benchmark; each prints its own ratio line."""

from benchmarks import first_frame

first_frame.main()

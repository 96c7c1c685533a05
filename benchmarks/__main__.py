"""Run every benchmark; each prints its own ratio lines."""

from benchmarks import first_frame, race

first_frame.main()
race.main()

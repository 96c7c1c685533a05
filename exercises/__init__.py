"""Exercises: small PyTorch files the learner writes, checked by hidden properties.

Each exercise is a package here (`exercises/<name>/`, the name with `_` for `-`) holding
`template.py` (what the learner starts from: the task in its docstring, TODOs), `solution.py`
(the reference) and `checks.py` (the hidden checks, `CHECKS`). The catalog lists them; the
runner runs a learner's file against the checks in a process of its own. Never imports textual.
"""

"""What an exercise check measured, as the record keeps it beside the check (exercise_check_data).

The train-loop exercise's learning check stores, under CURVE_KEY, the losses the learner's own
`train` reached on the check's tasks:

    {"level": 0.5, "epochs": 15, "runs": [{"seed", "length", "window", "train_losses",
     "val_losses", "persistence_mse"}, ...]}

`level` is the ratio the check required: the final validation loss below level x the validation
MSE of persistence (the next value is the last one) on each task.
"""

from __future__ import annotations

CURVE_KEY = "train_loop_curve"

"""Endless shape drill: fresh random configurations, seeded so a session can be replayed."""

from __future__ import annotations

import random

from engine.shapes import CELLS, ShapesConfig


def drill_config(seed: int, index: int | str) -> ShapesConfig:
    """The `index`-th configuration of the drill started with `seed` (the same every time).

    Sizes are kept distinct from one another, so every dimension of the answer can only be
    read one way: a right answer shows the learner knows which size goes where.
    """
    rng = random.Random(f"rnn-tutor-drill:{seed}:{index}")
    while True:
        cell = rng.choice(CELLS)
        hidden = rng.randrange(4, 33, 2)
        config = ShapesConfig(
            cell=cell,
            batch=rng.randint(1, 8),
            seq_len=rng.randint(2, 12),
            features=rng.randint(2, 10),
            hidden=hidden,
            layers=rng.choice((1, 1, 2, 3)),
            bidirectional=rng.random() < 0.4,
            batch_first=rng.random() < 0.7,
            proj_size=rng.randint(2, hidden - 1) if cell == "lstm" and rng.random() < 0.3 else 0,
        )
        # One value per idea; ideas that are equal by definition (output's last dimension
        # without bidirectional, c without proj_size) are not counted twice.
        ideas = {
            "batch": config.batch,
            "seq_len": config.seq_len,
            "layers x directions": config.layers * config.directions,
            "h": config.h_size,
        }
        if config.bidirectional:
            ideas["output"] = 2 * config.h_size
        if config.proj_size:
            ideas["c"] = config.hidden
        if len(set(ideas.values())) == len(ideas):
            return config

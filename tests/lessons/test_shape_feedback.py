"""Wrong dimensions are named with the reason a learner needs."""

from __future__ import annotations

from engine.shapes import ShapesConfig, run
from lessons.shape_feedback import check_prediction


def reasons(config: ShapesConfig, tensor: str, guess: tuple[int, ...]) -> list[str]:
    actual = run(config).shapes[tensor]
    return [
        check.reason for check in check_prediction(config, tensor, guess, actual) if check.reason
    ]


def test_a_right_prediction_has_no_reasons() -> None:
    config = ShapesConfig(cell="gru", batch=3, seq_len=7, hidden=16)
    assert reasons(config, "output", (3, 7, 16)) == []
    assert reasons(config, "h_n", (1, 3, 16)) == []


def test_batch_first_does_not_apply_to_h_n() -> None:
    config = ShapesConfig(cell="gru", batch=3, seq_len=7, hidden=16)
    [first, *_] = reasons(config, "h_n", (3, 1, 16))
    assert "batch_first does not apply to h_n" in first


def test_bidirectional_doubles_output_last_and_h_n_first() -> None:
    config = ShapesConfig(cell="rnn", batch=3, seq_len=7, hidden=16, layers=2, bidirectional=True)
    assert "doubles the last dimension of output" in reasons(config, "output", (3, 7, 16))[0]
    assert "doubles the first dimension of h_n" in reasons(config, "h_n", (2, 3, 16))[0]


def test_proj_size_changes_h_but_not_c() -> None:
    config = ShapesConfig(cell="lstm", batch=3, seq_len=7, hidden=16, proj_size=4)
    assert "c_n keeps hidden_size = 16" in reasons(config, "c_n", (1, 3, 4))[0]
    assert "h_n ends with proj_size = 4" in reasons(config, "h_n", (1, 3, 16))[0]


def test_time_major_output_order() -> None:
    config = ShapesConfig(cell="gru", batch=3, seq_len=7, batch_first=False)
    assert "puts time first" in reasons(config, "output", (3, 7, 16))[0]


def test_wrong_number_of_dimensions() -> None:
    config = ShapesConfig(cell="gru")
    checks = check_prediction(config, "h_n", (3, 16), [1, 3, 16])
    assert all(not check.correct for check in checks)
    assert "h_n has 3 dimensions" in checks[0].reason

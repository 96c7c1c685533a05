"""The command line is a contract: exact lines, JSON only with --json, exit 2 on bad input."""

from __future__ import annotations

import json
import math
import subprocess

import pytest
import torch

from tests.conftest import cli


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(*args), capture_output=True, text=True, timeout=120)


def test_default_shape_check_prints_exactly_the_syllabus_lines() -> None:
    done = run_cli("run", "shape-check")
    assert done.returncode == 0
    assert done.stdout == (
        "sequence_shape: (2, 3, 5)\noutputs_shape: (2, 3, 4)\nhidden_shape: (1, 2, 4)\n"
    )


def test_other_sizes_match_torch() -> None:
    done = run_cli("run", "shape-check", "--batch", "8", "--seq-len", "6", "--hidden", "10")
    outputs, hidden = torch.nn.GRU(5, 10, batch_first=True)(torch.zeros(8, 6, 5))
    assert done.stdout.splitlines()[1:] == [
        f"outputs_shape: {tuple(outputs.shape)}",
        f"hidden_shape: {tuple(hidden.shape)}",
    ]


def test_json_is_one_document_and_nothing_else() -> None:
    done = run_cli("run", "shape-check", "--features", "3", "--seed", "9", "--json")
    data = json.loads(done.stdout)
    assert data["config"] == {"batch": 2, "seq_len": 3, "features": 3, "hidden": 4, "seed": 9}
    assert data["sequence_shape"] == [2, 3, 3]
    assert data["outputs_shape"] == [2, 3, 4]
    assert data["hidden_shape"] == [1, 2, 4]
    assert data["seed"] == 9
    assert data["torch_version"] == torch.__version__


@pytest.mark.parametrize(
    "args",
    [
        ("--batch", "0"),
        ("--batch", "-4"),
        ("--hidden", "2.5"),
        ("--seq-len", "many"),
        ("--features", "999999999"),
        ("--colour", "red"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...]) -> None:
    done = run_cli("run", "shape-check", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_help_lists_the_commands_and_flags() -> None:
    top = run_cli("--help").stdout
    assert "run" in top and "--data-dir" in top
    assert "shape-check" in run_cli("run", "--help").stdout
    flags = run_cli("run", "shape-check", "--help").stdout
    for flag in ("--batch", "--seq-len", "--features", "--hidden", "--seed", "--json"):
        assert flag in flags
    # A default is shown the way it is typed.
    assert "(default rnn,gru,lstm)" in " ".join(run_cli("run", "race", "--help").stdout.split())


def test_shapes_prints_labelled_shapes_and_the_parameter_count() -> None:
    done = run_cli("run", "shapes", "--cell", "gru", "--layers", "2", "--bidirectional")
    gru = torch.nn.GRU(5, 16, num_layers=2, bidirectional=True, batch_first=True)
    output, h_n = gru(torch.zeros(3, 7, 5))
    lines = done.stdout.splitlines()
    assert done.returncode == 0
    assert any(line.startswith("output:") and str(tuple(output.shape)) in line for line in lines)
    assert any(line.startswith("h_n:") and str(tuple(h_n.shape)) in line for line in lines)
    total = sum(p.numel() for p in gru.parameters())
    assert f"parameters: {total} (sum of p.numel()); by the formula: {total}" in lines


def test_shapes_json_and_time_major_flag() -> None:
    data = json.loads(run_cli("run", "shapes", "--no-batch-first", "--json").stdout)
    assert data["config"]["batch_first"] is False
    assert data["shapes"]["input"] == [7, 3, 5]


def test_shapes_failure_mode_runs_for_real() -> None:
    done = run_cli("run", "shapes", "--cell", "gru", "--failure", "wrong-input-size")
    assert "RuntimeError: input.size(-1) must be equal to input_size. Expected 5, got 7" in (
        done.stdout
    )


def test_trace_json_rebuilds_the_module() -> None:
    done = run_cli("run", "trace", "--cell", "rnn", "--steps", "5", "--hidden", "4", "--json")
    data = json.loads(done.stdout)
    assert set(data) >= {"cell", "input", "state_dict", "steps", "max_abs_diff"}
    rnn = torch.nn.RNN(3, 4, batch_first=True)
    rnn.load_state_dict({k: torch.tensor(v) for k, v in data["state_dict"].items()})
    expected, _ = rnn(torch.tensor(data["input"]).unsqueeze(0))
    assert torch.allclose(torch.tensor([s["h"] for s in data["steps"]]), expected[0], atol=1e-6)


@pytest.mark.parametrize(
    "args",
    [
        ("shapes", "--cell", "gru", "--proj-size", "3"),
        ("shapes", "--layers", "9"),
        ("trace", "--pattern", "zigzag"),
        ("trace", "--radius", "lots"),
    ],
)
def test_more_bad_input_exits_2(args: tuple[str, ...]) -> None:
    done = run_cli("run", *args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1


def test_race_json_has_the_documented_fields() -> None:
    done = run_cli(
        "run", "race", "--task", "copy", "--delay", "5", "--symbols", "10", "--alphabet", "8",
        "--steps", "20", "--seed", "0", "--json",
    )  # fmt: skip
    data = json.loads(done.stdout)
    assert (data["task"], data["delay"]) == ("copy", 5)
    assert data["baseline"] == pytest.approx(10 * math.log(8) / 25)  # Arjovsky et al.'s task
    assert set(data["models"]) == {"rnn", "gru", "lstm"}
    for model in data["models"].values():
        assert set(model) >= {"params", "curve", "final_val", "solved_step", "seconds", "verdict"}
        assert all(len(point) == 3 for point in model["curve"])
        assert len(model["grad_norms"]) == len(model["curve"])


def test_race_with_seeds_reports_every_seed() -> None:
    args = ("run", "race", "--models", "gru", "--delay", "6", "--steps", "40", "--seed", "4")
    data = json.loads(run_cli(*args, "--seeds", "3", "--json").stdout)
    assert data["seeds"] == [4, 5, 6]
    gru = data["models"]["gru"]
    assert [run["seed"] for run in gru["runs"]] == [4, 5, 6]
    assert gru["solved_in"] == sum(run["solved_step"] is not None for run in gru["runs"])
    assert gru["seed"] in (4, 5, 6)
    # Each seed is the race of that seed alone.
    alone = json.loads(run_cli(*args[:-1], "5", "--json").stdout)["models"]["gru"]
    assert gru["runs"][1]["final_val"] == alone["final_val"]
    text = run_cli(*args, "--seeds", "3").stdout
    assert "seeds 4-6" in text and f"{gru['solved_in']} of 3 seeds" in text


def test_copy_has_a_default_delay_of_its_own() -> None:
    data = json.loads(run_cli("run", "race", "--task", "copy", "--steps", "1", "--json").stdout)
    assert data["delay"] == 20
    assert "default 50 for adding, 20 for copy" in " ".join(
        run_cli("run", "race", "--help").stdout.split()
    )


def test_practice_json_has_the_documented_fields() -> None:
    done = run_cli(
        "run", "practice", "--dataset", "nile", "--window", "8", "--epochs", "3", "--json"
    )
    data = json.loads(done.stdout)
    assert data["dataset"]["name"] == "nile"
    assert data["split"] == {"train": [8, 82], "val": [82, 100]}
    assert all(len(point) == 3 for point in data["curve"])
    for name in ("model", "persistence", "mean"):
        assert set(data["metrics"][name]) == {"mae", "rmse"}
    metrics = data["metrics"]
    assert metrics["mase"] > 0 and metrics["rel_mae"] > 0
    assert set(metrics["mase_scale"]) == {"kind", "period", "mae"}
    assert (metrics["mase_scale"]["kind"], metrics["mase_scale"]["period"]) == ("naive", 1)
    # Two names, two ratios: the model's MAE over the in-sample naive MAE, and over
    # persistence's on the same targets.
    model = metrics["model"]["mae"]
    assert metrics["mase"] == pytest.approx(model / metrics["mase_scale"]["mae"])
    assert metrics["rel_mae"] == pytest.approx(model / metrics["persistence"]["mae"])


def test_practice_difference_flag_models_the_changes() -> None:
    done = run_cli(
        "run", "practice", "--dataset", "nile", "--window", "8", "--epochs", "2", "--difference"
    )
    assert done.returncode == 0, done.stderr
    assert "modelled: the differences" in done.stdout
    assert "Relative MAE" in done.stdout and "MASE" in done.stdout


def test_practice_csv_errors_exit_2(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("when,level\n1,2\n2,x\n")
    done = run_cli("run", "practice", "--csv", str(path), "--column", "level")
    assert done.returncode == 2
    assert (
        done.stderr.strip() == "rnn-tutor run practice: mine.csv line 3: level is 'x', not a number"
    )


def test_export_never_overwrites_without_force(tmp_path) -> None:
    out = tmp_path / "portfolio.md"
    home = ("--data-dir", str(tmp_path / "data"))
    first = run_cli(*home, "export", "--out", str(out))
    assert first.returncode == 0 and out.exists()
    out.write_text("my edits")
    again = run_cli(*home, "export", "--out", str(out))
    assert again.returncode == 2
    assert "use --force" in again.stderr
    assert out.read_text() == "my edits"
    forced = run_cli(*home, "export", "--out", str(out), "--force")
    assert forced.returncode == 0
    assert out.read_text().startswith("# RNN Roadmap: evidence portfolio")


def _strict_json(text: str):
    """json.loads, but NaN, Infinity and -Infinity (not JSON) raise instead of parsing."""

    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_json_stays_json_when_a_result_is_not_finite(tmp_path) -> None:
    # A constant series: persistence forecasts it exactly, in sample and out, so both ratios
    # (the model's MAE over persistence's, relative MAE and MASE) divide by 0.
    path = tmp_path / "flat.csv"
    path.write_text("level\n" + "5\n" * 60)
    done = run_cli(
        "run", "practice", "--csv", str(path), "--column", "level", "--window", "4",
        "--epochs", "1", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = _strict_json(done.stdout)
    assert data["metrics"]["persistence"]["mae"] == 0
    assert data["metrics"]["mase"] is None and data["metrics"]["rel_mae"] is None
    assert data["non_finite"]["paths"]["/metrics/mase"] == "Infinity"
    assert data["non_finite"]["paths"]["/metrics/rel_mae"] == "Infinity"
    assert "null" in data["non_finite"]["about"]


def test_non_finite_numbers_become_null_with_their_json_pointer() -> None:
    from tui.cli import finite_json

    data = {"a": [1.0, math.nan], "b/c": {"d~": -math.inf}, "e": math.inf, "ok": 2}
    document = _strict_json(finite_json(data))
    assert document["a"] == [1.0, None]
    assert document["b/c"] == {"d~": None}
    assert document["e"] is None and document["ok"] == 2
    # RFC 6901 pointers: "/" in a key is written "~1", "~" is written "~0".
    assert document["non_finite"]["paths"] == {
        "/a/1": "NaN",
        "/b~1c/d~0": "-Infinity",
        "/e": "Infinity",
    }
    assert "non_finite" not in _strict_json(finite_json({"a": 1.5}))


def _read_some(fd: int) -> bytes:
    import os

    try:
        return os.read(fd, 4096)
    except OSError:  # Linux: EIO once the child has closed its end of the terminal
        return b""


def test_ctrl_c_ends_a_run_with_one_line_and_status_130() -> None:
    import os
    import pty
    import select
    import signal
    import time

    # stderr is a terminal, so the race shows its progress line: once it does, the race is
    # running (torch imported, the three models training) and ctrl+c lands mid-training.
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        cli("run", "race", "--steps", "20000"),  # the largest budget: minutes of training
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"running" not in seen and time.monotonic() < deadline:
            if select.select([leader], [], [], 0.5)[0]:
                seen += _read_some(leader)
            if process.poll() is not None:
                break
        assert b"running" in seen, seen
        process.send_signal(signal.SIGINT)
        stdout, _ = process.communicate(timeout=30)
        while chunk := _read_some(leader):
            seen += chunk
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)
    stderr = seen.decode()
    assert process.returncode == 130
    assert stdout == ""
    assert "Traceback" not in stderr
    assert stderr.replace("\r", "\n").strip().splitlines()[-1] == (
        "rnn-tutor run race: interrupted"
    )


def test_a_fifo_given_as_csv_exits_2_at_once(tmp_path) -> None:
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = subprocess.run(
        cli("run", "practice", "--csv", str(fifo), "--column", "a"),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("rnn-tutor run practice: ")
    assert "not a regular file" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1

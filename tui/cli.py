"""The command line: `rnn-tutor` starts the app; `rnn-tutor run TASK` runs an engine task here.

A contract other tools rely on: `--json` prints one strict JSON document and nothing else (a
number that is not finite is null; see finite_json), bad arguments exit 2 with a one-line
reason, and ctrl+c exits 130 with one line. Torch is imported only by `run`, never to start
the app.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from engine.race import DEFAULT_DELAY
from engine.validation import ConfigError

EXIT_USAGE = 2
EXIT_RECORD = 1  # the learner's record is there but cannot be used now (locked, read-only, ...)
EXPORT_WAIT = 10.0  # seconds an export waits for a record another program holds locked


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (no usage dump) and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


@dataclass(frozen=True)
class Flag:
    """One command-line flag of a task, and the config field it sets."""

    flag: str
    field: str
    help: str
    switch: bool | None = None  # a flag without a value: sets the field to this


RACE_FLAGS = [
    Flag("--task", "task", "adding or copy"),
    Flag(
        "--delay",
        "delay",
        "sequence length (adding), or steps from the last symbol to the delimiter that asks "
        f"for them (copy); default {DEFAULT_DELAY['adding']} for adding, "
        f"{DEFAULT_DELAY['copy']} for copy",
    ),
    Flag("--symbols", "symbols", "copy task: how many symbols to recall"),
    Flag("--alphabet", "alphabet", "copy task: how many different symbols"),
    Flag("--models", "models", "comma-separated: rnn,gru,lstm"),
    Flag("--steps", "steps", "training steps budget per model"),
    Flag("--seed", "seed", "random seed (weights and data)"),
    Flag("--seeds", "seeds", "train each model from this many seeds: seed, seed+1, ..."),
    Flag("--lr", "lr", "Adam learning rate"),
    Flag("--hidden", "hidden", "hidden_size of every model"),
    Flag("--batch", "batch", "sequences per training step"),
    Flag("--no-clip", "clip", "do not clip gradients", switch=False),
    Flag("--forget-bias", "forget_bias", "start the LSTM forget gate bias at 1", switch=True),
]

TASK_FLAGS: dict[str, tuple[str, list[Flag]]] = {
    "shape-check": (
        "the syllabus's GRU shape check: three shapes",
        [
            Flag("--batch", "batch", "sequences per batch"),
            Flag("--seq-len", "seq_len", "time steps per sequence"),
            Flag("--features", "features", "numbers per step: input_size"),
            Flag("--hidden", "hidden", "hidden_size"),
            Flag("--seed", "seed", "random seed"),
        ],
    ),
    "shapes": (
        "an RNN, LSTM or GRU: every shape, labelled, and its parameter count",
        [
            Flag("--cell", "cell", "rnn, lstm or gru"),
            Flag("--batch", "batch", "sequences per batch"),
            Flag("--seq-len", "seq_len", "time steps per sequence"),
            Flag("--features", "features", "numbers per step: input_size"),
            Flag("--hidden", "hidden", "hidden_size"),
            Flag("--layers", "layers", "num_layers"),
            Flag("--bidirectional", "bidirectional", "two directions", switch=True),
            Flag("--no-batch-first", "batch_first", "time-major layout", switch=False),
            Flag("--proj-size", "proj_size", "LSTM only: project h to this size"),
            Flag("--seed", "seed", "random seed"),
        ],
    ),
    "race": ("RNN, GRU and LSTM trained side by side on a long-dependency task", RACE_FLAGS),
    "clipping": (
        "the clipping demo: one race run twice, gradient clipping off and then on",
        [flag for flag in RACE_FLAGS if flag.field not in ("seeds", "clip")],
    ),
    "practice": (
        "train a forecaster on a series and compare it with naive baselines",
        [
            Flag("--dataset", "dataset", "sunspots, co2, nile, elnino, sine or seasonal"),
            Flag("--csv", "csv", "your own CSV file (with --column)"),
            Flag("--column", "column", "the CSV column to forecast"),
            Flag("--window", "window", "values per input window"),
            Flag("--horizon", "horizon", "forecast this many steps ahead"),
            Flag("--cell", "cell", "gru, lstm, rnn or linear"),
            Flag("--hidden", "hidden", "hidden_size"),
            Flag("--epochs", "epochs", "at most this many epochs"),
            Flag("--lr", "lr", "Adam learning rate"),
            Flag("--patience", "patience", "early stopping patience in epochs (0: never)"),
            Flag("--seed", "seed", "random seed"),
            Flag("--test", "test", "also hold out and score a final test part", switch=True),
            Flag(
                "--difference",
                "difference",
                "model the changes x[t] - x[t-1]; scores stay in the series' units",
                switch=True,
            ),
        ],
    ),
    "trace": (
        "one sequence through an RNN, GRU or LSTM step by step, by hand and by torch",
        [
            Flag("--cell", "cell", "rnn, gru or lstm"),
            Flag("--steps", "steps", "time steps"),
            Flag("--features", "features", "input_size"),
            Flag("--hidden", "hidden", "hidden_size"),
            Flag("--seed", "seed", "random seed"),
            Flag("--pattern", "pattern", "spike, random, step or sine"),
            Flag("--radius", "radius", "rescale W_hh to this spectral radius (0: keep)"),
        ],
    ),
}


def build_parser() -> Parser:
    from engine.tasks import TASKS

    parser = Parser(
        prog="rnn-tutor",
        description="A keyboard-driven terminal tutor for recurrent neural networks. "
        "With no command, starts the tutor.",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where progress.db and exports live (default: $RNN_TUTOR_HOME or the user data dir)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    run = commands.add_parser("run", help="run one engine task and print what torch computed")
    tasks = run.add_subparsers(dest="task_name", metavar="TASK", required=True, parser_class=Parser)
    for name, (about, flags) in TASK_FLAGS.items():
        defaults = TASKS[name].config()
        declared = {field.name: field.default for field in fields(TASKS[name].config)}
        task = tasks.add_parser(name, help=about, description=about)
        if name == "shapes":
            task.add_argument(
                "--failure",
                choices=("time-major", "wrong-input-size", "wrong-hidden"),
                help="run this shape mistake on the module instead",
            )
        for flag in flags:
            if flag.switch is None:
                # Values stay text: the task's config validates them, so the CLI and the UI
                # give the same message for the same mistake.
                default = getattr(defaults, flag.field)
                if isinstance(default, tuple):  # shown as it is typed: rnn,gru,lstm
                    default = ",".join(map(str, default))
                if declared[flag.field] is None:  # it depends on other settings; help says how
                    default = None
                about = flag.help if default is None else f"{flag.help} (default {default})"
                task.add_argument(flag.flag, dest=flag.field, help=about)
            else:
                action = "store_true" if flag.switch else "store_false"
                task.add_argument(
                    flag.flag, dest=flag.field, action=action, default=None, help=flag.help
                )
        task.add_argument("--json", action="store_true", help="print one JSON document only")
    export = commands.add_parser(
        "export",
        help="write your evidence portfolio as Markdown",
        description="Write the pass check, your evidence notes with their cited runs, curves, "
        "quiz history and the mini experiment to a Markdown file.",
    )
    export.add_argument(
        "--out", metavar="FILE.md", help="where to write (default: DIR/portfolio.md)"
    )
    export.add_argument("--force", action="store_true", help="replace the file if it exists")
    serve = commands.add_parser(
        "serve",
        help="serve the tutor to a browser (textual-serve)",
        description="Serve the same app to a web browser. It prints a URL with a token, made "
        "afresh each time: only a browser that opened that URL gets in. It listens on 127.0.0.1 "
        "unless told otherwise, and warns if other machines can reach it.",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only)",
    )
    serve.add_argument("--port", default="8000", help="port (default 8000)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "export":
        return export_portfolio(parser, args)
    if args.command == "serve":
        return serve_app(parser, args)
    if args.command == "run":
        try:
            return run_task(parser, args)
        except BrokenPipeError:
            # The reader (say, `| head`) stopped early: that is not an error of ours.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        except KeyboardInterrupt:
            return _interrupted(f"rnn-tutor run {args.task_name}")
    return start_app(parser, args)


def run_task(parser: Parser, args: argparse.Namespace) -> int:
    from engine.tasks import get_task
    from tui.cli_text import PRINTERS

    name = args.task_name
    if getattr(args, "failure", None):
        name = "shape-failure"
    task = get_task(name)
    values = {
        field.name: getattr(args, field.name)
        for field in fields(task.config)
        if getattr(args, field.name, None) is not None
    }
    if name == "shape-failure":
        values["mode"] = args.failure
    try:
        config = task.config.from_dict(values)
    except ConfigError as error:
        parser.exit(EXIT_USAGE, f"rnn-tutor run {args.task_name}: {error}\n")
    try:
        data = task.run(config.to_dict(), emit=_progress_printer(args.json))
    except ConfigError as error:  # found only once the data is read: a file, a column, a length
        parser.exit(EXIT_USAGE, f"rnn-tutor run {args.task_name}: {error}\n")

    if args.json:
        sys.stdout.write(finite_json(data) + "\n")
    else:
        print("\n".join(PRINTERS[name](data)))
    return 0


EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command ended by ctrl+c


def _interrupted(command: str) -> int:
    """ctrl+c: one line saying so, no traceback. The race's threads were already told to stop
    (its coordinator cancels them as the interrupt unwinds it)."""
    # On a terminal the cursor sits after "^C" or a progress line: start a line of our own.
    start = "\n" if sys.stderr.isatty() else ""
    sys.stderr.write(f"{start}{command}: interrupted\n")
    sys.stderr.flush()
    return EXIT_INTERRUPTED


NON_FINITE_ABOUT = (
    "JSON has no NaN or Infinity: each value listed here was not a finite number (the loss "
    "diverged, or a ratio divided by zero) and is written as null where it stands"
)


def finite_json(data: Any) -> str:
    """`data` as strict JSON (RFC 8259): NaN, Infinity and -Infinity, which json.dumps writes by
    default and strict parsers refuse, become null.

    So that a null still says what it was, a top-level "non_finite" (only when there were any)
    maps the JSON Pointer (RFC 6901) of each one to "NaN", "Infinity" or "-Infinity", with a
    sentence in "about". allow_nan=False makes a missed one an error rather than bad output.
    """
    found: dict[str, str] = {}

    def clean(value: Any, pointer: str) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            found[pointer] = json.dumps(value)  # how Python would have (wrongly) written it
            return None
        if isinstance(value, dict):
            return {key: clean(item, f"{pointer}/{_escape(key)}") for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [clean(item, f"{pointer}/{index}") for index, item in enumerate(value)]
        return value

    cleaned = clean(data, "")
    if found and isinstance(cleaned, dict):
        cleaned["non_finite"] = {"about": NON_FINITE_ABOUT, "paths": found}
    return json.dumps(cleaned, indent=2, allow_nan=False)


def _escape(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def export_portfolio(parser: Parser, args: argparse.Namespace) -> int:
    import sqlite3
    import time
    from pathlib import Path

    from lessons.files import NotARegularFile, write_new_file
    from lessons.paths import data_dir
    from lessons.report import export
    from lessons.store import RecordUnavailable, Store, is_busy, reason

    directory = data_dir(args.data_dir)
    target = Path(args.out).expanduser() if args.out else directory / "portfolio.md"
    if target.exists() and not target.is_dir() and not target.is_file():
        # Refused before anything opens it: opening a FIFO for writing waits for a reader.
        parser.exit(EXIT_USAGE, f"rnn-tutor export: {target} is not a regular file\n")
    if target.is_file() and not args.force:
        parser.exit(EXIT_USAGE, f"rnn-tutor export: {target} exists; use --force to replace it\n")
    try:
        store = Store.open(directory, wait=EXPORT_WAIT, busy_timeout_ms=500)
    except RecordUnavailable as error:
        parser.exit(EXIT_RECORD, f"rnn-tutor export: {error}\n")
    for notice in store.notices:
        print(notice, file=sys.stderr)
    deadline = time.monotonic() + EXPORT_WAIT
    while True:
        try:
            text = export(store)
            break
        except sqlite3.Error as error:
            if is_busy(error) and time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            parser.exit(
                EXIT_RECORD,
                f"rnn-tutor export: cannot read {store.path}: {reason(error)}"
                f" (tried for {EXPORT_WAIT:.0f} s); nothing was written\n",
            )
    try:
        written = write_new_file(target, text, overwrite=args.force)
    except FileExistsError:
        parser.exit(EXIT_USAGE, f"rnn-tutor export: {target} exists; use --force to replace it\n")
    except NotARegularFile:
        parser.exit(EXIT_USAGE, f"rnn-tutor export: {target} is not a regular file\n")
    except OSError as error:
        parser.exit(
            EXIT_USAGE,
            f"rnn-tutor export: cannot write {target}: {reason(error)}; "
            "any file already there is unchanged\n",
        )
    print(f"wrote {written}")
    try:
        store.record_export("portfolio", str(written))
    except sqlite3.Error as error:
        parser.exit(
            EXIT_RECORD,
            f"rnn-tutor export: the portfolio is written, but your record could not note it "
            f"({reason(error)}); export again later for the pass check to count it\n",
        )
    return 0


def serve_app(parser: Parser, args: argparse.Namespace) -> int:
    from engine.validation import whole_number
    from lessons.paths import data_dir, ensure_private_dir
    from tui.serve import ServeError, serve

    try:
        port = whole_number("port", args.port, 1, 65535)
    except ConfigError as error:
        parser.exit(EXIT_USAGE, f"rnn-tutor serve: {error}\n")
    directory = ensure_private_dir(data_dir(args.data_dir).expanduser().resolve())
    try:
        serve(directory, args.host, port)
    except ServeError as error:  # an empty host, a port in use: found before anything starts
        parser.exit(EXIT_USAGE, f"rnn-tutor serve: {error}\n")
    return 0


def start_app(parser: Parser, args: argparse.Namespace) -> int:
    from lessons.paths import data_dir
    from lessons.store import RecordUnavailable

    directory = data_dir(args.data_dir)
    try:
        from tui.app import TutorApp

        app = TutorApp(directory, on_record_wait=_say_waiting)
    except KeyboardInterrupt:
        parser.exit(130, "rnn-tutor: stopped waiting for the record\n")
    except RecordUnavailable as error:
        parser.exit(EXIT_RECORD, f"rnn-tutor: your record cannot be used: {error}\n")
    except OSError as error:
        parser.exit(EXIT_USAGE, f"rnn-tutor: cannot use data directory {directory}: {error}\n")
    app.run()
    return app.return_code or 0


def _say_waiting() -> None:
    print(
        "rnn-tutor: another program holds your record locked; waiting for it (ctrl+c stops)…",
        file=sys.stderr,
        flush=True,
    )


def _progress_printer(quiet: bool):
    """Long tasks report progress on stderr, and only to a person watching a terminal."""
    if quiet or not sys.stderr.isatty():
        return lambda event: None

    def show(event: dict) -> None:
        models = event.get("models")
        if models:
            several = (event.get("seeds") or 1) > 1
            parts = [
                f"{name} {model.get('state')} {model.get('step')}"
                + (f" seed {model.get('seed')}" if several else "")
                for name, model in models.items()
            ]
            half = {"unclipped": "clipping off: ", "clipped": "clipping on: "}
            sys.stderr.write("\r" + half.get(event.get("half"), "") + " · ".join(parts) + " " * 10)
            if event.get("final") and all(m.get("state") != "running" for m in models.values()):
                sys.stderr.write("\n")
            sys.stderr.flush()

    return show


if __name__ == "__main__":
    sys.exit(main())

"""The command line: `rnn-tutor` starts the app; `rnn-tutor run TASK` runs an engine task here.

A contract other tools rely on: `--json` prints one JSON document and nothing else, and bad
arguments exit 2 with a one-line reason. Torch is imported only by `run`, never to start the app.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from engine.validation import ConfigError

EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (no usage dump) and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> Parser:
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
    tasks = run.add_subparsers(dest="task", metavar="TASK", required=True, parser_class=Parser)

    shape = tasks.add_parser(
        "shape-check",
        help="the syllabus's GRU shape check",
        description="Run nn.GRU(input_size=FEATURES, hidden_size=HIDDEN, batch_first=True) on "
        "torch.randn(BATCH, SEQ_LEN, FEATURES) and print the three shapes.",
    )
    # Values stay text here: the task's config validates them, so the CLI and the UI give the
    # same message for the same mistake.
    shape.add_argument("--batch", default="2", help="sequences per batch (default 2)")
    shape.add_argument("--seq-len", default="3", help="time steps per sequence (default 3)")
    shape.add_argument("--features", default="5", help="numbers per step: input_size (default 5)")
    shape.add_argument("--hidden", default="4", help="hidden_size of the GRU (default 4)")
    shape.add_argument("--seed", default="0", help="random seed (default 0)")
    shape.add_argument("--json", action="store_true", help="print one JSON document")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_task(parser, args)
    return start_app(parser, args)


def run_task(parser: Parser, args: argparse.Namespace) -> int:
    from engine.shape_check import ShapeCheckConfig, ShapeCheckResult
    from engine.tasks import get_task

    try:
        config = ShapeCheckConfig(
            batch=args.batch,
            seq_len=args.seq_len,
            features=args.features,
            hidden=args.hidden,
            seed=args.seed,
        )
    except ConfigError as error:
        parser.exit(EXIT_USAGE, f"rnn-tutor run {args.task}: {error}\n")
    data = get_task(args.task).run(config.to_dict())
    if args.json:
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(ShapeCheckResult.from_dict(data).lines()))
    return 0


def start_app(parser: Parser, args: argparse.Namespace) -> int:
    from lessons.paths import data_dir

    directory = data_dir(args.data_dir)
    try:
        from tui.app import TutorApp

        app = TutorApp(directory)
    except OSError as error:
        parser.exit(EXIT_USAGE, f"rnn-tutor: cannot use data directory {directory}: {error}\n")
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

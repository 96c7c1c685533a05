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
from typing import TYPE_CHECKING, Any

from engine.validation import ConfigError

if TYPE_CHECKING:
    from engine.control import Emit, Progress
    from engine.options import CommandOption
    from engine.tasks import Task

EXIT_USAGE = 2
EXIT_RECORD = 1  # the learner's record is there but cannot be used now (locked, read-only, ...)
EXPORT_WAIT = 10.0  # seconds an export waits for a record another program holds locked


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (no usage dump) and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> Parser:
    from engine.options import command_options
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
    for task in TASKS.values():
        if task.command != task.name:
            continue  # off the command line, or a variant of another task's command
        command = tasks.add_parser(task.name, help=task.about, description=task.about)
        for variant in _variants(task):
            # A variant's own flags come first: they change what runs. Their defaults are not
            # shown, since without them the variant does not run at all.
            for option in _own_options(variant, task):
                _add_option(command, option, show_default=False)
        for option in command_options(task.config):
            _add_option(command, option)
        command.add_argument("--json", action="store_true", help="print one JSON document only")
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
    _add_exercise_commands(commands)
    return parser


def _add_exercise_commands(commands: Any) -> None:
    exercise = commands.add_parser(
        "exercise",
        help="write PyTorch yourself: the exercises and their checks",
        description="Exercises are small PyTorch files you complete; hidden checks compare your "
        "code with torch on random inputs. Your copy of each lives in DIR/exercises.",
    )
    actions = exercise.add_subparsers(
        dest="exercise_command", metavar="ACTION", required=True, parser_class=Parser
    )
    listing = actions.add_parser("list", help="every exercise, its lesson and your status")
    listing.add_argument("--json", action="store_true", help="print one JSON document only")
    actions.add_parser("template", help="print an exercise's starting file").add_argument("name")
    actions.add_parser("solution", help="print an exercise's reference solution").add_argument(
        "name"
    )
    check = actions.add_parser(
        "check",
        help="run an exercise's checks on your file",
        description="Run the checks on your copy (DIR/exercises/NN-name.py, made from the "
        "template if missing) or on --file. Checks of your copy go into your record, as the app's "
        "do. Exit status 0: every check passes; 1: one fails.",
    )
    check.add_argument("name")
    check.add_argument("--file", metavar="PATH", help="check this file instead of your copy")
    check.add_argument("--json", action="store_true", help="print one JSON document only")
    check.add_argument(
        "--timeout", metavar="SECONDS", help="stop your code after this long (default 10)"
    )
    watch = actions.add_parser(
        "watch",
        help="check your file again every time you save it (ctrl+c stops)",
        description="Check your copy of an exercise now and again after every save. Without "
        "NAME, the first exercise you have not passed.",
    )
    watch.add_argument("name", nargs="?")
    reset = actions.add_parser(
        "reset", help="start an exercise again from its template (your version is kept)"
    )
    reset.add_argument("name")


def _variants(task: Task) -> list[Task]:
    from engine.tasks import TASKS

    return [other for other in TASKS.values() if other.command == task.name and other is not task]


def _chosen(task: Task, args: argparse.Namespace) -> Task:
    """What a sub-command runs: a variant of its task when one of the variant's flags is given."""
    for variant in _variants(task):
        if any(getattr(args, option.field) is not None for option in _own_options(variant, task)):
            return variant
    return task


def _own_options(variant: Task, task: Task) -> list[CommandOption]:
    """The flags of `variant` that `task` does not have: giving one runs the variant."""
    from engine.options import command_options

    shared = {option.field for option in command_options(task.config)}
    return [option for option in command_options(variant.config) if option.field not in shared]


def _add_option(command: Parser, option: CommandOption, show_default: bool = True) -> None:
    if option.switch is not None:
        action = "store_true" if option.switch else "store_false"
        command.add_argument(
            option.flag, dest=option.field, action=action, default=None, help=option.help
        )
        return
    default = option.default
    if isinstance(default, tuple):  # shown as it is typed: rnn,gru,lstm
        default = ",".join(map(str, default))
    # None: it depends on other settings, and the help says how. "": nothing, say nothing.
    shown = show_default and default not in (None, "")
    # Values stay text: the task's config validates them, so the CLI and the UI give the same
    # message for the same mistake.
    command.add_argument(
        option.flag,
        dest=option.field,
        help=f"{option.help} (default {default})" if shown else option.help,
        choices=option.choices or None,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "export":
        return export_portfolio(parser, args)
    if args.command == "serve":
        return serve_app(parser, args)
    if args.command == "exercise":
        try:
            return exercise_command(parser, args)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        except KeyboardInterrupt:
            return _interrupted(f"rnn-tutor exercise {args.exercise_command}")
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
    from engine.options import command_options
    from engine.tasks import get_task
    from lessons import run_text

    task = _chosen(get_task(args.task_name), args)
    values = {
        option.field: getattr(args, option.field)
        for option in command_options(task.config)
        if getattr(args, option.field) is not None
    }
    try:
        config = task.config.from_dict(values)
    except ConfigError as error:
        parser.exit(EXIT_USAGE, f"rnn-tutor run {args.task_name}: {error}\n")
    try:
        data = task.run(config.to_dict(), emit=_progress_printer(task, args.json))
    except ConfigError as error:  # found only once the data is read: a file, a column, a length
        parser.exit(EXIT_USAGE, f"rnn-tutor run {args.task_name}: {error}\n")

    if args.json:
        sys.stdout.write(finite_json(data) + "\n")
    else:
        print("\n".join(run_text.lines(task, data)))
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


# ---- rnn-tutor exercise ... (the checks run in exercises.worker: no torch in this process) ----

WATCH_POLL = 0.3  # seconds between looks at the file being watched
MAX_CHECK_TIMEOUT = 600.0


def exercise_command(parser: Parser, args: argparse.Namespace) -> int:
    from exercises.catalog import exercises_by_name, find
    from lessons.paths import data_dir

    directory = data_dir(args.data_dir)
    action = args.exercise_command
    if action == "list":
        return _list_exercises(directory, args.json)
    name = args.name
    if name is None:  # watch with no NAME: where the learner left off
        name = _next_exercise(directory)
        if name is None:
            parser.exit(EXIT_USAGE, "rnn-tutor exercise watch: there are no exercises\n")
    try:
        exercise = find(name)
    except KeyError:
        known = ", ".join(exercises_by_name())
        parser.exit(
            EXIT_USAGE, f"rnn-tutor exercise {action}: no exercise {name!r}; there are: {known}\n"
        )
    if action in ("template", "solution"):
        text = exercise.template() if action == "template" else exercise.solution()
        sys.stdout.write(text)
        return 0
    if action == "reset":
        return _reset_exercise(parser, directory, exercise.name)
    if action == "check":
        from exercises.runner import DEFAULT_TIMEOUT

        try:
            timeout = DEFAULT_TIMEOUT if args.timeout is None else float(args.timeout)
        except ValueError:
            timeout = math.nan
        if not 0 < timeout <= MAX_CHECK_TIMEOUT:
            parser.exit(
                EXIT_USAGE,
                f"rnn-tutor exercise check: --timeout must be a number of seconds above 0 and "
                f"at most {MAX_CHECK_TIMEOUT:g}, not {args.timeout!r}\n",
            )
        return _check_exercise(parser, directory, exercise.name, args.file, args.json, timeout)
    return _watch_exercise(parser, directory, exercise.name)


def _list_exercises(directory: Any, as_json: bool) -> int:
    from exercises.catalog import exercises_by_name
    from exercises.learner_files import status

    rows = [
        {
            "name": exercise.name,
            "number": exercise.number,
            "lesson": exercise.lesson,
            "title": exercise.title,
            "status": status(directory, exercise),
        }
        for exercise in exercises_by_name().values()
    ]
    if as_json:
        sys.stdout.write(finite_json({"exercises": rows}) + "\n")
        return 0
    table = [("#", "name", "lesson", "status", "title")] + [
        (f"{row['number']:02d}", row["name"], row["lesson"], row["status"], row["title"])
        for row in rows
    ]
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    for line in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    return 0


def _next_exercise(directory: Any) -> str | None:
    """The first exercise, in order, that the learner has not passed."""
    from exercises.catalog import exercises_by_name
    from exercises.learner_files import PASSED, status

    for exercise in exercises_by_name().values():
        if status(directory, exercise) != PASSED:
            return exercise.name
    return None


def _reset_exercise(parser: Parser, directory: Any, name: str) -> int:
    from exercises.learner_files import learner_path, reset

    try:
        backup = reset(directory, name)
    except OSError as error:
        parser.exit(EXIT_USAGE, f"rnn-tutor exercise reset: {error}\n")
    path = learner_path(directory, name)
    kept = f"; your version is kept as {backup}" if backup else ""
    print(f"{path} is the template again{kept}")
    return 0


def _check_exercise(
    parser: Parser, directory: Any, name: str, file: str | None, as_json: bool, timeout: float
) -> int:
    from pathlib import Path

    from exercises.learner_files import ensure_copy
    from exercises.runner import Checker, CheckerUnavailable

    if file is not None:
        path = Path(file).expanduser()
        if not path.is_file():
            parser.exit(EXIT_USAGE, f"rnn-tutor exercise check: no file {path}\n")
    else:
        path = _learner_copy(parser, "check", directory, name, ensure_copy)
    code = path.read_text(encoding="utf-8", errors="replace")
    try:
        with Checker() as checker:
            report = checker.check(name, path, timeout)
    except CheckerUnavailable as error:
        if as_json:
            failed = {"name": name, "passed": False, "checks": [], "seconds": 0.0}
            sys.stdout.write(finite_json({**failed, "error": str(error), "file": str(path)}))
            sys.stdout.write("\n")
        else:
            print(f"rnn-tutor exercise check: {error}", file=sys.stderr)
        return 1
    if file is None:  # the learner's own copy: its checks are their record, as in the app
        _record_exercise_check(directory, name, report, code)
    if as_json:
        sys.stdout.write(finite_json({**report.to_dict(data=False), "file": str(path)}) + "\n")
    else:
        print(f"checking {path}")
        print("\n".join(_report_lines(report)))
    return 0 if report.passed else 1


def _record_exercise_check(directory: Any, name: str, report: Any, code: str) -> None:
    import sqlite3

    from exercises.learner_files import record_check
    from lessons.store import RecordUnavailable

    failure = report.first_failure
    try:
        first = "" if failure is None else failure.name
        record_check(directory, name, report.passed, first, code, report.measured)
    except (RecordUnavailable, sqlite3.Error, OSError) as error:
        print(f"rnn-tutor exercise check: not recorded: {error}", file=sys.stderr)


def _learner_copy(parser: Parser, action: str, directory: Any, name: str, ensure: Any) -> Any:
    try:
        return ensure(directory, name)
    except OSError as error:
        parser.exit(EXIT_USAGE, f"rnn-tutor exercise {action}: cannot use {directory}: {error}\n")


def _report_lines(report: Any) -> list[str]:
    """One line per check (a mark, its name, why it failed), then what the code printed and
    a summary. No colour: the marks carry it, in ASCII where the terminal cannot show them."""
    good, bad = _marks()
    lines = []
    for result in report.checks:
        mark = good if result.passed else bad
        lines.append(f"{mark} {result.name}" + (f": {result.message}" if result.message else ""))
    if report.output.strip():
        lines.append("your code printed:")
        lines.extend(f"  {line}" for line in report.output.rstrip("\n").splitlines())
    lines.append(report.verdict())
    return lines


def _marks() -> tuple[str, str]:
    try:
        "✓✗".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return "ok  ", "FAIL"
    return "✓", "✗"


def _watch_exercise(parser: Parser, directory: Any, name: str) -> int:
    from exercises.learner_files import ensure_copy
    from exercises.runner import Checker, CheckerUnavailable

    path = _learner_copy(parser, "watch", directory, name, ensure_copy)
    print(f"watching {path}: edit it and save to check again (ctrl+c stops)", flush=True)
    try:
        with Checker() as checker:
            _watch(checker, path, name, directory)
    except CheckerUnavailable as error:
        print(f"rnn-tutor exercise watch: {error}", file=sys.stderr)
    return 1


def _watch(checker: Any, path: Any, name: str, directory: Any) -> None:
    """Check now and after every save, until ctrl+c (KeyboardInterrupt) ends it."""
    import time

    from exercises.learner_files import file_stamp

    seen: tuple[int, int] | None = None
    while True:
        stamp = file_stamp(path)
        if stamp != seen:
            seen = stamp
            print(f"\n--- {time.strftime('%H:%M:%S')} ---")
            if stamp is None:
                print(f"{path} is missing; save it again to check it")
            else:
                code = path.read_text(encoding="utf-8", errors="replace")
                report = checker.check(name, path)
                _record_exercise_check(directory, name, report, code)
                print("\n".join(_report_lines(report)))
                if report.passed:
                    print(_next_step(name))
            sys.stdout.flush()
        time.sleep(WATCH_POLL)


def _next_step(name: str) -> str:
    from exercises.catalog import exercises_by_name

    names = list(exercises_by_name())
    later = names[names.index(name) + 1 :]
    if not later:
        return "that was the last exercise: well done"
    return f"done; next: rnn-tutor exercise watch {later[0]}"


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


def _progress_printer(task: Task, quiet: bool) -> Emit:
    """Long tasks report progress on stderr, and only to a person watching a terminal."""
    from engine.control import no_emit
    from lessons import run_text

    describe = run_text.progress_line(task)
    if quiet or describe is None or not sys.stderr.isatty():
        return no_emit

    def show(event: Progress) -> None:
        # One status line, redrawn in place; the padding covers a longer line drawn before.
        sys.stderr.write("\r" + describe(event) + " " * 10)
        if event.settled:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


if __name__ == "__main__":
    sys.exit(main())

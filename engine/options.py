"""Which config fields a learner can set from the command line, and how each is offered.

A config field that should be a flag of `rnn-tutor run TASK` says so in its metadata:

    batch: int = field(default=2, metadata=option("sequences per batch"))

The flag is the field's name with dashes (`seq_len` is `--seq-len`). A yes/no field is a flag
without a value that turns its default around: `--bidirectional` for a field that defaults to
False, `--no-batch-first` for one that defaults to True. A field without an option stays off
the command line (internal settings such as the race's eval_every). Nothing here knows about
argparse: tui.cli builds the parser from `command_options`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

METADATA_KEY = "rnn_tutor_option"


@dataclass(frozen=True)
class Option:
    """What a field's metadata declares: the help text, and only what cannot be derived."""

    help: str
    flag: str = ""  # "" derives it from the field's name (and, for yes/no fields, its default)
    # Checked by the parser itself. Most fields leave that to the config's own validation, so
    # that the command line and the UI give the same message for the same mistake.
    choices: tuple[str, ...] = ()


def option(help: str, *, flag: str = "", choices: tuple[str, ...] = ()) -> dict[str, Option]:
    """Field metadata that puts the field on the command line."""
    return {METADATA_KEY: Option(help, flag, choices)}


def option_of(config: type, name: str) -> dict[str, Option]:
    """The metadata of `config`'s field `name`, for a config offering the same setting (the
    clipping demo offers most of the race's)."""
    return {METADATA_KEY: _declared(config)[name]}


@dataclass(frozen=True)
class CommandOption:
    """One flag of a task's sub-command, resolved from its field."""

    field: str
    flag: str
    help: str
    switch: bool | None  # the value a flag without a value sets; None: the flag takes a value
    default: Any  # the value used when the flag is not given; None when it depends on others
    choices: tuple[str, ...] = ()


def command_options(config: type) -> list[CommandOption]:
    """The flags of `config`, in field order."""
    declared = _declared(config)
    made = config()  # the defaults as the config settles them (a budget cap, say)
    offered = []
    for item in fields(config):
        if item.name not in declared:
            continue
        chosen = declared[item.name]
        default = None if item.default is None else getattr(made, item.name)
        switch = None
        flag = "--" + item.name.replace("_", "-")
        if isinstance(item.default, bool):
            switch = not item.default
            if item.default:
                flag = "--no-" + item.name.replace("_", "-")
        offered.append(
            CommandOption(
                field=item.name,
                flag=chosen.flag or flag,
                help=chosen.help,
                switch=switch,
                default=default,
                choices=chosen.choices,
            )
        )
    return offered


def _declared(config: type) -> dict[str, Option]:
    return {
        item.name: item.metadata[METADATA_KEY]
        for item in fields(config)
        if METADATA_KEY in item.metadata
    }

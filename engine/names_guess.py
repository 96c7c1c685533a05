"""names-guess: the engine process's last names model, asked about any surname.

Training takes seconds, too long to repeat for every name a learner types, and a result must
stay small (a state_dict is not), so the engine process keeps the model of its last finished
names run (engine.names.HELD) and this task asks it. Another process, or the same one before
any names run finished, has no model to ask: the task says so instead of guessing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from engine import surnames
from engine.control import Control, Emit, no_emit
from engine.names import HELD, Guess, top_guesses
from engine.options import option
from engine.validation import ConfigError, build

NO_MODEL = "no names model has been trained in this engine process yet: run names first"


@dataclass(frozen=True)
class GuessConfig:
    name: str = field(default="", metadata=option("the surname to classify"))

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", str(self.name or "").strip())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GuessConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GuessResult:
    name: str
    normalised: str  # what the model read: see surnames.normalise
    guesses: list[Guess]  # the most likely languages, most likely first
    trained: dict[str, Any]  # the config of the names run whose model answered

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GuessResult:
        return cls(**{**data, "guesses": [Guess(**g) for g in data["guesses"]]})


def run(config: GuessConfig, emit: Emit = no_emit, control: Control | None = None) -> GuessResult:
    normalised = surnames.normalise(config.name)
    if not normalised:
        raise ConfigError("type a surname with at least one of the letters a to z")
    trained = HELD.get()
    if trained is None:
        raise ConfigError(NO_MODEL)
    return GuessResult(
        name=config.name,
        normalised=normalised,
        guesses=top_guesses(trained.model, trained.languages, config.name),
        trained=trained.config.to_dict(),
    )

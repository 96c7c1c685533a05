"""Shape mistakes run for real: what torch does (or says) when the tensor layout is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.options import option
from engine.shapes import ShapesConfig, build_module
from engine.validation import build, one_of

MODES = ("time-major", "wrong-input-size", "wrong-hidden")


@dataclass(frozen=True)
class FailureConfig(ShapesConfig):
    """A shape-lab config plus which mistake to make with it."""

    # On the command line as `run shapes --failure MODE`: this task is a variant of the shape
    # lab's (see engine.tasks), so a flag of its own names it.
    mode: str = field(
        default="time-major",
        metadata=option(
            "run this shape mistake on the module instead", flag="--failure", choices=MODES
        ),
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "mode", one_of("mode", self.mode, MODES))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FailureConfig:
        return build(cls, data)

    def wrong_hidden_batch(self) -> int:
        """The batch used for the wrong-hidden mistake. The slip is laying h0 out batch first;
        if batch equalled layers × directions that would be accidentally right, so it differs."""
        lab = self.lab_config()
        states = lab.layers * lab.directions
        return lab.batch if lab.batch != states else lab.batch + 1

    def lab_config(self) -> ShapesConfig:
        lab = {f.name: getattr(self, f.name) for f in fields(ShapesConfig)}
        if self.mode == "time-major":
            lab["batch_first"] = True  # the mistake is feeding time-major data to this model
        return ShapesConfig(**lab)


@dataclass(frozen=True)
class FailureResult:
    config: FailureConfig
    code: str  # the lines that were run, as the learner would write them
    raised: bool
    error: str  # torch's own message, verbatim, when it raised
    shapes: dict[str, list[int]]  # what came out, when it did not raise
    torch_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.config.to_dict(),
            "seed": self.config.seed,
            "code": self.code,
            "raised": self.raised,
            "error": self.error,
            "shapes": self.shapes,
            "torch_version": self.torch_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FailureResult:
        fields_ = {key: data[key] for key in ("code", "raised", "error", "shapes")}
        return cls(
            config=FailureConfig.from_dict(data["config"]),
            torch_version=data["torch_version"],
            **fields_,
        )


def run(
    config: FailureConfig,
    emit: Emit = no_emit,
    control: Control | None = None,
) -> FailureResult:
    import torch

    lab = config.lab_config()
    module = build_module(lab)
    states = lab.layers * lab.directions
    lines = [f"model = {lab.module_call()}"]
    initial_state = None
    if config.mode == "time-major":
        shape = (lab.seq_len, lab.batch, lab.features)
        lines.append(f"x = torch.randn{shape}  # [seq_len, batch, features]")
    elif config.mode == "wrong-input-size":
        wrong = lab.features + 2
        shape = (*lab.input_shape[:2], wrong)
        lines.append(f"x = torch.randn{shape}  # {wrong} features, not {lab.features}")
    else:
        batch = config.wrong_hidden_batch()
        shape = (
            (batch, lab.seq_len, lab.features)
            if lab.batch_first
            else (lab.seq_len, batch, lab.features)
        )
        h0_shape = (batch, states, lab.h_size)
        lines.append(f"x = torch.randn{shape}")
        lines.append(f"h0 = torch.zeros{h0_shape}  # batch first, like x")
        initial_state = torch.zeros(h0_shape)
        if lab.cell == "lstm":
            c0_shape = (states, batch, lab.hidden)
            lines.append(f"c0 = torch.zeros{c0_shape}")
            initial_state = (initial_state, torch.zeros(c0_shape))
    x = torch.randn(*shape)
    state_arg = "" if initial_state is None else (", (h0, c0)" if lab.cell == "lstm" else ", h0")
    outputs = "output, (h_n, c_n)" if lab.cell == "lstm" else "output, h_n"
    lines.append(f"{outputs} = model(x{state_arg})")
    code = "\n".join(lines)
    try:
        with torch.no_grad():
            output, state = module(x) if initial_state is None else module(x, initial_state)
    except RuntimeError as error:
        return FailureResult(config, code, True, str(error), {}, torch.__version__)
    shapes = {"input": list(x.shape), "output": list(output.shape)}
    if lab.cell == "lstm":
        shapes["h_n"], shapes["c_n"] = list(state[0].shape), list(state[1].shape)
    else:
        shapes["h_n"] = list(state.shape)
    return FailureResult(config, code, False, "", shapes, torch.__version__)

"""Sequence practice: sliding windows over a series, a chronological split, a visible train/eval
loop with early stopping, and the naive baselines every forecast must be compared with.

Indices follow the series: a window is x[o - window : o], and its forecast h steps ahead is
for x[o + h - 1]. The model learns one step ahead; longer horizons feed its own predictions back.
The split is by target index: train targets, then validation, then (if asked) test.
With `difference`, the windows and targets are the changes d[t] = x[t] - x[t-1]; forecasts are
added back onto the last known value, so every score is still in the series' own units.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from engine import series as series_module
from engine.control import Control, Emit, Progress, no_emit
from engine.options import option
from engine.results import CarriesConfig, result_fields
from engine.validation import ConfigError, build, capped, decimal, flag, one_of, whole_number

CELLS = ("gru", "lstm", "rnn", "linear")
VAL_FRACTION = 0.2
TEST_FRACTION = 0.15
MIN_TRAIN, MIN_VAL = 20, 10  # fewer targets than this and no number means much
MAX_MULTISTEP = 12


@dataclass(frozen=True)
class PracticeConfig:
    dataset: str = field(
        default="sunspots", metadata=option("sunspots, co2, nile, elnino, sine or seasonal")
    )
    # The learner's own file; then `column` names the series.
    csv: str = field(default="", metadata=option("your own CSV file (with --column)"))
    column: str = field(default="", metadata=option("the CSV column to forecast"))
    window: int = field(default=20, metadata=option("values per input window"))
    horizon: int = field(default=1, metadata=option("forecast this many steps ahead"))
    cell: str = field(default="gru", metadata=option("gru, lstm, rnn or linear"))
    hidden: int = field(default=32, metadata=option("hidden_size"))
    epochs: int = field(default=60, metadata=option("at most this many epochs"))
    lr: float = field(default=0.01, metadata=option("Adam learning rate"))
    batch: int = 32
    patience: int = field(
        default=10, metadata=option("early stopping patience in epochs (0: never)")
    )
    seed: int = field(default=0, metadata=option("random seed"))
    test: bool = field(default=False, metadata=option("also hold out and score a final test part"))
    # Use only the first `limit` values (0 = all): the overfitting demo's setting.
    limit: int = 0
    difference: bool = field(
        default=False,
        metadata=option("model the changes x[t] - x[t-1]; scores stay in the series' units"),
    )

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "csv", str(self.csv or "").strip())
        set_(self, "column", str(self.column or "").strip())
        if self.csv:
            if not self.column:
                raise ConfigError("give the column to read from your CSV (--column NAME)")
        else:
            set_(self, "dataset", one_of("dataset", self.dataset, tuple(series_module.DATASETS)))
        set_(self, "cell", one_of("cell", self.cell, CELLS))
        for name, low, high in (
            ("window", 2, 200),
            ("horizon", 1, 50),
            ("hidden", 1, 256),
            ("epochs", 1, 2000),
            ("batch", 1, 1024),
            ("patience", 0, 2000),
            ("seed", 0, 2**31 - 1),
            ("limit", 0, series_module.MAX_ROWS),
        ):
            set_(self, name, whole_number(name, getattr(self, name), low, high))
        set_(self, "epochs", capped(self.epochs))
        set_(self, "lr", decimal("lr", self.lr, 1e-7, 100.0))
        set_(self, "test", flag("test", self.test))
        set_(self, "difference", flag("difference", self.difference))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PracticeConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> dict[str, Any]:
        """Values a quiz prompt may use: the settings, and the series' length."""
        return {**self.to_dict(), "length": len(self.load().values)}

    def load(self) -> series_module.Series:

        loaded = (
            series_module.from_csv(self.csv, self.column)
            if self.csv
            else series_module.load(self.dataset)
        )
        if self.limit:
            values = loaded.values[: self.limit]
            loaded = series_module.Series(
                loaded.name, values, loaded.about, loaded.step, loaded.season, loaded.filled
            )
        return loaded


@dataclass(frozen=True)
class Split:
    """Target index ranges [start, end) of each part, in the original series."""

    train: tuple[int, int]
    val: tuple[int, int]
    test: tuple[int, int] | None

    def to_dict(self) -> dict[str, list[int]]:
        parts = {"train": list(self.train), "val": list(self.val)}
        if self.test is not None:
            parts["test"] = list(self.test)
        return parts


def _part_sizes(length: int, window: int, test: bool) -> tuple[int, int, int]:
    targets = max(0, length - window)  # one-step targets x[window:]
    n_val = round(targets * VAL_FRACTION)
    n_test = round(targets * TEST_FRACTION) if test else 0
    return targets - n_val - n_test, n_val, n_test


def _long_enough(length: int, window: int, test: bool) -> bool:
    n_train, n_val, n_test = _part_sizes(length, window, test)
    return n_train >= MIN_TRAIN and n_val >= MIN_VAL and (not test or n_test >= MIN_VAL)


def chronological_split(length: int, window: int, test: bool) -> Split:
    """Train on the earliest targets, validate on the next, test (if asked) on the last."""
    if not _long_enough(length, window, test):
        need = next(n for n in range(window, window + 1000) if _long_enough(n, window, test))
        raise ConfigError(
            f"too few values for a window of {window}: the series has {length}, "
            f"it needs at least {need} (or a shorter window)"
        )
    n_train, n_val, _ = _part_sizes(length, window, test)
    train = (window, window + n_train)
    val = (train[1], train[1] + n_val)
    return Split(train, val, (val[1], length) if test else None)


def windows(values, starts: list[int], window: int):
    """Inputs [len(starts), window, 1] for windows ending just before each index in `starts`."""
    import torch

    return torch.stack([values[o - window : o] for o in starts]).unsqueeze(-1)


def mase_scale(values: list[float], train_end: int, season: int | None) -> dict[str, Any]:
    """The scale of MASE (Hyndman & Koehler 2006): the in-sample mean absolute error of the
    naive forecast over the training part, x[:train_end], in the series' units. With a known
    season m it is the seasonal naive forecast x[t - m]; otherwise m = 1, persistence."""
    import torch

    period = season if season and season < train_end else 1
    seen = torch.tensor(values[:train_end], dtype=torch.float64)  # float64: small differences
    mae = float((seen[period:] - seen[:-period]).abs().mean())
    return {"kind": "seasonal" if period > 1 else "naive", "period": period, "mae": mae}


@dataclass(frozen=True)
class Prepared:
    """The series as the model sees it: normalised values, or normalised differences."""

    raw: Any  # float32 tensor, the series' own units
    values: Any  # what windows and targets are cut from
    mean: float
    std: float
    difference: bool
    seen_range: tuple[float, float]  # lowest and highest value the statistics came from

    def first_origin(self, window: int) -> int:
        # A window of differences needs one value more: d[1] is the first difference there is.
        return window + 1 if self.difference else window

    def inputs(self, origins: list[int], window: int):
        return windows(self.values, origins, window)

    def targets(self, origins: list[int]):
        return self.values[origins].unsqueeze(1)

    def levels(self, origins: list[int], forecasts):
        """Normalised forecasts [n, steps] from each origin, in the series' own units."""
        steps = forecasts * self.std + self.mean
        if not self.difference:
            return steps
        # Each forecast change is added onto the last known value, then onto each other.
        return self.raw[[o - 1 for o in origins]].unsqueeze(1) + steps.cumsum(dim=1)

    def beyond_seen(self, targets: list[int]) -> dict[str, Any]:
        """How many targets (values, or differences) lie outside the range of the part the
        statistics came from: values the model never saw anything like."""
        low, high = self.seen_range
        modelled = self.values[targets] * self.std + self.mean
        return {
            "count": int(((modelled < low) | (modelled > high)).sum()),
            "of": len(targets),
            "low": low,
            "high": high,
            "of_what": "differences" if self.difference else "values",
        }


def prepare(raw, stats_end: int, difference: bool) -> Prepared:
    """Normalise with the mean and std of the first `stats_end` values (the training part, when
    honest), of the series itself or of its differences."""
    import torch

    if difference:
        base = torch.full_like(raw, math.nan)  # d[0] does not exist; NaN makes any use loud
        base[1:] = raw[1:] - raw[:-1]
        seen = base[1:stats_end]
    else:
        base, seen = raw, raw[:stats_end]
    mean, std = float(seen.mean()), float(seen.std()) or 1.0
    span = (float(seen.min()), float(seen.max()))
    return Prepared(raw, (base - mean) / std, mean, std, difference, span)


def build_model(config: PracticeConfig):
    import torch

    from engine.models import LinearWindow, SequenceModel

    torch.manual_seed(config.seed)
    if config.cell == "linear":
        return LinearWindow(config.window)
    return SequenceModel(config.cell, 1, config.hidden, 1, every_step=False)


def _grad_norm(grads) -> float:
    import torch

    return float(torch.linalg.vector_norm(torch.cat([g.flatten() for g in grads])))


def train_step(
    model, optimizer, loss_fn, x, y, zero_grad: bool = True, measure: bool = False
) -> dict[str, float]:
    """One pass of the loop body: forward, loss, zero_grad, backward, optimizer step.

    Returns the loss and, with `measure`, the norm of the gradient the optimizer used and of
    this batch's own gradient: loss.backward() adds to each .grad, so without zero_grad the
    gradient used is the sum of every batch's since the start.
    """
    import torch

    prediction = model(x)  # forward
    loss = loss_fn(prediction, y)  # loss
    if zero_grad:
        optimizer.zero_grad()  # backward adds to .grad: clear the last batch's gradients
    params = [p for p in model.parameters() if p.requires_grad]
    if measure:
        before = [torch.zeros_like(p) if p.grad is None else p.grad.clone() for p in params]
    loss.backward()  # backward: fills (adds to) each p.grad
    done = {"loss": loss.item()}
    if measure:
        used = [torch.zeros_like(p) if p.grad is None else p.grad for p in params]
        done["used"] = _grad_norm(used)
        done["own"] = _grad_norm([g - old for g, old in zip(used, before, strict=True)])
    optimizer.step()  # optimizer step
    return done


@dataclass(frozen=True)
class PracticeProgress(Progress):
    """Sent after every epoch."""

    epoch: int
    # [epoch, train loss, validation loss] so far (normalised units); a copy, so an event kept
    # after it was sent still says what it said then
    curve: list[list[float]]
    best_epoch: int
    epochs: int  # the budget
    status: str = "training"  # "diverged" on the epoch the loss stopped being finite
    run: str = ""  # a failure mode's: which of its runs, "honest" or "broken"


@dataclass
class Fitted:
    """What the loop did: the curve, where validation was best, why it stopped."""

    curve: list[list[float]]  # [epoch, train loss, validation loss]
    best_epoch: int
    status: str
    best_weights: dict[str, Any] | None = field(repr=False)
    # [epoch, norm of the gradient used, norm of the batch's own gradient], last step of each
    grad_norms: list[list[float]]

    def summary(self) -> dict[str, Any]:
        return {"curve": self.curve, "best_epoch": self.best_epoch, "status": self.status}


def fit(
    model,
    train_x,
    train_y,
    val_x,
    val_y,
    config,
    emit: Emit,
    control: Control,
    zero_grad: bool = True,
    keep_best: bool = True,
) -> Fitted:
    """The train/eval loop the lesson shows: forward, loss, zero_grad, backward, optimizer step;
    then model.eval() and torch.no_grad() for validation. Early stopping stops after `patience`
    epochs without a better validation loss; keep_best restores the best epoch's weights."""
    import torch

    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    loss_fn = torch.nn.MSELoss()
    order = torch.Generator().manual_seed(config.seed)
    curve: list[list[float]] = []
    grad_norms: list[list[float]] = []
    best = (math.inf, 0, None)  # validation loss, epoch, weights
    status = "finished"
    for epoch in range(1, config.epochs + 1):
        model.train()
        total = 0.0
        batches = torch.randperm(len(train_x), generator=order).split(config.batch)
        for number, batch in enumerate(batches, start=1):
            control.checkpoint()
            last = number == len(batches)  # measured once an epoch: cloning costs time
            step = train_step(
                model, optimizer, loss_fn, train_x[batch], train_y[batch], zero_grad, last
            )
            total += step["loss"] * len(batch)
        grad_norms.append([epoch, step["used"], step["own"]])
        train_loss = total / len(train_x)
        model.eval()
        with torch.no_grad():
            val_loss = loss_fn(model(val_x), val_y).item()
        curve.append([epoch, train_loss, val_loss])
        if not (math.isfinite(train_loss) and math.isfinite(val_loss)):
            status = "diverged"
            emit(PracticeProgress(epoch, list(curve), best[1], config.epochs, status))
            break
        if val_loss < best[0]:
            best = (val_loss, epoch, {k: v.clone() for k, v in model.state_dict().items()})
        emit(PracticeProgress(epoch, list(curve), best[1], config.epochs))
        if config.patience and epoch - best[1] >= config.patience:
            status = "stopped early"
            break
    if keep_best and best[2] is not None:
        model.load_state_dict(best[2])  # keep the epoch that validated best
    return Fitted(curve, best[1], status, best[2], grad_norms)


def forecast(model, values, origins: list[int], window: int, steps: int):
    """Recursive forecasts: for each origin o, predict x[o], then feed it back, `steps` times.
    Returns [len(origins), steps] (normalised units)."""
    import torch

    history = windows(values, origins, window).clone()
    predictions = []
    model.eval()
    with torch.no_grad():
        for _ in range(steps):
            step = model(history)  # [n, 1]
            predictions.append(step)
            history = torch.cat([history[:, 1:], step.unsqueeze(1)], dim=1)
    return torch.cat(predictions, dim=1)


def errors(prediction, truth) -> dict[str, float]:
    difference = prediction - truth
    return {
        "mae": float(difference.abs().mean()),
        "rmse": float(difference.pow(2).mean().sqrt()),
    }


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator; a zero denominator gives infinity (null in JSON), NaN stays."""
    if denominator:
        return numerator / denominator
    return math.nan if math.isnan(numerator) else math.inf


def relative_scores(model_mae: float, persistence_mae: float, scale: dict) -> dict[str, float]:
    """rel_mae: the model's MAE over persistence's on the same targets (below 1: it beats the
    naive rule there). mase: the model's MAE in units of the in-sample naive MAE `scale`."""
    return {"rel_mae": ratio(model_mae, persistence_mae), "mase": ratio(model_mae, scale["mae"])}


def run(
    config: PracticeConfig, emit: Emit = no_emit, control: Control | None = None
) -> PracticeResult:
    import torch

    control = control or Control()
    data = config.load()
    raw = torch.tensor(data.values, dtype=torch.float32)
    split = chronological_split(len(raw), config.window, config.test)
    # Normalise with statistics of the training part only: no peeking at what comes later.
    prepared = prepare(raw, split.train[1], config.difference)
    scale = mase_scale(data.values, split.train[1], data.season)

    train_origins = list(range(prepared.first_origin(config.window), split.train[1]))
    val_origins = list(range(*split.val))
    train_x = prepared.inputs(train_origins, config.window)
    val_x = prepared.inputs(val_origins, config.window)
    train_y, val_y = prepared.targets(train_origins), prepared.targets(val_origins)
    model = build_model(config)
    trained = fit(model, train_x, train_y, val_x, val_y, config, emit, control)

    evaluation = evaluate(model, prepared, split.val, config, data.season, scale)
    test_metrics = None
    if split.test is not None:
        test_metrics = evaluate(model, prepared, split.test, config, data.season, scale)["metrics"]
    return PracticeResult(
        config=config,
        dataset={
            "name": data.name,
            "about": data.about,
            "step": data.step,
            "length": len(data.values),
            "season": data.season,
            "filled": data.filled,
            "start": data.start,
            "per_year": data.per_year,
        },
        split=split.to_dict(),
        normalisation={
            "mean": prepared.mean,
            "std": prepared.std,
            "from": "training part",
            "of": "differences" if config.difference else "values",
        },
        window_shape=list(train_x.shape),
        params=sum(p.numel() for p in model.parameters()),
        status=trained.status,
        curve=trained.curve,
        best_epoch=trained.best_epoch,
        test=test_metrics,
        torch_version=torch.__version__,
        **evaluation,
    )


def evaluate(model, prepared: Prepared, part: tuple[int, int], config, season, scale) -> dict:
    """Model and naive baselines on the same targets x[part], `config.horizon` steps ahead.
    Only targets inside the part are scored, at every k of the multistep table too."""
    import torch

    raw, h = prepared.raw, config.horizon
    targets = list(range(max(part[0], prepared.first_origin(config.window) + h - 1), part[1]))
    origins = [t - h + 1 for t in targets]
    steps = max(h, min(MAX_MULTISTEP, len(targets)))
    forecasts = prepared.levels(
        origins, forecast(model, prepared.values, origins, config.window, steps)
    )
    truth = raw[targets]
    model_h = forecasts[:, h - 1]
    history = torch.stack([raw[o - config.window : o] for o in origins])
    persistence = history[:, -1]
    metrics: dict[str, Any] = {
        "model": errors(model_h, truth),
        "persistence": errors(persistence, truth),
        "mean": errors(history.mean(dim=1), truth),
    }
    if season:
        lag = season * math.ceil(h / season)
        if targets[0] - lag >= 0:
            metrics["seasonal"] = errors(raw[[t - lag for t in targets]], truth)
    scores = relative_scores(metrics["model"]["mae"], metrics["persistence"]["mae"], scale)
    # Error against k, from the same origins; a target past the end of the part is left out.
    multistep: dict[str, list] = {"k": [], "model_mae": [], "persistence_mae": []}
    for k in range(1, steps + 1):
        usable = [i for i, o in enumerate(origins) if o + k - 1 < part[1]]
        if not usable:
            break
        truth_k = raw[[origins[i] + k - 1 for i in usable]]
        multistep["k"].append(k)
        multistep["model_mae"].append(float((forecasts[usable, k - 1] - truth_k).abs().mean()))
        multistep["persistence_mae"].append(float((persistence[usable] - truth_k).abs().mean()))
    return {
        "metrics": {
            **metrics,
            **scores,
            "mase_scale": scale,
            "beyond_training_range": prepared.beyond_seen(targets),
        },
        "multistep": multistep,
        "predictions": {
            "index": targets,
            "truth": truth.tolist(),
            "model": model_h.tolist(),
            "persistence": persistence.tolist(),
        },
    }


@dataclass(frozen=True)
class PracticeResult(CarriesConfig):
    config: PracticeConfig
    dataset: dict[str, Any]
    split: dict[str, list[int]]
    normalisation: dict[str, Any]
    window_shape: list[int]
    params: int
    status: str
    curve: list[list[float]]  # [epoch, train loss, validation loss] (normalised units)
    best_epoch: int
    metrics: dict[str, Any]  # on validation, original units
    multistep: dict[str, list[float]]
    predictions: dict[str, list[float]]
    test: dict[str, Any] | None
    torch_version: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PracticeResult:
        fields_ = result_fields(data)
        return cls(config=PracticeConfig.from_dict(data["config"]), **fields_)

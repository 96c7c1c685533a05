# RNN Roadmap: evidence portfolio

Exported by rnn-tutor on 2026-11-25 03:47.

## Pass check

Status: not passed yet.

| Criterion | Status | Evidence | What satisfies it |
|---|---|---|---|
| Reads [batch, seq_len, features] | no | 0 shape answers right, 0 correct predictions | 3 typed shape answers right and one correct shape prediction |
| Explains hidden state as rolling memory | no | Hidden note 2 characters; explain question not yet rated good or easy | a Hidden note, and the rolling-memory explain question (6.4.2) rated good or easy |
| Knows why LSTM/GRU were introduced | no | 0 race runs; Gate Reason note 0 characters | a race run (6.4.3) and a Gate Reason note |
| A runnable mini experiment, exported | no | not exported yet | rnn_first_loop.py exported from the 6.4.1 shape check (key x) |
| Tensor-shape checks done | no | 0 shape runs | a shape check (6.4.1) or a shape-lab run (6.4.2) |
| A loss or validation curve recorded | no | 0 runs with curves | a training run in 6.4.4 or a race in 6.4.3 |
| One failure mode named, with a run that shows it | no | note 0 characters; 0 failure runs cited | an 'A failure mode I saw' note citing a failure-mode run (6.4.2 or 6.4.4) |
| Connects tensors, layers, loss, backward() and the optimizer in one loop | no | missing: tensors, layers, loss, backward(), optimizer step | a 'My training loop' note that names each of them |

## Evidence notes

### Input

```text
yg9yvlpy4rnqcXgex
aDtUnvpfd
54
Qbt32g3vx
k1hhF
```

### Outputs

```text
c99qfwxmlha
```

### Hidden

```text
hs

```

### Gate Reason

_(not written yet)_

### Baseline

```text
p4ca
c
```

### A failure mode I saw

_(not written yet)_

### My training loop in one paragraph

_(not written yet)_

## Quiz history

| When | Lesson | Question | Result | Hint |
|---|---|---|---|---|
| 2026-11-25 03:46 | roadmap | time-axis | wrong |  |
| 2026-11-25 03:46 | roadmap | time-axis | right |  |
| 2026-11-25 03:46 | roadmap | hidden-meaning | wrong |  |
| 2026-11-25 03:46 | roadmap | hidden-meaning | wrong |  |
| 2026-11-25 03:46 | roadmap | hidden-meaning | wrong |  |
| 2026-11-25 03:47 | roadmap | hidden-meaning | wrong |  |

## Runnable mini experiment

`rnn_first_loop.py`, with the sizes of your latest shape check. Run it with `python rnn_first_loop.py` (needs only torch).

```python
# rnn_first_loop.py, exported by rnn-tutor. Run it: python rnn_first_loop.py
import torch

torch.manual_seed(0)
sequence = torch.randn(2, 3, 5)
gru = torch.nn.GRU(input_size=5, hidden_size=4, batch_first=True)
outputs, hidden = gru(sequence)

print("sequence_shape:", tuple(sequence.shape))
print("outputs_shape:", tuple(outputs.shape))
print("hidden_shape:", tuple(hidden.shape))
```

## Lessons

- 6.4.1 RNN Roadmap: in progress
- 6.4.2 RNN Basics: in progress
- 6.4.3 LSTM and GRU: in progress
- 6.4.4 Sequence Practice: in progress
- Pass Check Self-check: in progress

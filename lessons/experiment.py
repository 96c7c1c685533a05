"""The runnable mini experiment: the syllabus's rnn_first_loop.py with the learner's sizes."""

from __future__ import annotations

from engine.shape_check import ShapeCheckConfig

SCRIPT_NAME = "rnn_first_loop.py"


def first_loop_script(config: ShapeCheckConfig) -> str:
    """A standalone script (plain torch) that prints the same three lines as the shape check."""
    return f"""# {SCRIPT_NAME}, exported by rnn-tutor. Run it: python {SCRIPT_NAME}
import torch

torch.manual_seed({config.seed})
sequence = torch.randn({config.batch}, {config.seq_len}, {config.features})
gru = torch.nn.GRU(input_size={config.features}, hidden_size={config.hidden}, batch_first=True)
outputs, hidden = gru(sequence)

print("sequence_shape:", tuple(sequence.shape))
print("outputs_shape:", tuple(outputs.shape))
print("hidden_shape:", tuple(hidden.shape))
"""

"""PyTorch computations for rnn-tutor.

Importing this package (or any task's config) does not import torch: the UI process validates
configs with these classes while torch itself only ever loads in the engine process or the CLI.
"""

"""Warm-up: add two tensors.

This first exercise shows how every exercise works. Write the code
where it says TODO, save the file, and the checks run again
(`rnn-tutor exercise watch sample` in a terminal). Each check says
what it expected and what your code gave.

Task: `add(a, b)` returns a new tensor holding a + b, element by
element. `a` and `b` may have different shapes that broadcast, as
(3, 1) and (1, 4) do, giving shape (3, 4). Leave `a` and `b`
unchanged.

Run `python 00-sample.py` to try your function on a small example.
"""

import torch


def add(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    # TODO: return the element-wise sum of a and b, as a new tensor.
    raise NotImplementedError(
        "TODO: return the element-wise sum of a and b"
    )


if __name__ == "__main__":
    a = torch.ones(2, 3)
    b = torch.arange(3.0)
    print(add(a, b))  # expected: [[1., 2., 3.], [1., 2., 3.]]

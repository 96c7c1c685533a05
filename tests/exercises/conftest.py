"""Every exercise test runs torch on one thread: the machine is shared and the checks are meant
to be fast on one thread, as the runner gives them."""

import pytest
import torch


@pytest.fixture(autouse=True)
def one_thread() -> None:
    torch.set_num_threads(1)

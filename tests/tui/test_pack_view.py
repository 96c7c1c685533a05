"""The padded grid fits 60 columns at the largest batch, in blocks of steps, each column's
batch_sizes under it."""

from __future__ import annotations

from tui.panels.pack_view import PAD, REAL, WIDTH, grid


def test_the_largest_grid_comes_in_blocks_that_fit() -> None:
    lengths = [64 - 2 * i for i in range(32)]  # 64, 62, ..., 2
    batch_sizes = [sum(1 for n in lengths if n > t) for t in range(64)]
    lines = [line.plain for line in grid(lengths, batch_sizes)]
    assert max(len(line) for line in lines) <= WIDTH
    blocks = [block.splitlines() for block in "\n".join(lines).split("\n\n")]
    assert len(blocks) > 1
    steps_seen: list[int] = []
    for block in blocks:
        header, *rows, counts = block
        steps = [int(t) for t in header.split()[2:]]  # after "step t"
        steps_seen += steps
        assert [int(c) for c in counts.split()[1:]] == [batch_sizes[t] for t in steps]
        for i, row in enumerate(rows):
            cells = row.split()[4:]  # after "seq i len n"
            assert cells == [REAL if t < lengths[i] else PAD for t in steps]
    assert steps_seen == list(range(64))

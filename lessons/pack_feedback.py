"""Grading the learner's predictions of a packing run: four shapes and `batch_sizes`.

`batch_sizes` is a list of counts, not a shape, but it is read as leniently as one: [4, 3, 1],
(4, 3, 1), 4 3 1 and 4,3,1 all say the same.
"""

from __future__ import annotations

from lessons.quiz import Grade, grade_shape, parse_shape
from lessons.words import counted

# What the learner predicts, in the order the fields show them: the key in PackResult.shapes
# (batch_sizes: the list itself) and the name the code on screen gives it.
PREDICTED = {
    "input": "x",
    "packed_data": "packed.data",
    "output": "unpacked",
    "h_n": "h_n",
    "batch_sizes": "batch_sizes",
}
SHAPES = ("input", "packed_data", "output", "h_n")
# Why each has the shape it has, said under a wrong prediction (torch 2.x, batch_first=True).
WHY = {
    "input": "pad_sequence fills every sequence up to the longest: [batch, max_len, features].",
    "packed_data": "packing keeps only the real steps: [sum(lengths), features].",
    "output": "pad_packed_sequence pads back to the longest sequence: [batch, max_len, hidden].",
    "h_n": "h_n is [num_layers, batch, hidden]: batch_first does not apply to it.",
    "batch_sizes": "one count per step t: how many sequences are longer than t.",
}


# What each dimension of each shape counts, in the order torch gives them.
DIMENSIONS = {
    "input": ("batch", "max_len", "features"),
    "packed_data": ("sum(lengths)", "features"),
    "output": ("batch", "max_len", "hidden"),
    "h_n": ("num_layers", "batch", "hidden"),
}


def reason(key: str, typed: tuple[int, ...], answer: list[int]) -> str:
    """Why a prediction is wrong: which dimensions, named, then the rule. `typed` is () when
    the text could not be read as a shape."""
    rule = WHY[key]
    if key not in DIMENSIONS or not typed:
        return rule
    names = DIMENSIONS[key]
    if len(typed) != len(answer):
        return (
            f"{counted(len(answer), 'dimension')}, not {len(typed)}: [{', '.join(names)}]. {rule}"
        )
    wrong = [
        f"{name} is {right}, not {said}"
        for name, said, right in zip(names, typed, answer, strict=True)
        if said != right
    ]
    return f"{'; '.join(wrong)}. {rule}"


def format_counts(counts: list[int] | tuple[int, ...]) -> str:
    return "[" + ", ".join(str(count) for count in counts) + "]"


def grade_counts(text: str, expected: list[int]) -> Grade:
    """A typed batch_sizes against torch's."""
    if not text.strip():
        return Grade(None, "Type batch_sizes first, for example [3, 2, 1].")
    counts = parse_shape(text)
    if counts is None:
        return Grade(None, f"Could not read {text.strip()[:40]!r} as a list; try [3, 2, 1].")
    answer = format_counts(expected)
    if list(counts) == list(expected):
        return Grade(True, f"Right: {answer}.")
    if len(counts) != len(expected):
        return Grade(
            False,
            f"Not quite: you typed {counted(len(counts), 'count')}, one per time step; "
            f"the batch has {counted(len(expected), 'step')}: {answer}.",
        )
    wrong = [str(t) for t, (a, b) in enumerate(zip(counts, expected, strict=True)) if a != b]
    where = f"step {wrong[0]} differs" if len(wrong) == 1 else f"steps {', '.join(wrong)} differ"
    return Grade(False, f"Not quite: {where}; torch's is {answer}.")


def grade_predictions(
    guesses: dict[str, str], shapes: dict[str, list[int]], batch_sizes: list[int]
) -> dict[str, Grade]:
    """Each prediction's grade, by its key in PREDICTED."""
    grades = {key: grade_shape(guesses[key], shapes[key]) for key in SHAPES}
    grades["batch_sizes"] = grade_counts(guesses["batch_sizes"], batch_sizes)
    return grades

"""Exercise 5: cut a series into sliding windows, split them by time, and normalise with the
training part's statistics only (lesson 6.4.4)."""

NUMBER = 5
LESSON = "sequence-practice"
TITLE = "Sliding windows and an honest split"
HINT = (
    "Window i is series[i : i + window]; count how many whole windows and targets fit before "
    "the split. Statistics are computed on the training part, then applied to every value."
)

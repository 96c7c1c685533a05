"""Exercise 7: a forecasting pipeline whose validation score is too good; the learner finds the
two leaks and fixes them without changing the model (lesson 6.4.4)."""

NUMBER = 7
LESSON = "sequence-practice"
TITLE = "Find the leak"
HINT = (
    "Ask of every line before the split: which values does it look at? Statistics and windows "
    "may use the training part only, and the split must follow time."
)

"""Exercise 6: the whole training loop, from batches to gradient clipping, with validation in
eval mode under torch.no_grad() (lesson 6.4.4)."""

NUMBER = 6
LESSON = "sequence-practice"
TITLE = "The train/eval loop"
HINT = (
    "Each batch: forward, loss, zero_grad, backward, clip, step, in that order. After the "
    "batches, switch the model to eval mode and measure the validation loss where autograd is off."
)

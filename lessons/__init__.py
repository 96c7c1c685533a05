"""The curriculum as data, quiz grading, and the learner's record. Never imports textual."""

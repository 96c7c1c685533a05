"""A lesson's status, computed from the learner's record rather than declared."""

from __future__ import annotations

from lessons.catalog import Lesson
from lessons.quiz import CONFIDENT
from lessons.store import Store


def quiz_mastered(store: Store, lesson: Lesson) -> set[str]:
    """The quiz items of `lesson` answered right, or rated good or easy, at least once."""
    return {
        attempt.item
        for attempt in store.attempts(lesson.id)
        if attempt.correct or attempt.rating in CONFIDENT
    }


def predicted_right(store: Store, lesson: Lesson) -> bool:
    """Whether a shape prediction on the lesson's own task was right at least once."""
    return any(attempt.correct for attempt in store.attempts(lesson.id, item="prediction"))


def is_passed(store: Store, lesson: Lesson) -> bool:
    if lesson.id == "self-check":
        from lessons import pass_check  # the pass check reads every lesson

        return pass_check.passed(store)

    """Passed: every quiz item right once, and a correct prediction where the lesson has a task."""
    if not lesson.built:
        return False
    all_items = {item.id for item in lesson.quiz} <= quiz_mastered(store, lesson)
    return all_items and (not lesson.task or predicted_right(store, lesson))


def refresh_status(store: Store, lesson: Lesson) -> str:
    """Recompute and store the lesson's status after the learner did something in it."""
    status = "passed" if is_passed(store, lesson) else "in progress"
    if store.lesson_status(lesson.id) != status:
        store.set_lesson_status(lesson.id, status)
    return status

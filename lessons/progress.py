"""A lesson's status, computed from the learner's record by the pass rule its content declares."""

from __future__ import annotations

from dataclasses import dataclass

from lessons.catalog import Lesson
from lessons.evidence import BY_KEY
from lessons.quiz import CONFIDENT
from lessons.store import Store
from lessons.words import counted


@dataclass(frozen=True)
class Requirement:
    """One part of a lesson's pass rule, and whether the record meets it."""

    name: str
    met: bool
    detail: str  # what is missing, or what was done
    todo: str = ""  # what the learner still has to do for it, in a few words


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


def requirements(store: Store, lesson: Lesson) -> list[Requirement]:
    rule = lesson.passing
    found: list[Requirement] = []
    if rule.quiz:
        left = [item for item in rule.quiz if item not in quiz_mastered(store, lesson)]
        done = len(rule.quiz) - len(left)
        found.append(
            Requirement(
                "quiz",
                not left,
                f"{done} of {len(rule.quiz)} quiz questions",
                f"{counted(len(left), 'more quiz question')} right",
            )
        )
    if rule.prediction:
        right = predicted_right(store, lesson)
        found.append(
            Requirement(
                "prediction",
                right,
                "a right prediction" if right else "no right one",
                f"a right prediction in a {lesson.task} run",
            )
        )
    for task in rule.runs:
        count = len(store.runs(lesson.id, task))
        found.append(
            Requirement(f"run:{task}", count > 0, counted(count, f"{task} run"), f"a {task} run")
        )
    for key in rule.notes:
        written = bool(store.note(key).strip())
        label = BY_KEY[key].label if key in BY_KEY else key
        found.append(
            Requirement(
                f"note:{key}", written, "written" if written else "empty", f"the {label} note"
            )
        )
    if rule.exercises:
        passed = store.passed_exercises()
        for name in rule.exercises:
            done = name in passed
            found.append(
                Requirement(
                    f"exercise:{name}",
                    done,
                    "passes" if done else "not passed yet",
                    f"your {name} passing",
                )
            )
    if rule.pass_check:
        from lessons import pass_check  # the pass check reads every lesson

        criteria = pass_check.check(store)
        met = sum(criterion.met for criterion in criteria)
        found.append(
            Requirement(
                "pass check",
                met == len(criteria),
                f"{met} of {len(criteria)} criteria",
                counted(len(criteria) - met, "more pass-check criterion", "more criteria"),
            )
        )
    return found


def still_to_do(store: Store, lesson: Lesson) -> list[str]:
    """What the lesson's rule still asks of the learner, in its order."""
    return [r.todo for r in requirements(store, lesson) if not r.met]


def is_passed(store: Store, lesson: Lesson) -> bool:
    """Passed: the lesson is built, declares a rule, and the record meets every part of it."""
    found = requirements(store, lesson)
    return lesson.built and bool(found) and all(requirement.met for requirement in found)


def status(store: Store, lesson: Lesson) -> str:
    """The lesson's status as the record shows it now: passed by its rule, else as stored (a
    record kept under an older rule shows what this rule says, without a write)."""
    if is_passed(store, lesson):
        return "passed"
    stored = store.lesson_status(lesson.id)
    return "in progress" if stored == "passed" else stored


def refresh_status(store: Store, lesson: Lesson) -> str:
    """Recompute and store the lesson's status after the learner did something in it."""
    status = "passed" if is_passed(store, lesson) else "in progress"
    if store.lesson_status(lesson.id) != status:
        store.set_lesson_status(lesson.id, status)
    return status

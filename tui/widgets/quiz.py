"""A lesson's self-check quiz: one item at a time, 1-4 for choices, typed shapes graded by torch."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from lessons import progress
from lessons.catalog import Lesson, QuizItem
from lessons.quiz import Grade, grade_choice, grade_shape
from tui.engine_client import EngineError
from tui.services import services


class QuizPanel(VerticalScroll):
    DEFAULT_CSS = """
    QuizPanel { padding: 0 1; }
    QuizPanel > Static { height: auto; margin-bottom: 1; }
    QuizPanel #quiz-progress { color: $text-muted; margin-bottom: 0; }
    QuizPanel #quiz-answer { margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("1", "answer(1)", "Answer", id="answer-1", key_display="1-4", tooltip="Choose"),
        Binding("2", "answer(2)", "Answer", id="answer-2", show=False, tooltip="Choose 2"),
        Binding("3", "answer(3)", "Answer", id="answer-3", show=False, tooltip="Choose 3"),
        Binding("4", "answer(4)", "Answer", id="answer-4", show=False, tooltip="Choose 4"),
        Binding("h", "hint", "Hint", id="hint", tooltip="Show a hint (it is recorded)"),
        Binding("enter", "next", "Next", id="next-item", tooltip="Go to the next question"),
        Binding("space", "next", "Next", id="next-item-space", show=False, tooltip="Next"),
        Binding("r", "restart", "Restart", id="restart-quiz", tooltip="Take the quiz again"),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.can_focus = True
        self.index = 0
        self.answered = False
        self.hint_used = False
        self.right_this_round: list[str] = []
        self.wrong_this_round: list[str] = []
        self._expected: dict[str, tuple[int, ...]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-progress")
        yield Static(id="quiz-prompt")
        yield Static(id="quiz-options")
        yield Input(id="quiz-answer", placeholder="e.g. (2, 3, 4) · Enter checks · Esc leaves")
        yield Static(id="quiz-hint")
        yield Static(id="quiz-feedback")

    def on_mount(self) -> None:
        mastered = progress.quiz_mastered(services(self).store, self.lesson)
        pending = [i for i, item in enumerate(self.lesson.quiz) if item.id not in mastered]
        self.index = pending[0] if pending else 0
        self.show_item()

    @property
    def item(self) -> QuizItem | None:
        quiz = self.lesson.quiz
        return quiz[self.index] if self.index < len(quiz) else None

    # ---- showing ---------------------------------------------------------------------------

    def show_item(self) -> None:
        self.answered = False
        self.hint_used = False
        item = self.item
        answer_box = self.query_one("#quiz-answer", Input)
        for selector in ("#quiz-feedback", "#quiz-hint"):
            self.query_one(selector, Static).update("")
        if item is None:
            self._show_summary()
            answer_box.display = False
            self.refresh_bindings()
            return
        total = len(self.lesson.quiz)
        self.query_one("#quiz-progress", Static).update(
            Text(
                f"Question {self.index + 1} of {total} · right this round: "
                f"{len(self.right_this_round)}"
            )
        )
        self.query_one("#quiz-prompt", Static).update(Text(item.prompt, style="bold"))
        self.query_one("#quiz-options", Static).update(self._options_text(item, None))
        answer_box.display = item.kind == "shape"
        answer_box.value = ""
        if item.kind == "shape" and self.has_focus_within:
            answer_box.focus()
        self.refresh_bindings()

    def _options_text(self, item: QuizItem, chosen: int | None) -> Text:
        if item.kind != "choice":
            return Text("Type the shape below and press Enter.", style="dim")
        text = Text()
        for number, option in enumerate(item.options, start=1):
            mark = "  "
            style = ""
            if chosen is not None and number == item.answer:
                mark, style = "✓ ", "green"
            elif chosen is not None and number == chosen:
                mark, style = "✗ ", "red"
            text.append(f"{mark}{number}  {option}\n", style=style)
        return text

    def _show_summary(self) -> None:
        total = len(self.lesson.quiz)
        right = len(self.right_this_round)
        self.query_one("#quiz-progress", Static).update(Text("Quiz finished"))
        summary = Text(f"You answered {right} of {total} right this round.", style="bold")
        self.query_one("#quiz-prompt", Static).update(summary)
        revisit = Text()
        if self.wrong_this_round:
            revisit.append("Worth another look:\n")
            for item in self.lesson.quiz:
                if item.id in self.wrong_this_round:
                    revisit.append(f"  • {item.prompt}\n")
        revisit.append("Press r to take the quiz again.", style="dim")
        self.query_one("#quiz-options", Static).update(revisit)

    # ---- answering -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.item
        if action == "answer":
            return item is not None and item.kind == "choice" and not self.answered
        if action == "hint":
            return item is not None and not self.answered
        if action == "next":
            return item is not None and self.answered
        if action == "restart":
            return item is None
        return True

    def action_answer(self, choice: int) -> None:
        item = self.item
        if item is None or item.kind != "choice" or self.answered:
            return
        grade = grade_choice(item, choice)
        if not grade.gradable:
            self._feedback(grade)
            return
        self.query_one("#quiz-options", Static).update(self._options_text(item, choice))
        self._record(item, str(choice), grade)

    @on(Input.Submitted, "#quiz-answer")
    def typed(self, event: Input.Submitted) -> None:
        event.stop()
        item = self.item
        if item is None or item.kind != "shape" or self.answered:
            return
        if not event.value.strip():
            self._feedback(Grade(None, "Type a shape first, for example (2, 3, 4)."))
            return
        self.run_worker(
            self._grade_typed(item, event.value), group="quiz", exclusive=True, exit_on_error=False
        )

    async def _grade_typed(self, item: QuizItem, answer: str) -> None:
        expected = self._expected.get(item.id)
        if expected is None:
            if not services(self).engine.state.ready:
                self._feedback(Grade(None, "Checking with the engine (it is still loading torch)…"))
            try:
                data = await services(self).engine.run(item.task, item.config)
            except EngineError as error:
                self._feedback(Grade(None, f"Could not check the answer: {error}"))
                return
            expected = tuple(data[item.field])
            self._expected[item.id] = expected
        grade = grade_shape(answer, expected)
        if not grade.gradable:
            self._feedback(grade)
            return
        if self.item is item and not self.answered:
            self._record(item, answer, grade)

    def _record(self, item: QuizItem, answer: str, grade: Grade) -> None:
        store = services(self).store
        store.record_attempt(
            self.lesson.id, item.id, answer, grade.correct, hint_used=self.hint_used
        )
        (self.right_this_round if grade.correct else self.wrong_this_round).append(item.id)
        self.answered = True
        self._feedback(grade, explanation=item.explanation)
        self.query_one("#quiz-answer", Input).disabled = True
        self.focus()
        before = store.lesson_status(self.lesson.id)
        if progress.refresh_status(store, self.lesson) == "passed" and before != "passed":
            self.notify("Lesson passed: every quiz item right and a correct prediction.")
        self.refresh_bindings()

    def _feedback(self, grade: Grade, explanation: str = "") -> None:
        style = {True: "green", False: "red", None: "yellow"}[grade.correct]
        text = Text(grade.message, style=style)
        if explanation:
            text.append("\n" + explanation, style="italic")
            text.append("\nEnter: next question", style="dim")
        self.query_one("#quiz-feedback", Static).update(text)

    def action_hint(self) -> None:
        item = self.item
        if item is None or self.answered:
            return
        self.hint_used = True
        self.query_one("#quiz-hint", Static).update(Text(f"Hint: {item.hint}", style="cyan"))

    def action_next(self) -> None:
        if not self.answered:
            return
        self.index += 1
        self.query_one("#quiz-answer", Input).disabled = False
        self.show_item()
        if self.item is not None and self.item.kind == "shape":
            self.query_one("#quiz-answer", Input).focus()

    def action_restart(self) -> None:
        self.index = 0
        self.right_this_round.clear()
        self.wrong_this_round.clear()
        self.query_one("#quiz-answer", Input).disabled = False
        self.show_item()

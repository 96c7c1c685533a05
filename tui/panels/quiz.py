"""A lesson's self-check quiz, one item at a time.

Choice items take 1-4. Shape items are typed and graded against the engine's own run of the
item's configuration (generated items get a fresh configuration each try). Explain items are
written, then compared with a reference answer and self-rated 1-4 (again, hard, good, easy).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from functools import partial

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from lessons import progress
from lessons.catalog import Lesson, QuizItem
from lessons.quiz import RATINGS, Grade, format_shape, grade_choice, grade_shape, parse_shape
from tui.engine_client import EngineError
from tui.panels.quiz_context import CONTEXTS
from tui.run_record import lesson_changed
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.panel import Panel

QUIZ_SEED = "quiz_seed"  # one seed per learner, so generated questions can be replayed
PLACEHOLDERS = {
    "shape": "e.g. (2, 3, 4) · Enter checks · Esc leaves the box",
    "explain": "your explanation, in a sentence or two · Enter compares",
}


class QuizPanel(Panel):
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
        Binding("ctrl+r", "restart", "Restart", id="restart-quiz", tooltip="Take the quiz again"),
    ]

    def __init__(
        self,
        entries: Sequence[tuple[Lesson, QuizItem]],
        resume: bool = True,
        on_finish: Callable[[], None] | None = None,
        **kwargs,
    ) -> None:
        """`entries` are the questions, each with its lesson; with `resume`, start at the first
        one not yet answered right. `on_finish` runs when the last one has been answered."""
        super().__init__(**kwargs)
        self.entries = list(entries)
        self.resume = resume
        self.on_finish = on_finish
        self.can_focus = True
        self.index = 0
        self.answered = False
        self.hint_used = False
        self.explanation = ""  # an explain item's text, kept while the learner rates it
        self.config: dict = {}  # the configuration a shape item is asked about this time
        self.right_this_round: list[tuple[str, str]] = []
        self.wrong_this_round: list[tuple[str, str]] = []
        self.asked: dict[tuple[str, str], str] = {}  # each question as posed, numbers filled in

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-progress")
        yield Static(id="quiz-prompt")
        yield Static(id="quiz-context")
        yield Static(id="quiz-options")
        yield Input(id="quiz-answer", max_length=2000)
        yield Static(id="quiz-hint")
        yield Static(id="quiz-feedback")

    def on_mount(self) -> None:
        self.start(self.entries, self.resume)

    @classmethod
    def for_lesson(cls, lesson: Lesson, **kwargs) -> QuizPanel:
        return cls([(lesson, item) for item in lesson.quiz], **kwargs)

    def start(self, entries: Sequence[tuple[Lesson, QuizItem]], resume: bool = False) -> None:
        """Begin a round over `entries` (the self-check builds a new round each time)."""
        self.entries = list(entries)
        self.index = 0
        self.right_this_round.clear()
        self.wrong_this_round.clear()
        if resume:
            store = services(self).store
            mastered = {
                (lesson.id, item_id)
                for lesson in {lesson.id: lesson for lesson, _ in self.entries}.values()
                for item_id in progress.quiz_mastered(store, lesson)
            }
            pending = [
                i
                for i, (lesson, item) in enumerate(self.entries)
                if (lesson.id, item.id) not in mastered
            ]
            self.index = pending[0] if pending else 0
        self.show_item()

    def take_focus(self) -> None:
        """Focus the answer box when the question wants typing, else the panel (for 1-4)."""
        box = self.query_one("#quiz-answer", Input)
        if box.display and not box.disabled:
            box.focus()
        else:
            self.focus()

    @property
    def item(self) -> QuizItem | None:
        return self.entries[self.index][1] if self.index < len(self.entries) else None

    @property
    def key(self) -> tuple[str, str]:
        """The current question's (lesson id, item id): item ids are unique within a lesson."""
        return self.item_lesson.id, self.entries[self.index][1].id

    @property
    def item_lesson(self) -> Lesson:
        return self.entries[self.index][0]

    @property
    def rating_pending(self) -> bool:
        return bool(self.explanation) and not self.answered

    # ---- showing ---------------------------------------------------------------------------

    def show_item(self) -> None:
        self.answered = False
        self.hint_used = False
        self.explanation = ""
        item = self.item
        answer_box = self.query_one("#quiz-answer", Input)
        for selector in ("#quiz-feedback", "#quiz-hint"):
            self.query_one(selector, Static).update("")
        if item is None:
            self.query_one("#quiz-context", Static).display = False
            self._show_summary()

            answer_box.display = False
            self.refresh_bindings()
            return
        self._show_progress()
        prompt = item.prompt
        if item.kind == "shape":
            self.config = item.config_for(self._seed(), self._tries(item))
            prompt = item.pose(self.config)
        self.asked[self.key] = prompt
        self.query_one("#quiz-prompt", Static).update(Text(prompt, style="bold"))
        context = self.query_one("#quiz-context", Static)
        context.display = bool(item.context or item.origin)
        if item.origin:  # a question made from the learner's own mistake says where it was made
            context.update(Text(item.origin, style="italic"))
        elif item.context:
            context.update(CONTEXTS[item.context](services(self).store, self.item_lesson.id))
        self.query_one("#quiz-options", Static).update(self._options_text(item, None))
        answer_box.display = item.kind in PLACEHOLDERS
        answer_box.placeholder = PLACEHOLDERS.get(item.kind, "")
        answer_box.value = ""
        answer_box.disabled = False
        if answer_box.display and self.has_focus_within:
            answer_box.focus()
        self.refresh_bindings()

    def _show_progress(self) -> None:
        # Shown again after each answer, so the count includes the answer just given.
        self.query_one("#quiz-progress", Static).update(
            Text(
                f"Question {self.index + 1} of {len(self.entries)} · {self.item_lesson.label} · "
                f"right this round: {len(self.right_this_round)}"
            )
        )

    def _seed(self) -> int:
        store = services(self).store
        seed = store.get_state(QUIZ_SEED)
        if seed is None or not seed.isdigit():
            seed = str(random.randrange(2**31))
            store.set_state(QUIZ_SEED, seed)
        return int(seed)

    def _tries(self, item: QuizItem) -> int:
        return len(services(self).store.attempts(self.item_lesson.id, item.id))

    def _options_text(self, item: QuizItem, chosen: int | None) -> Text | Table:
        if item.kind == "shape":
            return Text("Type the shape below and press Enter.", style="dim")
        if item.kind == "explain":
            return Text("Write it in your own words below and press Enter.", style="dim")
        # A grid, so a long option wraps under its own text, not under its number.
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for number, option in enumerate(item.options, start=1):
            mark = "  "
            style = ""
            if chosen is not None and number == item.answer:
                mark, style = "✓ ", "green"
            elif chosen is not None and number == chosen:
                mark, style = "✗ ", "red"
            grid.add_row(Text(f"{mark}{number}", style=style), Text(option, style=style))
        return grid

    def _show_summary(self) -> None:
        total = len(self.entries)
        right = len(self.right_this_round)
        self.query_one("#quiz-progress", Static).update(Text("Quiz finished"))
        summary = Text(f"You answered {right} of {total} right this round.", style="bold")
        self.query_one("#quiz-prompt", Static).update(summary)
        revisit = Text()
        if self.wrong_this_round:
            revisit.append("Worth another look:\n")
            for lesson, item in self.entries:
                if (lesson.id, item.id) in self.wrong_this_round:
                    asked = self.asked.get((lesson.id, item.id), item.prompt)
                    revisit.append(f"  • {lesson.section}: {asked}\n")
        revisit.append("Press ctrl+r to take the quiz again.", style="dim")
        self.query_one("#quiz-options", Static).update(revisit)
        if self.on_finish is not None:
            self.on_finish()

    # ---- answering -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.item
        if action == "answer":
            choosing = item is not None and item.kind == "choice" and not self.answered
            return choosing or self.rating_pending
        if action == "hint":
            return item is not None and not self.answered and not self.rating_pending
        if action == "next":
            return item is not None and self.answered
        if action == "restart":
            return item is None
        return True

    def action_answer(self, number: int) -> None:
        item = self.item
        if item is None or self.answered:
            return
        if self.rating_pending:
            self._rate(item, RATINGS[number - 1])
            return
        if item.kind != "choice":
            return
        grade = grade_choice(item, number)
        if not grade.gradable:
            self._feedback(grade)
            return
        self.query_one("#quiz-options", Static).update(self._options_text(item, number))
        self._record(item, str(number), grade)

    @on(Input.Submitted, "#quiz-answer")
    def typed(self, event: Input.Submitted) -> None:
        event.stop()
        item = self.item
        if item is None or self.answered or self.rating_pending:
            return
        if not event.value.strip():
            what = "a shape, for example (2, 3, 4)" if item.kind == "shape" else "a sentence"
            self._feedback(Grade(None, f"Type {what} first."))
            return
        if item.kind == "explain":
            self._show_reference(item, event.value)
            return
        self.run_worker(
            partial(self._grade_typed, item, dict(self.config), event.value),
            group="quiz",
            exclusive=True,
            exit_on_error=False,
        )

    async def _grade_typed(self, item: QuizItem, config: dict, answer: str) -> None:
        engine = services(self).engine
        if not engine.state.ready:
            self._feedback(Grade(None, "Checking with the engine (it is still loading torch)…"))
        try:
            result = await engine.run(item.task, config)
        except EngineError as error:
            self._feedback(Grade(None, f"Could not check the answer: {error}"))
            return
        grade = grade_shape(answer, tuple(item.answer_in(result)))
        if not grade.gradable:
            self._feedback(grade)
        elif self.item is item and not self.answered:
            self._record(item, answer, grade)

    def _show_reference(self, item: QuizItem, text: str) -> None:
        self.explanation = text
        self.query_one("#quiz-answer", Input).disabled = True
        self.focus()
        reference = Text("A reference answer:\n", style="bold")
        reference.append(item.reference + "\n\n", style="italic")
        reference.append("How close was yours? 1 again · 2 hard · 3 good · 4 easy")
        self.query_one("#quiz-feedback", Static).update(reference)
        self.refresh_bindings()

    def _rate(self, item: QuizItem, rating: str) -> None:
        store = services(self).store
        store.record_attempt(
            self.item_lesson.id,
            item.id,
            self.explanation,
            None,
            rating=rating,
            hint_used=self.hint_used,
        )
        confident = rating in ("good", "easy")
        (self.right_this_round if confident else self.wrong_this_round).append(self.key)
        self.answered = True
        message = Text(f"Rated {rating}. ", style="green" if confident else "yellow")
        message.append(item.explanation, style="italic")
        message.append("\nEnter: next question", style="dim")
        self.query_one("#quiz-feedback", Static).update(message)
        self._after_answer()

    def _record(self, item: QuizItem, answer: str, grade: Grade) -> None:
        store = services(self).store
        store.record_attempt(
            self.item_lesson.id, item.id, answer, grade.correct, hint_used=self.hint_used
        )
        if item.generate and grade.correct is False:
            # A generated question asks a fresh configuration each time: keep this one, so
            # the review asks it again.
            lesson, config = self.item_lesson.id, dict(self.config)
            typed = format_shape(parse_shape(answer) or ())
            store.record_mistake(lesson, "quiz", item.task, config, item.field, typed, item.id)
        (self.right_this_round if grade.correct else self.wrong_this_round).append(self.key)
        self.answered = True
        self._feedback(grade, explanation=item.explanation)
        self.query_one("#quiz-answer", Input).disabled = True
        self.focus()
        self._after_answer()

    def _after_answer(self) -> None:
        self._show_progress()
        lesson_changed(self, self.item_lesson)
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
        self.show_item()

    def action_restart(self) -> None:
        self.start(self.entries)


@tab_kind("quiz", "Quiz", "q", "The self-check quiz", "QuizPanel")
def quiz_tab(screen, tab):
    return QuizPanel.for_lesson(screen.lesson)

"""The intake of one dossier as a plain-Python state machine (no Qt).

The UI shows :attr:`IntakeFlow.current`, passes what the citizen entered to
:meth:`IntakeFlow.answer`, and gets back an empty list (accepted, moved on)
or the errors to show. :meth:`back` pops a back-stack (Electrum's wizard);
:meth:`change` is the review page's "Change" link: after the changed answer,
and any questions it newly calls for, the flow returns to the review.

The flow holds personal data: it lives in the :class:`~kiosk.session.KioskSession`
(see :mod:`kiosk.intake.session_link`) and :meth:`wipe` erases it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import JsonValue

from kiosk.catalog.conditions import applies
from kiosk.catalog.model import Procedure
from kiosk.config import Language
from kiosk.dossier import Consent, Identity, PaperRef, Verdict
from kiosk.intake import steps as ids
from kiosk.intake.consent import ConsentNotice
from kiosk.intake.messages import FieldError
from kiosk.intake.prefill import prefilled
from kiosk.intake.steps import FIXED, Step, StepKind
from kiosk.intake.validate import check

Clock = Callable[[], datetime]
Listener = Callable[[], None]


@dataclass
class _State:
    """Everything the citizen has entered; replaced wholesale by :meth:`IntakeFlow.wipe`."""

    identity: Identity | None = None
    answers: dict[str, JsonValue] = field(default_factory=dict)
    locked: set[str] = field(default_factory=set)
    visited: set[str] = field(default_factory=set)
    papers: dict[str, PaperRef] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    consent: Consent | None = None
    returning_to_review: bool = False


class IntakeFlow:
    """Walks one procedure from identity to submit."""

    def __init__(
        self,
        procedure: Procedure,
        clock: Clock,
        notice: ConsentNotice,
        language: Language = "vi",
    ) -> None:
        self.procedure = procedure
        self.notice = notice
        self.language: Language = language
        self._clock = clock
        self._state = _State()
        self._current = ids.IDENTITY
        self._listeners: list[Listener] = []
        self._wiped = False
        self.submitted = False

    # -- observation -------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` after every change (the session uses it to reset the idle timer)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # -- what there is to show ----------------------------------------------
    @property
    def answers(self) -> dict[str, JsonValue]:
        """Answers to the questions that apply now (hidden ones are not part of the dossier)."""
        visible = {
            q.id for q in self.procedure.questions if applies(q.show_if, self._state.answers)
        }
        return {k: v for k, v in self._state.answers.items() if k in visible and v is not None}

    @property
    def identity(self) -> Identity | None:
        return self._state.identity

    @property
    def papers(self) -> tuple[PaperRef, ...]:
        wanted = [s.paper.id for s in self.steps() if s.paper is not None]
        return tuple(self._state.papers[p] for p in wanted if p in self._state.papers)

    @property
    def consent(self) -> Consent | None:
        return self._state.consent

    @property
    def current(self) -> Step:
        return self._step(self._current)

    @property
    def can_go_back(self) -> bool:
        return bool(self._state.history) and not self.submitted

    def is_locked(self, question_id: str) -> bool:
        return question_id in self._state.locked

    def value(self, question_id: str) -> JsonValue:
        """The answer held for a question (pre-filled or given), for the screen to show."""
        return self._state.answers.get(question_id)

    def paper(self, paper_id: str) -> PaperRef | None:
        return self._state.papers.get(paper_id)

    def steps(self) -> list[Step]:
        """The steps as the answers stand now, in order (for a progress bar)."""
        answers = self._state.answers
        questions = [
            Step.of_question(q)
            for q in self.procedure.questions
            if applies(q.show_if, answers) and q.id not in self._state.locked
        ]
        papers = [Step.of_paper(p) for p in self.procedure.papers if applies(p.show_if, answers)]
        fixed = [FIXED[name] for name in (ids.REVIEW, ids.CONSENT, ids.SUBMIT, ids.DONE)]
        return [FIXED[ids.IDENTITY], *questions, *papers, *fixed]

    def _step(self, step_id: str) -> Step:
        for step in self.steps():
            if step.id == step_id:
                return step
        raise LookupError(f"no step {step_id!r} for the answers given")

    def complete(self, step: Step) -> bool:
        """Whether a step before the review has what it needs."""
        state = self._state
        if step.kind is StepKind.IDENTITY:
            return state.identity is not None
        if step.question is not None:
            answered = state.answers.get(step.question.id) is not None
            return step.id in state.visited and (answered or not step.question.required)
        if step.paper is not None:
            return step.paper.id in state.papers or (
                step.id in state.visited and not step.paper.required
            )
        return step.id in state.visited

    def missing(self) -> list[Step]:
        """Steps before the review that still need something."""
        before_review = self.steps()[: self._index(ids.REVIEW)]
        return [step for step in before_review if not self.complete(step)]

    def _index(self, step_id: str) -> int:
        return [s.id for s in self.steps()].index(step_id)

    # -- citizen actions -----------------------------------------------------
    def answer(self, value: object = None) -> list[FieldError]:
        """Give the current step its input; on success move on and return ``[]``.

        identity: an :class:`Identity`; question: the raw answer; paper: a
        :class:`PaperRef` (or ``None`` to skip an optional paper); review:
        nothing; consent: ``True`` (anything else is refused).
        """
        self._alive()
        step = self.current
        errors = self._accept(step, value)
        if errors:
            self._changed()
            return errors
        self._state.visited.add(step.id)
        self._move(self._following(step))
        return []

    def back(self) -> None:
        """Return to the previous step still shown (Back)."""
        self._alive()
        history = self._state.history
        visible = {s.id for s in self.steps()}
        while history:
            previous = history.pop()
            if previous in visible:
                self._current = previous
                self._state.returning_to_review = False
                break
        self._changed()

    def change(self, step_id: str) -> None:
        """From the review, go to ``step_id`` to change it, then come back."""
        self._alive()
        if self._current != ids.REVIEW:
            raise RuntimeError("change() is offered on the review page only")
        self._step(step_id)  # raises for a step that is not shown
        self._state.returning_to_review = True
        self._move(step_id)

    def wipe(self) -> None:
        """Erase everything entered; the flow cannot be used afterwards."""
        self._state = _State()
        self._wiped = True
        self._listeners.clear()

    # -- internals -----------------------------------------------------------
    def _alive(self) -> None:
        if self._wiped:
            raise RuntimeError("this intake was wiped with its session")
        if self.submitted and self._current == ids.DONE:
            raise RuntimeError("this dossier was submitted")

    def _move(self, step_id: str) -> None:
        if step_id != self._current:
            self._state.history.append(self._current)
            self._current = step_id
        self._changed()

    def _following(self, step: Step) -> str:
        if self._state.returning_to_review or step.kind is StepKind.REVIEW:
            missing = self.missing()
            if missing:
                return missing[0].id
            if step.kind is StepKind.REVIEW:
                return ids.CONSENT
            self._state.returning_to_review = False
            return ids.REVIEW
        order = self.steps()
        return order[order.index(step) + 1].id

    def _accept(self, step: Step, value: object) -> list[FieldError]:
        if step.kind is StepKind.IDENTITY:
            return self._accept_identity(value)
        if step.question is not None:
            return self._accept_question(step, value)
        if step.paper is not None:
            return self._accept_paper(step, value)
        if step.kind is StepKind.REVIEW:
            return []  # anything still missing is asked next (see _following)
        if step.kind is StepKind.CONSENT:
            return self._accept_consent(value)
        raise RuntimeError("submit with kiosk.intake.submit.submit(flow, ...)")

    def _accept_identity(self, value: object) -> list[FieldError]:
        if not isinstance(value, Identity):
            raise TypeError("the identity step takes an Identity")
        if value.verdict is Verdict.FAILED:
            return [FieldError(ids.IDENTITY, "identity_not_genuine")]
        if value.expiry_date is not None and value.expiry_date < self._today():
            return [FieldError(ids.IDENTITY, "card_expired")]
        answers, locked = prefilled(self.procedure, value)
        state = self._state
        # A new identity replaces what the previous one pre-filled, not what was typed since.
        for question_id in state.locked:
            state.answers.pop(question_id, None)
        state.identity = value
        state.locked = locked
        for question_id, prefill in answers.items():
            if question_id in locked or question_id not in state.visited:
                state.answers[question_id] = prefill
        return []

    def _accept_question(self, step: Step, value: object) -> list[FieldError]:
        assert step.question is not None
        kept, error = check(step.question, value, self._today())
        if error is not None:
            return [error]
        self._state.answers[step.question.id] = kept
        return []

    def _accept_paper(self, step: Step, value: object) -> list[FieldError]:
        paper = step.paper
        assert paper is not None
        if value is None:
            if paper.required:
                return [FieldError(step.id, "paper_missing")]
            self._state.papers.pop(paper.id, None)
            return []
        if not isinstance(value, PaperRef):
            raise TypeError("a paper step takes a PaperRef or None")
        if value.requirement_id != paper.id:
            return [FieldError(step.id, "paper_mismatch")]
        most = paper.pages_max * paper.count
        if not paper.pages_min <= value.pages <= most:
            params = {"min": str(paper.pages_min), "max": str(most), "pages": str(value.pages)}
            return [FieldError(step.id, "paper_pages", params)]
        self._state.papers[paper.id] = value
        return []

    def _accept_consent(self, value: object) -> list[FieldError]:
        # Only an explicit True: a pre-ticked default, "yes" text or 1 is not consent.
        if value is not True:
            return [FieldError(ids.CONSENT, "consent_required")]
        self._state.consent = self.notice.record(self.language, self._clock())
        return []

    def finish(self) -> None:
        """Mark the dossier handed over and show what happens next."""
        self._alive()
        self.submitted = True
        self._state.history.clear()
        self._current = ids.DONE
        self._changed()

    def now(self) -> datetime:
        return self._clock()

    def _today(self) -> date:
        return self._clock().date()

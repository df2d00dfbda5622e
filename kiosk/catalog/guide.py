"""The "I don't know which procedure" path: a few plain questions, then a short list.

The questions are catalog data (``guide``): each answer either asks the next
question or names the procedures it fits. A citizen taps one answer per
screen; Back returns to the question before. :func:`problems` is what
``kiosk catalog validate`` checks: every ``next`` and every code exists, no
path loops, and no path asks more than :data:`MAX_QUESTIONS` questions.
"""

from __future__ import annotations

from collections.abc import Iterator

from kiosk.catalog.model import Catalog, Guide, GuideAnswer, GuideQuestion, Procedure

MAX_QUESTIONS = 3
"""Questions on the longest path: more, and the citizen is better served at the counter."""

Problem = tuple[str, str]


class GuideWalk:
    """One citizen's way through the guide (plain state; the screens show it)."""

    def __init__(self, catalog: Catalog) -> None:
        if catalog.guide is None:
            raise LookupError("this catalog has no guide; the procedure list is the only way")
        self.catalog = catalog
        self.guide: Guide = catalog.guide
        self._asked: list[GuideQuestion] = [self._question(self.guide.start)]
        self._end: GuideAnswer | None = None

    @property
    def question(self) -> GuideQuestion | None:
        """The question to show now; ``None`` once an answer named the procedures."""
        return None if self._end is not None else self._asked[-1]

    @property
    def number(self) -> int:
        """Which question this is (1 for the first)."""
        return len(self._asked)

    @property
    def finished(self) -> bool:
        return self._end is not None

    def choose(self, index: int) -> None:
        """Tap answer ``index`` of the current question."""
        question = self.question
        if question is None:
            raise RuntimeError("the guide has ended; go back to change an answer")
        answer = question.answers[index]
        if answer.next is not None:
            self._asked.append(self._question(answer.next))
        else:
            self._end = answer

    def back(self) -> bool:
        """Go to the question before; ``False`` when there is none (leave the guide)."""
        if self._end is not None:
            self._end = None
            return True
        if len(self._asked) > 1:
            self._asked.pop()
            return True
        return False

    def matches(self) -> list[Procedure]:
        """The procedures the answers lead to, in the order the catalog gives them."""
        if self._end is None:
            return []
        return [self.catalog.procedure(code) for code in self._end.procedures]

    def _question(self, question_id: str) -> GuideQuestion:
        return next(q for q in self.guide.questions if q.id == question_id)


def problems(catalog: Catalog) -> Iterator[Problem]:
    """Every problem of the catalog's guide (none when there is no guide)."""
    guide = catalog.guide
    if guide is None:
        return
    questions = {q.id: q for q in guide.questions}
    seen: set[str] = set()
    for question in guide.questions:
        if question.id in seen:
            yield f"guide.questions[{question.id}]", "appears twice"
        seen.add(question.id)
    if guide.start not in questions:
        yield "guide.start", f"no question '{guide.start}' in 'guide.questions'"
        return
    codes = {p.code for p in catalog.procedures}
    for question in guide.questions:
        for index, answer in enumerate(question.answers):
            key = f"guide.questions[{question.id}].answers[{index}]"
            yield from _answer_problems(key, answer, questions, codes)
    yield from _path_problems(guide.start, questions)


def _answer_problems(
    key: str, answer: GuideAnswer, questions: dict[str, GuideQuestion], codes: set[str]
) -> Iterator[Problem]:
    if (answer.next is None) == (not answer.procedures):
        yield key, "give either 'next' (a question) or 'procedures' (codes), not both or neither"
    if answer.next is not None and answer.next not in questions:
        yield f"{key}.next", f"no question '{answer.next}' in 'guide.questions'"
    for code in answer.procedures:
        if code not in codes:
            yield f"{key}.procedures", f"no procedure '{code}' in 'procedures'"


def _path_problems(start: str, questions: dict[str, GuideQuestion]) -> Iterator[Problem]:
    """Loops, paths longer than :data:`MAX_QUESTIONS`, questions no path reaches."""
    reached: set[str] = set()
    stack: list[tuple[str, tuple[str, ...]]] = [(start, ())]
    while stack:
        question_id, before = stack.pop()
        path = (*before, question_id)
        if question_id in before:
            yield f"guide.questions[{question_id}]", "is asked again on its own path (a loop)"
            continue
        if len(path) > MAX_QUESTIONS:
            yield (
                f"guide.questions[{question_id}]",
                f"makes a path of more than {MAX_QUESTIONS} questions: {' > '.join(path)}",
            )
            continue
        reached.add(question_id)
        for answer in questions[question_id].answers:
            if answer.next is not None and answer.next in questions:
                stack.append((answer.next, path))
    for question_id in questions:
        if question_id not in reached:
            yield f"guide.questions[{question_id}]", "no answer leads to it"

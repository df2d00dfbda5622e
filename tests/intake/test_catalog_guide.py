"""The "I don't know which procedure" questions: data in the catalog, checked, walked by taps."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from kiosk.catalog import parse_catalog, shipped_catalog
from kiosk.catalog.guide import MAX_QUESTIONS, GuideWalk
from kiosk.catalog.model import Catalog
from kiosk.errors import ConfigError


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


def walk_to(catalog: Catalog, labels: list[str]) -> GuideWalk:
    """Tap the answers whose Vietnamese labels start with ``labels``, in turn."""
    walk = GuideWalk(catalog)
    for start in labels:
        question = walk.question
        assert question is not None, f"the guide ended before {start!r}"
        texts = [answer.label.vi for answer in question.answers]
        walk.choose(next(i for i, text in enumerate(texts) if text.startswith(start)))
    return walk


@pytest.mark.parametrize(
    ("labels", "codes"),
    [
        (["Xin giấy xác nhận", "Tôi không có tiền án"], ["2.000488"]),
        (["Gia đình", "Gia đình có em bé"], ["1.001193"]),
        (["Gia đình", "Cần bản sao", "Không còn"], ["1.004884"]),
        (["Nơi ở", "Ở tạm", "Đã đăng ký"], ["1.002755"]),
        (["Giấy tờ cần sao y", "Chữ ký"], ["2.000884"]),
        (["Mở cửa hàng"], ["1.001612"]),
    ],
)
def test_the_answers_end_on_the_right_procedures(
    catalog: Catalog, labels: list[str], codes: list[str]
) -> None:
    walk = walk_to(catalog, labels)
    assert walk.finished and walk.question is None
    assert [p.code for p in walk.matches()] == codes


def test_back_returns_to_the_question_before_and_then_leaves(catalog: Catalog) -> None:
    walk = walk_to(catalog, ["Nơi ở", "Ở tạm", "Chưa"])
    assert [p.code for p in walk.matches()] == ["1.004194"]
    assert walk.back() and walk.question is not None and walk.question.id == "tam-tru"
    assert walk.matches() == []
    assert walk.back() and walk.question is not None and walk.question.id == "noi-o"
    assert walk.number == 2
    assert walk.back() and walk.question is not None and walk.question.id == "chu-de"
    assert not walk.back(), "Back on the first question leaves the guide"


def test_every_shipped_procedure_can_be_found_through_the_guide(catalog: Catalog) -> None:
    assert catalog.guide is not None
    ends = {code for q in catalog.guide.questions for a in q.answers for code in a.procedures}
    assert ends == {p.code for p in catalog.procedures}


def test_no_path_asks_more_than_three_questions(catalog: Catalog) -> None:
    assert MAX_QUESTIONS == 3
    assert catalog.guide is not None
    depth = {catalog.guide.start: 1}
    pending = [catalog.guide.start]
    questions = {q.id: q for q in catalog.guide.questions}
    while pending:
        current = pending.pop()
        for answer in questions[current].answers:
            if answer.next is not None:
                depth[answer.next] = depth[current] + 1
                pending.append(answer.next)
    assert max(depth.values()) <= MAX_QUESTIONS


def test_every_procedure_has_an_everyday_label_in_both_languages(catalog: Catalog) -> None:
    for procedure in catalog.procedures:
        assert procedure.everyday is not None, procedure.code
        assert procedure.everyday.vi != procedure.name.vi
    criminal = catalog.procedure("2.000488")
    assert criminal.everyday is not None
    assert criminal.everyday.vi == "Xin phiếu lý lịch tư pháp để đi làm, đi học, xuất cảnh"


# -- what 'kiosk catalog validate' refuses ------------------------------------------


def shipped_raw() -> dict[str, Any]:
    data = resources.files("kiosk.data").joinpath("catalog.json").read_bytes()
    raw: dict[str, Any] = json.loads(data)
    return raw


def refused(raw: dict[str, Any]) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse_catalog(json.dumps(raw).encode(), "test.json")
    return caught.value


def test_an_answer_to_a_missing_question_is_refused() -> None:
    raw = shipped_raw()
    raw["guide"]["questions"][0]["answers"][0]["next"] = "khong-co"
    assert "no question 'khong-co'" in str(refused(raw))


def test_an_answer_to_a_missing_procedure_is_refused() -> None:
    raw = shipped_raw()
    answer = raw["guide"]["questions"][0]["answers"][-1]
    answer["procedures"] = ["9.999999"]
    error = str(refused(raw))
    assert "no procedure '9.999999'" in error and "guide.questions[chu-de]" in error


def test_an_answer_with_both_or_neither_is_refused() -> None:
    raw = shipped_raw()
    answer = raw["guide"]["questions"][0]["answers"][0]
    answer["procedures"] = ["1.001193"]  # it also has "next"
    assert "either 'next'" in str(refused(raw))


def test_a_loop_is_refused() -> None:
    raw = shipped_raw()
    tam_tru = next(q for q in raw["guide"]["questions"] if q["id"] == "tam-tru")
    tam_tru["answers"][0] = {"label": {"vi": "Lại", "en": "Again"}, "next": "noi-o"}
    assert "loop" in str(refused(raw))


def test_a_fourth_question_on_a_path_is_refused() -> None:
    raw = shipped_raw()
    tam_tru = next(q for q in raw["guide"]["questions"] if q["id"] == "tam-tru")
    tam_tru["answers"][0] = {"label": {"vi": "Thêm", "en": "More"}, "next": "chung-thuc"}
    assert "more than 3 questions" in str(refused(raw))


def test_a_question_no_answer_leads_to_is_refused() -> None:
    raw = shipped_raw()
    raw["guide"]["questions"].append(
        {
            "id": "mo-coi",
            "text": {"vi": "Câu hỏi lạc?", "en": "A stray question?"},
            "answers": [
                {"label": {"vi": "Có", "en": "Yes"}, "procedures": ["1.001193"]},
                {"label": {"vi": "Không", "en": "No"}, "procedures": ["1.000656"]},
            ],
        }
    )
    assert "no answer leads to it" in str(refused(raw))


def test_a_catalog_without_a_guide_is_still_valid() -> None:
    raw = shipped_raw()
    del raw["guide"]
    catalog = parse_catalog(json.dumps(raw).encode(), "test.json")
    assert catalog.guide is None
    with pytest.raises(LookupError):
        GuideWalk(catalog)

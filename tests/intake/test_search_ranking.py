"""Search lists exact and near matches first and never a loose one (issue 16, item 4).

A loose match shares a word or two with the query by chance: "Đăng ký kết hôn"
has "chứng" (in "giấy chứng nhận kết hôn") and "ký", but nothing of "chứng thực
chữ ký". A citizen scanning a list of five for the one they meant is slowed by
each of them.
"""

from __future__ import annotations

import pytest

from kiosk.catalog import ProcedureIndex, shipped_catalog


@pytest.fixture(scope="module")
def index() -> ProcedureIndex:
    return ProcedureIndex(shipped_catalog())


def codes(index: ProcedureIndex, query: str) -> list[str]:
    return [hit.procedure.code for hit in index.search(query)]


@pytest.mark.parametrize(
    ("query", "absent"),
    [
        ("chung thuc chu ky", "1.000894"),  # the example: not "Đăng ký kết hôn"
        ("chung thuc chu ky", "2.000815"),  # a certification, but of copies
        ("chứng thực chữ ký", "1.000894"),
        ("khai sinh", "1.004194"),  # "khai báo tạm trú" + "sinh viên": two aliases, by chance
        ("thue tro", "2.000884"),  # "thue" is one edit from "thực": an exact match exists
        ("chung thuc ky", "1.000894"),
    ],
)
def test_loose_matches_are_not_listed(index: ProcedureIndex, query: str, absent: str) -> None:
    found = codes(index, query)
    assert found, f"{query!r} found nothing"
    assert absent not in found, found


def test_the_signature_search_lists_only_the_signature_certification(
    index: ProcedureIndex,
) -> None:
    assert codes(index, "chung thuc chu ky") == ["2.000884"]


@pytest.mark.parametrize(
    ("query", "ranked"),
    [
        # The exact name first, then names that contain the query, then the rest.
        ("khai sinh", ["1.001193", "1.004884", "2.000635"]),
        ("ket hon", ["1.000894", "1.004873", "2.000635"]),
        ("tam tru", ["1.004194", "1.002755"]),
        ("chung thuc", ["2.000815", "2.000884"]),
    ],
)
def test_exact_then_near_matches_in_that_order(
    index: ProcedureIndex, query: str, ranked: list[str]
) -> None:
    assert codes(index, query) == ranked


def test_an_exact_match_comes_before_the_same_words_with_a_typo(index: ProcedureIndex) -> None:
    exact = index.search("khai sinh")[0]
    typo = index.search("khia sinh")[0]
    assert exact.procedure.code == typo.procedure.code == "1.001193"
    assert exact.score > typo.score


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("xin giay khai sinh cho con", "1.001193"),  # filler words ("xin", "cho") do not count
        ("toi muon xin phieu ly lich tu phap", "2.000488"),
        ("xuat canh", "2.000488"),  # found by its everyday label, not its official name
        ("thue tro", "1.004194"),
        ("doc than", "1.004873"),
        ("mo cua hang", "1.001612"),
        ("Chứng thực chữ kí", "2.000884"),  # "kí" and "ký" are one spelling apart
    ],
)
def test_everyday_words_find_the_procedure(index: ProcedureIndex, query: str, code: str) -> None:
    assert codes(index, query)[:1] == [code]


@pytest.mark.parametrize("query", ["khai s", "ly lich tu p"])
def test_the_word_being_typed_may_be_unfinished(index: ProcedureIndex, query: str) -> None:
    found = codes(index, query)
    assert found and found[0] in ("1.001193", "2.000488")


def test_a_typo_is_forgiven_in_a_whole_word_only(index: ProcedureIndex) -> None:
    # "chu" is not the start of "chứng" when more words follow: it is the word "chữ".
    assert "1.000894" not in codes(index, "chu ky")
    assert codes(index, "ly lcih tu phap")[:1] == ["2.000488"]

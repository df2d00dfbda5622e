"""The published-document depth count, rewritten level by level after ``bench/fuzz.py``
found 100 KB documents of small arrays spending 80 ms in it (four times json.loads)."""

from __future__ import annotations

import pytest

from center.documents import MAX_DOCUMENT_DEPTH, depth, parse_document


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("0", 0),
        ("{}", 1),
        ("[[], {}]", 2),
        ('{"a": [1, {"b": [[]]}], "c": {}}', 5),
        ("[0, [1, [2]], {}]", 3),
    ],
)
def test_depth_counts_the_deepest_branch(text: str, levels: int) -> None:
    assert depth(parse_document(text)) == levels


def test_a_deep_branch_beside_many_shallow_ones_is_still_refused() -> None:
    deep = "[" * (MAX_DOCUMENT_DEPTH + 1) + "]" * (MAX_DOCUMENT_DEPTH + 1)
    text = "[" + ",".join(["[0]"] * 5000 + [deep]) + "]"
    with pytest.raises(ValueError, match="nested deeper"):
        parse_document(text)

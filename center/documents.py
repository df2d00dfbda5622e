"""Reading a document to publish (catalog, calendar notices) from its JSON, within bounds.

The operator's file or a ``PUT /published`` body may be hostile or broken:
nesting deep enough to exhaust the interpreter's stack, or numbers too long
to convert. Either is one :class:`ValueError` in words, never a traceback or a 500.
"""

from __future__ import annotations

import json
from typing import cast

from pydantic import JsonValue

MAX_DOCUMENT_DEPTH = 32
"""Deepest nesting of arrays and objects a published document may have (the catalog needs 6)."""


def parse_document(data: bytes | str) -> JsonValue:
    """The JSON value in ``data``; :class:`ValueError` when it is not JSON or nested too deep."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise ValueError(f"nested deeper than {MAX_DOCUMENT_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError, a number too long, bad UTF-8
        raise ValueError(f"not valid JSON ({str(exc)[:200]})") from None
    if depth(value) > MAX_DOCUMENT_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DOCUMENT_DEPTH} levels")
    return cast(JsonValue, value)


def depth(value: object) -> int:
    """Levels of arrays and objects in ``value``, counted level by level without recursion.

    One list per level, no (item, level) pair per node: a large document of small
    arrays is counted about three times faster than node by node.
    """
    deepest = 0
    level: list[object] = [value]
    while level:
        containers = [item for item in level if isinstance(item, dict | list)]
        if not containers:
            break
        deepest += 1
        if deepest > MAX_DOCUMENT_DEPTH:
            return deepest
        level = []
        for item in containers:
            level.extend(item.values() if isinstance(item, dict) else item)
    return deepest

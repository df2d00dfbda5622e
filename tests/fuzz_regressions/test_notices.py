"""Notice files found by ``bench/fuzz.py`` that once escaped ``parse_notice`` untyped."""

from __future__ import annotations

import pytest

from kiosk.errors import ConfigError
from kiosk.workdays.notices import parse_notice


def test_a_number_of_4301_digits_is_a_syntax_error_not_a_value_error() -> None:
    # json.loads refuses to convert integers over 4300 digits with a bare ValueError.
    with pytest.raises(ConfigError, match="not valid UTF-8 JSON"):
        parse_notice(b"9" * 4301, "published/2027.json")


def test_a_long_number_inside_the_notice_is_the_same_syntax_error() -> None:
    data = b'{"schema": 1, "year": ' + b"2" * 5000 + b"}"
    with pytest.raises(ConfigError, match="not valid UTF-8 JSON"):
        parse_notice(data, "published/2027.json")

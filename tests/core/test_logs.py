"""Logs carry no personal data: allow-listed fields, scrubbed messages."""

import io
import json
import logging

from kiosk.logs import REDACTED, fields, redact, scrub, setup_logging

SYNTHETIC_ID = "001099012345"
SYNTHETIC_NAME = "Trần Thị Thử Nghiệm"


def test_unknown_keys_are_redacted() -> None:
    assert redact({"step": "identity", "full_name": SYNTHETIC_NAME}) == {
        "step": "identity",
        "full_name": REDACTED,
    }


def test_id_numbers_and_mrz_are_scrubbed_from_text() -> None:
    text = scrub(f"read {SYNTHETIC_ID} and IDVNM0990123453001099012345<<2 ok")
    assert SYNTHETIC_ID not in text
    assert "IDVNM" not in text
    assert text.startswith("read ")


def test_a_log_line_is_json_without_personal_data() -> None:
    stream = io.StringIO()
    setup_logging("INFO", stream)
    try:
        log = logging.getLogger("kiosk.test")
        log.info(
            "card read for %s",
            SYNTHETIC_ID,
            extra=fields(apdus=37, name=SYNTHETIC_NAME, reason=f"id {SYNTHETIC_ID}"),
        )
        try:
            raise ValueError(SYNTHETIC_NAME)
        except ValueError:
            log.exception("failed")
    finally:
        logging.getLogger().handlers.clear()
    output = stream.getvalue()
    assert SYNTHETIC_ID not in output
    assert SYNTHETIC_NAME not in output
    first, second = (json.loads(line) for line in output.splitlines())
    assert first["apdus"] == 37 and first["name"] == REDACTED
    assert first["level"] == "info" and first["logger"] == "kiosk.test"
    assert second["exception"] == "ValueError"

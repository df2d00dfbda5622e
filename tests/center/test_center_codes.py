"""Kiosk ids and agency codes are checked by one pair of validators wherever they enter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from center.app import CenterSettings
from center.errors import Refusal
from center.protocol import check_agency_code, check_kiosk_id
from center.server import EmbeddedCenter
from center.service import CenterService
from kiosk.cli import main

GOOD_AGENCIES = ["000.00.31.H29", "000.00.00.H00", "000.01.79.G12"]
BAD_AGENCIES = ["'; DROP", "", "000.00.31.H29\n", "000.00.31.h29", "000.00.31.H2", "0000.0.31.H29"]
BAD_KIOSKS = ["../x", "", "-x", "a b", "x" * 65, "K\n", "kiosk/1", "Ki\u00f4sk"]


@pytest.mark.parametrize("code", GOOD_AGENCIES)
def test_agency_codes_of_the_circular_pass(code: str) -> None:
    assert check_agency_code(code) == code


@pytest.mark.parametrize("code", BAD_AGENCIES)
def test_other_agency_codes_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="the form is"):
        check_agency_code(code)


@pytest.mark.parametrize("kiosk", BAD_KIOSKS)
def test_bad_kiosk_ids_are_refused(kiosk: str) -> None:
    with pytest.raises(ValueError, match="not a kiosk id"):
        check_kiosk_id(kiosk)


@pytest.fixture
def service() -> Iterator[CenterService]:
    service = CenterService(CenterSettings())
    yield service
    service.close()


@pytest.mark.parametrize(("kiosk", "agency"), [("K1", "'; DROP"), ("../x", "000.00.31.H29")])
def test_no_token_for_a_bad_kiosk_or_agency(
    service: CenterService, kiosk: str, agency: str
) -> None:
    with pytest.raises(Refusal) as caught:
        service.issue_token(kiosk, agency)
    assert caught.value.status == 400
    assert caught.value.code in ("invalid_kiosk_id", "invalid_agency_code")


pytestmark = pytest.mark.usefixtures("keep_logging")  # tests/conftest.py


@pytest.mark.parametrize(
    ("kiosk", "agency", "words"),
    [("KIOSK-Z", "'; DROP", "not an agency code"), ("../x", "000.00.31.H29", "not a kiosk id")],
)
def test_the_token_command_refuses_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kiosk: str, agency: str, words: str
) -> None:
    data = str(tmp_path / "center")
    assert main(["center", "token", kiosk, "--agency", agency, "--data", data]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in captured.err and len(captured.err.strip().splitlines()) == 1


def test_the_enrollment_route_refuses_a_bad_kiosk_id() -> None:
    with EmbeddedCenter(CenterSettings()) as center:
        token = center.service.issue_token("K1", "000.00.31.H29")
        body = {"token": token, "kiosk_id": "../x", "public_key": "A" * 43 + "="}
        reply = httpx.post(f"{center.url}/api/v1/enroll", json=body, trust_env=False)
        assert (reply.status_code, reply.json()["error"]) == (422, "invalid_enrollment")
        assert center.service.kiosk("../x") is None

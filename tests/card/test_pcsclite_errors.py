"""PC/SC return codes become our typed errors with words a technician can act on."""

from __future__ import annotations

import pytest

from drivers.card import pcsclite
from kiosk.errors import DeviceAbsent, DeviceError, DeviceNeedsAttention

READER = "Kiosk Virtual Reader 00 00"


@pytest.mark.parametrize(
    ("code", "kind", "words", "fix_words"),
    [
        (pcsclite.E_NO_SERVICE, DeviceAbsent, "pcscd is not running", "systemctl start pcscd"),
        (pcsclite.E_NO_READERS, DeviceAbsent, "no smart-card reader", "USB"),
        (pcsclite.E_UNKNOWN_READER, DeviceAbsent, f"{READER!r} is not connected", "pcsc_scan"),
        (pcsclite.E_NO_SMARTCARD, DeviceNeedsAttention, "no card on the reader", "place the card"),
        (pcsclite.W_REMOVED_CARD, DeviceNeedsAttention, "no card on the reader", "place the card"),
        (pcsclite.W_UNRESPONSIVE_CARD, DeviceNeedsAttention, "does not answer", "take the card"),
        (pcsclite.E_NOT_TRANSACTED, DeviceNeedsAttention, "stopped answering", "start reading"),
        (pcsclite.E_SHARING_VIOLATION, DeviceError, "another program", "close the other"),
    ],
)
def test_codes_map_to_typed_errors(
    code: int, kind: type[DeviceError], words: str, fix_words: str
) -> None:
    error = pcsclite.translate(code, "connect to the card", READER)
    assert type(error) is kind
    assert error.message.startswith("Could not connect to the card: ")
    assert words in error.message
    assert fix_words in error.fix


def test_unknown_code_keeps_the_number_and_the_library_text() -> None:
    error = pcsclite.translate(0x80100001, "talk to the card")
    assert type(error) is DeviceError
    assert "0x80100001" in error.message
    assert error.fix


def test_negative_hresults_are_read_as_unsigned() -> None:
    assert type(pcsclite.translate(pcsclite.E_NO_SERVICE - (1 << 32), "x")) is DeviceAbsent


def test_a_bound_process_refuses_to_switch_pcscd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pcsclite, "_bound_socket", "/tmp/first/pcscd.comm")
    monkeypatch.setenv(pcsclite.SOCKET_ENV, "/tmp/first/pcscd.comm")
    pcsclite.bind_client("/tmp/first/pcscd.comm")  # the same one is fine
    with pytest.raises(DeviceError, match="already talks to the pcscd") as caught:
        pcsclite.bind_client("/tmp/second/pcscd.comm")
    assert "new process" in caught.value.fix
    assert pcsclite.socket_path_in_use() == "/tmp/first/pcscd.comm"


def test_service_reachable_is_false_for_a_missing_socket(tmp_path: object) -> None:
    assert not pcsclite.service_reachable(f"{tmp_path}/nothing/pcscd.comm")

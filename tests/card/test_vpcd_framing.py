"""vpcd framing, the card's answers, and VpcdLink against a fake vpcd on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from card_samples import AID, sample_card
from hypothesis import given
from hypothesis import strategies as st

from drivers.card.apdu import ResponseApdu
from drivers.card.softcard import DEFAULT_ATR
from drivers.card.vpcd import FrameDecoder, VpcdControl, VpcdLink, answer, encode_frame
from kiosk.errors import DeviceAbsent, DeviceError


def test_frame_is_big_endian_length_then_payload() -> None:
    assert encode_frame(b"\x04") == b"\x00\x01\x04"
    assert encode_frame(b"A" * 300)[:2] == b"\x01\x2c"
    assert encode_frame(b"") == b"\x00\x00"
    with pytest.raises(ValueError, match="at most"):
        encode_frame(bytes(0x10000))


@given(st.lists(st.binary(max_size=600), max_size=8), st.data())
def test_decoder_reassembles_frames_cut_anywhere(
    messages: list[bytes], data: st.DataObject
) -> None:
    stream = b"".join(encode_frame(m) for m in messages)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    decoder = FrameDecoder()
    received: list[bytes] = []
    for start, end in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        received += decoder.feed(stream[start:end])
    assert received == messages
    assert decoder.pending == 0


def test_decoder_keeps_an_incomplete_frame() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(b"\x00\x05abc") == []
    assert decoder.pending == 5
    assert decoder.feed(b"de\x00") == [b"abcde"]
    assert decoder.pending == 1


class RecordingCard:
    """A SoftCard that records power events and echoes APDU lengths."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def atr(self) -> bytes:
        return DEFAULT_ATR

    def power_on(self) -> None:
        self.calls.append("on")

    def power_off(self) -> None:
        self.calls.append("off")

    def reset(self) -> None:
        self.calls.append("reset")

    def transmit(self, apdu: bytes) -> bytes:
        if apdu == b"\xde\xad\xbe\xef":
            raise RuntimeError("a bug in a software card")
        return bytes((len(apdu),)) + b"\x90\x00"


def test_control_codes_drive_the_card_and_only_get_atr_is_answered() -> None:
    card = RecordingCard()
    assert answer(card, bytes((VpcdControl.POWER_ON,))) is None
    assert answer(card, bytes((VpcdControl.RESET,))) is None
    assert answer(card, bytes((VpcdControl.POWER_OFF,))) is None
    assert answer(card, bytes((VpcdControl.GET_ATR,))) == DEFAULT_ATR
    assert answer(card, b"\x07") is None  # unknown control code: ignored
    assert card.calls == ["on", "reset", "off"]


def test_longer_messages_are_apdus_and_card_bugs_become_6f00(
    caplog: pytest.LogCaptureFixture,
) -> None:
    card = RecordingCard()
    assert answer(card, bytes.fromhex("00B0000010")) == b"\x05\x90\x00"
    assert answer(card, b"\xde\xad\xbe\xef") == b"\x6f\x00"
    assert "software card failed on a 4-byte APDU" in caplog.text


class FakeVpcd:
    """The reader side of vpcd: listens on loopback, sends frames, reads replies."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.server.getsockname()[1]
        self.conn: socket.socket | None = None

    def accept(self) -> None:
        self.server.settimeout(5)
        self.conn, _ = self.server.accept()
        self.conn.settimeout(5)

    def exchange(self, payload: bytes) -> bytes:
        assert self.conn is not None
        self.conn.sendall(encode_frame(payload))
        return self.read_frame()

    def send(self, payload: bytes) -> None:
        assert self.conn is not None
        self.conn.sendall(encode_frame(payload))

    def read_frame(self) -> bytes:
        assert self.conn is not None
        decoder = FrameDecoder()
        while True:
            chunk = self.conn.recv(4096)
            if not chunk:
                raise EOFError
            frames = decoder.feed(chunk)
            if frames:
                return frames[0]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.server.close()


@pytest.fixture
def fake_vpcd() -> Iterator[FakeVpcd]:
    fake = FakeVpcd()
    yield fake
    fake.close()


def test_link_serves_a_card_until_removed(fake_vpcd: FakeVpcd) -> None:
    card = sample_card()
    with VpcdLink(card, fake_vpcd.port) as link:
        link.insert()
        fake_vpcd.accept()
        assert link.inserted
        fake_vpcd.send(bytes((VpcdControl.POWER_ON,)))
        assert fake_vpcd.exchange(bytes((VpcdControl.GET_ATR,))) == DEFAULT_ATR
        reply = fake_vpcd.exchange(bytes.fromhex("00A4040C07") + AID)
        assert ResponseApdu.from_bytes(reply).sw == 0x9000
        link.remove()
        assert not link.inserted
        with pytest.raises(EOFError):
            fake_vpcd.read_frame()  # the reader sees the card go
    assert [c.ins for c, _ in card.history] == [0xA4]


def test_card_bug_answers_6f00_and_keeps_the_link(fake_vpcd: FakeVpcd) -> None:
    with VpcdLink(RecordingCard(), fake_vpcd.port) as link:
        link.insert()
        fake_vpcd.accept()
        assert fake_vpcd.exchange(b"\xde\xad\xbe\xef") == b"\x6f\x00"
        assert fake_vpcd.exchange(b"\x00\xb0\x00\x00\x01") == b"\x05\x90\x00"
        assert link.inserted


def test_link_notices_the_reader_going_away(fake_vpcd: FakeVpcd) -> None:
    link = VpcdLink(RecordingCard(), fake_vpcd.port)
    link.insert()
    fake_vpcd.accept()
    fake_vpcd.close()
    thread = link._thread
    assert thread is not None
    thread.join(5)
    assert not link.inserted
    link.close()


def test_insert_twice_is_refused(fake_vpcd: FakeVpcd) -> None:
    with VpcdLink(RecordingCard(), fake_vpcd.port) as link:
        link.insert()
        with pytest.raises(DeviceError, match="already on this virtual reader"):
            link.insert()


def test_insert_without_a_listening_vpcd_is_device_absent() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    # The port is closed now: nothing listens there.
    with pytest.raises(DeviceAbsent, match="does not accept cards") as caught:
        VpcdLink(RecordingCard(), port).insert(timeout=0.3)
    assert "vsmartcard-vpcd" in caught.value.fix

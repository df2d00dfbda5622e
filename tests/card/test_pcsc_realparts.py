"""PcscCardReader on the real parts: a private pcscd, the vpcd reader, a software card.

The daemon is started once per run (conftest ``pcscd_daemon``); each test
places its own card and takes it off again.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from card_samples import AID, EF_COM_CONTENT, EventLog

from drivers.card import pcsclite
from drivers.card.apdu import CommandApdu, ResponseApdu
from drivers.card.pcsc import PcscCardReader
from drivers.card.pcscd import PcscDaemon, pcscd_reachable
from drivers.card.port import CardEventKind
from drivers.card.simulator import SimulatedCardStation
from drivers.card.softcard import FileSystemCard
from drivers.status import DeviceState
from kiosk.errors import DeviceAbsent, DeviceError, DeviceNeedsAttention

pytestmark = pytest.mark.realparts

SELECT_APP = bytes.fromhex("00A4040C07") + AID
SELECT_EF_COM = bytes.fromhex("00A4020C02011E")


def read_binary(offset: int, le: int) -> bytes:
    return CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, ne=le).to_bytes()


def test_private_pcscd_lists_the_vpcd_reader(pcscd_daemon: PcscDaemon) -> None:
    from smartcard.System import readers as pyscard_readers

    assert pcscd_daemon.running
    if os.geteuid() == 0:
        assert pcscd_daemon.private, "as root the daemon must be our own"
        assert pcscd_daemon.socket_path != Path("/run/pcscd/pcscd.comm")
    assert os.environ["PCSCLITE_CSOCK_NAME"] == str(pcscd_daemon.socket_path)
    assert pcscd_daemon.env == {"PCSCLITE_CSOCK_NAME": str(pcscd_daemon.socket_path)}
    assert pcscd_reachable(pcscd_daemon.socket_path)
    # Plain pyscard, not only our adapter, goes through the private socket.
    assert pcscd_daemon.reader_name in [str(r) for r in pyscard_readers()]


def test_status_is_ready_with_the_reader(
    pcscd_daemon: PcscDaemon, card_reader: PcscCardReader
) -> None:
    status = card_reader.status()
    assert status.state is DeviceState.READY
    assert pcscd_daemon.reader_name in status.detail
    assert card_reader.readers()[0] == pcscd_daemon.reader_name


def test_select_and_read_binary_end_to_end(
    station: SimulatedCardStation, card_reader: PcscCardReader
) -> None:
    with card_reader.connect(station.reader_name) as connection:
        assert connection.atr == station.card.atr()
        assert connection.transmit(SELECT_APP).sw == 0x9000
        assert connection.transmit(SELECT_EF_COM).sw == 0x9000
        content = b""
        while True:
            response = connection.transmit(read_binary(len(content), 0xE0))
            content += response.data
            if response.sw != 0x9000:
                break
        assert response.sw == 0x6282
        assert content == EF_COM_CONTENT
        assert connection.transmit(read_binary(len(content), 1)).sw == 0x6B00
        assert connection.transmit(bytes.fromhex("00A4020C020999")).sw == 0x6A82
    card = station.card
    assert isinstance(card, FileSystemCard)
    assert [c.ins for c, _ in card.history][:2] == [0xA4, 0xA4]


def test_extended_length_read_goes_through_pcscd(
    station: SimulatedCardStation, card_reader: PcscCardReader
) -> None:
    with card_reader.connect(station.reader_name) as connection:
        connection.transmit(SELECT_APP)
        connection.transmit(SELECT_EF_COM)
        response = connection.transmit(bytes.fromhex("00B00000000000"))
    assert (response.sw, response.data) == (0x6282, EF_COM_CONTENT)


class T0StyleCard(FileSystemCard):
    """Answers like a T=0 card: data only by GET RESPONSE, 6Cxx when Le is wrong."""

    def __init__(self) -> None:
        super().__init__()
        self._waiting = b""
        self.register(0xB0, self._read_t0)
        self.register(0xC0, self._get_response)

    def _read_t0(self, command: CommandApdu) -> ResponseApdu:
        content = bytes(range(256)) * 2
        offset = (command.p1 << 8) | command.p2
        left = len(content) - offset
        if command.ne != min(left, 256) and left < 256:
            return ResponseApdu.status(0x6C00 | left)
        self._waiting = content[offset : offset + (command.ne or 0)]
        return ResponseApdu.status(0x6100 | min(len(self._waiting), 100))

    def _get_response(self, command: CommandApdu) -> ResponseApdu:
        part, self._waiting = self._waiting[: command.ne], self._waiting[command.ne :]
        if self._waiting:
            return ResponseApdu.status(0x6100 | min(len(self._waiting), 100), part)
        return ResponseApdu.status(0x9000, part)


def test_get_response_and_6cxx_are_resolved_transparently(
    pcscd_daemon: PcscDaemon, card_reader: PcscCardReader
) -> None:
    card = T0StyleCard()
    with (
        SimulatedCardStation(card, daemon=pcscd_daemon) as sim,
        card_reader.connect(sim.reader_name) as connection,
    ):
        whole = connection.transmit(read_binary(0, 256))
        tail = connection.transmit(read_binary(500, 256))  # 12 left: card says 6C0C
        sim.remove()
    assert (whole.sw, whole.data) == (0x9000, bytes(range(256)))
    assert (tail.sw, tail.data) == (0x9000, bytes(range(244, 256)))
    sent = [(c.ins, c.ne) for c, _ in card.history]
    assert sent[:4] == [(0xB0, 256), (0xC0, 100), (0xC0, 100), (0xC0, 56)]
    assert sent[4:] == [(0xB0, 256), (0xB0, 12), (0xC0, 12)]


def test_observer_hears_reader_then_insert_and_remove(
    empty_station: SimulatedCardStation, card_reader: PcscCardReader, event_log: EventLog
) -> None:
    reader = empty_station.reader_name
    card_reader.add_observer(event_log)
    before = event_log.wait_for(CardEventKind.READER_ADDED, reader)
    assert all(e.kind is CardEventKind.READER_ADDED for e in before)
    empty_station.insert()
    event_log.wait_for(CardEventKind.INSERTED, reader)
    empty_station.remove()
    event_log.wait_for(CardEventKind.REMOVED, reader)
    assert event_log.threads == {"card-monitor"}, "observers run on the driver's thread"


def test_late_observer_is_told_the_card_already_there(
    station: SimulatedCardStation, card_reader: PcscCardReader, event_log: EventLog
) -> None:
    first = EventLog()
    card_reader.add_observer(first)
    first.wait_for(CardEventKind.INSERTED, station.reader_name)
    card_reader.add_observer(event_log)
    event_log.wait_for(CardEventKind.INSERTED, station.reader_name)
    card_reader.remove_observer(first)
    while not first.events.empty():
        first.events.get_nowait()  # what it heard before leaving does not matter
    station.remove()
    event_log.wait_for(CardEventKind.REMOVED, station.reader_name)
    assert first.events.empty(), "a removed observer hears nothing more"


def test_card_pulled_mid_session_is_needs_attention(
    station: SimulatedCardStation, card_reader: PcscCardReader
) -> None:
    with card_reader.connect(station.reader_name) as connection:
        assert connection.transmit(SELECT_APP).sw == 0x9000
        station.remove()
        with pytest.raises(DeviceNeedsAttention) as caught:
            connection.transmit(SELECT_EF_COM)
    assert station.reader_name in caught.value.message
    assert "place the card" in caught.value.fix
    assert not type(caught.value).__module__.startswith("smartcard")


class StallingCard(FileSystemCard):
    """Holds its answer to READ BINARY until told, so the card can be pulled meanwhile."""

    def __init__(self) -> None:
        super().__init__()
        self.reading = threading.Event()
        self.release = threading.Event()
        self.register(0xB0, self._stall)

    def _stall(self, command: CommandApdu) -> ResponseApdu:
        self.reading.set()
        self.release.wait(5)
        return ResponseApdu.status(0x9000, b"\x00" * (command.ne or 0))


def test_card_pulled_mid_exchange_is_needs_attention(
    pcscd_daemon: PcscDaemon, card_reader: PcscCardReader
) -> None:
    card = StallingCard()
    outcome: list[BaseException | ResponseApdu] = []
    with (
        SimulatedCardStation(card, daemon=pcscd_daemon) as sim,
        card_reader.connect(sim.reader_name) as connection,
    ):

        def read() -> None:
            try:
                outcome.append(connection.transmit(read_binary(0, 16)))
            except BaseException as exc:
                outcome.append(exc)

        worker = threading.Thread(target=read)
        worker.start()
        assert card.reading.wait(5), "the READ BINARY never reached the card"
        # Let the card answer only after its connection is gone: the answer is lost.
        threading.Timer(0.3, card.release.set).start()
        sim.remove()
        worker.join(10)
    assert len(outcome) == 1
    assert isinstance(outcome[0], DeviceNeedsAttention), outcome


def test_connect_without_a_card_needs_attention(
    empty_station: SimulatedCardStation, card_reader: PcscCardReader
) -> None:
    with pytest.raises(DeviceNeedsAttention, match="no card on the reader"):
        card_reader.connect(empty_station.reader_name)


def test_connect_to_an_unknown_reader_is_absent(
    pcscd_daemon: PcscDaemon, card_reader: PcscCardReader
) -> None:
    with pytest.raises(DeviceAbsent, match="'No Such Reader 00 00' is not connected"):
        card_reader.connect("No Such Reader 00 00")


def test_status_names_a_missing_configured_reader(pcscd_daemon: PcscDaemon) -> None:
    with PcscCardReader(preferred_reader="ACS ACR1252 00 00") as reader:
        status = reader.status()
    assert status.state is DeviceState.NEEDS_ATTENTION
    assert "'ACS ACR1252 00 00' is not connected" in status.detail
    assert "kiosk.toml" in status.fix


def test_closed_session_refuses_to_transmit(
    station: SimulatedCardStation, card_reader: PcscCardReader
) -> None:
    connection = card_reader.connect(station.reader_name)
    connection.close()
    connection.close()  # twice is fine
    with pytest.raises(DeviceError, match="already closed"):
        connection.transmit(SELECT_APP)


def test_second_private_daemon_in_one_process_is_refused(pcscd_daemon: PcscDaemon) -> None:
    with pytest.raises(DeviceError, match="already talks to the pcscd"), PcscDaemon(private=True):
        pass
    assert pcsclite.socket_path_in_use() == str(pcscd_daemon.socket_path)


def test_pcscd_stopped_is_absent_and_comes_back(
    pcscd_daemon: PcscDaemon, card_reader: PcscCardReader, event_log: EventLog
) -> None:
    reader = pcscd_daemon.reader_name
    card_reader.add_observer(event_log)
    event_log.wait_for(CardEventKind.READER_ADDED, reader)
    pid = pcscd_daemon.pid
    try:
        pcscd_daemon.stop()
        assert not pcscd_reachable(pcscd_daemon.socket_path)
        status = card_reader.status()
        assert status.state is DeviceState.ABSENT
        assert "pcscd is not running" in status.detail
        assert "systemctl start pcscd" in status.fix
        with pytest.raises(DeviceAbsent, match="pcscd is not running"):
            card_reader.connect(reader)
        event_log.wait_for(CardEventKind.READER_REMOVED, reader)
    finally:
        pcscd_daemon.start()
    assert pcscd_daemon.pid != pid
    event_log.wait_for(CardEventKind.READER_ADDED, reader)
    assert card_reader.status().state is DeviceState.READY

"""The public device line and the technician's gesture, without a screen."""

from __future__ import annotations

from drivers.status import DeviceState, DeviceStatus
from kiosk.service_gesture import CornerTaps
from kiosk.service_status import Health, PublicDevice, PublicMark, public_marks


def test_each_device_is_named_once_in_its_worst_state() -> None:
    statuses = [
        DeviceStatus("receipt printer", DeviceState.READY, "ok"),
        DeviceStatus("center", DeviceState.READY, "answers"),
        DeviceStatus("center sync", DeviceState.NEEDS_ATTENTION, "2 held"),
        DeviceStatus("receipt printer", DeviceState.NEEDS_ATTENTION, "1 not printed"),
        DeviceStatus("card reader", DeviceState.BUSY, "reading"),
    ]
    assert public_marks(statuses) == [
        PublicMark(PublicDevice.PRINTER, Health.FAULT),
        PublicMark(PublicDevice.CENTER, Health.FAULT),
        PublicMark(PublicDevice.CARD_READER, Health.READY),
    ]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_five_taps_within_three_seconds_make_the_gesture() -> None:
    clock = Clock()
    taps = CornerTaps(clock=clock)
    results = []
    for _ in range(5):
        results.append(taps.tap())
        clock.now += 0.5
    assert results == [False, False, False, False, True]


def test_slow_taps_do_not() -> None:
    clock = Clock()
    taps = CornerTaps(clock=clock)
    results = []
    for _ in range(8):
        results.append(taps.tap())
        clock.now += 0.9  # five taps span 3.6 s
    assert not any(results)

"""OpenCvCamera on real OpenCV: a video file written here, an image sequence, a missing device."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from drivers.camera.opencv import Backoff, OpenCvCamera, fourcc_text, open_capture
from drivers.camera.port import CameraSettings, Image
from drivers.status import DeviceState
from kiosk.errors import DeviceAbsent, DeviceError

MISSING_DEVICE = 63  # V4L2 numbers stop at 63; nothing sits there on a test machine


def frames(count: int, size: tuple[int, int] = (320, 240)) -> list[Image]:
    """Frames whose brightness encodes their number, so order can be checked after MJPG."""
    width, height = size
    return [np.full((height, width, 3), 20 + 20 * i, np.uint8) for i in range(count)]


def level(image: Image) -> int:
    return round(float(image.mean()))


class CountingOpener:
    """Opens for real, counting attempts, so backoff can be seen."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, device: int | str) -> Any:
        self.calls += 1
        return open_capture(device)


def test_reads_every_frame_of_a_video_in_order(write_video: Callable[..., Path]) -> None:
    camera = OpenCvCamera(CameraSettings(device=str(write_video(frames(8)))))
    camera.start()
    got = [camera.read() for _ in range(8)]
    assert all(f is not None for f in got)
    assert [f.index for f in got if f] == list(range(8))
    assert [level(f.image) for f in got if f] == pytest.approx(
        [20 + 20 * i for i in range(8)], abs=3
    )
    first = got[0]
    assert first is not None
    assert first.image.dtype == np.uint8 and first.image.shape == (240, 320, 3)
    assert camera.status().state is DeviceState.READY
    camera.stop()


def test_reports_what_the_source_actually_took(write_video: Callable[..., Path]) -> None:
    # A file cannot be resized: the read-back shows its own size, not the 1280×720 asked for.
    camera = OpenCvCamera(CameraSettings(device=str(write_video(frames(2)))))
    camera.start()
    assert camera.applied is not None
    assert (camera.applied.width, camera.applied.height) == (320, 240)
    assert camera.applied.fourcc == "MJPG"
    camera.stop()


def test_end_of_source_is_an_unplug_then_replug_recovers(
    write_video: Callable[..., Path], clock: Any
) -> None:
    opener = CountingOpener()
    camera = OpenCvCamera(
        CameraSettings(device=str(write_video(frames(3)))),
        misses_before_absent=3,
        backoff=Backoff(first=0.5, limit=4.0),
        clock=clock,
        opener=opener,
    )
    camera.start()
    for _ in range(3):
        assert camera.read() is not None
    # Two misses are forgiven (a UVC camera drops a frame now and then) ...
    assert camera.read() is None
    assert camera.read() is None
    # ... the third is an unplug.
    with pytest.raises(DeviceAbsent) as lost:
        camera.read()
    assert lost.value.message == "The document camera is not connected"
    assert lost.value.fix == "check its USB cable"
    status = camera.status()
    assert status.state is DeviceState.ABSENT and not status.operational
    assert status.fix == "check its USB cable"
    assert "not connected" in status.detail
    # Within the backoff nothing is reopened: reading is cheap while the cable is out.
    with pytest.raises(DeviceAbsent):
        camera.read()
    assert opener.calls == 1
    clock.advance(0.6)
    frame = camera.read()  # replugged: the source plays again from its start
    assert frame is not None and level(frame.image) == pytest.approx(20, abs=3)
    assert frame.index == 3, "frame numbers keep counting across a reconnection"
    assert opener.calls == 2
    assert camera.status().state is DeviceState.READY
    camera.stop()


def test_missing_device_is_absent_with_words_to_act_on(clock: Any) -> None:
    camera = OpenCvCamera(CameraSettings(device=MISSING_DEVICE), clock=clock)
    with pytest.raises(DeviceAbsent) as absent:
        camera.start()
    assert "not connected" in str(absent.value) and "USB cable" in str(absent.value)
    status = camera.status()
    assert status.state is DeviceState.ABSENT
    assert "/dev/video63" in status.detail and status.fix == "check its USB cable"
    with pytest.raises(DeviceAbsent):
        camera.read()


def test_backoff_doubles_up_to_its_limit(clock: Any) -> None:
    opener = CountingOpener()
    camera = OpenCvCamera(
        CameraSettings(device=MISSING_DEVICE),
        clock=clock,
        opener=opener,
        backoff=Backoff(first=0.5, limit=2.0),
    )
    with pytest.raises(DeviceAbsent):
        camera.start()
    times = []
    for _ in range(48):  # 6 s of a worker calling read() every 125 ms (exact in binary)
        clock.advance(0.125)
        before = opener.calls
        with pytest.raises(DeviceAbsent):
            camera.read()
        if opener.calls > before:
            times.append(clock.now - 100.0)
    assert times == [0.5, 1.5, 3.5, 5.5]
    assert Backoff(0.5, 8.0).delay(1) == 0.5 and Backoff(0.5, 8.0).delay(10) == 8.0


class BrokenCapture:
    """A capture whose driver throws, as a flaky V4L2 driver can."""

    def isOpened(self) -> bool:  # noqa: N802
        return True

    def read(self) -> tuple[bool, Any]:
        raise cv2.error("VIDIOC_DQBUF: No such device")

    def set(self, prop: int, value: float) -> bool:
        raise cv2.error("unsupported")

    def get(self, prop: int) -> float:
        raise cv2.error("unsupported")

    def release(self) -> None:
        raise cv2.error("already gone")


def test_opencv_errors_never_leak(clock: Any) -> None:
    camera = OpenCvCamera(
        CameraSettings(device=0),
        misses_before_absent=2,
        clock=clock,
        opener=lambda device: BrokenCapture(),
    )
    camera.start()  # set/get raising is a refused setting, not a failure
    assert camera.read() is None
    with pytest.raises(DeviceAbsent):
        camera.read()

    def refuse(device: int | str) -> Any:
        raise cv2.error("open failed")

    refused = OpenCvCamera(CameraSettings(device=0), clock=clock, opener=refuse)
    with pytest.raises(DeviceAbsent):
        refused.start()


def test_plays_an_image_sequence(tmp_path: Path) -> None:
    for i, image in enumerate(frames(4)):
        cv2.imwrite(str(tmp_path / f"page_{i:03d}.png"), image)
    camera = OpenCvCamera(CameraSettings(device=str(tmp_path / "page_%03d.png")))
    camera.start()
    levels = [level(f.image) for f in (camera.read() for _ in range(4)) if f is not None]
    assert levels == [20, 40, 60, 80]
    camera.stop()
    camera.stop()  # twice is harmless


def test_reading_before_start_is_a_typed_error() -> None:
    with pytest.raises(DeviceError):
        OpenCvCamera(CameraSettings(device=MISSING_DEVICE)).read()


def test_fourcc_text_reads_back_letters() -> None:
    assert fourcc_text(cv2.VideoWriter.fourcc(*"MJPG")) == "MJPG"
    assert fourcc_text(0) == ""

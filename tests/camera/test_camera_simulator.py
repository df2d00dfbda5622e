"""SimulatedCamera: deterministic frames, ground truth, unplug/replug, recordings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.camera.opencv import OpenCvCamera
from drivers.camera.port import Camera, CameraSettings
from drivers.camera.scene import Look, PagePose, Scene, SceneKind, demo_script, place_page
from drivers.camera.simulator import FolderCamera, SimulatedCamera, open_recording
from drivers.status import DeviceState
from kiosk.errors import DeviceAbsent, DeviceError

SMALL = CameraSettings(device="simulator", width=640, height=360)


def script() -> list[Scene]:
    return [Scene(SceneKind.EMPTY, 2), *place_page(PagePose(roll=5, pitch=20), enter=6, still=4)]


def test_is_a_camera() -> None:
    camera: Camera = SimulatedCamera(script(), SMALL)
    assert camera.settings.width == 640


def test_frames_depend_only_on_seed_and_index() -> None:
    a = SimulatedCamera(script(), SMALL, seed=7)
    b = SimulatedCamera(script(), SMALL, seed=7)
    a.start()
    b.start()
    first = [a.read() for _ in range(a.length)]
    b.seek(9)
    late = b.read()
    assert late is not None and first[9] is not None
    assert np.array_equal(late.image, first[9].image)
    assert late.timestamp == pytest.approx(9 / 30)
    other = SimulatedCamera(script(), SMALL, seed=8)
    assert not np.array_equal(other.render(9)[0], late.image)


def test_frames_are_bgr_uint8_of_the_asked_size() -> None:
    camera = SimulatedCamera(script(), SMALL)
    camera.start()
    frame = camera.read()
    assert frame is not None
    assert frame.image.shape == (360, 640, 3) and frame.image.dtype == np.uint8


def test_truth_follows_the_script() -> None:
    camera = SimulatedCamera(script(), SMALL)
    assert camera.truth(0).corners is None and camera.truth(0).kind is SceneKind.EMPTY
    entering = camera.truth(2)
    assert entering.moving and not entering.inside  # the page starts off the right edge
    still = camera.truth(9)
    assert still.kind is SceneKind.STILL and still.inside and not still.moving
    assert still.corners is not None
    assert np.array_equal(camera.truth(7).corners, still.corners), "enter ends at the rest pose"
    # The page really is where the truth says: paper is bright at its middle.
    image, _ = camera.render(9)
    cx, cy = still.corners.mean(axis=0).round().astype(int)
    assert image[cy, cx].min() > 150


def test_perspective_keystones_the_page() -> None:
    tl, tr, br, bl = PagePose(pitch=30).corners(1280, 720)
    top, bottom = tr[0] - tl[0], br[0] - bl[0]
    assert max(top, bottom) / min(top, bottom) > 1.2, "the near edge looks longer"


def test_unplug_gives_absent_and_replug_recovers() -> None:
    camera = SimulatedCamera(script(), SMALL)
    camera.start()
    assert camera.read() is not None
    camera.unplug()
    status = camera.status()
    assert status.state is DeviceState.ABSENT
    assert (status.detail, status.fix) == (
        "The document camera is not connected",
        "check its USB cable",
    )
    with pytest.raises(DeviceAbsent):
        camera.read()
    camera.replug()
    frame = camera.read()
    assert frame is not None and frame.index == 1
    assert camera.status().state is DeviceState.READY


def test_plays_once_or_loops() -> None:
    once = SimulatedCamera(script(), SMALL, loop=False)
    once.start()
    assert sum(once.read() is not None for _ in range(once.length)) == once.length
    assert once.read() is None
    looping = SimulatedCamera(script(), SMALL)
    looping.start()
    looping.seek(looping.length)
    frame = looping.read()
    assert frame is not None and np.array_equal(frame.image, looping.render(0)[0])


def test_misuse_is_a_typed_error() -> None:
    with pytest.raises(DeviceError):
        SimulatedCamera(script(), SMALL).read()
    with pytest.raises(DeviceError):
        SimulatedCamera([])


def test_plays_a_folder_of_pictures(tmp_path: Path) -> None:
    for i, value in enumerate((30, 90, 150)):
        cv2.imwrite(str(tmp_path / f"{i}.png"), np.full((50, 60, 3), value, np.uint8))
    (tmp_path / "notes.txt").write_text("not a picture")
    camera = open_recording(tmp_path)
    assert isinstance(camera, FolderCamera)
    camera.start()
    values = [int(f.image[0, 0, 0]) for f in (camera.read() for _ in range(4)) if f is not None]
    assert values == [30, 90, 150, 30]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DeviceAbsent):
        open_recording(empty).start()


def test_plays_a_video_file_through_opencv(write_video: Callable[..., Path]) -> None:
    sim = SimulatedCamera(script(), SMALL)
    path = write_video([sim.render(i)[0] for i in range(4)])
    camera = open_recording(path)
    assert isinstance(camera, OpenCvCamera)
    camera.start()
    frame = camera.read()
    assert frame is not None and frame.image.shape == (360, 640, 3)
    camera.stop()


def test_hand_hides_the_corner_it_holds() -> None:
    pose = PagePose(roll=0, pitch=0)
    bare, truth = SimulatedCamera([Scene(SceneKind.STILL, 1, pose)], SMALL).render(0)
    held, _ = SimulatedCamera([Scene(SceneKind.STILL, 1, pose, Look(hand=1))], SMALL).render(0)
    assert truth.corners is not None
    x, y = truth.corners[1].round().astype(int)
    inside = (x - 4, y + 4)  # just inside the top-right corner: paper, unless a hand is on it
    assert bare[inside[1], inside[0]].min() > 150
    skin = held[inside[1], inside[0]].astype(int)
    assert skin[2] - skin[0] > 40, "a hand is colourful where the paper was white"


def test_the_demo_script_shows_every_kind_of_scene() -> None:
    camera = SimulatedCamera(demo_script(), SMALL)
    kinds = {camera.truth(i).kind for i in range(camera.length)}
    assert kinds == set(SceneKind)
    assert any(camera.truth(i).look.hand is not None for i in range(camera.length))


@pytest.mark.parametrize("change", ["restart", "play", "seek"])
def test_a_paced_camera_goes_on_at_its_frame_rate_from_where_it_is(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Restarted at frame 90, or given a new script: the next frame is due now, not in 3 s."""
    asked: list[float] = []
    monkeypatch.setattr("drivers.camera.simulator.time.sleep", asked.append)
    camera = SimulatedCamera(script(), SMALL, realtime=True)
    camera.start()
    camera.seek(90)  # three seconds into the script at 30 fps
    camera.stop()
    camera.start()
    if change == "play":
        camera.play(script())
    elif change == "seek":
        camera.seek(150)
    asked.clear()
    for _ in range(3):
        camera.read()
    frame_s = 1 / SMALL.fps
    assert len(asked) == 3
    assert all(wait <= 2 * frame_s for wait in asked), asked  # paced, never a long wait
    camera.stop()

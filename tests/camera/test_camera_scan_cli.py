"""``kiosk capture scan`` in a subprocess: a good picture and a bare desk make a one-page PDF."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import pikepdf
import pytest

from drivers.camera.scene import Look, PagePose, Scene, SceneKind
from drivers.camera.simulator import render_frame
from drivers.camera.verdict import HINTS_EN, Verdict

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``good.png`` (a page lying still) and ``desk.png`` (the desk with no page)."""
    folder = tmp_path_factory.mktemp("pictures")
    good, _ = render_frame(Scene(SceneKind.STILL, 1, PagePose(), Look()), 0, 1280, 720, seed=3)
    desk, _ = render_frame(Scene(SceneKind.EMPTY, 1), 0, 1280, 720, seed=3)
    paths = folder / "good.png", folder / "desk.png"
    for path, image in zip(paths, (good, desk), strict=True):
        assert cv2.imwrite(str(path), image)
    return paths


def kiosk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``kiosk --log-level ERROR ARGS...`` (logs, JSON on stdout, kept off the output)."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--log-level", "ERROR", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_one_accepted_one_refused_makes_a_one_page_pdf(
    tmp_path: Path, pictures: tuple[Path, Path]
) -> None:
    good, desk = pictures
    out = tmp_path / "x.pdf"
    result = kiosk("capture", "scan", good, desk, "--out", out, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    accepted, refused = report["images"]
    assert accepted["accepted"] and accepted["page_found"] and len(accepted["corners"]) == 4
    assert accepted["sharpness"] > 0 and accepted["exposure"] > 0 and accepted["reason"] is None
    assert accepted["jpeg_quality"] == 85 and accepted["page_bytes"] <= 400_000
    assert not refused["accepted"] and not refused["page_found"]
    assert refused["verdict"] == "no_page" and refused["reason"] == HINTS_EN[Verdict.NO_PAGE]
    assert report["accepted"] == 1 and report["pdf"]["pages"] == 1
    assert out.read_bytes().startswith(b"%PDF-")
    assert report["pdf"]["size_bytes"] == out.stat().st_size
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1


def test_the_text_output_says_why_a_picture_was_refused(
    tmp_path: Path, pictures: tuple[Path, Path]
) -> None:
    good, desk = pictures
    result = kiosk("capture", "scan", good, desk, "--out", tmp_path / "x.pdf")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "accepted" in lines[0] and "sharpness" in lines[0] and "page at" in lines[0]
    assert "no page found" in lines[1] and HINTS_EN[Verdict.NO_PAGE] in lines[1]
    assert "1 page(s)" in lines[2]


def test_nothing_accepted_exits_1_and_writes_no_pdf(
    tmp_path: Path, pictures: tuple[Path, Path]
) -> None:
    _, desk = pictures
    out = tmp_path / "x.pdf"
    result = kiosk("capture", "scan", desk, "--out", out, "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["pdf"] is None
    assert not out.exists()


def test_a_missing_image_is_one_line_on_stderr(tmp_path: Path) -> None:
    result = kiosk("capture", "scan", tmp_path / "nope.png", "--out", tmp_path / "x.pdf")
    assert result.returncode != 0
    assert "no such image" in result.stderr and result.stdout == ""
    assert not (tmp_path / "x.pdf").exists()

"""A paper of simulated pages: encoded once within a byte budget, bound into one PDF atomically.

Pages are drawn by the simulator, found and flattened by ``assess_still`` (1654×2339,
A4 at 200 dpi) and encoded by :class:`Paper`. Measured on these pages: about 212 kB
at quality 85 in colour, 190 kB in gray; 140 kB at quality 65.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pikepdf
import pytest

from drivers.camera.paper import Encoding, Paper, fit_jpeg, jpeg_bytes
from drivers.camera.pipeline import assess_still
from drivers.camera.port import Image
from drivers.camera.rectify import A4_200DPI
from drivers.camera.scene import Look, PagePose, Scene, SceneKind
from drivers.camera.simulator import render_frame
from drivers.camera.verdict import Verdict
from kiosk.errors import DeviceError

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def pages() -> list[Image]:
    """Three different printed pages, photographed and flattened by the pipeline."""
    flat = []
    for number in range(3):
        scene = Scene(SceneKind.STILL, 1, PagePose(roll=5.0 * number), Look(), page=number)
        image, _ = render_frame(scene, 0, 1280, 720, seed=3)
        assessment = assess_still(image)
        assert assessment.verdict is Verdict.OK and assessment.captured is not None
        flat.append(assessment.captured.image)
    return flat


def embedded_jpegs(path: Path) -> list[bytes]:
    """The raw (undecoded) image stream of each PDF page, in page order."""
    with pikepdf.open(path) as pdf:
        streams = []
        for page in pdf.pages:
            images = list(page.obj.Resources.XObject.values())
            assert len(images) == 1 and images[0].Filter == pikepdf.Name.DCTDecode
            streams.append(images[0].read_raw_bytes())
        return streams


def page_files(paper: Paper) -> list[bytes]:
    return [page.path.read_bytes() for page in paper.pages]


def test_the_pdf_opens_with_one_a4_page_per_page(tmp_path: Path, pages: list[Image]) -> None:
    paper = Paper(tmp_path / "work")
    for page in pages:
        paper.add(page)
    written = paper.write_pdf(tmp_path / "paper.pdf")
    data = written.path.read_bytes()
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert data.count(b"/Type /Page\n") == 3 and written.pages == 3
    with pikepdf.open(written.path) as pdf:
        assert len(pdf.pages) == 3
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (width, height) == pytest.approx(A4_POINTS, abs=1)


def test_the_jpeg_bytes_are_embedded_unchanged(tmp_path: Path, pages: list[Image]) -> None:
    paper = Paper(tmp_path / "work")
    for page in pages:
        paper.add(page)
    written = paper.write_pdf(tmp_path / "paper.pdf")
    assert embedded_jpegs(written.path) == page_files(paper)
    assert page_files(paper)[0] == jpeg_bytes(pages[0], paper.pages[0].quality)


def test_sha256_and_size_describe_the_file_and_make_a_paper_ref(
    tmp_path: Path, pages: list[Image]
) -> None:
    paper = Paper(tmp_path / "work")
    paper.add(pages[0])
    written = paper.write_pdf(tmp_path / "paper.pdf")
    data = written.path.read_bytes()
    assert written.size_bytes == len(data)
    assert written.sha256 == hashlib.sha256(data).hexdigest()
    ref = written.to_ref("cccd", "Căn cước công dân")
    assert ref.pages == 1 and ref.sha256 == written.sha256 and ref.media_type == "application/pdf"


def test_pages_start_at_85_when_the_budget_allows(tmp_path: Path, pages: list[Image]) -> None:
    paper = Paper(tmp_path / "work")
    page = paper.add(pages[0])
    assert page.quality == 85 and not page.over_budget
    assert (page.width, page.height) == A4_200DPI
    assert 100_000 < page.size_bytes <= Encoding().budget_bytes


@pytest.mark.parametrize("budget", [180_000, 150_000, 125_000])
def test_quality_steps_down_to_fit_the_budget(
    tmp_path: Path, pages: list[Image], budget: int
) -> None:
    encoding = Encoding(budget_bytes=budget)
    paper = Paper(tmp_path / "work", encoding)
    page = paper.add(pages[0])
    assert page.size_bytes <= budget and not page.over_budget
    assert encoding.floor <= page.quality < 85
    # The highest step that fits: one step up would not have fitted.
    assert len(jpeg_bytes(pages[0], page.quality + encoding.step)) > budget


def test_quality_never_drops_below_the_floor(tmp_path: Path, pages: list[Image]) -> None:
    encoding = Encoding(budget_bytes=10_000)
    paper = Paper(tmp_path / "work", encoding)
    page = paper.add(pages[0])
    assert page.quality == encoding.floor and page.over_budget
    assert page.size_bytes > 10_000


def test_grayscale_pages_are_smaller_and_one_channel(tmp_path: Path, pages: list[Image]) -> None:
    colour, _ = fit_jpeg(pages[0], Encoding())
    gray, quality = fit_jpeg(pages[0], Encoding(grayscale=True))
    assert quality == 85 and len(gray) < len(colour)
    paper = Paper(tmp_path / "work", Encoding(grayscale=True))
    paper.add(pages[0])
    written = paper.write_pdf(tmp_path / "gray.pdf")
    with pikepdf.open(written.path) as pdf:
        image = next(iter(pdf.pages[0].obj.Resources.XObject.values()))
        assert image.ColorSpace == pikepdf.Name.DeviceGray


def test_reorder_delete_and_retake_change_the_pdf(tmp_path: Path, pages: list[Image]) -> None:
    paper = Paper(tmp_path / "work")
    first, second, third = (paper.add(page).path.read_bytes() for page in pages)

    paper.reorder([2, 0, 1])
    assert embedded_jpegs(paper.write_pdf(tmp_path / "a.pdf").path) == [third, first, second]

    removed = paper.pages[1].path
    paper.delete(1)
    assert not removed.exists()
    assert embedded_jpegs(paper.write_pdf(tmp_path / "b.pdf").path) == [third, second]

    old = paper.pages[0].path
    retaken = paper.retake(0, np.ascontiguousarray(pages[0][::-1]))
    assert not old.exists() and retaken.path != old
    after = embedded_jpegs(paper.write_pdf(tmp_path / "c.pdf").path)
    assert after == [retaken.path.read_bytes(), second] and after[0] != third


def test_reorder_must_be_a_permutation(tmp_path: Path, pages: list[Image]) -> None:
    paper = Paper(tmp_path / "work")
    paper.add(pages[0])
    paper.add(pages[1])
    with pytest.raises(ValueError, match="not a reordering"):
        paper.reorder([0, 0])


def test_pages_are_files_not_kept_in_memory(tmp_path: Path, pages: list[Image]) -> None:
    paper = Paper(tmp_path / "work")
    page = paper.add(pages[0])
    assert page.path.parent == tmp_path / "work" and page.path.stat().st_size == page.size_bytes
    assert not any(isinstance(value, np.ndarray | bytes) for value in vars(page).values())


def test_an_empty_paper_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(DeviceError, match="no pages"):
        Paper(tmp_path / "work").write_pdf(tmp_path / "empty.pdf")
    assert not (tmp_path / "empty.pdf").exists()


def test_a_failed_write_leaves_no_file(
    tmp_path: Path, pages: list[Image], monkeypatch: pytest.MonkeyPatch
) -> None:
    paper = Paper(tmp_path / "work")
    paper.add(pages[0])
    out = tmp_path / "out"
    out.mkdir()

    def broken_fsync(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        paper.write_pdf(out / "paper.pdf")
    assert list(out.iterdir()) == [], "neither the PDF nor its temporary file is left"


def test_a_failed_write_keeps_the_previous_pdf(
    tmp_path: Path, pages: list[Image], monkeypatch: pytest.MonkeyPatch
) -> None:
    paper = Paper(tmp_path / "work")
    paper.add(pages[0])
    target = tmp_path / "paper.pdf"
    before = paper.write_pdf(target).path.read_bytes()
    paper.add(pages[1])

    def broken_replace(source: object, destination: object) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="I/O error"):
        paper.write_pdf(target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.pdf", "work"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_leaves_no_file(tmp_path: Path, pages: list[Image]) -> None:
    paper = Paper(tmp_path / "work")
    paper.add(pages[0])
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            paper.write_pdf(locked / "paper.pdf")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)

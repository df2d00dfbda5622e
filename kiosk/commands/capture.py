"""``kiosk capture scan``: judge still pictures of pages and bind the good ones into one PDF.

For each picture it prints whether a page was found (its corners), the
sharpness, exposure and glare measures, and whether the page was accepted or,
if not, why (the verdict's English hint). Accepted pages become the PDF's pages
in the order given. Exit 1 if no page was accepted (no PDF is written then).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.commands import SubParsers, say
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from drivers.camera.paper import Paper

EXIT_NOTHING_ACCEPTED = 1


@dataclass(frozen=True)
class Judged:
    """What the pipeline said about one picture, and the page file if it was accepted."""

    image: Path
    verdict: str
    reason: str
    corners: list[list[float]] | None
    sharpness: float
    exposure: float
    glare: float
    page_bytes: int | None = None
    quality: int | None = None

    @property
    def accepted(self) -> bool:
        """The page passed every check and went into the PDF."""
        return self.page_bytes is not None

    def as_json(self) -> dict[str, Any]:
        """The machine-readable line for ``--json``."""
        return {
            "image": str(self.image),
            "accepted": self.accepted,
            "verdict": self.verdict,
            "reason": None if self.accepted else self.reason,
            "page_found": self.corners is not None,
            "corners": self.corners,
            "sharpness": round(self.sharpness, 1),
            "exposure": round(self.exposure, 1),
            "glare": round(self.glare, 4),
            "page_bytes": self.page_bytes,
            "jpeg_quality": self.quality,
        }


def register(commands: SubParsers) -> None:
    capture = commands.add_parser("capture", help="check and bind captured pages")
    actions = capture.add_subparsers(dest="capture_command", required=True, metavar="ACTION")
    scan = actions.add_parser(
        "scan", help="judge still pictures; bind the accepted pages into one PDF"
    )
    scan.add_argument("images", nargs="+", type=Path, metavar="IMAGE", help="PNG/JPEG pictures")
    scan.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="PDF to write")
    scan.add_argument(
        "--budget-kb", type=int, default=400, help="largest JPEG per page, in kB (default 400)"
    )
    scan.add_argument("--grayscale", action="store_true", help="encode pages in gray (text)")
    scan.add_argument("--json", action="store_true", help="machine-readable output")
    scan.set_defaults(handler=_scan)


def _scan(args: argparse.Namespace) -> int:
    from drivers.camera.paper import Encoding, Paper  # OpenCV loads slowly

    for path in args.images:
        if not path.is_file():
            raise KioskError(f"no such image: {path}", "check the file name")
    encoding = Encoding(budget_bytes=args.budget_kb * 1000, grayscale=args.grayscale)
    with tempfile.TemporaryDirectory(prefix="kiosk-scan-") as work:
        paper = Paper(Path(work), encoding)
        results = [_judge(path, paper) for path in args.images]
        written = paper.write_pdf(args.out) if len(paper) else None
    report: dict[str, Any] = {
        "images": [result.as_json() for result in results],
        "accepted": sum(result.accepted for result in results),
        "pdf": None,
    }
    if written is not None:
        report["pdf"] = {
            "path": str(written.path),
            "pages": written.pages,
            "sha256": written.sha256,
            "size_bytes": written.size_bytes,
        }
    _print(report, results, as_json=args.json)
    return 0 if written is not None else EXIT_NOTHING_ACCEPTED


def _judge(path: Path, paper: Paper) -> Judged:
    """Run one picture through the pipeline; add its page to ``paper`` if accepted."""
    from drivers.camera.paper import read_still
    from drivers.camera.pipeline import assess_still

    assessment = assess_still(read_still(path))
    corners = None
    if assessment.corners is not None:
        corners = [[round(float(v), 1) for v in point] for point in assessment.corners]
    judged = Judged(
        path,
        assessment.verdict.value,
        assessment.verdict.english,
        corners,
        assessment.sharpness,
        assessment.exposure,
        assessment.glare,
    )
    if assessment.captured is None:
        return judged
    page = paper.add(assessment.captured.image)
    return replace(judged, page_bytes=page.size_bytes, quality=page.quality)


def _print(report: dict[str, Any], results: list[Judged], *, as_json: bool) -> None:
    if as_json:
        say(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for result in results:
        say(_line(result))
    pdf = report["pdf"]
    if pdf is None:
        say("no page accepted: no PDF written")
    else:
        say(f"{pdf['path']}: {pdf['pages']} page(s), {pdf['size_bytes']} bytes, {pdf['sha256']}")


def _line(result: Judged) -> str:
    found = "no page found" if result.corners is None else f"page at {result.corners}"
    measures = (
        f"sharpness {result.sharpness:.0f}, exposure {result.exposure:.0f}, "
        f"glare {result.glare:.3f}"
    )
    outcome = (
        f"accepted (JPEG q{result.quality}, {result.page_bytes} bytes)"
        if result.accepted
        else f"refused: {result.reason}"
    )
    return f"{result.image}: {found}; {measures}; {outcome}"

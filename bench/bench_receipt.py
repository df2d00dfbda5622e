"""Bytes and time per receipt, on 58 mm (384 dots) and 80 mm (576 dots) paper.

For the synthetic sample dossier (every field of the official form, with the
catalog's processing time and paper forms), in Vietnamese and English, prints
the paper's length and medians of:
- drawing the receipt (template → picture);
- building the ESC/POS job and its size in bytes, with the time that size
  takes on a 115200 and a 38400 baud serial line (8N1): the kiosk's job
  (blank bands as ``ESC J`` feeds, each ``GS v 0`` band cropped to its ink)
  beside the same picture as python-escpos's one full-width ``GS v 0`` raster
  (what the kiosk sent before; same init and cut);
- printing it end to end over TCP to the loopback printer (status query, job,
  check after the job), against a same-run baseline: the kiosk's test page
  printed the same way.

    .venv/bin/python bench/bench_receipt.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from escpos.printer import Dummy
from PIL import Image

from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import NetworkPrinter
from drivers.printer.port import to_one_bit
from kiosk.config import Config
from kiosk.receipt.desk import ReceiptDesk
from kiosk.receipt.render import render_receipt
from kiosk.receipt.sample import sample_facts
from kiosk.receipt.settings import ReceiptSettings
from kiosk.testpage import render_test_page

WIDTHS = {58: 384, 80: 576}
BAUDS = (115_200, 38_400)
SERIAL_BITS_PER_BYTE = 10  # start + 8 data + stop
DOTS_PER_MM = 8  # 203 dpi


def full_raster_job(picture: Image.Image, dots: int) -> bytes:
    """The picture as python-escpos's full-width ``GS v 0`` raster, with init and cut."""
    builder = Dummy()
    builder.profile.profile_data["media"]["width"]["pixels"] = dots
    builder.hw("INIT")
    builder.image(to_one_bit(picture, dots), impl="bitImageRaster")
    builder.cut()
    return bytes(builder.output)


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_width(mm: int, runs: int) -> None:
    dots = WIDTHS[mm]
    settings = ReceiptSettings.from_config(Config(), width_dots=dots)
    baseline_page = render_test_page(Config(), [])
    baseline_page = baseline_page.crop((0, 0, min(dots, baseline_page.width), baseline_page.height))
    with (
        LoopbackPrinter(width_dots=dots) as loopback,
        NetworkPrinter("127.0.0.1", loopback.port, dots, timeout=1.0) as printer,
    ):
        baseline = median_ms(lambda: printer.print_raster(baseline_page), runs)
        for language in ("vi", "en"):
            facts = sample_facts(settings, language)
            picture = render_receipt(facts, settings)
            draw = median_ms(lambda f=facts: render_receipt(f, settings), runs)
            build = median_ms(lambda p=picture: printer.job_bytes(p), runs)
            size = len(printer.job_bytes(picture))
            desk = ReceiptDesk(printer, settings)
            end_to_end = median_ms(lambda f=facts, d=desk: d.print_receipt(f, reprint=True), runs)
            serial = [size * SERIAL_BITS_PER_BYTE / baud for baud in BAUDS]
            full = len(full_raster_job(picture, dots))
            was = [full * SERIAL_BITS_PER_BYTE / baud for baud in BAUDS]
            print(
                f"{mm} mm ({dots} dots) {language}: {picture.height} rows "
                f"({picture.height / DOTS_PER_MM:.0f} mm of paper), {size} bytes; "
                f"draw {draw:.0f} ms, job {build:.0f} ms, print over TCP {end_to_end:.0f} ms "
                f"({end_to_end / baseline:.1f}x the test page's {baseline:.0f} ms); "
                f"serial 115200 baud {serial[0]:.1f} s, 38400 baud {serial[1]:.1f} s "
                f"(one full raster: {full} bytes, {was[0]:.1f} s and {was[1]:.1f} s)"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    for mm in WIDTHS:
        bench_width(mm, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

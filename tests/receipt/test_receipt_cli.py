"""``kiosk receipt preview | print | reprint`` and ``kiosk printer status``, as a technician."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from receipt_checks import qr_texts

from drivers.printer.loopback import LoopbackPrinter
from kiosk.cli import main
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.index import JsonReceiptIndex
from kiosk.receipt.settings import DEMO_LOOKUP_URL


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["--log-level", "ERROR", *argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("lang", "mm", "width"), [("vi", "80", 576), ("en", "58", 384)])
def test_preview_writes_the_receipt_as_png(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, mm: str, width: int
) -> None:
    out = tmp_path / "receipt.png"
    status, text, _ = run(
        capsys,
        "receipt",
        "preview",
        "--sample",
        "--out",
        str(out),
        "--lang",
        lang,
        "--width-mm",
        mm,
    )
    assert status == 0 and str(out) in text
    picture = Image.open(out)
    assert picture.width == width
    (link,) = qr_texts(picture)
    assert link.startswith(DEMO_LOOKUP_URL.split("{")[0])


def test_preview_refuses_a_lookup_page_that_could_leak(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(
        capsys,
        "receipt",
        "preview",
        "--sample",
        "--out",
        str(tmp_path / "x.png"),
        "--lookup-url",
        "https://x.vn/{code}?name={name}",
    )
    assert status == 2 and "receipt.lookup_url" in err


def test_print_sample_to_a_printer_uri(
    capsys: pytest.CaptureFixture[str], loopback_printer: LoopbackPrinter
) -> None:
    uri = f"tcp://127.0.0.1:{loopback_printer.port}"
    status, text, _ = run(capsys, "receipt", "print", "--sample", "--printer", uri)
    assert status == 0
    assert "bytes" in text and uri in text
    assert len(loopback_printer.wait_for_jobs(1)) == 1


def test_print_sample_on_the_simulated_printer_saves_what_it_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "printed.png"
    status, text, _ = run(capsys, "receipt", "print", "--sample", "--lang", "en", "--out", str(out))
    assert status == 0 and "simulated printer printed" in text
    assert len(qr_texts(Image.open(out))) == 1


def test_print_when_the_paper_is_out_fails_with_the_fix_and_prints_nothing(
    capsys: pytest.CaptureFixture[str], loopback_printer: LoopbackPrinter
) -> None:
    loopback_printer.set_condition("paper_out")
    uri = f"tcp://127.0.0.1:{loopback_printer.port}"
    status, _, err = run(capsys, "receipt", "print", "--sample", "--printer", uri)
    assert status == 1
    assert "Paper is out" in err and "Load a new roll" in err
    assert loopback_printer.jobs == []


def test_reprint_from_the_index(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    facts: ReceiptFacts,
    loopback_printer: LoopbackPrinter,
) -> None:
    index = tmp_path / "receipt-index.json"
    JsonReceiptIndex(index).add(facts)
    uri = f"tcp://127.0.0.1:{loopback_printer.port}"
    common = ["--index", str(index), "--printer", uri]
    status, text, _ = run(capsys, "receipt", "reprint", facts.code, *common)
    assert status == 0 and facts.code in text
    assert len(loopback_printer.wait_for_jobs(1)) == 1
    status, _, err = run(capsys, "receipt", "reprint", "K-X-261123-00000000", *common)
    assert status == 1 and "No dossier with code K-X-261123-00000000" in err
    assert len(loopback_printer.jobs) == 1


@pytest.mark.parametrize(("condition", "code"), [("ready", 0), ("paper_out", 1)])
def test_printer_status(
    capsys: pytest.CaptureFixture[str],
    loopback_printer: LoopbackPrinter,
    condition: str,
    code: int,
) -> None:
    loopback_printer.set_condition(condition)
    uri = f"tcp://127.0.0.1:{loopback_printer.port}"
    status, text, _ = run(capsys, "printer", "status", "--printer", uri)
    assert status == code and condition in text
    if condition != "ready":
        assert "fix: Load a new roll" in text
    status, text, _ = run(capsys, "printer", "status", "--printer", uri, "--json")
    assert f'"status": "{condition}"' in text


def test_printer_status_of_the_simulated_printer_and_a_bad_uri(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, text, _ = run(capsys, "printer", "status")
    assert status == 0 and "ready" in text
    status, _, err = run(capsys, "printer", "status", "--printer", "lpt://1")
    assert status == 2 and "devices.printer.uri" in err

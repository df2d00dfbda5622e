"""``kiosk receipt preview | print | reprint``: the receipt without a citizen at the kiosk.

- ``preview --sample --out FILE.png``: draw it (no printer);
- ``print --sample [--printer URI]``: print it on the configured printer, or
  on ``URI`` (``tcp://``, ``usb://``, ``serial://``); a simulated printer is
  started when ``kiosk.toml`` says ``transport = "simulator"``;
- ``reprint CODE``: print a dossier's receipt again, marked as a reprint,
  with the same fields as the first print (kept encrypted in the state
  folder, :mod:`kiosk.receipt.kept`), or what the outbox's clear-text index
  knows once that record is gone. It reads and prints; it submits nothing.
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands import SubParsers, say
from kiosk.config import Config, load_config
from kiosk.errors import ConfigError, DeviceError
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.sample import sample_facts
from kiosk.receipt.settings import DOTS_FOR_MM, NameMask, ReceiptSettings

if TYPE_CHECKING:
    from kiosk.receipt.desk import PrintOutcome
    from kiosk.receipt.index import ReceiptIndex
    from kiosk.receipt.wiring import PrinterHandle

# Drawing and printer modules are imported by the handlers that use them:
# python-escpos takes a tenth of a second to load, and every `kiosk` command
# registers this module.


def register(commands: SubParsers) -> None:
    receipt = commands.add_parser("receipt", help="preview, print and reprint dossier receipts")
    actions = receipt.add_subparsers(dest="receipt_command", required=True, metavar="ACTION")

    preview = actions.add_parser("preview", help="draw a receipt as a PNG (no printer)")
    _source(preview)
    preview.add_argument("--out", type=Path, required=True, help="the PNG to write")
    _settings(preview)
    preview.add_argument("--reprint", action="store_true", help="mark it as a reprint")
    preview.set_defaults(handler=_preview)

    printing = actions.add_parser("print", help="print a receipt")
    _source(printing)
    _settings(printing)
    _printer(printing)
    printing.add_argument(
        "--out", type=Path, help="with a simulated printer: save what it printed as a PNG"
    )
    printing.set_defaults(handler=_print)

    again = actions.add_parser(
        "reprint", help="print a dossier's receipt again from the queue's index (submits nothing)"
    )
    again.add_argument("code", help="the dossier code (provisional or official)")
    again.add_argument(
        "--index", type=Path, help="a receipt facts JSON index instead of the kiosk's records"
    )
    again.add_argument("--config", type=Path, help="kiosk.toml (default: the demo configuration)")
    again.add_argument("--state-dir", type=Path, help="override [paths] state_dir")
    _printer(again)
    again.set_defaults(handler=_reprint)


def _source(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--sample", action="store_true", help="a synthetic dossier")
    source.add_argument("--facts", type=Path, help="a receipt facts JSON file")


def _settings(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="kiosk.toml (default: the demo configuration)")
    parser.add_argument("--lang", choices=("vi", "en"), help="language (default: the dossier's)")
    parser.add_argument("--width-mm", type=int, choices=sorted(DOTS_FOR_MM), help="paper width")
    parser.add_argument("--lookup-url", help="lookup page pattern with {token} (or {code})")
    parser.add_argument("--name-mask", choices=[m.value for m in NameMask], help="name masking")


def _printer(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--printer",
        metavar="URI",
        help="tcp://HOST:PORT, usb://VID:PID or serial:///dev/ttyUSB0?baudrate=115200",
    )


def _receipt_settings(args: argparse.Namespace, config: Config) -> ReceiptSettings:
    overrides: dict[str, object] = {}
    if args.width_mm:
        overrides["width_dots"] = DOTS_FOR_MM[args.width_mm]
    if args.lookup_url:
        overrides["lookup_url"] = args.lookup_url
    if args.name_mask:
        overrides["name_mask"] = args.name_mask
    return ReceiptSettings.from_config(config, **overrides)


def _facts(args: argparse.Namespace, settings: ReceiptSettings) -> ReceiptFacts:
    if args.sample:
        facts = sample_facts(settings, args.lang or "vi")
    else:
        try:
            facts = ReceiptFacts.model_validate_json(args.facts.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problem = f"is not receipt facts ({exc})"
            raise ConfigError("(file)", problem, "fix it", str(args.facts)) from None
    return facts.model_copy(update={"language": args.lang}) if args.lang else facts


def _preview(args: argparse.Namespace) -> int:
    from kiosk.receipt.render import render_receipt

    config = load_config(args.config)
    settings = _receipt_settings(args, config)
    picture = render_receipt(_facts(args, settings), settings, reprint=args.reprint)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    picture.save(args.out, "PNG")
    say(f"wrote {args.out} ({picture.width} x {picture.height} dots)")
    return 0


def _print(args: argparse.Namespace) -> int:
    from kiosk.receipt.desk import ReceiptDesk
    from kiosk.receipt.wiring import configured_printer

    config = load_config(args.config)
    settings = _receipt_settings(args, config)
    facts = _facts(args, settings)
    with configured_printer(config, args.printer, settings.width_dots) as handle:
        outcome = ReceiptDesk(handle.printer, settings).print_receipt(facts)
        _report(outcome, handle)
        if args.out is not None and handle.simulated is not None:
            handle.simulated.wait_for_jobs(1)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            say(f"the simulated printer printed {handle.simulated.last_receipt_png(args.out)}")
    return 0


def _reprint(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from kiosk.receipt.desk import ReceiptDesk
    from kiosk.receipt.index import JsonReceiptIndex, reprint
    from kiosk.receipt.kept import KeptReceiptIndex, KeptReceipts
    from kiosk.receipt.wiring import configured_printer
    from offline_queue.outbox import Outbox

    config = load_config(args.config)
    settings = ReceiptSettings.from_config(config)
    with ExitStack() as stack:
        index: ReceiptIndex
        if args.index is not None:
            index = JsonReceiptIndex(args.index)
        else:
            state_dir: Path = args.state_dir or config.paths.state_dir
            retention = timedelta(days=config.outbox.retention_days)
            outbox = stack.enter_context(Outbox(state_dir, retention=retention))
            index = KeptReceiptIndex(KeptReceipts(state_dir, retention), outbox, settings)
        handle = stack.enter_context(configured_printer(config, args.printer))
        _report(reprint(args.code, index, ReceiptDesk(handle.printer, settings)), handle)
    return 0


def _report(outcome: PrintOutcome, handle: PrinterHandle) -> None:
    if not outcome.printed:
        raise DeviceError(outcome.message, outcome.fix)
    size = len(handle.printer.job_bytes(outcome.picture))
    say(
        f"printed the receipt of {outcome.code} on {handle.uri} "
        f"({size} bytes, {outcome.duration_ms} ms)"
    )

"""``kiosk printer status``: ask the receipt printer how it is, with the real DLE EOT queries."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kiosk.commands import SubParsers, say
from kiosk.config import load_config

EXIT_UNHEALTHY = 1


def register(commands: SubParsers) -> None:
    printer = commands.add_parser("printer", help="check the receipt printer")
    actions = printer.add_subparsers(dest="printer_command", required=True, metavar="ACTION")
    status = actions.add_parser("status", help="ask the printer for its status (exit 1 if unwell)")
    status.add_argument("--config", type=Path, help="kiosk.toml (default: the demo configuration)")
    status.add_argument(
        "--printer",
        metavar="URI",
        help="tcp://HOST:PORT, usb://VID:PID or serial:///dev/ttyUSB0?baudrate=115200",
    )
    status.add_argument(
        "--timeout", type=float, default=3.0, help="seconds to wait for each status byte"
    )
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=_status)


def _status(args: argparse.Namespace) -> int:
    from kiosk.receipt.wiring import configured_printer  # python-escpos loads slowly

    config = load_config(args.config)
    with configured_printer(config, args.printer, status_timeout=args.timeout) as handle:
        condition = handle.printer.status()
    words = condition.to_device_status()
    if args.json:
        report = {
            "device": words.device,
            "address": handle.uri,
            "status": condition.value,
            "state": words.state.value,
            "detail": words.detail,
            "fix": words.fix,
        }
        say(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        say(f"{words.device} at {handle.uri}: {condition.value} ({words.detail})")
        if words.fix:
            say(f"  fix: {words.fix}")
    return 0 if words.operational else EXIT_UNHEALTHY

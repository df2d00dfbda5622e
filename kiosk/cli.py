"""The ``kiosk`` command: run, demo, doctor, version.

Errors a technician can fix (a bad ``kiosk.toml``, a missing device) end the
command with one line on stderr and a non-zero status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from kiosk import __version__
from kiosk.config import PRODUCTION_CONFIG, Config, load_config
from kiosk.errors import ConfigError, KioskError
from kiosk.logs import setup_logging

log = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_CONFIG = 2


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Self-service dossier reception kiosk (tiếp nhận hồ sơ tự động)"
    )
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the kiosk on its configured devices (production)")
    run.add_argument("--config", type=Path, default=PRODUCTION_CONFIG, help="kiosk.toml")

    demo = commands.add_parser(
        "demo", help="run the kiosk on simulated devices with an embedded local center"
    )
    demo.add_argument("--artifacts", type=Path, help="where screenshots and records go")
    mode = demo.add_mutually_exclusive_group()
    mode.add_argument(
        "--scripted", action="store_true", help="play a scripted citizen (default: no display)"
    )
    mode.add_argument("--interactive", action="store_true", help="open the window for a person")

    doctor = commands.add_parser("doctor", help="check every configured device and the center")
    doctor.add_argument("--config", type=Path, help="kiosk.toml (default: the demo configuration)")
    doctor.add_argument("--json", action="store_true", help="machine-readable output")

    commands.add_parser("version", help="print the version")
    return parser


def _default_artifacts() -> Path:
    return Path("artifacts") / f"demo-{datetime.now().strftime('%Y%m%d-%H%M%S')}"


def _doctor(config: Config, as_json: bool) -> int:
    from kiosk.app import open_devices
    from kiosk.doctor import format_line, healthy

    with open_devices(config) as devices:
        statuses = devices.check_all()
    if as_json:
        _say(json.dumps([asdict(s) for s in statuses], ensure_ascii=False, indent=2))
    else:
        for status in statuses:
            _say(format_line(status))
    return 0 if healthy(statuses) else EXIT_FAILED


def _run(config: Config) -> int:
    from ui.app import run_kiosk

    return run_kiosk(config)


def _demo(artifacts: Path, scripted: bool | None) -> int:
    from ui.app import run_demo

    return run_demo(Config(), artifacts, scripted)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    setup_logging(args.log_level)
    try:
        if args.command == "version":
            _say(f"kiosk {__version__}")
            return 0
        if args.command == "doctor":
            return _doctor(load_config(args.config), args.json)
        if args.command == "run":
            return _run(load_config(args.config))
        if args.command == "demo":
            scripted = True if args.scripted else (False if args.interactive else None)
            return _demo(args.artifacts or _default_artifacts(), scripted)
    except KioskError as exc:
        sys.stderr.write(f"kiosk: {exc}\n")
        return EXIT_CONFIG if isinstance(exc, ConfigError) else EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    raise AssertionError(f"unhandled command {args.command}")


if __name__ == "__main__":
    sys.exit(main())

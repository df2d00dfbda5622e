"""``kiosk run``, ``demo``, ``doctor`` and ``version``."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from kiosk import __version__
from kiosk.commands import SubParsers, say
from kiosk.config import PRODUCTION_CONFIG, Config, load_config

EXIT_UNHEALTHY = 1


def register(commands: SubParsers) -> None:
    run = commands.add_parser("run", help="run the kiosk on its configured devices (production)")
    run.add_argument("--config", type=Path, default=PRODUCTION_CONFIG, help="kiosk.toml")
    run.set_defaults(handler=_run)

    demo = commands.add_parser(
        "demo", help="run the kiosk on simulated devices with an embedded local center"
    )
    demo.add_argument("--artifacts", type=Path, help="where screenshots and records go")
    mode = demo.add_mutually_exclusive_group()
    mode.add_argument(
        "--scripted", action="store_true", help="play a scripted citizen (default: no display)"
    )
    mode.add_argument("--interactive", action="store_true", help="open the window for a person")
    demo.set_defaults(handler=_demo)

    doctor = commands.add_parser("doctor", help="check every configured device and the center")
    doctor.add_argument("--config", type=Path, help="kiosk.toml (default: the demo configuration)")
    doctor.add_argument("--json", action="store_true", help="machine-readable output")
    doctor.set_defaults(handler=_doctor)

    version = commands.add_parser("version", help="print the version")
    version.set_defaults(handler=_version)


def _version(_: argparse.Namespace) -> int:
    say(f"kiosk {__version__}")
    return 0


def _run(args: argparse.Namespace) -> int:
    # The kiosk's Qt-free half first: once imported, PySide6 reads the source of every
    # module imported after it (its __feature__ hook), some 0.4 s of a cold start.
    import kiosk.app  # noqa: F401
    from ui.app import run_kiosk

    return run_kiosk(load_config(args.config))


def _demo(args: argparse.Namespace) -> int:
    from ui.app import run_demo

    artifacts = args.artifacts or Path("artifacts") / f"demo-{datetime.now():%Y%m%d-%H%M%S}"
    scripted = True if args.scripted else (False if args.interactive else None)
    return run_demo(Config(), artifacts, scripted)


def _doctor(args: argparse.Namespace) -> int:
    from kiosk.app import open_devices
    from kiosk.doctor import format_line, healthy
    from kiosk.startup_checks import check_startup

    config = load_config(args.config)
    check_startup(config)  # what `kiosk run` refuses, refused here in the same words
    with open_devices(config) as devices:
        statuses = devices.check_all()
    if args.json:
        say(json.dumps([asdict(s) for s in statuses], ensure_ascii=False, indent=2))
    else:
        for status in statuses:
            say(format_line(status))
    return 0 if healthy(statuses) else EXIT_UNHEALTHY

"""The ``kiosk`` command; its subcommands live in :mod:`kiosk.commands`.

Errors a technician can fix (a bad ``kiosk.toml``, a missing device) end the
command with one line on stderr and a non-zero status, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.commands import register_all
from kiosk.errors import ConfigError, KioskError
from kiosk.logs import setup_logging

EXIT_FAILED = 1
EXIT_CONFIG = 2


def parser() -> argparse.ArgumentParser:
    """The whole command line, every capability's subcommands included."""
    top = argparse.ArgumentParser(
        prog="kiosk", description="Self-service dossier reception kiosk (tiếp nhận hồ sơ tự động)"
    )
    top.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR")
    register_all(top.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = parser().parse_args(argv)
    setup_logging(args.log_level)
    try:
        status: int = args.handler(args)
    except KioskError as exc:
        sys.stderr.write(f"kiosk: {exc}\n")
        return EXIT_CONFIG if isinstance(exc, ConfigError) else EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())

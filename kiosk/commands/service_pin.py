"""``kiosk service-pin set``: the technician's PIN, hashed into ``kiosk.toml``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
from pathlib import Path

from kiosk.commands import SubParsers, say
from kiosk.config import PRODUCTION_CONFIG, parse_config
from kiosk.errors import ConfigError
from kiosk.service_pin import PinError, check_pin_format, hash_pin, with_pin_hash


def register(commands: SubParsers) -> None:
    service = commands.add_parser("service-pin", help="the PIN of the technician's service screen")
    actions = service.add_subparsers(dest="action", required=True, metavar="ACTION")
    set_pin = actions.add_parser(
        "set", help="hash a new PIN into kiosk.toml (read from the terminal without echo, or stdin)"
    )
    set_pin.add_argument("--config", type=Path, default=PRODUCTION_CONFIG, help="kiosk.toml")
    set_pin.set_defaults(handler=_set)


def _read_pin() -> str:
    """Twice without echo on a terminal; one line from a pipe (scripts, tests)."""
    if sys.stdin.isatty():
        first = getpass.getpass("New service PIN (6-12 digits): ")
        check_pin_format(first)
        if getpass.getpass("The same PIN again: ") != first:
            raise PinError("the two PINs differ", "run the command again and type the same PIN")
        return first
    return sys.stdin.readline().strip()


def _set(args: argparse.Namespace) -> int:
    path: Path = args.config
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            "(file)", f"cannot be read ({exc})", "run as root (sudo)", str(path)
        ) from None
    parse_config(text, str(path))  # a broken file is refused before the PIN is asked
    digest = hash_pin(_read_pin())
    updated = with_pin_hash(text, digest)
    if parse_config(updated, str(path)).service.pin_hash != digest:
        raise ConfigError(
            "service.pin_hash",
            "could not be set in this file's layout",
            'add the lines [service] and pin_hash = "" by hand, then run this again',
            str(path),
        )
    _write(path, updated)
    say(f"Service PIN set in {path}; restart the kiosk (systemctl restart kiosk) to use it.")
    return 0


def _write(path: Path, text: str) -> None:
    """Replace ``path`` whole, keeping its mode (kiosk.toml is read by the kiosk user)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".kiosk-toml-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(name, mode)
        if path.exists():
            stat = path.stat()
            os.chown(name, stat.st_uid, stat.st_gid)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise

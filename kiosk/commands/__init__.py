"""Subcommands of ``kiosk``, one module per capability, found automatically.

A module here defines ``register(commands)``, which adds its sub-parsers and
sets ``handler=`` on each to a function ``(argparse.Namespace) -> int``.
Handlers raise :class:`~kiosk.errors.KioskError` for anything a technician can
fix; the entry point turns it into one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from typing import TypeAlias

# What ``ArgumentParser.add_subparsers()`` returns (argparse names it privately).
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def say(text: str = "") -> None:
    """Print a line of command output (logs go elsewhere)."""
    sys.stdout.write(text + "\n")


def register_all(commands: SubParsers) -> None:
    """Let every module of this package add its subcommands, in name order."""
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{module.name}").register(commands)

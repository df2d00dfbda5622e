"""``kiosk center user add|disable|reset``: the back office's accounts, on the center.

The password is read from standard input (one line; on a terminal it is asked
twice without echo), never from the command line, where ``ps`` and the shell
history would keep it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager

from center.service import CenterService
from kiosk.commands import SubParsers, say
from kiosk.errors import KioskError

ServiceOpener = Callable[[argparse.Namespace], AbstractContextManager[CenterService]]


def register(commands: SubParsers) -> None:
    """Nothing at the top level: ``kiosk center`` adds ``user`` (:func:`register_user`)."""


def register_user(
    actions: SubParsers, data: argparse.ArgumentParser, open_service: ServiceOpener
) -> None:
    user = actions.add_parser("user", help="back-office accounts (officers, supervisors, admins)")
    verbs = user.add_subparsers(dest="user_command", required=True, metavar="VERB")
    add = verbs.add_parser("add", parents=[data], help="create an account (password on stdin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["officer", "supervisor", "admin"])
    add.add_argument(
        "--agency", action="append", default=[], help="an agency code it works for (repeat)"
    )
    add.set_defaults(handler=lambda args: _add(args, open_service))
    disable = verbs.add_parser("disable", parents=[data], help="the account can no longer sign in")
    disable.add_argument("name")
    disable.set_defaults(handler=lambda args: _disable(args, open_service))
    reset = verbs.add_parser("reset", parents=[data], help="a new password (on stdin); unlocks")
    reset.add_argument("name")
    reset.set_defaults(handler=lambda args: _reset(args, open_service))


def read_password() -> str:
    """One line from stdin; on a terminal, typed twice without echo."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise KioskError("The two passwords differ", "type the same password twice")
        return first
    line = sys.stdin.readline()
    if not line:
        raise KioskError("No password on standard input", "pipe the password in: one line")
    return line.rstrip("\r\n")


def _add(args: argparse.Namespace, open_service: ServiceOpener) -> int:
    password = read_password()
    with open_service(args) as service:
        service.office.add_user(args.name, password, args.role, args.agency)
    agencies = ", ".join(args.agency) or "no agency"
    say(f"user {args.name} added ({args.role}; {agencies})")
    return 0


def _disable(args: argparse.Namespace, open_service: ServiceOpener) -> int:
    with open_service(args) as service:
        service.office.disable_user(args.name)
    say(f"user {args.name} disabled; their sessions have ended")
    return 0


def _reset(args: argparse.Namespace, open_service: ServiceOpener) -> int:
    password = read_password()
    with open_service(args) as service:
        service.office.reset_user(args.name, password)
    say(f"user {args.name}: new password set, lockout lifted, old sessions ended")
    return 0

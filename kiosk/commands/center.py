"""``kiosk center ...``: run the reference center, and enroll a kiosk with one.

On the center (an operator):

- ``serve [--db URL] [--data DIR]``: the center on HTTP(S); the sealing key
  lives in ``DIR`` (made on first start), the database at ``--db``
  (``sqlite:///DIR/center.db`` by default, or ``postgresql://...``);
- ``token KIOSK_ID --agency CODE``: a one-time enrollment token for a kiosk;
- ``revoke KIOSK_ID``: refuse a kiosk's key from now on (a stolen kiosk);
- ``publish catalog|calendar-notices FILE --version V``: publish a JSON document;
- ``user add NAME --role ROLE [--agency CODE...]``, ``user disable|reset NAME``: the
  back office's accounts (:mod:`kiosk.commands.center_users`; passwords on stdin);
- ``import BUNDLE``: take in the sealed dossiers a technician carried from a
  kiosk that was offline for long (``kiosk queue export``); every envelope is
  checked as if uploaded, dossiers already held are not stored twice, and the
  kiosk later gets the same official codes when it syncs.

On a kiosk (a technician): ``enroll --token TOKEN [--url URL] [--ca FILE]``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from center.errors import Refusal, StorageFault
from center.service import CenterService, CenterSettings
from kiosk.commands import SubParsers, center_users, say
from kiosk.config import load_config
from kiosk.errors import KioskError

DEFAULT_DATA = Path("/var/lib/kiosk-center")


def register(commands: SubParsers) -> None:
    center = commands.add_parser("center", help="the reference center, and enrolling with it")
    actions = center.add_subparsers(dest="center_command", required=True, metavar="ACTION")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the center's key folder")
    data.add_argument("--db", help="database URL (default: sqlite:///DATA/center.db)")

    serve = actions.add_parser("serve", parents=[data], help="run the center in the foreground")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8600)
    serve.add_argument("--tls-cert", type=Path, help="PEM certificate (HTTPS)")
    serve.add_argument("--tls-key", type=Path, help="PEM private key (HTTPS)")
    serve.add_argument("--operator-token-file", type=Path, help="enables PUT /published/...")
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        metavar="ADDRESS",
        help="a load balancer or reverse proxy whose X-Forwarded-For/-Proto are believed "
        "(address or network; repeatable; default: this machine only)",
    )
    serve.set_defaults(handler=_serve)

    token = actions.add_parser("token", parents=[data], help="a one-time enrollment token")
    token.add_argument("kiosk_id")
    token.add_argument("--agency", required=True, help="the receiving agency's code")
    token.add_argument("--days", type=float, default=7.0, help="valid for (default 7 days)")
    token.set_defaults(handler=_token)

    revoke = actions.add_parser("revoke", parents=[data], help="refuse a kiosk's key")
    revoke.add_argument("kiosk_id")
    revoke.set_defaults(handler=_revoke)

    publish = actions.add_parser("publish", parents=[data], help="publish a JSON document")
    publish.add_argument("kind", choices=["catalog", "calendar-notices"])
    publish.add_argument("file", type=Path)
    publish.add_argument("--version", required=True)
    publish.set_defaults(handler=_publish)

    bundle = actions.add_parser(
        "import", parents=[data], help="import a kiosk's exported bundle of sealed dossiers"
    )
    bundle.add_argument("bundle", type=Path)
    bundle.add_argument("--json", action="store_true")
    bundle.set_defaults(handler=_import)

    center_users.register_user(actions, data, _center_service)

    enroll = actions.add_parser("enroll", help="(on a kiosk) enroll this kiosk with its center")
    enroll.add_argument("--token", required=True)
    enroll.add_argument("--config", type=Path, help="kiosk.toml (default: the demo configuration)")
    enroll.add_argument("--url", help="override [center] url")
    enroll.add_argument("--ca", type=Path, help="PEM CA file that vouches for the center")
    enroll.add_argument("--state-dir", type=Path, help="override [paths] state_dir")
    enroll.set_defaults(handler=_enroll)


@contextmanager
def _center_service(args: argparse.Namespace) -> Iterator[CenterService]:
    """The center's operations on ``--db`` with the key in ``--data``; errors in words."""
    from center.keys import load_or_create

    url = args.db or f"sqlite:///{(args.data / 'center.db').resolve()}"
    try:
        args.data.mkdir(parents=True, exist_ok=True, mode=0o700)
        service = CenterService(
            CenterSettings(
                database_url=url,
                sealing_key=load_or_create(args.data),
                blob_dir=args.data / "envelopes",
            )
        )
    except StorageFault as exc:
        raise KioskError(exc.message, exc.fix) from None
    except OSError as exc:
        raise KioskError(
            f"The center folder {args.data} cannot be made ({exc.strerror})",
            "choose another --data or fix its owner",
        ) from None
    try:
        yield service
    except StorageFault as exc:
        raise KioskError(exc.message, exc.fix) from None
    except Refusal as exc:
        raise KioskError(exc.message, "correct the request as the message says") from None
    finally:
        service.close()


def _serve(args: argparse.Namespace) -> int:
    from center.keys import load_or_create
    from center.server import LOCAL_PROXIES, serve, trusted_proxies
    from center.tls import TlsFiles

    if (args.tls_cert is None) != (args.tls_key is None):
        raise KioskError("--tls-cert and --tls-key go together", "give both, or neither")
    tls = TlsFiles(args.tls_cert, args.tls_key, args.tls_cert) if args.tls_cert else None
    operator = args.operator_token_file.read_text().strip() if args.operator_token_file else None
    url = args.db or f"sqlite:///{(args.data / 'center.db').resolve()}"
    try:
        proxies = trusted_proxies(args.trusted_proxy or LOCAL_PROXIES)
    except ValueError as exc:
        raise KioskError(f"--trusted-proxy: {exc}", "give the proxy's IP address") from None
    try:
        settings = CenterSettings(
            database_url=url,
            sealing_key=load_or_create(args.data),
            blob_dir=args.data / "envelopes",
            operator_token=operator,
            anonymous_heartbeats=False,
        )
        serve(args.host, args.port, settings, tls, proxies=proxies)
    except StorageFault as exc:
        raise KioskError(exc.message, exc.fix) from None
    return 0


def _token(args: argparse.Namespace) -> int:
    with _center_service(args) as service:
        token = service.issue_token(args.kiosk_id, args.agency, timedelta(days=args.days))
    say(token)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    with _center_service(args) as service:
        revoked = service.revoke(args.kiosk_id)
    if not revoked:
        raise KioskError(
            f"Kiosk {args.kiosk_id} is not enrolled (or already revoked)", "check the kiosk id"
        )
    say(f"kiosk {args.kiosk_id} revoked")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from center.documents import parse_document

    try:
        document = parse_document(args.file.read_bytes())
    except OSError as exc:
        raise KioskError(f"{args.file} cannot be read ({exc.strerror})", "check the path") from None
    except ValueError as exc:
        raise KioskError(f"{args.file} cannot be read as JSON: {exc}", "fix the file") from None
    with _center_service(args) as service:
        service.publish(args.kind, args.version, document)
    say(f"{args.kind} version {args.version} published")
    return 0


def _import(args: argparse.Namespace) -> int:
    from center.importer import BundleError, import_bundle

    with _center_service(args) as service:
        try:
            lines = import_bundle(service, args.bundle)
        except BundleError as exc:
            raise KioskError(exc.message, exc.fix) from None
    if args.json:
        say(json.dumps([asdict(line) for line in lines], ensure_ascii=False, indent=2))
    else:
        for line in lines:
            reason = f"  {line.reason}" if line.reason else ""
            say(f"{line.provisional_code:34} {line.outcome:13} {line.official_code or ''}{reason}")
    return 1 if any(line.outcome == "refused" for line in lines) else 0


def _enroll(args: argparse.Namespace) -> int:
    from kiosk.center_trust import center_ca_file, keep_ca_file, read_ca_file
    from offline_queue.center_link import CenterLink
    from offline_queue.enrollment import enroll
    from offline_queue.keys import KeyPaths

    config = load_config(args.config)
    url = args.url or config.center.url
    if url == "embedded":
        raise KioskError(
            "There is no center to enroll with in the demo configuration",
            "give --url https://center.example or set [center] url",
        )
    state_dir = args.state_dir or config.paths.state_dir
    defaults = KeyPaths.in_dir(state_dir / "keys")
    paths = KeyPaths(
        config.center.kiosk_key or defaults.kiosk_key,
        config.center.public_key or defaults.center_key,
    )
    given_ca: Path | None = args.ca
    ca_pem = read_ca_file(given_ca) if given_ca is not None else None
    ca_file = given_ca or center_ca_file(config, state_dir)
    link = CenterLink(url, config.kiosk.id, config.center.timeout_s, ca_file=ca_file)
    identity = enroll(link, args.token, paths)
    say(f"kiosk {identity.kiosk_id} enrolled at {url} (agency {identity.center_key.agency_code})")
    say(f"kiosk key: {paths.kiosk_key}")
    say(f"center key: {paths.center_key}")
    if given_ca is not None and ca_pem is not None:
        kept = keep_ca_file(ca_pem, defaults.kiosk_key.parent)
        say(f"center CA: {kept}" + _overridden_by(config.center.ca_file, given_ca))
    return 0


def _overridden_by(configured: Path | None, given: Path) -> str:
    """A warning when ``[center] ca_file`` names another file, which runs will use instead."""
    if configured is None or configured.resolve() == given.resolve():
        return ""
    return f" (but [center] ca_file = {configured} is what the kiosk will use)"

"""``kiosk queue status|list|retry|export|purge|sync``: the outbox, for a technician.

Everything shown comes from the outbox's clear-text index: codes, states,
ages, procedures — never a citizen's data (that stays sealed). ``--json``
gives the same facts for scripts. The commands work while the kiosk service
runs (SQLite WAL); only the service sweeps leftovers after a crash.

``sync`` uploads what is queued now, in this process, and exits non-zero
with the reason when the center cannot be reached. It needs the state
folder's lock, so it refuses while ``kiosk run`` owns the outbox (the running
kiosk syncs by itself).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.commands import SubParsers, say
from kiosk.config import Config, load_config
from kiosk.errors import CenterError, ConfigError, KioskError
from kiosk.state_lock import StateLock
from offline_queue.bundle import export_bundle
from offline_queue.outbox import DEFAULT_RETENTION, Outbox
from offline_queue.records import OutboxEntry, OutboxState
from offline_queue.sync import SyncStatus


def register(commands: SubParsers) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="kiosk.toml (default: the demo configuration)")
    common.add_argument("--state-dir", type=Path, help="override [paths] state_dir")
    common.add_argument("--json", action="store_true", help="machine-readable output")

    queue = commands.add_parser("queue", help="the outbox of sealed dossiers (no personal data)")
    actions = queue.add_subparsers(dest="queue_command", required=True, metavar="ACTION")

    status = actions.add_parser("status", parents=[common], help="counts, last sync, last error")
    status.set_defaults(handler=_status)

    listing = actions.add_parser("list", parents=[common], help="codes, states and ages")
    listing.add_argument("--state", choices=[s.value for s in OutboxState], action="append")
    listing.add_argument("--limit", type=int, default=200)
    listing.set_defaults(handler=_list)

    retry = actions.add_parser("retry", parents=[common], help="put held dossiers back in line")
    retry.add_argument("codes", nargs="*", help="provisional or official codes (default: all)")
    retry.set_defaults(handler=_retry)

    export = actions.add_parser(
        "export", parents=[common], help="copy unacknowledged sealed dossiers to a bundle (USB)"
    )
    export.add_argument("target", type=Path, help="the .tar file to write, e.g. on a USB stick")
    export.set_defaults(handler=_export)

    purge = actions.add_parser(
        "purge", parents=[common], help="delete sealed files of acknowledged dossiers"
    )
    purge.add_argument(
        "--older-than-days",
        type=float,
        default=DEFAULT_RETENTION.days,
        help=f"retention in days (default {DEFAULT_RETENTION.days})",
    )
    purge.set_defaults(handler=_purge)

    sync = actions.add_parser(
        "sync", parents=[common], help="upload what is queued now (not while the kiosk runs)"
    )
    sync.set_defaults(handler=_sync)


def _config(args: argparse.Namespace) -> Config:
    return load_config(args.config)


def _state_dir(args: argparse.Namespace, config: Config | None = None) -> Path:
    state_dir: Path = args.state_dir or (config or _config(args)).paths.state_dir
    return state_dir


def _open(args: argparse.Namespace) -> Outbox:
    return Outbox(_state_dir(args))


def _age(entry: OutboxEntry, now: datetime) -> str:
    seconds = int(entry.age_s(now))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def _status(args: argparse.Namespace) -> int:
    with _open(args) as outbox:
        counts = outbox.counts()
        meta = outbox.sync_meta()
        pending = outbox.entries(frozenset({OutboxState.QUEUED, OutboxState.UPLOADING}), 1)
    now = datetime.now(UTC)
    oldest = pending[0].age_s(now) if pending else None
    error_at, success_at = meta.last_error_at, meta.last_sync_at
    if error_at is not None and success_at is not None and error_at <= success_at:
        meta = replace(meta, last_error=None, last_error_at=None)  # a success since: it is over
    facts = {
        "counts": {state.value: count for state, count in counts.items()},
        "oldest_pending_s": oldest,
        "last_sync_at": meta.last_sync_at.isoformat() if meta.last_sync_at else None,
        "last_error": meta.last_error,
        "last_error_at": meta.last_error_at.isoformat() if meta.last_error_at else None,
    }
    if args.json:
        say(json.dumps(facts, ensure_ascii=False, indent=2))
        return 0
    say("  ".join(f"{state.value}: {count}" for state, count in counts.items()))
    if pending:
        say(f"oldest waiting: {_age(pending[0], now)} ({pending[0].provisional_code})")
    say(f"last sync: {facts['last_sync_at'] or 'never'}")
    if meta.last_error:
        say(f"last error ({facts['last_error_at']}): {meta.last_error}")
    return 0


def _list(args: argparse.Namespace) -> int:
    states = frozenset(OutboxState(s) for s in args.state) if args.state else None
    with _open(args) as outbox:
        entries = outbox.entries(states, args.limit)
        counts = outbox.counts()
    total = sum(n for state, n in counts.items() if states is None or state in states)
    now = datetime.now(UTC)
    cut = (
        f"(the first {len(entries)} of {total} dossiers; --limit N shows more)"
        if total > len(entries)
        else None
    )
    if args.json:
        rows = [{**entry.to_json(), "age_s": round(entry.age_s(now), 1)} for entry in entries]
        say(json.dumps(rows, ensure_ascii=False, indent=2))
        if cut:
            sys.stderr.write(f"kiosk: {cut}\n")  # stdout stays the plain list scripts read
        return 0
    for entry in entries:
        official = entry.official_code or "-"
        say(
            f"{entry.provisional_code:34} {official:28} {entry.state.value:12} "
            f"{_age(entry, now):>7}  {entry.procedure_code}"
        )
    if cut:
        say(cut)
    return 0


def _retry(args: argparse.Namespace) -> int:
    with _open(args) as outbox:
        count = outbox.retry(args.codes)
    say(json.dumps({"requeued": count}) if args.json else f"{count} dossier(s) back in the queue")
    return 0


def _export(args: argparse.Namespace) -> int:
    config = _config(args)
    with _open(args) as outbox:
        manifest = export_bundle(outbox, config.kiosk.id, args.target)
    if args.json:
        say(json.dumps({"target": str(args.target), "dossiers": len(manifest.entries)}))
    else:
        say(f"{len(manifest.entries)} sealed dossier(s) written to {args.target}")
        say("carry it to the center: kiosk center import " + args.target.name)
    return 0


def _purge(args: argparse.Namespace) -> int:
    with _open(args) as outbox:
        count = outbox.purge(timedelta(days=args.older_than_days))
    say(json.dumps({"purged": count}) if args.json else f"{count} sealed file(s) purged")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from kiosk.app import center_link
    from kiosk.delivery import key_paths
    from offline_queue.enrollment import load_identity
    from offline_queue.sync import SyncWorker

    config = _config(args)
    state_dir = _state_dir(args, config)
    if config.center.url == "embedded":
        raise ConfigError(
            "center.url",
            "the demo's center lives inside the running demo: there is nothing to sync with",
            "set [center] url to the center's https:// address",
        )
    config = config.model_copy(
        update={"paths": config.paths.model_copy(update={"state_dir": state_dir})}
    )
    identity = load_identity(config.kiosk.id, key_paths(config))
    retention = timedelta(days=config.outbox.retention_days)
    with (
        StateLock(state_dir, "syncing from the shell (the running kiosk syncs by itself)"),
        Outbox(state_dir, identity.sealer(), retention=retention) as outbox,
    ):
        if not outbox.is_owner:
            raise KioskError(
                f"Another process owns the outbox in {state_dir}",
                "stop the kiosk service first; while it runs it syncs by itself",
            )
        link = center_link(config).with_key(identity.signing_key)
        worker = SyncWorker(
            outbox,
            link,
            retention=retention,
            timeout_s=config.center.timeout_s,
            in_flight=config.center.uploads_in_flight,
        )
        progress = _Progress(worker.status(), enabled=not args.json and sys.stderr.isatty())
        worker.add_listener(progress.show)
        idle = worker.run_until_idle()
        progress.done()
        status = worker.status()
    sent = status.acknowledged - progress.start.acknowledged
    if args.json:
        say(json.dumps(_sync_facts(status, sent, idle), ensure_ascii=False, indent=2))
    if not idle:
        raise CenterError(
            f"{status.queued} dossier(s) not sent ({sent} sent): {status.last_error}",
            "the kiosk service retries by itself; run `kiosk doctor` to check the link",
        )
    if not args.json:
        held = f", {status.held} held for a technician (kiosk queue list)" if status.held else ""
        say(f"{sent} dossier(s) sent, {status.queued} waiting{held}")
    return 0


def _sync_facts(status: SyncStatus, sent: int, idle: bool) -> dict[str, object]:
    return {
        "sent": sent,
        "queued": status.queued,
        "held": status.held,
        "ok": idle,
        "error": None if idle else status.last_error,
    }


class _Progress:
    """``sent 3 of 10`` rewritten in place on a terminal; nothing when piped."""

    def __init__(self, start: SyncStatus, *, enabled: bool) -> None:
        self.start = start
        self.total = start.queued
        self.enabled = enabled and self.total > 0
        self._shown = False

    def show(self, status: SyncStatus) -> None:
        if not self.enabled:
            return
        sent = status.acknowledged - self.start.acknowledged
        sys.stderr.write(f"\rsent {sent} of {self.total}")
        sys.stderr.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown:
            sys.stderr.write("\n")

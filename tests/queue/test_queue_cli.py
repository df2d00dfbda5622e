"""``kiosk queue ...``: what a technician sees, with no personal data in it."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from queue_samples import SYNTHETIC_ID, SYNTHETIC_NAME, kiosk_cli, make_dossier

from center.protocol import BundleManifest
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox


@pytest.fixture
def config(tmp_path: Path, state_dir: Path, identity: KioskIdentity) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\nid = "{identity.kiosk_id}"\n[paths]\nstate_dir = "{state_dir}"\n')
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = kiosk_cli(*argv)
    out = capsys.readouterr().out
    assert SYNTHETIC_NAME not in out and SYNTHETIC_ID not in out
    return status, out


def test_status_list_retry_purge(
    outbox: Outbox, identity: KioskIdentity, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = [outbox.enqueue(*make_dossier(identity.kiosk_id)) for _ in range(3)]
    outbox.mark_acknowledged(entries[0].provisional_code, "000.00.31.H29-251124-0001")
    outbox.hold(entries[1].provisional_code, "the center refused the content")
    outbox.record_sync("The center at https://x cannot be reached")

    status, out = run(capsys, "queue", "status", "--config", str(config), "--json")
    facts = json.loads(out)
    assert status == 0
    assert facts["counts"] == {
        "queued": 1,
        "uploading": 0,
        "acknowledged": 1,
        "purged": 0,
        "held": 1,
    }
    assert "cannot be reached" in facts["last_error"]
    assert facts["oldest_pending_s"] >= 0

    _, text = run(capsys, "queue", "status", "--config", str(config))
    assert "held: 1" in text and "last error" in text

    _, out = run(capsys, "queue", "list", "--config", str(config), "--json")
    rows = json.loads(out)
    assert [row["provisional_code"] for row in rows] == [e.provisional_code for e in entries]
    assert {row["state"] for row in rows} == {"acknowledged", "held", "queued"}
    assert all("age_s" in row and row["procedure_code"] == "1.001234" for row in rows)
    _, text = run(capsys, "queue", "list", "--config", str(config), "--state", "held")
    assert entries[1].provisional_code in text and entries[2].provisional_code not in text

    _, out = run(capsys, "queue", "retry", "--config", str(config), "--json")
    assert json.loads(out) == {"requeued": 1}
    _, out = run(
        capsys, "queue", "purge", "--config", str(config), "--older-than-days", "0", "--json"
    )
    assert json.loads(out) == {"purged": 1}
    assert outbox.counts()["purged"] == 1  # type: ignore[index]


def test_export_writes_a_sealed_bundle(
    outbox: Outbox,
    identity: KioskIdentity,
    config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    entries = [outbox.enqueue(*make_dossier(identity.kiosk_id)) for _ in range(2)]
    outbox.mark_acknowledged(entries[0].provisional_code, "000.00.31.H29-251124-0001")
    target = tmp_path / "usb" / "bundle.tar"
    status, out = run(capsys, "queue", "export", str(target), "--config", str(config), "--json")
    assert status == 0 and json.loads(out)["dossiers"] == 1
    with tarfile.open(target) as tar:
        names = tar.getnames()
        manifest = BundleManifest.model_validate_json(tar.extractfile("bundle.json").read())  # type: ignore[union-attr]
        assert manifest.kiosk_id == identity.kiosk_id
        assert [e.provisional_code for e in manifest.entries] == [entries[1].provisional_code]
        assert names == ["bundle.json", manifest.entries[0].file]
    raw = target.read_bytes()
    assert SYNTHETIC_NAME.encode() not in raw and SYNTHETIC_ID.encode() not in raw
    assert not list(target.parent.glob(".tmp-*"))


def test_enroll_command_refuses_the_demo_configuration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status = kiosk_cli(*["center", "enroll", "--token", "x" * 20, "--state-dir", str(tmp_path)])
    assert status == 1
    assert "no center to enroll with" in capsys.readouterr().err


def test_enroll_command_keeps_both_keys(
    center, pki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = center.service.issue_token("KIOSK-CLI", "000.00.31.H29")
    state = tmp_path / "cli-state"
    config = tmp_path / "cli.toml"
    config.write_text(f'[kiosk]\nid = "KIOSK-CLI"\n[center]\nurl = "{center.url}"\n')
    args = (
        "center",
        "enroll",
        "--token",
        token,
        "--config",
        str(config),
        "--ca",
        str(pki.ca),
        "--state-dir",
        str(state),
    )
    assert kiosk_cli(*args) == 0
    out = capsys.readouterr().out
    assert "KIOSK-CLI enrolled" in out and "000.00.31.H29" in out
    key_file = state / "keys" / "kiosk-signing.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert (state / "keys" / "center-sealing.json").exists()
    row = center.service.kiosk("KIOSK-CLI")
    assert row is not None and not row.revoked
    assert kiosk_cli(*args) == 1  # the token was spent
    assert "already been used" in capsys.readouterr().err

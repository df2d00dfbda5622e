"""A kiosk offline for long: export to a USB bundle, import at the center, sync later.

The import assigns the official codes; when the kiosk comes back online its
uploads are answered with those same codes and nothing is stored twice. A
tampered envelope, or one from a revoked kiosk, is refused with the reason.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from queue_samples import kiosk_cli, make_dossier

from center.app import CenterSettings
from center.keys import load_or_create
from center.protocol import BundleManifest
from center.server import EmbeddedCenter
from center.tls import TlsFiles
from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxState
from offline_queue.sync import SyncWorker


@pytest.fixture
def center_data(tmp_path: Path) -> Path:
    return tmp_path / "center-data"


@pytest.fixture
def center(pki: TlsFiles, center_data: Path) -> Iterator[EmbeddedCenter]:
    """A center on a SQLite file, so that ``kiosk center import`` works on the same data."""
    center_data.mkdir()
    settings = CenterSettings(
        database_url=f"sqlite:///{center_data / 'center.db'}",
        sealing_key=load_or_create(center_data),
        blob_dir=center_data / "envelopes",
        anonymous_heartbeats=False,
    )
    with EmbeddedCenter(settings, tls=pki) as running:
        yield running


def export(config: Path, target: Path) -> None:
    assert kiosk_cli(*["queue", "export", str(target), "--config", str(config)]) == 0


def import_(
    center_data: Path, bundle: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, str]]]:
    capsys.readouterr()
    status = kiosk_cli(*["center", "import", str(bundle), "--data", str(center_data), "--json"])
    return status, json.loads(capsys.readouterr().out)


@pytest.fixture
def config(tmp_path: Path, state_dir: Path, identity: KioskIdentity) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\nid = "{identity.kiosk_id}"\n[paths]\nstate_dir = "{state_dir}"\n')
    return path


def test_export_import_then_sync_gives_the_same_codes_once(
    outbox: Outbox,
    identity: KioskIdentity,
    link: CenterLink,
    center: EmbeddedCenter,
    center_data: Path,
    config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    codes = [outbox.enqueue(*make_dossier(identity.kiosk_id)).provisional_code for _ in range(3)]
    bundle = tmp_path / "usb" / "KIOSK-T1.tar"
    export(config, bundle)
    status, lines = import_(center_data, bundle, capsys)
    assert status == 0
    assert [line["outcome"] for line in lines] == ["received"] * 3
    imported = {line["provisional_code"]: line["official_code"] for line in lines}
    assert set(imported) == set(codes)

    status, again = import_(center_data, bundle, capsys)
    assert [line["outcome"] for line in again] == ["already held"] * 3
    assert {line["provisional_code"]: line["official_code"] for line in again} == imported

    worker = SyncWorker(outbox, link, backoff=Backoff(base_s=0.01, cap_s=0.05))
    assert worker.run_until_idle()
    for code in codes:
        entry = outbox.entry(code)
        assert entry is not None and entry.state is OutboxState.ACKNOWLEDGED
        assert entry.official_code == imported[code]
    assert center.service.dossier_count() == 3


def rewrite_first_envelope(bundle: Path, target: Path) -> None:
    """Flip a ciphertext byte of the first envelope and fix the manifest's digest."""
    import hashlib

    with tarfile.open(bundle) as tar:
        manifest = BundleManifest.model_validate_json(tar.extractfile("bundle.json").read())  # type: ignore[union-attr]
        files = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]
    first = manifest.entries[0]
    data = bytearray(files[first.file])
    data[200] ^= 1
    files[first.file] = bytes(data)
    manifest.entries[0] = first.model_copy(
        update={"envelope_sha256": hashlib.sha256(data).hexdigest()}
    )
    files["bundle.json"] = manifest.model_dump_json().encode()
    with tarfile.open(target, "w") as tar:
        for name in ["bundle.json", *(e.file for e in manifest.entries)]:
            info = tarfile.TarInfo(name)
            info.size = len(files[name])
            tar.addfile(info, io.BytesIO(files[name]))


def test_tampered_or_revoked_bundles_are_refused_with_reasons(
    outbox: Outbox,
    identity: KioskIdentity,
    center: EmbeddedCenter,
    center_data: Path,
    config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for _ in range(2):
        outbox.enqueue(*make_dossier(identity.kiosk_id))
    bundle = tmp_path / "bundle.tar"
    export(config, bundle)
    tampered = tmp_path / "tampered.tar"
    rewrite_first_envelope(bundle, tampered)
    status, lines = import_(center_data, tampered, capsys)
    assert status == 1
    assert lines[0]["outcome"] == "refused" and "signature" in lines[0]["reason"]
    assert lines[1]["outcome"] == "received"

    assert center.service.revoke(identity.kiosk_id)
    status, lines = import_(center_data, bundle, capsys)
    assert status == 1
    assert all(line["outcome"] == "refused" and "revoked" in line["reason"] for line in lines)

    not_a_bundle = tmp_path / "junk.tar"
    not_a_bundle.write_bytes(b"junk")
    assert kiosk_cli(*["center", "import", str(not_a_bundle), "--data", str(center_data)]) == 1
    assert "not a readable bundle" in capsys.readouterr().err

"""A kiosk against a center whose TLS certificate comes from a private CA.

Enrolled with ``kiosk center enroll --ca``, the kiosk must go on trusting that
CA for every upload and heartbeat (it once used it for enrollment only), and
``[center] ca_file`` must be used when it is set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from queue_samples import make_dossier

from center.server import EmbeddedCenter
from center.tls import TlsFiles
from kiosk.app import center_link
from kiosk.center_trust import CENTER_CA_FILE
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.delivery import open_delivery
from kiosk.errors import CenterError

AGENCY = "000.00.31.H29"
KIOSK = "KIOSK-TRUST-01"


def write_config(folder: Path, url: str, ca_file: Path | None = None) -> Path:
    lines = [
        "[kiosk]",
        f'id = "{KIOSK}"',
        f'agency_code = "{AGENCY}"',
        "[paths]",
        f'state_dir = "{folder / "state"}"',
        "[center]",
        f'url = "{url}"',
    ]
    if ca_file is not None:
        lines.append(f'ca_file = "{ca_file}"')
    path = folder / "kiosk.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def enroll(center: EmbeddedCenter, config: Path, *extra: str) -> int:
    token = center.service.issue_token(KIOSK, AGENCY)
    return main(
        [
            "--log-level",
            "ERROR",
            "center",
            "enroll",
            "--token",
            token,
            "--config",
            str(config),
            *extra,
        ]
    )


def deliver_one(config_path: Path, center: EmbeddedCenter) -> None:
    """One dossier queued and synced over the link ``kiosk run`` would build."""
    config = load_config(config_path)
    link = center_link(config)
    link.health()
    with open_delivery(config, link) as delivery:
        delivery.worker.stop()
        delivery.outbox.enqueue(*make_dossier(KIOSK))
        assert delivery.worker.run_until_idle(max_rounds=20)
    assert center.service.dossier_count() == 1


def test_enrolled_with_ca_the_kiosk_uploads_over_the_private_ca(
    center: EmbeddedCenter, pki: TlsFiles, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, center.url)
    assert enroll(center, config, "--ca", str(pki.ca)) == 0
    assert "center CA:" in capsys.readouterr().out
    assert (tmp_path / "state" / "keys" / CENTER_CA_FILE).read_bytes() == pki.ca.read_bytes()
    deliver_one(config, center)


def test_the_configured_ca_file_is_used_for_uploads(
    center: EmbeddedCenter, pki: TlsFiles, tmp_path: Path
) -> None:
    config = write_config(tmp_path, center.url, ca_file=pki.ca)
    assert enroll(center, config) == 0
    assert not (tmp_path / "state" / "keys" / CENTER_CA_FILE).exists()
    deliver_one(config, center)


def test_without_the_ca_the_kiosk_refuses_the_center(
    center: EmbeddedCenter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, center.url)
    assert enroll(center, config) != 0
    assert "does not trust" in capsys.readouterr().err
    with pytest.raises(CenterError, match="does not trust"):
        center_link(load_config(config)).health()


@pytest.mark.parametrize("content", [None, b"not a certificate\n"])
def test_a_missing_or_wrong_ca_file_is_one_line(
    center: EmbeddedCenter,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
) -> None:
    ca = tmp_path / "ca.pem"
    if content is not None:
        ca.write_bytes(content)
    config = write_config(tmp_path, center.url)
    assert enroll(center, config, "--ca", str(ca)) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert str(ca) in err and ("cannot be read" in err or "no PEM certificate" in err)
    assert not (tmp_path / "state" / "keys").exists()

"""The kiosk's link: signed heartbeats, status look-ups, publications, errors in words."""

from __future__ import annotations

from center.server import EmbeddedCenter
from drivers.status import DeviceState, DeviceStatus
from kiosk.errors import CenterError
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity
from offline_queue.errors import CenterRefused


def test_signed_heartbeat_and_record(link: CenterLink) -> None:
    ready = DeviceStatus("receipt printer", DeviceState.READY, "ok")
    link.heartbeat([ready], {"queued": 3})
    record = link.kiosk_record()
    assert record is not None
    assert record.heartbeat.status == {"queued": 3}
    assert record.heartbeat.devices[0].device == "receipt printer"


def test_publications_and_unknown_dossiers(link: CenterLink, center: EmbeddedCenter) -> None:
    assert link.published("catalog") is None
    center.service.publish("catalog", "2025.11", {"procedures": [1, 2]})
    document = link.published("catalog")
    assert document is not None and document.version == "2025.11"
    assert link.dossier_status("000.00.31.H29-251124-0001") is None


def test_errors_are_in_words(identity: KioskIdentity, center: EmbeddedCenter, pki) -> None:
    untrusted = CenterLink(center.url, identity.kiosk_id, 2.0)
    status = untrusted.status()
    assert status.state is DeviceState.ABSENT
    assert "certificate" in status.detail and "CA" in status.fix
    closed = CenterLink("https://127.0.0.1:9", identity.kiosk_id, 1.0, ca_file=pki.ca)
    try:
        closed.health()
    except CenterError as exc:
        assert "cannot be reached" in exc.message
    else:
        raise AssertionError("a closed port answered")
    unsigned = CenterLink(center.url, identity.kiosk_id, 2.0, ca_file=pki.ca)
    try:
        unsigned.heartbeat([])
    except CenterRefused as exc:
        assert exc.status == 401 and "signed" in exc.message
    else:
        raise AssertionError("an unsigned heartbeat was taken")
    assert unsigned.status().state is DeviceState.READY

"""The kiosk's dossier, synced, is what the center's inbox and lookup read (the JSON contract).

The center reads a few fields of the sealed dossier without importing the
kiosk (``center.lookup.CaseFacts``); this test seals the kiosk's own
:class:`kiosk.dossier.Dossier`, syncs it over HTTPS, and checks each one.
"""

from __future__ import annotations

from queue_samples import SYNTHETIC_ID, make_dossier

from center.casework import CaseState
from center.inbox import InboxFilter
from center.server import EmbeddedCenter
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker

AGENCY = "000.00.31.H29"  # the agency the queue tests' kiosk is enrolled for


def test_the_synced_dossier_feeds_the_inbox_and_the_lookup(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    dossier, papers = make_dossier(identity.kiosk_id, [b"%PDF one", b"%PDF two"])
    outbox.enqueue(dossier, papers)
    assert SyncWorker(outbox, link).run_until_idle(max_rounds=10)
    office = center.service.office
    assert dossier.lookup_token is not None
    found = office.lookup_token(dossier.lookup_token)
    assert found is not None
    assert found.state is CaseState.RECEIVED
    assert found.procedure_name == dossier.procedure_name_vi
    assert found.due_at == dossier.appointment.ready_at
    assert office.lookup_code(dossier.provisional_code, SYNTHETIC_ID[-4:]) == found
    assert office.lookup_code(found.official_code, SYNTHETIC_ID[-4:]) == found
    center.service.add_user("an.officer", "correct horse battery", "officer", [AGENCY])
    officer = office.login("an.officer", "correct horse battery")
    (row,), _ = office.inbox(officer, InboxFilter())
    assert (row.official_code, row.paper_count) == (found.official_code, 2)
    assert office.paper(officer, row.official_code, 2) == b"%PDF two"

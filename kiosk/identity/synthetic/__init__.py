"""Synthetic citizens, a throwaway PKI and the chip files they make — for tests and the demo.

citizens.py    -- ``Citizen``, ``make_citizen``, ``make_citizens``: never real people
face.py        -- a drawn portrait for DG2 (JPEG or JPEG 2000)
pki.py         -- ``TestPki`` / ``make_pki``: CSCA + DSC (ECDSA P-256, RSA, RSA-PSS);
                  ``sign_cms``, ``build_master_list``
card_files.py  -- ``build_card_files(citizen, pki) -> CardFiles``; ``build_sod``; ``tamper``
"""

from kiosk.identity.synthetic.card_files import (
    AaKind,
    CaKind,
    CardFiles,
    build_card_files,
    build_sod,
    card_qr,
    tamper,
)
from kiosk.identity.synthetic.citizens import Citizen, make_citizen, make_citizens
from kiosk.identity.synthetic.pki import KeyKind, TestPki, build_master_list, make_pki

__all__ = [
    "AaKind",
    "CaKind",
    "CardFiles",
    "Citizen",
    "KeyKind",
    "TestPki",
    "build_card_files",
    "build_master_list",
    "build_sod",
    "card_qr",
    "make_citizen",
    "make_citizens",
    "make_pki",
    "tamper",
]

"""Fixtures for the identity tests: one test PKI per key kind, and a card built from each.

Key generation is the slow part (RSA 2048: ~0.1 s a key), so the PKIs live for
the whole run; every card and tamper is derived from them.
"""

from __future__ import annotations

import random

import pytest

from kiosk.identity.synthetic import (
    CardFiles,
    Citizen,
    KeyKind,
    TestPki,
    build_card_files,
    make_citizen,
    make_pki,
)

TODAY_SEED = 4242


@pytest.fixture(scope="session")
def pkis() -> dict[KeyKind, TestPki]:
    return {kind: make_pki(kind) for kind in KeyKind}


@pytest.fixture(scope="session")
def pki(pkis: dict[KeyKind, TestPki]) -> TestPki:
    return pkis[KeyKind.ECDSA_P256]


@pytest.fixture(scope="session")
def citizen() -> Citizen:
    return make_citizen(random.Random(TODAY_SEED))


@pytest.fixture(scope="session")
def card(citizen: Citizen, pki: TestPki) -> CardFiles:
    return build_card_files(citizen, pki)

"""What a received dossier tells the back office and the public without being decrypted.

At ingest the center reads a few facts from the dossier it has just opened
(:class:`CaseFacts`): the procedure's name, the appointment, how many papers,
and the two keys a citizen may look the dossier up with:

- the receipt's QR carries a random token the kiosk made (128 bits): only its
  SHA-256 is kept, so the database cannot be turned back into links;
- the lookup form takes the dossier code and the last four digits of the ID
  number: only an HMAC of (code, digits) under the center's own secret is kept.

Neither is the sequential official code, so nobody can walk other citizens'
dossiers by counting. The secret lives in the database (``center_secrets``),
shared by every center process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from pydantic import BaseModel, ConfigDict, ValidationError

from center.db import Database, Tx

# Names of rows of ``center_secrets``, not secrets.
LOOKUP_SECRET = "lookup"  # noqa: S105
SESSION_SECRET = "session"  # noqa: S105


class _Appointment(BaseModel):
    ready_at: datetime


class _Identity(BaseModel):
    id_number: str = ""


class CaseFacts(BaseModel):
    """The few fields of the dossier JSON the index keeps (the rest stays sealed)."""

    model_config = ConfigDict(extra="ignore")

    procedure_name_vi: str = ""
    appointment: _Appointment | None = None
    lookup_token: str | None = None
    identity: _Identity | None = None
    papers: list[object] = []

    @classmethod
    def of(cls, dossier_json: bytes) -> CaseFacts:
        """The facts of an opened dossier; an older kiosk's dossier may lack some."""
        try:
            return cls.model_validate_json(dossier_json)
        except ValidationError:
            return cls()

    def id_tail(self) -> str:
        number = self.identity.id_number if self.identity else ""
        return number[-4:] if len(number) >= 4 and number.isdigit() else ""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def id_tail_mac(secret: bytes, provisional_code: str, last4: str) -> str:
    message = f"{provisional_code}\n{last4}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def center_secret(db: Database, name: str) -> bytes:
    """The center's secret ``name``, made once by whichever process asks first."""
    with db.transaction() as tx:
        return secret_in(tx, name)


def secret_in(tx: Tx, name: str) -> bytes:
    tx.execute(
        "INSERT INTO center_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        (name, secrets.token_bytes(32)),
    )
    return bytes(tx.execute("SELECT value FROM center_secrets WHERE name = ?", (name,))[0][0])

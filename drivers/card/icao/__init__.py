"""ICAO Doc 9303 access to the chip ID card (CCCD): BAC, PACE, secure messaging, file reading.

    keys.py        AccessKeys (CAN and/or MRZ data), MrzKey, check digits, BAC keys
    crypto.py      3DES, retail MAC, AES, CMAC, padding, KDF: the pinned primitives
    curves.py      standardized PACE curves by parameter id; ec.py: point arithmetic
    tlv.py         a small BER-TLV reader/writer
    cardaccess.py  EF.CardAccess: PACEInfo, protocol OIDs
    sm.py          secure messaging, reader side (3DES and AES)
    channel.py     the counted, plain-or-protected line to the chip
    bac.py         Basic Access Control
    pace.py        PACE, ECDH generic mapping
    aa.py          active authentication on the wire: INTERNAL AUTHENTICATE
    ca.py          chip authentication: DG14's key, MSE:Set AT/KAT + GA, new SM keys
    files.py       SELECT / READ BINARY in the largest working chunks
    emrtd.py       read_emrtd(): the strategy (PACE, else BAC) and the result
    errors.py      typed errors that say which key to check

The integrator's entry point:

    read_emrtd(connection, AccessKeys(can="123456"), files=DEFAULT_FILES) -> EmrtdRead
    read_emrtd(..., options=ReadOptions(active_auth=True)).active_auth -> ActiveAuthExchange
    read_emrtd(..., options=ReadOptions(chip_auth=True)).chip_auth -> ChipAuthExchange
"""

from drivers.card.icao.aa import ActiveAuthExchange
from drivers.card.icao.ca import ChipAuthExchange, ChipAuthStatus
from drivers.card.icao.emrtd import DEFAULT_FILES, EmrtdRead, ReadOptions, ReadTimings, read_emrtd
from drivers.card.icao.errors import (
    ChipAccessDenied,
    ChipProtocolError,
    SecureMessagingAborted,
    SecureMessagingError,
    UnsupportedProtocol,
)
from drivers.card.icao.files import FILE_IDS
from drivers.card.icao.keys import AccessKeys, MrzKey

__all__ = [
    "DEFAULT_FILES",
    "FILE_IDS",
    "AccessKeys",
    "ActiveAuthExchange",
    "ChipAccessDenied",
    "ChipAuthExchange",
    "ChipAuthStatus",
    "ChipProtocolError",
    "EmrtdRead",
    "MrzKey",
    "ReadOptions",
    "ReadTimings",
    "SecureMessagingAborted",
    "SecureMessagingError",
    "UnsupportedProtocol",
    "read_emrtd",
]

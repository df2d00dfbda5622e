"""Who the citizen is: the chip's LDS files, the card's QR, and whether to trust them.

Plain Python (no Qt, no device libraries): the card reader driver hands over
bytes, the camera driver hands over QR text, and this package turns them into
a :class:`kiosk.dossier.Identity` with a passive-authentication verdict.

    errors.py      -- the package's exception tree (under ``KioskError``)
    ber.py, der.py -- BER decoding (hostile input → ``BerError``) and DER encoding
    lds.py         -- file ids, data group tags, EF.COM
    mrz.py         -- TD1 MRZ and DG1: check digits, parsing, formatting
    dg2.py         -- the face image (JPEG / JPEG 2000) → Pillow
    dg13.py        -- the Vietnamese details, by field number, in every plausible shape
    algorithms.py  -- hash and signature OIDs → ``cryptography``
    cms.py, sod.py -- CMS SignedData, EF.SOD and its LDS security object
    trust.py       -- the CSCA trust store (folder of certificates, master lists)
    passive.py     -- ``passive_authenticate`` → GENUINE / NOT_VERIFIABLE / FAILED
    read.py        -- ``read_identity``: chip → IdentityReading (passive authentication, then
                      chip or active authentication as the anti-clone check: ``proven_by``)
    chip_auth.py   -- chip authentication's outcome (the driver runs it with DG14's key)
    active.py      -- active authentication: DG15, verify (and, for the simulator, sign)
    card_qr.py     -- the card QR's text
    validity.py    -- card expiry by Law 26/2023 Art. 21
    access.py      -- CAN and BAC key material from the ID number and dates; the keys
                      the citizen types (TypedCan, TypedMrz); MrzKey from drivers.card.icao
    mapping.py     -- DG1 + DG13 or the QR → ``Identity``
    synthetic/     -- synthetic citizens, a test PKI, and the chip files they make
"""

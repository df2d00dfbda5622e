"""Bundles found by ``bench/fuzz.py`` that once escaped ``kiosk center import`` as tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from center.importer import BundleError, import_bundle
from center.service import CenterService, CenterSettings


def _blocks(size: int, parts: dict[int, bytes]) -> bytes:
    """``size`` zero bytes with ``parts`` at their offsets (tar headers are mostly zeros)."""
    out = bytearray(size)
    for offset, part in parts.items():
        out[offset : offset + len(part)] = part
    return bytes(out)


# A PAX header that sets a member's size to 10^20: tarfile seeks with it (ValueError).
HUGE_PAX_SIZE = _blocks(
    1536,
    {
        0: b"././@PaxHeader",
        100: b"0000000\x000000000\x000000000\x0000000000035\x0000000000000\x00010213\x00 x",
        257: b"ustar\x0000",
        512: b"29 size=99999999999999999999\n",
        1024: b"bundle.json",
        1124: b"0000600\x000000000\x000000000\x0000000000574\x0000000000000\x00010107\x00 0",
        1281: b"ustar\x0000",
    },
)
# A header whose size field is base-256 (first byte FF) and far too large (OverflowError).
BASE256_SIZE = _blocks(
    512,
    {
        0: b"././@PaxHeader",
        100: b"0000000\x000000000\x000000000\x00\xff\xff\xff\xff0000016"
        b"\x0000000000000\x00011706\x00 x",
        254: b"ustar\x0000",
    },
)


@pytest.mark.parametrize("data", [HUGE_PAX_SIZE, BASE256_SIZE], ids=["pax-size", "base256-size"])
def test_a_tar_header_with_an_impossible_size_is_an_unreadable_bundle(
    tmp_path: Path, data: bytes
) -> None:
    service = CenterService(CenterSettings(blob_dir=tmp_path / "blobs"))
    bundle = tmp_path / "bundle.tar"
    bundle.write_bytes(data)
    with pytest.raises(BundleError, match="is not a readable bundle"):
        import_bundle(service, bundle)
    assert service.dossier_count() == 0

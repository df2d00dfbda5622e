"""The LDS file map and EF.COM (ICAO 9303-10 §4.6, §4.7).

Data group *n* lives in the elementary file ``0x0100 + n`` and starts with its
own application tag (DG1 ``61``, DG2 ``75``, … DG13 ``6D``, DG14 ``6E``, DG15
``6F``). EF.COM (``011E``, tag ``60``) lists the LDS version, the Unicode
version and the tags of the data groups present; EF.SOD (``011D``, tag ``77``)
holds the security object that passive authentication checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.identity import ber
from kiosk.identity.errors import BerError, MalformedData

EF_COM = 0x011E
EF_SOD = 0x011D
EF_CARD_ACCESS = 0x011C

COM_TAG = 0x60
SOD_TAG = 0x77
_LDS_VERSION_TAG = 0x5F01
_UNICODE_VERSION_TAG = 0x5F36
_TAG_LIST_TAG = 0x5C

DG_TAGS: dict[int, int] = {
    1: 0x61,
    2: 0x75,
    3: 0x63,
    4: 0x76,
    5: 0x65,
    6: 0x66,
    7: 0x67,
    8: 0x68,
    9: 0x69,
    10: 0x6A,
    11: 0x6B,
    12: 0x6C,
    13: 0x6D,
    14: 0x6E,
    15: 0x6F,
    16: 0x70,
}
_DG_BY_TAG = {tag: number for number, tag in DG_TAGS.items()}


def file_id(dg: int) -> int:
    """The elementary file id of data group ``dg`` (DG13 → ``0x010D``)."""
    if dg not in DG_TAGS:
        raise ValueError(f"there is no data group {dg}")
    return 0x0100 + dg


def dg_of_file(fid: int) -> int | None:
    """The data group stored in file ``fid``, or ``None`` for EF.COM, EF.SOD and others."""
    number = fid - 0x0100
    return number if number in DG_TAGS else None


def groups_from_files(files: Mapping[int, bytes]) -> dict[int, bytes]:
    """``{file id: bytes}`` as read from the chip → ``{data group number: bytes}``."""
    return {dg: content for fid, content in files.items() if (dg := dg_of_file(fid)) is not None}


def unwrap(data: bytes, dg: int) -> ber.Tlv:
    """Decode a data group file and check its application tag."""
    what = f"DG{dg}"
    element = ber.decode(data, what)
    return ber.expect(element, DG_TAGS[dg], what)


@dataclass(frozen=True)
class ComFile:
    """EF.COM: versions as ``"1.7"`` / ``"4.0.0"`` and the data groups it lists."""

    lds_version: str
    unicode_version: str
    data_groups: tuple[int, ...]


def parse_com(data: bytes) -> ComFile:
    """Parse EF.COM; tags in the list that name no data group are an error."""
    element = ber.expect(ber.decode(data, "EF.COM"), COM_TAG, "EF.COM")
    lds = _digits(element.child(_LDS_VERSION_TAG, "EF.COM").value, 4, "LDS version")
    uni = _digits(element.child(_UNICODE_VERSION_TAG, "EF.COM").value, 6, "Unicode version")
    groups: list[int] = []
    for tag in element.child(_TAG_LIST_TAG, "EF.COM").value:
        number = _DG_BY_TAG.get(tag)
        if number is None:
            raise BerError("EF.COM", f"tag list holds {tag:#x}, which is no data group")
        groups.append(number)
    return ComFile(
        lds_version=f"{int(lds[:2])}.{int(lds[2:])}",
        unicode_version=".".join(str(int(uni[i : i + 2])) for i in (0, 2, 4)),
        data_groups=tuple(groups),
    )


def _digits(value: bytes, size: int, what: str) -> str:
    text = value.decode("ascii", "replace")
    if len(value) != size or not text.isdigit() or not text.isascii():
        raise MalformedData("EF.COM", f"{what} is not {size} digits")
    return text

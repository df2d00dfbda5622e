"""DG2: the face image, from the biometric template to a picture the screen can show.

ICAO 9303-10 §4.7.2 wraps an ISO/IEC 19794-5 facial record::

    75 { 7F61 { 02 count,
                7F60 { A1 { header: 87 format owner, 88 format type, … },
                       5F2E (or 7F2E) { "FAC\\0" record … image data } } … } }

The record's image is JPEG or JPEG 2000 (JP2 file or bare J2K codestream).
Pillow reads all three: its JPEG 2000 plugin uses OpenJPEG, present in the
Pillow wheels (2.5 here; ``PIL.features.check("jpg_2000")``). The format is
told by the image's own magic bytes, not by the record's type byte, which some
issuers fill in wrongly.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, UnidentifiedImageError

from kiosk.identity import ber, der
from kiosk.identity.errors import MalformedData
from kiosk.identity.lds import unwrap

_GROUP = 0x7F61
_TEMPLATE = 0x7F60
_HEADER = 0xA1
_DATA_BLOCKS = (0x5F2E, 0x7F2E)
_FAC = b"FAC\x00"
_GENERAL_HEADER = 14
_FACE_INFO = 20
_FEATURE_POINT = 8
_IMAGE_INFO = 12
MAX_PIXELS = 4096 * 4096  # a chip's portrait is ~ 480 × 640; anything far larger is hostile


class ImageFormat(StrEnum):
    JPEG = "jpeg"
    JPEG2000 = "jpeg2000"


@dataclass(frozen=True)
class FaceImage:
    """The encoded portrait as stored on the chip, with the size its record declares."""

    format: ImageFormat
    data: bytes
    width: int
    height: int


def parse_dg2(data: bytes) -> FaceImage:
    """The first face image in DG2."""
    group = unwrap(data, 2).child(_GROUP, "DG2")
    template = group.child(_TEMPLATE, "DG2")
    block = next((c for c in template.children() if c.tag in _DATA_BLOCKS), None)
    if block is None:
        raise MalformedData("DG2", "no biometric data block")
    return parse_facial_record(block.value)


def parse_facial_record(record: bytes) -> FaceImage:
    """The first image of an ISO/IEC 19794-5 facial record."""
    if len(record) < _GENERAL_HEADER + _FACE_INFO + _IMAGE_INFO or record[:4] != _FAC:
        raise MalformedData("DG2", "not an ISO/IEC 19794-5 facial record")
    start = _GENERAL_HEADER
    block_length = int.from_bytes(record[start : start + 4], "big")
    points = int.from_bytes(record[start + 4 : start + 6], "big")
    info = start + _FACE_INFO + points * _FEATURE_POINT
    image = info + _IMAGE_INFO
    end = start + block_length
    if block_length < _FACE_INFO + _IMAGE_INFO or end > len(record) or image > end:
        raise MalformedData("DG2", "facial record lengths do not add up")
    width = int.from_bytes(record[info + 2 : info + 4], "big")
    height = int.from_bytes(record[info + 4 : info + 6], "big")
    payload = record[image:end]
    return FaceImage(detect_format(payload), payload, width, height)


def detect_format(payload: bytes) -> ImageFormat:
    """JPEG (``FF D8 FF``), JP2 (signature box) or J2K codestream (``FF 4F FF 51``)."""
    if payload.startswith(b"\xff\xd8\xff"):
        return ImageFormat.JPEG
    if payload.startswith((b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")):
        return ImageFormat.JPEG2000
    raise MalformedData("DG2", "the image is neither JPEG nor JPEG 2000")


def to_pillow(face: FaceImage) -> Image.Image:
    """Decode the portrait into an RGB Pillow image; a broken image is a typed error."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(face.data))
            width, height = picture.size
            if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                raise MalformedData("DG2", "the image size is not plausible")
            picture.load()
            return picture.convert("RGB")
    except MalformedData:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise MalformedData("DG2", "the image cannot be decoded") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MalformedData("DG2", "the image size is not plausible") from exc


def encode_dg2(image: bytes, width: int, height: int, image_type: ImageFormat) -> bytes:
    """DG2 bytes holding one encoded portrait (for the synthetic card)."""
    info = (
        bytes((1,))  # face image type: full frontal
        + bytes((0 if image_type is ImageFormat.JPEG else 1,))
        + width.to_bytes(2, "big")
        + height.to_bytes(2, "big")
        + bytes((1, 2))  # colour space sRGB; source: digital camera
        + (0).to_bytes(2, "big")  # device type unspecified
        + (0).to_bytes(2, "big")  # quality unspecified
    )
    face = bytes(2) + bytes(3) + bytes(3) + bytes(2) + bytes(3) + bytes(3)  # 0 points … pose
    block = len(face) + 4 + len(info) + len(image)
    body = block.to_bytes(4, "big") + face + info + image
    record = _FAC + b"010\x00" + (_GENERAL_HEADER + len(body)).to_bytes(4, "big")
    record += (1).to_bytes(2, "big") + body
    header = der.tlv(
        _HEADER,
        der.tlv(0x80, b"\x01\x01")  # ICAO header version 1.1
        + der.tlv(0x81, b"\x02")  # biometric type: facial features
        + der.tlv(0x87, b"\x01\x01")  # format owner: ISO/IEC JTC 1/SC 37
        + der.tlv(0x88, b"\x00\x08"),  # format type: ISO/IEC 19794-5
    )
    template = der.tlv(_TEMPLATE, header + der.tlv(0x5F2E, record))
    return der.tlv(0x75, der.tlv(_GROUP, der.tlv(ber.INTEGER, b"\x01") + template))

"""EF.COM and DG2 (the face image, JPEG and JPEG 2000), from the builder and from hostile bytes."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, features

from kiosk.identity import der, lds
from kiosk.identity.dg2 import FaceImage, ImageFormat, encode_dg2, parse_dg2, to_pillow
from kiosk.identity.errors import MalformedData
from kiosk.identity.synthetic import CardFiles, Citizen, TestPki, build_card_files
from kiosk.identity.synthetic.card_files import encode_com
from kiosk.identity.synthetic.face import draw_face, encode_face


def test_ef_com_round_trip(card: CardFiles) -> None:
    com = lds.parse_com(card.files[lds.EF_COM])
    assert com.lds_version == "1.7" and com.unicode_version == "4.0.0"
    assert com.data_groups == (1, 2, 13, 14, 15) == card.groups


@pytest.mark.parametrize(
    "data",
    [
        der.tlv(0x60, der.tlv(0x5F01, b"0107") + der.tlv(0x5F36, b"040000")),
        der.tlv(0x60, der.tlv(0x5F01, b"01x7") + der.tlv(0x5F36, b"040000") + der.tlv(0x5C, b"a")),
        encode_com([1])[:-1] + b"\x99",
        der.tlv(0x61, b""),
    ],
)
def test_malformed_ef_com(data: bytes) -> None:
    with pytest.raises(MalformedData):
        lds.parse_com(data)


def test_file_ids() -> None:
    assert lds.file_id(1) == 0x0101 and lds.file_id(13) == 0x010D and lds.file_id(15) == 0x010F
    assert lds.dg_of_file(0x010D) == 13 and lds.dg_of_file(lds.EF_SOD) is None
    with pytest.raises(ValueError):
        lds.file_id(17)


def test_pillow_reads_jpeg_2000_here() -> None:
    # The kiosk shows JPEG 2000 portraits only if Pillow was built with OpenJPEG.
    assert features.check("jpg_2000")


@pytest.mark.parametrize("image_format", list(ImageFormat))
def test_face_round_trip(citizen: Citizen, pki: TestPki, image_format: ImageFormat) -> None:
    card = build_card_files(citizen, pki, face_format=image_format)
    face = parse_dg2(card.group(2))
    assert face.format is image_format and (face.width, face.height) == (240, 320)
    assert 1_500 < len(face.data) < 8_000  # a few kB, as on a chip
    picture = to_pillow(face)
    assert picture.mode == "RGB" and picture.size == (240, 320)
    # The drawing survives compression: the background is pale blue, the centre skin.
    assert picture.getpixel((5, 5))[2] > 200  # type: ignore[index]


def test_bare_j2k_codestream_is_read() -> None:
    buffer = io.BytesIO()
    draw_face(1).save(buffer, "JPEG2000", no_jp2=True)
    face = parse_dg2(encode_dg2(buffer.getvalue(), 240, 320, ImageFormat.JPEG2000))
    assert face.format is ImageFormat.JPEG2000 and to_pillow(face).size == (240, 320)


def test_truncated_image_is_a_typed_error() -> None:
    jpeg = encode_face(draw_face(2), ImageFormat.JPEG)
    face = FaceImage(ImageFormat.JPEG, jpeg[:200], 240, 320)
    with pytest.raises(MalformedData, match="cannot be decoded"):
        to_pillow(face)


def test_implausibly_large_image_is_refused() -> None:
    buffer = io.BytesIO()
    Image.new("L", (5000, 5000)).save(buffer, "JPEG", quality=10)
    with pytest.raises(MalformedData, match="plausible"):
        to_pillow(FaceImage(ImageFormat.JPEG, buffer.getvalue(), 5000, 5000))


def test_unknown_image_format_is_refused() -> None:
    with pytest.raises(MalformedData, match="neither JPEG"):
        parse_dg2(encode_dg2(b"GIF89a....", 1, 1, ImageFormat.JPEG))


@given(st.binary(max_size=300))
def test_arbitrary_dg2_bytes_raise_only_typed_errors(data: bytes) -> None:
    with contextlib.suppress(MalformedData):
        to_pillow(parse_dg2(data))


@given(st.integers(min_value=0), st.integers(0, 255))
def test_corrupted_dg2_raises_only_typed_errors(where: int, byte: int) -> None:
    data = bytearray(_SAMPLE_DG2)
    data[where % len(data)] = byte
    with contextlib.suppress(MalformedData):
        to_pillow(parse_dg2(bytes(data)))


_SAMPLE_DG2 = encode_dg2(encode_face(draw_face(3), ImageFormat.JPEG), 240, 320, ImageFormat.JPEG)

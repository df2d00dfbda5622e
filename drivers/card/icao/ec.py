"""Elliptic-curve arithmetic for PACE generic mapping, in plain Python integers.

``cryptography`` computes ECDH with the standard generator only and offers no
point addition, but generic mapping needs both (Part 11 §4.4.3.3.1): the mapped
generator is G' = s·G + H, and the ephemeral keys live on G'. Points are affine
(x, y) tuples, ``None`` being the point at infinity; inverses come from
``pow(x, -1, p)``. The Part 11 Appendix G.1 worked example pins every step.

Timing: this code is not constant-time. The secrets it handles are ephemeral
keys of one PACE run over a few centimetres of radio; a timing attack would
have to measure the kiosk's CPU from outside it.
"""

from __future__ import annotations

from collections.abc import Callable

from drivers.card.icao.curves import Curve

Point = tuple[int, int]


class PointError(ValueError):
    """Bytes that are not an uncompressed point on the curve (or are its point at infinity)."""


def generator(curve: Curve) -> Point:
    return (curve.gx, curve.gy)


def is_on_curve(curve: Curve, point: Point) -> bool:
    x, y = point
    if not (0 <= x < curve.p and 0 <= y < curve.p):
        return False
    return (y * y - (x * x * x + curve.a * x + curve.b)) % curve.p == 0


def add(curve: Curve, first: Point | None, second: Point | None) -> Point | None:
    """first + second (affine; None is the point at infinity)."""
    if first is None:
        return second
    if second is None:
        return first
    p = curve.p
    (x1, y1), (x2, y2) = first, second
    if x1 == x2:
        if (y1 + y2) % p == 0:
            return None
        slope = (3 * x1 * x1 + curve.a) * pow(2 * y1, -1, p) % p
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, p) % p
    x3 = (slope * slope - x1 - x2) % p
    return (x3, (slope * (x1 - x3) - y1) % p)


def multiply(curve: Curve, k: int, point: Point) -> Point | None:
    """k·point by double-and-add from the most significant bit."""
    if not 0 < k < curve.n:
        raise ValueError("scalar out of range")
    result: Point | None = None
    for bit in bin(k)[2:]:
        result = add(curve, result, result)
        if bit == "1":
            result = add(curve, result, point)
    return result


def encode_point(curve: Curve, point: Point) -> bytes:
    """Uncompressed encoding 04 || x || y, each coordinate on ``curve.size`` bytes."""
    x, y = point
    return b"\x04" + x.to_bytes(curve.size, "big") + y.to_bytes(curve.size, "big")


def decode_point(curve: Curve, data: bytes) -> Point:
    """Parse an uncompressed point and check that it lies on the curve."""
    size = curve.size
    if len(data) != 1 + 2 * size or data[0] != 0x04:
        raise PointError(f"not an uncompressed point of {curve.name}")
    point = (int.from_bytes(data[1 : 1 + size], "big"), int.from_bytes(data[1 + size :], "big"))
    if not is_on_curve(curve, point):
        raise PointError(f"the point is not on {curve.name}")
    return point


def random_scalar(curve: Curve, rng: Callable[[int], bytes]) -> int:
    """A private key in [1, n-1] from ``rng`` (bytes of the order's length; retried if out)."""
    length = (curve.n.bit_length() + 7) // 8
    excess = 8 * length - curve.n.bit_length()  # P-521: drop 7 bits, or most draws miss
    for _ in range(64):
        k = int.from_bytes(rng(length), "big") >> excess
        if 0 < k < curve.n:
            return k
    raise ValueError("the random source gave no usable scalar in 64 tries")


def map_generator(curve: Curve, nonce: int, shared: Point) -> Point:
    """Generic mapping: G' = s·G + H, with H the ECDH point of the mapping keys."""
    s = nonce % curve.n
    scaled = multiply(curve, s, generator(curve)) if s else None
    mapped = add(curve, scaled, shared)
    if mapped is None:
        raise PointError("the mapped generator is the point at infinity")
    return mapped

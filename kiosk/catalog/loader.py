"""Loading a catalog file, and switching to a newer one only once it is proven good.

The kiosk ships a catalog as package data; the center may publish a newer
version. A published file is read with limits (size, nesting) because it came
over the network, validated in full, and only then replaces the catalog in
use. A corrupt or hostile file leaves the last good catalog in place and gives
one :class:`~kiosk.errors.ConfigError` naming the file, the procedure and the key.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.catalog.checks import problems
from kiosk.catalog.model import Catalog
from kiosk.errors import ConfigError
from kiosk.logs import fields

log = logging.getLogger(__name__)

SHIPPED = "catalog.json"
MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 24
_FIX = "correct the entry named above and publish the catalog again (see kiosk/data/README.md)"


def shipped_catalog() -> Catalog:
    """The catalog that ships with this release."""
    data = resources.files("kiosk.data").joinpath(SHIPPED).read_bytes()
    return parse_catalog(data, f"kiosk/data/{SHIPPED}")


def load_catalog(path: Path) -> Catalog:
    """Read and validate the catalog file at ``path``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(
            "(file)", f"cannot be read ({exc.strerror})", "check the path", str(path)
        ) from None
    return parse_catalog(data, str(path))


def parse_catalog(data: bytes, source: str) -> Catalog:
    """Validate catalog JSON; raise :class:`ConfigError` on the first problem."""
    if len(data) > MAX_BYTES:
        raise ConfigError(
            "(file)", f"larger than {MAX_BYTES} bytes", "publish a smaller file", source
        )
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("(file)", "is not UTF-8 text", "save the file as UTF-8", source) from None
    except (ValueError, RecursionError) as exc:  # ValueError: also a number too long
        raise ConfigError(
            "(syntax)", f"not valid JSON ({exc})", "fix the JSON syntax", source
        ) from None
    if _depth(raw) > MAX_DEPTH:
        raise ConfigError("(file)", f"nested deeper than {MAX_DEPTH} levels", _FIX, source)
    try:
        catalog = Catalog.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = _key_of(raw, first["loc"])
        raise ConfigError(key, first["msg"], _FIX, source) from None
    for key, problem in problems(catalog):
        raise ConfigError(key, problem, _FIX, source)
    return catalog


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _key_of(raw: Any, location: tuple[int | str, ...]) -> str:
    """A readable key: list positions named by the entry's code or id where it has one."""
    key = ""
    node = raw
    for part in location:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            name = (node.get("code") or node.get("id")) if isinstance(node, dict) else None
            label = name if isinstance(name, str) and 0 < len(name) <= 64 else str(part)
            key += f"[{label}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            key += f".{part}" if key else str(part)
    return key or "(top level)"


class CatalogStore:
    """The catalog in use; it changes only to a newer, fully valid version."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    @classmethod
    def shipped(cls) -> CatalogStore:
        return cls(shipped_catalog())

    @property
    def current(self) -> Catalog:
        return self._catalog

    def offer(self, path: Path) -> bool:
        """Switch to the catalog at ``path`` if it is valid and newer.

        Returns whether it switched; an invalid file raises :class:`ConfigError`
        and the catalog in use stays as it was.
        """
        candidate = load_catalog(path)
        if candidate.version_key <= self._catalog.version_key:
            log.info(
                "published catalog not newer; kept",
                extra=fields(version=candidate.version, state=self._catalog.version),
            )
            return False
        self._catalog = candidate
        log.info("catalog switched", extra=fields(version=candidate.version))
        return True

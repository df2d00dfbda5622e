"""Files the kiosk reads that a technician or the center supplies.

The shipped catalog and notices, the example configuration and the center's
published-document reader, each seeded with the real file.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from fuzz_targets.base import Target
from fuzz_targets.mutators import mutate_json, text_mutator

from center.documents import parse_document
from kiosk.catalog.loader import parse_catalog
from kiosk.config import parse_config
from kiosk.errors import ConfigError
from kiosk.workdays.notices import parse_notice

ROOT = Path(__file__).resolve().parents[2]


def _catalog(data: bytes) -> None:
    parse_catalog(data, "fuzz/catalog.json")


def _notice(data: bytes) -> None:
    parse_notice(data, "fuzz/2026.json")


def _config(data: bytes) -> None:
    # load_config reads the file as UTF-8 and refuses what is not (ConfigError); then parses.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    parse_config(text, "fuzz/kiosk.toml")


def _small_catalog(full: bytes) -> bytes:
    """The catalog with its first procedures only: each input then costs a few ms, not 50."""
    document = json.loads(full)
    for key, value in document.items():
        if isinstance(value, list) and len(value) > 3:
            document[key] = value[:3]
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def targets() -> list[Target]:
    data = resources.files("kiosk.data")
    catalog = data.joinpath("catalog.json").read_bytes()
    notices = [
        entry.read_bytes()
        for entry in data.joinpath("notices").iterdir()
        if entry.name.endswith(".json")
    ]
    config = (ROOT / "kiosk.example.toml").read_bytes()
    return [
        Target("catalog", [_small_catalog(catalog)], _catalog, (ConfigError,), mutate_json),
        Target("notices", notices, _notice, (ConfigError,), mutate_json),
        Target("config", [config], _config, (ConfigError,), text_mutator("\n")),
        Target(
            "published_document",
            [_small_catalog(catalog), *notices],
            parse_document,
            (ValueError,),
            mutate_json,
        ),
    ]

"""The service PIN: hashed, counted, locked after five wrong tries, across restarts."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from center.officers import PasswordCost
from kiosk.cli import main
from kiosk.config import load_config, parse_config
from kiosk.service_pin import (
    LOCKOUT_S,
    MAX_TRIES,
    STATE_FILE,
    PinError,
    PinResult,
    ServicePin,
    hash_pin,
    with_pin_hash,
)

CHEAP = PasswordCost(time_cost=1, memory_kib=8, parallelism=1)  # tests only: fast hashes
PIN = "246810"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def digest() -> str:
    return hash_pin(PIN, CHEAP)


def test_the_hash_is_salted_argon2id_and_not_the_pin(digest: str) -> None:
    assert digest.startswith("$argon2id$")
    assert PIN not in digest
    assert hash_pin(PIN, CHEAP) != digest  # a fresh salt each time


@pytest.mark.parametrize("bad", ["12345", "abcdef", "1234567890123", "12 3456", ""])
def test_a_pin_is_six_to_twelve_digits(bad: str) -> None:
    with pytest.raises(PinError):
        hash_pin(bad, CHEAP)


def test_the_right_pin_opens(digest: str, tmp_path: Path) -> None:
    assert ServicePin(digest, tmp_path).check(PIN).result is PinResult.OPEN


def test_no_hash_opens_nothing(tmp_path: Path) -> None:
    assert ServicePin("", tmp_path).check(PIN).result is PinResult.NOT_SET


def test_five_wrong_pins_lock_even_the_right_one(digest: str, tmp_path: Path) -> None:
    clock = Clock()
    pin = ServicePin(digest, tmp_path, clock)
    lefts = [pin.check("000000") for _ in range(MAX_TRIES)]
    assert [o.result for o in lefts] == [PinResult.WRONG] * (MAX_TRIES - 1) + [PinResult.LOCKED]
    assert [o.tries_left for o in lefts[:-1]] == [4, 3, 2, 1]
    locked = pin.check(PIN)
    assert locked.result is PinResult.LOCKED
    assert 0 < locked.locked_for_s <= LOCKOUT_S
    clock.now += LOCKOUT_S + 1
    assert pin.check(PIN).result is PinResult.OPEN


def test_the_lockout_survives_a_restart(digest: str, tmp_path: Path) -> None:
    clock = Clock()
    for _ in range(MAX_TRIES):
        ServicePin(digest, tmp_path, clock).check("999999")  # a new kiosk process each time
    after_restart = ServicePin(digest, tmp_path, clock)
    assert after_restart.locked_for_s() > 0
    assert after_restart.check(PIN).result is PinResult.LOCKED


def test_a_right_pin_resets_the_count(digest: str, tmp_path: Path) -> None:
    pin = ServicePin(digest, tmp_path)
    for _ in range(MAX_TRIES - 1):
        pin.check("111111")
    assert pin.check(PIN).result is PinResult.OPEN
    assert pin.check("111111").tries_left == MAX_TRIES - 1


def test_a_damaged_count_fails_closed(digest: str, tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text("{not json", encoding="utf-8")
    assert ServicePin(digest, tmp_path).check(PIN).result is PinResult.LOCKED
    assert json.loads((tmp_path / STATE_FILE).read_text())["failures"] == MAX_TRIES


# -- kiosk.toml ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        '[kiosk]\nid = "KIOSK-01"\n',
        '[service]\n# a comment\n\n[paths]\nstate_dir = "/tmp/x"\n',
        '[service]\npin_hash = ""\n[kiosk]\nid = "KIOSK-01"',
    ],
)
def test_the_hash_lands_in_the_service_section(text: str, digest: str) -> None:
    updated = with_pin_hash(text, digest)
    assert parse_config(updated).service.pin_hash == digest
    kept = [line for line in text.splitlines() if not line.startswith("pin_hash")]
    assert all(line in updated.splitlines() for line in kept)


def test_the_command_sets_a_pin_read_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep_logging: None
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nid = "KIOSK-07"\n', encoding="utf-8")
    config.chmod(0o640)
    monkeypatch.setattr(sys, "stdin", io.StringIO("13579246\n"))
    assert main(["service-pin", "set", "--config", str(config)]) == 0
    loaded = load_config(config)
    assert loaded.kiosk.id == "KIOSK-07"
    assert config.stat().st_mode & 0o777 == 0o640
    assert ServicePin(loaded.service.pin_hash, tmp_path).check("13579246").result is PinResult.OPEN
    assert "13579246" not in config.read_text(encoding="utf-8")


def test_the_command_refuses_a_short_pin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep_logging: None
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("123\n"))
    assert main(["service-pin", "set", "--config", str(config)]) != 0
    assert config.read_text(encoding="utf-8") == ""

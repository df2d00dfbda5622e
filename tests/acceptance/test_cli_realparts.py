"""The ``kiosk`` command as a technician runs it, in its own process, on the real parts.

Each test starts the console script in a subprocess: ``kiosk doctor`` and
``kiosk demo`` bring up their own private pcscd with the vpcd reader, the
loopback printer and the embedded center, exactly as on a fresh machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-m", "kiosk"]


def run_kiosk(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    environment.pop("DISPLAY", None)
    environment.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [*KIOSK, "--log-level", "WARNING", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
        cwd=ROOT,
        check=False,
    )


def test_version() -> None:
    result = run_kiosk("version")
    assert result.returncode == 0
    assert result.stdout.startswith("kiosk ")


def test_doctor_on_the_demo_configuration_says_ok_once_per_device(tmp_path: Path) -> None:
    result = run_kiosk("doctor", env={"XDG_STATE_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    devices = [line.split(None, 1)[1] for line in lines]
    assert [line.split()[0] for line in lines] == ["OK"] * 6, result.stdout
    assert devices[0].startswith("state directory")
    assert devices[1].startswith("card reader") and "Virtual" in devices[1]
    assert devices[2].startswith("document camera")
    assert devices[3].startswith("receipt printer")
    assert devices[4].startswith("center") and "127.0.0.1" in devices[4]
    assert devices[5].startswith("speech")  # the simulated lobby's recording speaker


def test_doctor_with_pcscd_stopped_says_what_to_do(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[devices.card]\ntransport = "pcsc"\n[paths]\nstate_dir = "{tmp_path / "state"}"\n',
        encoding="utf-8",
    )
    result = run_kiosk(
        "doctor",
        "--config",
        str(config),
        env={"PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd-here.comm")},
    )
    assert result.returncode == 1
    card_line = next(line for line in result.stdout.splitlines() if "card reader" in line)
    assert card_line.startswith("FAIL")
    assert "pcscd" in card_line and "not running" in card_line
    assert "systemctl start pcscd" in card_line
    assert "Traceback" not in result.stderr


def test_doctor_json_is_machine_readable(tmp_path: Path) -> None:
    result = run_kiosk("doctor", "--json", env={"XDG_STATE_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    statuses = json.loads(result.stdout)
    assert {entry["state"] for entry in statuses} == {"ready"}
    assert len(statuses) == 6


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[devices.printer]\ntransport = 'parallel'\n", "devices.printer.transport"),
        ("[timeouts]\nidle_warning_s = 'soon'\n", "timeouts.idle_warning_s"),
        ("[kiosk\n", "(syntax)"),
        (
            "[devices.printer]\ntransport = 'serial'\nuri = 'tcp://127.0.0.1:9'\n",
            "devices.printer.transport",
        ),
    ],
)
def test_a_corrupt_config_stops_with_one_line_naming_the_key(
    tmp_path: Path, text: str, key: str
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(text, encoding="utf-8")
    result = run_kiosk("doctor", "--config", str(config))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert key in result.stderr
    assert result.stdout == ""


def test_run_refuses_a_missing_config_without_a_traceback(tmp_path: Path) -> None:
    result = run_kiosk("run", "--config", str(tmp_path / "absent.toml"))
    assert result.returncode == 2
    assert "kiosk.example.toml" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.timeout(300)
def test_the_demo_plays_a_scripted_session_and_leaves_its_artefacts(tmp_path: Path) -> None:
    artifacts = tmp_path / "demo"
    result = run_kiosk(
        "demo",
        "--scripted",
        "--artifacts",
        str(artifacts),
        env={"XDG_STATE_HOME": str(tmp_path)},
        timeout=280,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shots = sorted((artifacts / "screens").glob("*.png"))
    names = {shot.stem.split("-", 1)[1] for shot in shots}
    # Every screen of both visits, each in Vietnamese and in English.
    for screen in ("attract", "procedures", "identity-read", "review", "consent", "receipt"):
        assert {f"{screen}-vi", f"{screen}-en"} <= names, screen
    for screen in ("rating", "goodbye", "paper-giay-to-can-ky-taken"):
        assert {f"{screen}-vi", f"{screen}-en"} <= names, screen
    for language in ("vi", "en"):
        with Image.open(artifacts / f"contact-sheet-{language}.jpg") as sheet:
            assert sheet.width > 1000 and sheet.height > 1000
    printed = [shot for shot in shots if shot.stem.endswith("receipt-printed")]
    assert len(printed) == 2 and all(shot.stat().st_size > 1000 for shot in printed)
    dossiers = json.loads((artifacts / "center-dossiers.json").read_text(encoding="utf-8"))
    assert [d["status"]["procedure_code"] for d in dossiers] == ["2.000488", "2.000884"]
    assert {d["status"]["state"] for d in dossiers} == {"received"}
    record = json.loads((artifacts / "center-record.json").read_text(encoding="utf-8"))
    assert record["heartbeat"]["kiosk_id"] == "KIOSK-DEMO-01"
    assert {d["device"] for d in record["heartbeat"]["devices"]} >= {"card reader", "center sync"}
    assert str(artifacts) in result.stdout
    # The back office: an officer worked the first dossier in Chromium, the citizen's phone
    # followed it, and the demo says how to open the console on its center.
    console = sorted(path.stem for path in (artifacts / "console").glob("*.png"))
    assert console == [
        "console-1-login",
        "console-2-inbox",
        "console-3-dossier",
        "console-4-additions-requested",
        "lookup-1-phone-vi",
        "lookup-2-phone-en",
    ]
    assert "kiosk center serve --data" in result.stdout
    assert "/login as demo.officer / " in result.stdout

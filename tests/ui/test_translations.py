"""Every string on every screen exists in Vietnamese (Qt's .ts mechanism)."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.i18n import I18N_DIR, catalog_path

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_a_finished_vietnamese_translation() -> None:
    tree = ET.parse(I18N_DIR / "kiosk_vi.ts")
    unfinished = [
        message.findtext("source")
        for message in tree.iter("message")
        if (translation := message.find("translation")) is None
        or translation.get("type") in ("unfinished", "obsolete", "vanished")
        or not "".join(translation.itertext()).strip()
    ]
    assert unfinished == []


def test_the_catalog_covers_every_tr_call_in_ui(tmp_path: Path) -> None:
    """lupdate over the sources finds nothing new: no string was added untranslated."""
    scratch = tmp_path / "kiosk_vi.ts"
    scratch.write_bytes((I18N_DIR / "kiosk_vi.ts").read_bytes())
    sources = [str(p) for p in sorted((ROOT / "ui").rglob("*.py"))]
    lupdate = ROOT / ".venv" / "bin" / "pyside6-lupdate"
    result = subprocess.run(
        [str(lupdate), *sources, "-ts", str(scratch), "-no-obsolete"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "0 new" in result.stdout, result.stdout
    tree = ET.parse(scratch)
    assert all(m.find("translation").get("type") != "unfinished" for m in tree.iter("message"))


def test_the_compiled_catalog_is_there() -> None:
    assert catalog_path("vi").is_file(), "run scripts/bootstrap.sh to compile the translations"

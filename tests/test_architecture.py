"""The import directions ARCHITECTURE.md promises, checked on every run.

- Qt (PySide6, shiboken6) only in ``ui/``;
- device and network libraries (pyscard, OpenCV, python-escpos, httpx, pyzbar)
  only in ``drivers/``, ``offline_queue/`` and ``center/``;
- ``ui/`` imported by nothing but the entry point (``kiosk/cli.py``);
- ``center/`` never imports the kiosk, and shares only ``center/protocol.py``
  with ``offline_queue/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kiosk", "drivers", "ui", "offline_queue", "center")
QT = {"PySide6", "shiboken6"}
DEVICE_AND_NETWORK = {"smartcard", "cv2", "escpos", "httpx", "pyzbar", "zxingcpp", "usb", "serial"}
# The entry point: the console script and the subcommands that start the Qt application.
ENTRY_POINTS = {"kiosk/cli.py", "kiosk/__main__.py", "kiosk/commands/app_cli.py"}


def imports_of(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def product_files() -> list[tuple[str, set[str]]]:
    files = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            files.append((path.relative_to(ROOT).as_posix(), imports_of(path)))
    return files


def roots(modules: set[str]) -> set[str]:
    return {module.split(".")[0] for module in modules}


def _name(value: object) -> str:
    return value if isinstance(value, str) else ""


@pytest.mark.parametrize(("path", "modules"), product_files(), ids=_name)
def test_imports_follow_the_layers(path: str, modules: set[str]) -> None:
    package = path.split("/", maxsplit=1)[0]
    top = roots(modules)
    if package != "ui":
        assert not top & QT, f"{path} imports Qt; only ui/ may"
    if package in ("kiosk", "ui"):
        assert not top & DEVICE_AND_NETWORK, f"{path} imports a device/network library"
    if package != "ui" and path not in ENTRY_POINTS:
        assert "ui" not in top, f"{path} imports ui/; only the entry point may"
    if package == "center":
        assert not top & {"kiosk", "ui", "offline_queue", "drivers"}, f"{path} imports the kiosk"
    if package == "offline_queue":
        center_modules = {m for m in modules if m.split(".")[0] == "center"}
        assert center_modules <= {"center.protocol"}, f"{path} uses center/ beyond its protocol"


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    """Guard against a checker that passes everything."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtWidgets import QWidget\n    import cv2\n")
    assert roots(imports_of(sample)) == {"PySide6", "cv2"}

"""Fixtures shared by every test folder.

Qt runs offscreen (no screen on CI). One private pcscd (with the vpcd
virtual reader) serves the whole run: libpcsclite binds a process to the first
pcscd it talks to, so no test may start another in-process. Screenshots that tests save for review
go under ``artifacts/test-screens/`` (ignored by git, kept after the run).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings

from drivers.card.pcscd import PcscDaemon

# CI must not fail on a case no earlier run met: the default profile replays the
# same examples every run. HYPOTHESIS_PROFILE=explore searches fresh ones; a bug
# it finds becomes a fixed test.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "artifacts" / "test-screens"


@pytest.fixture
def screenshots_dir(request: pytest.FixtureRequest) -> Path:
    """A folder for this test's screenshots, kept after the run for review."""
    folder = SCREENSHOTS / request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.png"):  # a review sees this run's screens only
        stale.unlink()
    return folder


@pytest.fixture(scope="session")
def pcscd_daemon() -> Iterator[PcscDaemon]:
    """The real pcscd, private to this test run, with the vpcd virtual reader."""
    with PcscDaemon() as daemon:
        yield daemon


@pytest.fixture(autouse=True)
def _source_language_after_each_test() -> Iterator[None]:
    """A test that switched the kiosk to Vietnamese must not leave it for the next one."""
    yield
    from PySide6.QtCore import QCoreApplication, QTranslator

    app = QCoreApplication.instance()
    if app is not None:
        for translator in app.findChildren(QTranslator, "kiosk-translator"):
            app.removeTranslator(translator)


@pytest.fixture
def keep_logging() -> Iterator[None]:
    """``kiosk.cli.main`` points the root logger at the (captured) stdout: undo that after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)

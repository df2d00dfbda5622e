"""Fixtures shared by every test folder.

Qt runs offscreen (no screen on CI); screenshots that tests save for review
go under ``artifacts/test-screens/`` (ignored by git, kept after the run).
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "artifacts" / "test-screens"


@pytest.fixture
def screenshots_dir(request: pytest.FixtureRequest) -> Path:
    """A folder for this test's screenshots, kept after the run for review."""
    folder = SCREENSHOTS / request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
    folder.mkdir(parents=True, exist_ok=True)
    return folder

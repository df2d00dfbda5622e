"""A second kiosk on one state folder is refused in one line; a dead one's lock is free."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.state_lock import StateBusy, StateLock

HOLDER = (
    "import sys, time; from pathlib import Path; from kiosk.state_lock import StateLock; "
    "StateLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)"
)


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of ``tmp_path / 'state'``."""
    state = tmp_path / "state"
    state.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(state)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait(timeout=10)
    process.stdout.close()


pytestmark = pytest.mark.usefixtures("keep_logging")  # tests/conftest.py


def test_a_second_run_on_the_same_state_folder_is_refused(
    tmp_path: Path, holder: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\nstate_dir = "{tmp_path / "state"}"\n')
    assert main(["--log-level", "CRITICAL", "run", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk: Another kiosk process") and f"pid {holder.pid}" in err
    assert len(err.strip().splitlines()) == 1


def test_the_lock_of_a_killed_process_is_free(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(StateBusy):
        StateLock(tmp_path / "state").acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    with StateLock(tmp_path / "state"):
        pass


def test_two_locks_in_one_process_exclude_each_other(tmp_path: Path) -> None:
    with StateLock(tmp_path), pytest.raises(StateBusy):
        StateLock(tmp_path).acquire()
    StateLock(tmp_path).acquire().release()  # released by the with

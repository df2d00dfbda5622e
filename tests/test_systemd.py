"""The kiosk under systemd: the unit files, and the sd_notify protocol on a real socket."""

from __future__ import annotations

import ctypes.util
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.systemd import SystemdNotifier, watchdog_interval

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "kiosk.service"
INSTALL_SCRIPT = ROOT / "scripts" / "install-service.sh"
PRODUCTION_EXEC_START = "ExecStart=/opt/kiosk/.venv/bin/kiosk run"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
needs_systemd_analyze = pytest.mark.skipif(
    SYSTEMD_ANALYZE is None,
    reason="systemd-analyze is not installed (Debian: apt-get install systemd)",
)


# --- the unit files --------------------------------------------------------------


def settings(unit_text: str) -> dict[str, list[str]]:
    """``"Section.Key"`` -> every value assigned to it, in order."""
    found: dict[str, list[str]] = {}
    section = ""
    for raw in unit_text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        found.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return found


def words(values: list[str]) -> set[str]:
    return {word for value in values for word in value.split()}


def companion_units() -> dict[str, str]:
    """The units install-service.sh writes from its here-documents."""
    script = INSTALL_SCRIPT.read_text(encoding="utf-8")
    return dict(re.findall(r"^\s*write_unit (\S+) <<'UNIT'\n(.*?)^UNIT$", script, re.M | re.S))


def units_for_analysis(directory: Path) -> list[Path]:
    """All three units in ``directory``, kiosk.service pointed at an existing program."""
    text = UNIT.read_text(encoding="utf-8")
    assert PRODUCTION_EXEC_START in text
    # /opt/kiosk does not exist here, and verify checks that ExecStart= is executable.
    (directory / "kiosk.service").write_text(
        text.replace(PRODUCTION_EXEC_START, f"ExecStart={sys.executable} -c pass"),
        encoding="utf-8",
    )
    for name, body in companion_units().items():
        (directory / name).write_text(body, encoding="utf-8")
    return sorted(directory.iterdir())


def analyze(*args: str) -> tuple[int, str]:
    assert SYSTEMD_ANALYZE is not None
    result = subprocess.run(
        [SYSTEMD_ANALYZE, *args],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def complaints_about(files: list[Path], output: str) -> list[str]:
    """Lines of systemd-analyze output that concern our files (unknown keys and the like)."""
    names = {path.name for path in files}
    return [line for line in output.splitlines() if any(name in line for name in names)]


def test_install_script_writes_both_companion_units() -> None:
    assert set(companion_units()) == {"kiosk-display.service", "kiosk-retry.timer"}


@needs_systemd_analyze
def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    files = units_for_analysis(tmp_path)
    code, output = analyze("verify", *map(str, files))
    assert code == 0, output
    assert complaints_about(files, output) == [], output
    assert "Unknown" not in output, output


@needs_systemd_analyze
def test_verify_check_sees_an_unknown_key(tmp_path: Path) -> None:
    """Guard against a check that passes everything: systemd only warns on unknown keys."""
    bad = tmp_path / "bad.service"
    bad.write_text(f"[Service]\nWatchdogSecs=30\nExecStart={sys.executable}\n", encoding="utf-8")
    _, output = analyze("verify", str(bad))
    assert any("Unknown key" in line for line in complaints_about([bad], output)), output


@needs_systemd_analyze
def test_unit_exposure_stays_low(tmp_path: Path) -> None:
    unit = units_for_analysis(tmp_path)[-1]
    assert unit.name == "kiosk.service"
    code, output = analyze("security", "--offline=true", "--no-pager", str(unit))
    if code != 0 and "offline" in output:
        pytest.skip("this systemd-analyze has no --offline (systemd < 250)")
    level = re.search(r"Overall exposure level for kiosk\.service: (\d+\.\d+)", output)
    assert level is not None, output
    # 1.8 when written; systemd calls anything below 3 "OK".
    assert float(level[1]) <= 2.5, output


def test_unit_keeps_its_contract() -> None:
    unit = settings(UNIT.read_text(encoding="utf-8"))
    for key, value in {
        "Service.Type": "notify",
        "Service.NotifyAccess": "main",
        "Service.WatchdogSec": "30",
        "Service.Restart": "always",
        "Service.RestartSec": "2",
        "Service.User": "kiosk",
        "Service.StateDirectory": "kiosk",
        "Service.StateDirectoryMode": "0700",
        "Service.ConfigurationDirectory": "kiosk",
        "Service.MemoryDenyWriteExecute": "yes",
        "Service.ProtectSystem": "strict",
        "Service.DevicePolicy": "closed",
        "Unit.OnFailure": "kiosk-retry.timer",
    }.items():
        assert unit[key] == [value], key
    assert unit["Service.ExecStart"] == [PRODUCTION_EXEC_START.partition("=")[2]]
    assert {"video", "lp", "dialout", "plugdev"} <= words(unit["Service.SupplementaryGroups"])
    assert {"pcscd.socket", "network-online.target"} <= words(unit["Unit.Wants"])
    assert {"pcscd.socket", "network-online.target"} <= words(unit["Unit.After"])
    assert words(unit["Service.RestrictAddressFamilies"]) == {
        "AF_UNIX",
        "AF_INET",
        "AF_INET6",
        "AF_NETLINK",
    }
    assert {
        "char-video4linux",
        "char-usb_device",
        "char-usb",
        "char-ttyUSB",
        "char-ttyACM",
    } <= words(unit["Service.DeviceAllow"])
    # Giving up for good is what the start limit must never do.
    assert "Unit.StartLimitIntervalSec" in unit
    assert unit["Unit.StartLimitIntervalSec"] != ["0"]


def test_unit_caps_the_malloc_arenas() -> None:
    """Two arenas keep a day's resident memory flat (bench/soak_day.py)."""
    unit = settings(UNIT.read_text(encoding="utf-8"))
    env = dict(value.partition("=")[::2] for value in unit["Service.Environment"])
    assert env["MALLOC_ARENA_MAX"] == "2"


def test_display_and_kiosk_agree_on_the_wayland_socket() -> None:
    kiosk = settings(UNIT.read_text(encoding="utf-8"))
    display = settings(companion_units()["kiosk-display.service"])
    env = dict(value.partition("=")[::2] for value in kiosk["Service.Environment"])
    runtime_dir = "/run/" + display["Service.RuntimeDirectory"][0]
    assert env["XDG_RUNTIME_DIR"] == runtime_dir
    assert env["QT_QPA_PLATFORM"] == "wayland"
    assert f"XDG_RUNTIME_DIR={runtime_dir} " in display["Service.ExecStart"][0]
    assert f"{runtime_dir}/{env['WAYLAND_DISPLAY']}" in display["Service.ExecStartPost"][0]
    assert "kiosk-display.service" in words(kiosk["Unit.After"])
    assert display["Service.User"] == kiosk["Service.User"]


def test_retry_timer_starts_the_kiosk_and_can_fire_again() -> None:
    timer = settings(companion_units()["kiosk-retry.timer"])
    assert timer["Timer.Unit"] == ["kiosk.service"]
    assert timer["Timer.RemainAfterElapse"] == ["no"]


def test_install_script_parses() -> None:
    bash = shutil.which("bash")
    assert bash is not None
    result = subprocess.run(
        [bash, "-n", str(INSTALL_SCRIPT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert os.access(INSTALL_SCRIPT, os.X_OK)


# systemd 252's MemoryDenyWriteExecute=yes, rule for rule (seccomp-util.c), then
# the parts of the kiosk's stack most likely to want writable+executable memory.
MDWE_PROBE = r"""
import ctypes, ctypes.util, errno, mmap, sys

lib = ctypes.CDLL(ctypes.util.find_library("seccomp"), use_errno=True)

class Cmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int),
                ("a", ctypes.c_uint64), ("b", ctypes.c_uint64)]

lib.seccomp_init.restype = ctypes.c_void_p
lib.seccomp_init.argtypes = [ctypes.c_uint32]
lib.seccomp_rule_add_array.argtypes = [
    ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(Cmp)]
lib.seccomp_load.argtypes = [ctypes.c_void_p]
lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
ALLOW, MASKED_EQ, EPERM = 0x7FFF0000, 7, 0x00050000 | errno.EPERM
ctx = lib.seccomp_init(ALLOW)
for name, arg, mask in [("mmap", 2, 0x6), ("mprotect", 2, 0x4),
                        ("pkey_mprotect", 2, 0x4), ("shmat", 2, 0o100000)]:
    number = lib.seccomp_syscall_resolve_name(name.encode())
    rule = (Cmp * 1)(Cmp(arg, MASKED_EQ, mask, mask))
    assert lib.seccomp_rule_add_array(ctx, EPERM, number, 1, rule) == 0, name
assert lib.seccomp_load(ctx) == 0
try:
    mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    sys.exit("the filter is not active")
except PermissionError:
    pass

from PySide6.QtCore import QRegularExpression
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget
app = QApplication([])
window = QWidget()
layout = QVBoxLayout(window)
layout.addWidget(QLabel("Tiếp nhận hồ sơ — Căn cước"))
layout.addWidget(QLineEdit("Nguyễn Văn Ắ"))
window.show()
assert not window.grab().toImage().isNull()
pattern = QRegularExpression(r"^\d{12}$")
pattern.optimize()
assert all(pattern.match("001234567890").hasMatch() for _ in range(500))
assert ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: 2 * x)(21) == 42
import numpy, cv2
frame = cv2.GaussianBlur(numpy.zeros((480, 640), numpy.uint8), (5, 5), 0)
assert cv2.Laplacian(frame, cv2.CV_64F).var() == 0.0
print("survived")
"""


def test_memory_deny_write_execute_is_safe_for_the_kiosk_stack() -> None:
    """kiosk.service sets MemoryDenyWriteExecute=yes: Qt, ctypes and OpenCV must live with it."""
    if ctypes.util.find_library("seccomp") is None:
        pytest.skip("libseccomp is not installed (Debian: libseccomp2)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", MDWE_PROBE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("survived"), result.stdout + result.stderr


# --- the sd_notify protocol ----------------------------------------------------------


@pytest.fixture(params=["path", "abstract"])
def listener(request: pytest.FixtureRequest) -> Iterator[tuple[str, socket.socket]]:
    """A datagram socket standing in for systemd: (NOTIFY_SOCKET value, socket)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.settimeout(5)
    # A short directory: AF_UNIX paths stop at 108 bytes.
    with tempfile.TemporaryDirectory(prefix="kiosk-sd-") as directory:
        if request.param == "path":
            name = os.path.join(directory, "notify")
            sock.bind(name)
        else:
            name = f"@kiosk-test-{uuid.uuid4().hex}"
            sock.bind("\0" + name[1:])
        try:
            yield name, sock
        finally:
            sock.close()


def test_ready_sends_readiness_and_status(listener: tuple[str, socket.socket]) -> None:
    name, sock = listener
    with SystemdNotifier({"NOTIFY_SOCKET": name}) as notifier:
        assert notifier.enabled
        assert notifier.ready("Sẵn sàng tiếp nhận hồ sơ") is True
    assert sock.recv(4096) == "READY=1\nSTATUS=Sẵn sàng tiếp nhận hồ sơ".encode()


def test_each_message_is_exactly_one_datagram(listener: tuple[str, socket.socket]) -> None:
    name, sock = listener
    with SystemdNotifier({"NOTIFY_SOCKET": name}) as notifier:
        assert notifier.ready()
        assert notifier.status("Đang đồng bộ 3 hồ sơ")
        assert notifier.watchdog()
        assert notifier.stopping()
    assert [sock.recv(4096) for _ in range(4)] == [
        b"READY=1",
        "STATUS=Đang đồng bộ 3 hồ sơ".encode(),
        b"WATCHDOG=1",
        b"STOPPING=1",
    ]


def test_reloading_carries_the_monotonic_clock(listener: tuple[str, socket.socket]) -> None:
    name, sock = listener
    before = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
    with SystemdNotifier({"NOTIFY_SOCKET": name}) as notifier:
        assert notifier.reloading()
    first, second = sock.recv(4096).decode().split("\n")
    assert first == "RELOADING=1"
    key, _, usec = second.partition("=")
    assert key == "MONOTONIC_USEC"
    assert before <= int(usec) <= time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000


def test_status_cannot_inject_other_assignments(listener: tuple[str, socket.socket]) -> None:
    name, sock = listener
    with SystemdNotifier({"NOTIFY_SOCKET": name}) as notifier:
        notifier.status("lỗi\nREADY=1\r\nxong")
    assert sock.recv(4096) == "STATUS=lỗi READY=1 xong".encode()


def test_reads_notify_socket_from_the_process_environment(
    listener: tuple[str, socket.socket], monkeypatch: pytest.MonkeyPatch
) -> None:
    name, sock = listener
    monkeypatch.setenv("NOTIFY_SOCKET", name)
    with SystemdNotifier() as notifier:
        assert notifier.watchdog()
    assert sock.recv(4096) == b"WATCHDOG=1"


def test_without_notify_socket_everything_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)

    def no_socket(*args: object) -> None:
        raise AssertionError("no socket may be opened outside systemd")

    monkeypatch.setattr(socket, "socket", no_socket)
    notifier = SystemdNotifier()
    assert not notifier.enabled
    assert notifier.ready("x") is False
    assert notifier.status("x") is False
    assert notifier.watchdog() is False
    assert notifier.stopping() is False
    assert notifier.reloading() is False
    notifier.close()


@pytest.mark.parametrize("value", ["", "@", "vsock:2:1234", "relative/notify"])
def test_unusable_notify_socket_disables_the_notifier(value: str) -> None:
    notifier = SystemdNotifier({"NOTIFY_SOCKET": value})
    assert not notifier.enabled
    assert notifier.watchdog() is False


def test_send_failures_never_raise_and_are_logged_once_per_outage(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="kiosk.systemd")
    with tempfile.TemporaryDirectory(prefix="kiosk-sd-") as directory:
        path = os.path.join(directory, "notify")
        with SystemdNotifier({"NOTIFY_SOCKET": path}) as notifier:
            # Nobody listens yet: three failed pings, one warning.
            assert [notifier.watchdog() for _ in range(3)] == [False, False, False]
            assert len(warnings_in(caplog)) == 1

            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.bind(path)
                assert notifier.watchdog() is True
                assert sock.recv(4096) == b"WATCHDOG=1"
            os.unlink(path)

            # A new outage is reported again.
            assert notifier.watchdog() is False
            assert len(warnings_in(caplog)) == 2


def warnings_in(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_close_then_send_reopens(listener: tuple[str, socket.socket]) -> None:
    name, sock = listener
    with SystemdNotifier({"NOTIFY_SOCKET": name}) as notifier:
        assert notifier.watchdog()
        notifier.close()
        assert notifier.watchdog()
    assert [sock.recv(4096), sock.recv(4096)] == [b"WATCHDOG=1", b"WATCHDOG=1"]


# --- watchdog_interval ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"WATCHDOG_USEC": "30000000"}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "4242"}, 15.0),
        ({"WATCHDOG_USEC": "40000", "WATCHDOG_PID": "4242"}, 0.02),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "4243"}, None),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "pid"}, None),
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "-30000000"}, None),
        ({"WATCHDOG_USEC": "30s"}, None),
        ({"WATCHDOG_PID": "4242"}, None),
    ],
)
def test_watchdog_interval(environ: dict[str, str], expected: float | None) -> None:
    assert watchdog_interval(environ, pid=4242) == expected


def test_watchdog_interval_defaults_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "2000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert watchdog_interval() == 1.0
    # A child that inherited its parent's environment must not ping for it.
    monkeypatch.setenv("WATCHDOG_PID", str(os.getppid()))
    assert watchdog_interval() is None
    monkeypatch.delenv("WATCHDOG_PID")
    assert watchdog_interval() == 1.0

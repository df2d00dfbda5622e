"""Process-level facts the design rests on, checked in child processes.

libpcsclite binds a process to one pcscd for life, so these need fresh processes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from drivers.card.pcscd import PcscDaemon, pcscd_reachable, read_vpcd_conf
from drivers.card.pcscd import private_daemon_possible as pcscd_private_possible

pytestmark = pytest.mark.realparts

ROOT = Path(__file__).resolve().parents[2]


def run_child(script: str, env: dict[str, str] | None = None) -> str:
    child_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_libpcsclite_reads_the_socket_variable_once_per_process(
    pcscd_daemon: PcscDaemon,
) -> None:
    out = run_child(
        """
        import os
        from drivers.card import pcsclite
        with pcsclite.Context() as c:
            first = c.readers()
        os.environ["PCSCLITE_CSOCK_NAME"] = "/nonexistent/pcscd.comm"
        with pcsclite.Context() as c:
            second = c.readers()
        print(first == second and len(first) > 0)
        """,
        env=pcscd_daemon.env,
    )
    assert out == "True", "libpcsclite now re-reads PCSCLITE_CSOCK_NAME: revisit pcsclite.py"


def test_child_with_the_daemon_env_sees_the_reader(pcscd_daemon: PcscDaemon) -> None:
    out = run_child(
        """
        from drivers.card.pcsc import PcscCardReader
        with PcscCardReader() as reader:
            print(reader.status().state, "|", ", ".join(reader.readers()))
        """,
        env=pcscd_daemon.env,
    )
    assert out.startswith("ready |")
    assert pcscd_daemon.reader_name in out


def test_failed_private_start_falls_back_to_the_system_pcscd() -> None:
    if pcscd_reachable("/run/pcscd/pcscd.comm"):
        pytest.skip("a system pcscd runs here: the fallback would succeed")
    out = run_child(
        """
        import os
        from drivers.card import pcscd
        from kiosk.errors import DeviceAbsent
        os.environ.pop("PCSCLITE_CSOCK_NAME", None)
        pcscd._PRIVATE_LAUNCH = "echo mount refused >&2; exit 32"  # as if unshare failed
        try:
            with pcscd.PcscDaemon():
                print("started")
        except DeviceAbsent as exc:
            print(exc.message, "|", exc.fix, "|", exc.__cause__)
        print("env:", os.environ.get("PCSCLITE_CSOCK_NAME"))
        """
    )
    message, fix, cause = out.splitlines()[0].split(" | ")
    assert "pcscd is not running" in message
    assert "mount refused" in message
    assert "systemctl start pcscd" in fix
    assert "exited at start" in cause
    assert out.splitlines()[1] == "env: None", "a failed start must not leave a dead socket in env"


def test_system_vpcd_conf_gives_name_and_port() -> None:
    conf = Path("/etc/reader.conf.d/vpcd")
    if not conf.exists():
        pytest.skip("vsmartcard-vpcd's reader.conf is not installed")
    name, port = read_vpcd_conf(conf)
    assert name
    assert 0 < port < 65535


def test_read_vpcd_conf_parses_hex_channel(tmp_path: Path) -> None:
    conf = tmp_path / "vpcd"
    conf.write_text(
        'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x8C7B\n'
        "LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    0x8C7B\n",
        encoding="utf-8",
    )
    assert read_vpcd_conf(conf) == ("Virtual PCD", 35963)


def test_private_daemon_moves_to_another_port_when_vpcd_cannot_bind() -> None:
    if not pcscd_private_possible():
        pytest.skip("a private pcscd needs root and unshare")
    out = run_child(
        """
        import socket
        from drivers.card import pcscd
        free_pair = pcscd.free_port_pair
        port = free_pair()
        taken = socket.create_server(("0.0.0.0", port + 1))  # vpcd's second reader port
        picks = iter([port])
        pcscd.free_port_pair = lambda: next(picks, None) or free_pair()
        with pcscd.PcscDaemon(private=True) as daemon:
            print(daemon.vpcd_port != port, daemon.reader_name)
        """
    )
    assert out == "True Kiosk Virtual Reader 00 00"


def test_private_pcscd_dies_with_a_process_that_aborts() -> None:
    if not pcscd_private_possible():
        pytest.skip("a private pcscd needs root and unshare")
    script = textwrap.dedent(
        """
        import os, sys
        from drivers.card.pcscd import PcscDaemon
        daemon = PcscDaemon(private=True)
        daemon.start()
        print(daemon.pid, daemon.socket_path, flush=True)
        os.abort()  # no clean-up runs: only the parent-death signal can stop pcscd
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode != 0
    pid_text, socket_path = result.stdout.split()
    pid = int(pid_text)
    # The aborted process could not remove its temporary directory: do it for it.
    temporary = Path(socket_path).parents[1]
    assert temporary.name.startswith("kiosk-pcscd-")
    shutil.rmtree(temporary)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and process_alive(pid):
        time.sleep(0.05)
    assert not process_alive(pid), f"pcscd {pid} outlived the process that started it"


def process_alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that does not reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"

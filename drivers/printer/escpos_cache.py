"""A private, lasting cache for python-escpos's printer capabilities.

On import python-escpos parses its capabilities YAML (about 0.2 s) and keeps
the result as a pickle in ``$ESCPOS_CAPABILITIES_PICKLE_DIR`` — by default a
fresh temporary folder per process, so it parses at every start and leaves a
folder behind in /tmp each time. The kiosk points it at its own cache folder
instead (systemd's ``CacheDirectory=``), created mode 0700 and used only if
this user owns it and nobody else may write there: the pickle is loaded on
the next start, and a pickle is code.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PICKLE_DIR_VARIABLE = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def cache_root() -> Path:
    """systemd's cache folder for the service, else the user's XDG cache."""
    if systemd_dir := os.environ.get("CACHE_DIRECTORY"):
        return Path(systemd_dir.split(":")[0])
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "kiosk"


def private_folder(folder: Path) -> bool:
    """Make ``folder`` (mode 0700) if needed; True only if it is ours and closed to others."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def use_private_capabilities_cache() -> None:
    """Point python-escpos at the kiosk's cache, unless the environment already chose."""
    if PICKLE_DIR_VARIABLE in os.environ:
        return
    folder = cache_root() / "escpos"
    if private_folder(folder):
        os.environ[PICKLE_DIR_VARIABLE] = str(folder)

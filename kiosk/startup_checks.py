"""What ``kiosk run`` refuses before it opens a device, in one place ``doctor`` runs too.

A configuration the kiosk cannot run on must fail ``doctor`` with the same
line ``run`` would print, naming the ``kiosk.toml`` key to change: the state
folder, the receipt's texts and lookup address, the catalog file and the CSCA
trust folder. (Control characters in any text are refused by the
configuration model itself.)
"""

from __future__ import annotations

from kiosk.catalog import load_catalog
from kiosk.config import Config
from kiosk.doctor import check_state_dir
from kiosk.errors import ConfigError, KioskError
from kiosk.identity.trust import TrustStore
from kiosk.receipt import ReceiptSettings

# ReceiptSettings takes some values from other sections: name the key a technician edits.
_RECEIPT_KEYS = {
    "receipt.center_name": "kiosk.center_name",
    "receipt.kiosk_id": "kiosk.id",
    "receipt.width_dots": "devices.printer.dots_per_line",
}


def check_startup(config: Config) -> None:
    """Raise the :class:`ConfigError` ``run`` would stop on, naming the key; else nothing."""
    state = check_state_dir(config.paths.state_dir)
    if not state.operational:
        raise ConfigError("paths.state_dir", state.detail, state.fix)
    try:
        ReceiptSettings.from_config(config)
    except ConfigError as exc:
        key = _RECEIPT_KEYS.get(exc.key, exc.key)
        problem = exc.message.split(": ", 1)[1] if ": " in exc.message else exc.message
        raise ConfigError(key, problem, f"correct '{key}' (see kiosk.example.toml)") from None
    if config.paths.catalog is not None:
        try:
            load_catalog(config.paths.catalog)
        except ConfigError as exc:
            raise ConfigError("paths.catalog", exc.message, exc.fix) from None
    if config.identity.trust is not None:
        try:
            TrustStore.from_folder(config.identity.trust)
        except KioskError as exc:
            raise ConfigError("identity.trust", exc.message, exc.fix) from None

"""One validated model of ``kiosk.toml``.

Every key has a type, a default and a check in this module; nothing else in
the kiosk reads the file. The defaults describe the demo (every device
simulated, an embedded center on loopback), so ``Config()`` works with no file
at all; a production kiosk names its real devices in ``/etc/kiosk/kiosk.toml``.

A bad file stops the start with a :class:`~kiosk.errors.ConfigError` that names
the key and says how to fix it.
"""

from __future__ import annotations

import os
import tomllib
import unicodedata
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from center.protocol import AgencyCode, KioskId, check_center_url
from drivers.speech.settings import SpeechSettings
from kiosk.errors import ConfigError

PRODUCTION_CONFIG = Path("/etc/kiosk/kiosk.toml")

Language = Literal["vi", "en"]

# The reserved .invalid domain: a kiosk whose center has not set its lookup
# page prints a QR that visibly goes nowhere rather than to a guessed site.
DEMO_LOOKUP_URL = "https://tracuu.invalid/tra-cuu/{token}"
ONE_STOP_COUNTER = "Bộ phận Một cửa"
PAY_AT = ONE_STOP_COUNTER
# The printable width of the common 203 dpi thermal heads, per paper width.
DOTS_PER_LINE_AT_203_DPI = {58: 384, 80: 576}


class _Section(BaseModel):
    # A misspelt key is an error, not a silently ignored line.
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: object) -> object:
        # Text goes to the screen and, as ESC/POS, to the printer: a NUL or an
        # ESC in kiosk.toml would end up as a printer command.
        if isinstance(value, str) and any(unicodedata.category(c) == "Cc" for c in value):
            raise ValueError("control characters (NUL, ESC, line breaks...) are not allowed")
        return value


class KioskIdentity(_Section):
    """Who this kiosk is and where it stands."""

    id: KioskId = "KIOSK-DEMO-01"
    center_name: str = "Trung tâm Phục vụ hành chính công (demo)"
    agency_code: AgencyCode = "000.00.00.H00"


class CenterLink(_Section):
    """How the kiosk reaches the central system.

    ``url = "embedded"`` starts the reference center on loopback (demo only).
    """

    url: str = "embedded"
    public_key: Path | None = None
    kiosk_key: Path | None = None
    ca_file: Path | None = Field(
        default=None, description="PEM of the CA that signed the center's TLS certificate"
    )
    timeout_s: Annotated[float, Field(gt=0, le=120)] = 10.0
    uploads_in_flight: Annotated[
        int, Field(ge=1, le=8, description="dossiers the sync sends at once")
    ] = 3

    @field_validator("url")
    @classmethod
    def _url_scheme(cls, value: str) -> str:
        return value if value == "embedded" else check_center_url(value)


class CardDevice(_Section):
    """The chip ID card reader."""

    transport: Literal["pcsc", "simulator"] = "simulator"
    reader: str = Field(default="", description="substring of the PC/SC reader name; empty: first")


class CameraDevice(_Section):
    """The document camera."""

    transport: Literal["opencv", "simulator"] = "simulator"
    device: Annotated[int, Field(ge=0, le=63)] = 0
    width: Annotated[int, Field(ge=320, le=7680)] = 1280
    height: Annotated[int, Field(ge=240, le=4320)] = 720


class PrinterDevice(_Section):
    """The receipt printer (ESC/POS)."""

    transport: Literal["network", "usb", "serial", "simulator"] = "simulator"
    uri: str = ""
    paper_width_mm: Literal[58, 80] = 80
    dots_per_line: Annotated[int, Field(ge=256, le=832)] = 576

    @model_validator(mode="before")
    @classmethod
    def _dots_from_paper(cls, data: object) -> object:
        # A technician who sets only paper_width_mm = 58 means a 58 mm printer:
        # without this the receipt would keep the 80 mm raster and be cut off.
        # An explicit dots_per_line still wins (300 dpi heads differ).
        if isinstance(data, dict) and "dots_per_line" not in data:
            width = data.get("paper_width_mm", 80)
            if width in DOTS_PER_LINE_AT_203_DPI:
                return {**data, "dots_per_line": DOTS_PER_LINE_AT_203_DPI[width]}
        return data


class Devices(_Section):
    card: CardDevice = CardDevice()
    camera: CameraDevice = CameraDevice()
    printer: PrinterDevice = PrinterDevice()


class Languages(_Section):
    """Languages offered on screen; the first is the default."""

    offered: Annotated[list[Language], Field(min_length=1)] = ["vi", "en"]

    @property
    def default(self) -> Language:
        return self.offered[0]


class Timeouts(_Section):
    """Idle rules for a citizen session (EN 301 549 timeout: warn, allow more time)."""

    idle_warning_s: Annotated[int, Field(ge=15, le=600)] = 90
    idle_countdown_s: Annotated[int, Field(ge=10, le=120)] = 30
    card_removed_s: Annotated[int, Field(ge=5, le=120)] = 20


class Identity(_Section):
    """How the kiosk opens the chip and judges what it read."""

    trust: Path | None = Field(
        default=None,
        description="CSCA certificates (a PEM/DER folder or an ICAO master list); "
        "none: chip data is 'not verifiable'",
    )
    can_digits: Annotated[int, Field(ge=6, le=12)] = Field(
        default=6, description="the CAN is the last N digits of the ID number (unconfirmed: 6)"
    )
    qr_wait_s: Annotated[int, Field(ge=3, le=120)] = Field(
        default=20, description="how long the camera looks for the card's QR before asking"
    )


class Receipt(_Section):
    """What the printed receipt says beyond the kiosk and center names."""

    lookup_url: str = Field(
        default=DEMO_LOOKUP_URL,
        description="the center's lookup page; {token} becomes the dossier's lookup token",
    )
    name_mask: Literal["initials", "middle", "none"] = "initials"
    collect_at: str = ONE_STOP_COUNTER
    copy_counter: str = ONE_STOP_COUNTER
    agency: str = ""  # the header's line above the center (cơ quan chủ quản)
    pay_at: str = PAY_AT  # where and when the fee is paid: the kiosk takes no money


class Outbox(_Section):
    """How long sealed dossiers stay on the kiosk after the center acknowledged them."""

    retention_days: Annotated[int, Field(ge=1, le=3650)] = 30


class Service(_Section):
    """The technician's service screen, opened by a gesture on the attract screen."""

    pin_hash: str = Field(
        default="",
        description="Argon2id hash of the service PIN, written by `kiosk service-pin set`; "
        "empty: the service screen stays closed",
    )

    @field_validator("pin_hash")
    @classmethod
    def _argon2id(cls, value: str) -> str:
        if value and not value.startswith("$argon2id$"):
            raise ValueError("not an Argon2id hash: set it with `kiosk service-pin set`")
        return value


def _default_state_dir() -> Path:
    # systemd's StateDirectory= sets STATE_DIRECTORY; a developer's shell has XDG.
    if systemd_dir := os.environ.get("STATE_DIRECTORY"):
        return Path(systemd_dir.split(":")[0])
    xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(xdg) / "kiosk"


class Paths(_Section):
    """Where the kiosk keeps its state (outbox, keys) and its review artefacts."""

    state_dir: Path = Field(default_factory=_default_state_dir)
    catalog: Path | None = None


class Config(_Section):
    """The whole ``kiosk.toml``."""

    kiosk: KioskIdentity = KioskIdentity()
    center: CenterLink = CenterLink()
    devices: Devices = Devices()
    languages: Languages = Languages()
    timeouts: Timeouts = Timeouts()
    identity: Identity = Identity()
    receipt: Receipt = Receipt()
    outbox: Outbox = Outbox()
    speech: SpeechSettings = SpeechSettings()
    service: Service = Service()
    paths: Paths = Field(default_factory=Paths)


def _key_of(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location) or "(top level)"


def _fix_for(error_type: str, key: str) -> str:
    if error_type == "extra_forbidden":
        return f"remove '{key}' or correct its spelling (see kiosk.example.toml)"
    if error_type.startswith("literal_error"):
        return f"set '{key}' to one of the values named above"
    return f"correct '{key}' (see kiosk.example.toml for the expected form)"


def parse_config(text: str, source: str = "kiosk.toml") -> Config:
    """Validate TOML text; raise :class:`ConfigError` naming the first bad key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            "(syntax)", f"not valid TOML ({exc})", "fix the line named above", source
        ) from None
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = _key_of(first["loc"])
        raise ConfigError(key, first["msg"], _fix_for(first["type"], key), source) from None


def load_config(path: Path | None) -> Config:
    """Load ``path``; ``None`` gives the demo defaults."""
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            "(file)",
            "no configuration file here",
            "copy kiosk.example.toml to this path and set the kiosk id and devices",
            str(path),
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            "(file)",
            f"cannot be read ({exc})",
            "check the file's owner, mode and encoding",
            str(path),
        ) from None
    return parse_config(text, str(path))

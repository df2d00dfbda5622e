"""Which printer ``kiosk.toml [devices.printer] uri`` names, and the adapter that reaches it.

=========================================  =====================================
``tcp://192.0.2.10:9100``                  network printer (port 9100 if absent)
``usb://04b8:0202``                        USB printer by vendor:product id (hex)
``serial:///dev/ttyUSB0?baudrate=115200``  serial printer; also ``rtscts=1``,
                                           ``dsrdtr=1``, ``bytesize``, ``parity``,
                                           ``stopbits``
=========================================  =====================================

A bad uri is a :class:`~kiosk.errors.ConfigError` that names the key and shows
the expected form. The USB and serial modules are imported only when used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qsl, urlsplit

from drivers.printer.escpos_printer import EscposPrinter
from kiosk.errors import ConfigError

if TYPE_CHECKING:
    from drivers.printer.serial import SerialSettings

KEY = "devices.printer.uri"
DEFAULT_TCP_PORT = 9100
EXAMPLES = "tcp://192.0.2.10:9100, usb://04b8:0202 or serial:///dev/ttyUSB0?baudrate=115200"

Transport = Literal["network", "usb", "serial"]
_SCHEMES: dict[str, Transport] = {"tcp": "network", "usb": "usb", "serial": "serial"}
_USB_IDS = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")
_SERIAL_INTS = {"baudrate": (50, 4_000_000), "bytesize": (5, 8)}
_SERIAL_FLAGS = ("rtscts", "dsrdtr")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class PrinterAddress:
    """A parsed printer uri: the transport and what that transport needs."""

    transport: Transport
    uri: str
    host: str = ""
    port: int = 0
    vendor_id: int = 0
    product_id: int = 0
    path: str = ""
    options: tuple[tuple[str, str], ...] = ()


def parse_printer_uri(uri: str) -> PrinterAddress:
    """Read ``uri``; raises :class:`ConfigError` with the expected forms."""
    parts = urlsplit(uri.strip())
    transport = _SCHEMES.get(parts.scheme)
    if transport is None:
        raise _bad(uri, "is not a printer address")
    options = tuple(parse_qsl(parts.query, keep_blank_values=True))
    if transport == "network":
        if not parts.hostname:
            raise _bad(uri, "names no host")
        try:
            port = parts.port or DEFAULT_TCP_PORT
        except ValueError:
            raise _bad(uri, "has a bad port (1 to 65535)") from None
        return PrinterAddress(transport, uri, host=parts.hostname, port=port)
    if transport == "usb":
        match = _USB_IDS.match(parts.netloc)
        if match is None:
            raise _bad(uri, "needs the vendor and product id in hex, as lsusb shows them")
        vendor, product = (int(group, 16) for group in match.groups())
        return PrinterAddress(transport, uri, vendor_id=vendor, product_id=product)
    if parts.netloc or not parts.path.startswith("/"):
        raise _bad(uri, "needs an absolute device path after serial:// (three slashes)")
    _check_serial_options(uri, options)
    return PrinterAddress(transport, uri, path=parts.path, options=options)


def open_printer(uri: str, width_dots: int = 576, status_timeout: float = 3.0) -> EscposPrinter:
    """The adapter for ``uri`` (nothing is opened until it is used)."""
    address = parse_printer_uri(uri)
    if address.transport == "network":
        from drivers.printer.network import NetworkPrinter

        return NetworkPrinter(address.host, address.port, width_dots, status_timeout)
    if address.transport == "usb":
        from drivers.printer.usb import UsbPrinter

        return UsbPrinter(address.vendor_id, address.product_id, width_dots, status_timeout)
    from drivers.printer.serial import SerialPrinter

    return SerialPrinter(address.path, serial_settings(address), width_dots, status_timeout)


def serial_settings(address: PrinterAddress) -> SerialSettings:
    """The line settings the uri's options ask for (defaults: 115200 8N1, no flow control)."""
    from drivers.printer.serial import SerialSettings

    values = dict(address.options)
    default = SerialSettings()
    return SerialSettings(
        baudrate=int(values.get("baudrate", default.baudrate)),
        bytesize=int(values.get("bytesize", default.bytesize)),
        parity=values.get("parity", default.parity).upper(),
        stopbits=float(values.get("stopbits", default.stopbits)),
        rtscts=_flag(values.get("rtscts"), default=default.rtscts),
        dsrdtr=_flag(values.get("dsrdtr"), default=default.dsrdtr),
    )


def check_transport(transport: str, uri: str) -> PrinterAddress:
    """Parse ``uri`` and check it matches ``[devices.printer] transport``."""
    address = parse_printer_uri(uri)
    if address.transport != transport:
        raise ConfigError(
            "devices.printer.transport",
            f"is {transport!r} but the uri {uri!r} names a {address.transport} printer",
            "make transport and uri agree (see kiosk.example.toml)",
        )
    return address


def _flag(value: str | None, default: bool) -> bool:
    return default if value is None else value.lower() in _TRUE


def _check_serial_options(uri: str, options: tuple[tuple[str, str], ...]) -> None:
    for name, value in options:
        if name in _SERIAL_INTS:
            low, high = _SERIAL_INTS[name]
            if not value.isdigit() or not low <= int(value) <= high:
                raise _bad(uri, f"has a bad {name} {value!r} ({low} to {high})")
        elif name in _SERIAL_FLAGS:
            if value.lower() not in _TRUE + _FALSE:
                raise _bad(uri, f"has a bad {name} {value!r} (1 or 0)")
        elif name == "parity":
            if value.upper() not in ("N", "E", "O", "M", "S"):
                raise _bad(uri, f"has a bad parity {value!r} (N, E, O, M or S)")
        elif name == "stopbits":
            if value not in ("1", "1.5", "2"):
                raise _bad(uri, f"has bad stopbits {value!r} (1, 1.5 or 2)")
        else:
            raise _bad(uri, f"has an unknown option {name!r}")


def _bad(uri: str, problem: str) -> ConfigError:
    return ConfigError(KEY, f"{uri!r} {problem}", f"write it as {EXAMPLES}")

"""Printer addresses in kiosk.toml: tcp://, usb://, serial://, and words for bad ones."""

from __future__ import annotations

import pytest

from drivers.printer.network import NetworkPrinter
from drivers.printer.serial import SerialPrinter, SerialSettings
from drivers.printer.uri import check_transport, open_printer, parse_printer_uri, serial_settings
from drivers.printer.usb import UsbPrinter
from kiosk.errors import ConfigError


def test_network_address() -> None:
    address = parse_printer_uri("tcp://192.0.2.10:9101")
    assert (address.transport, address.host, address.port) == ("network", "192.0.2.10", 9101)
    assert parse_printer_uri("tcp://printer.lan").port == 9100


def test_usb_address_in_hex() -> None:
    address = parse_printer_uri("usb://04b8:0E15")
    assert (address.transport, address.vendor_id, address.product_id) == ("usb", 0x04B8, 0x0E15)


def test_serial_address_with_line_settings() -> None:
    address = parse_printer_uri(
        "serial:///dev/serial/by-id/usb-Printer-if00?baudrate=38400&rtscts=1&parity=e"
    )
    assert address.path == "/dev/serial/by-id/usb-Printer-if00"
    assert serial_settings(address) == SerialSettings(baudrate=38400, rtscts=True, parity="E")
    assert serial_settings(parse_printer_uri("serial:///dev/ttyS0")) == SerialSettings()


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("", "is not a printer address"),
        ("lpt://1", "is not a printer address"),
        ("tcp://", "names no host"),
        ("tcp://host:99999", "bad port"),
        ("usb://04b8", "vendor and product id"),
        ("usb://04b8:02zz", "vendor and product id"),
        ("serial://dev/ttyUSB0", "three slashes"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "bad baudrate"),
        ("serial:///dev/ttyUSB0?xonxoff=1", "unknown option 'xonxoff'"),
        ("serial:///dev/ttyUSB0?parity=Q", "bad parity"),
        ("serial:///dev/ttyUSB0?stopbits=3", "bad stopbits"),
        ("serial:///dev/ttyUSB0?rtscts=maybe", "bad rtscts"),
    ],
)
def test_bad_addresses_name_the_key_and_the_forms(uri: str, words: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_printer_uri(uri)
    assert raised.value.key == "devices.printer.uri"
    assert words in raised.value.message
    assert "usb://04b8:0202" in raised.value.fix


def test_each_scheme_opens_its_adapter_without_touching_the_device() -> None:
    assert isinstance(open_printer("tcp://192.0.2.10"), NetworkPrinter)
    assert isinstance(open_printer("usb://04b8:0202", 384), UsbPrinter)
    serial = open_printer("serial:///dev/ttyUSB0?baudrate=9600", 384)
    assert isinstance(serial, SerialPrinter)
    assert serial.width_dots == 384 and serial.address == "serial:///dev/ttyUSB0"


def test_transport_and_uri_must_agree() -> None:
    assert check_transport("usb", "usb://04b8:0202").transport == "usb"
    with pytest.raises(ConfigError) as raised:
        check_transport("network", "usb://04b8:0202")
    assert raised.value.key == "devices.printer.transport"

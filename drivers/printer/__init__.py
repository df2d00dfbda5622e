"""The receipt printer: one port, adapters per transport, and simulators.

- ``port.py``: :class:`ReceiptPrinter` (``status()``, ``print_raster()``) and
  :class:`PrinterStatus` with the words a technician reads;
- ``escpos_status.py``: the ``DLE EOT`` status bytes, bit by bit;
- ``link.py``: the byte pipe under a printer and its two errors;
- ``escpos_printer.py``: :class:`EscposPrinter`, jobs built by python-escpos,
  status read carefully, reconnect after a power cycle or re-plug;
- ``network.py``, ``usb.py``, ``serial.py``: the TCP, USB and serial links;
- ``uri.py``: ``tcp://``, ``usb://`` and ``serial://`` addresses to adapters;
- ``firmware.py``: what a simulated printer does with the bytes it gets;
- ``loopback.py``: :class:`LoopbackPrinter`, a TCP printer on 127.0.0.1 that
  records jobs and draws them back (``escpos_stream.py``, ``escpos_paper.py``);
- ``escpos_cache.py``: python-escpos's capabilities cached in a private folder;
- ``pty_printer.py``: the same printer on a pseudo-terminal, for the serial path.
"""

from drivers.printer.escpos_cache import use_private_capabilities_cache

# Before any module of this package imports python-escpos (see escpos_cache.py).
use_private_capabilities_cache()

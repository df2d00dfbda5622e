"""The receipt printer: one port, its network adapter and a loopback simulator.

- ``port.py``: :class:`ReceiptPrinter` (``status()``, ``print_raster()``) and
  :class:`PrinterStatus` with the words a technician reads;
- ``escpos_status.py``: the ``DLE EOT`` status bytes, bit by bit;
- ``network.py``: :class:`NetworkPrinter`, ESC/POS over TCP (python-escpos);
- ``loopback.py``: :class:`LoopbackPrinter`, a TCP printer on 127.0.0.1 that
  records jobs and draws them back (``escpos_stream.py``, ``escpos_paper.py``).
"""

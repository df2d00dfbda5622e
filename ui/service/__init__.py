"""The technician's service screen, behind the corner gesture and the service PIN.

``ServiceDoor`` (door.py) asks for the PIN (pin_pad.py) and opens the
``ServiceScreen`` (screen.py). The logic is Qt-free in ``kiosk/service_*.py``.
"""

from ui.service.door import ServiceDoor
from ui.service.pin_pad import PinPad
from ui.service.screen import ServiceScreen

__all__ = ["PinPad", "ServiceDoor", "ServiceScreen"]

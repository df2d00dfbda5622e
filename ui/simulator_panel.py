"""The demo's hands: a small window that acts on the simulated lobby for a person at the screen.

On a real kiosk the citizen lays the card on the reader and papers under the
camera; in the interactive demo nobody can touch a simulated reader, so this
panel does it: place a synthetic citizen's card, take it off, hold its back
(the QR) under the camera, put papers on the desk. Each act runs in the
background, as a hand would, and the kiosk reacts through its device events.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.simulated import SimulatedWorld
from ui.handoff import run_in_background
from ui.screens.base import button


class SimulatorPanel(QWidget):
    """Buttons for what a citizen does to the devices (demo only, English for the presenter)."""

    def __init__(self, world: SimulatedWorld) -> None:
        super().__init__()
        self.setWindowTitle("Simulated lobby")
        self.world = world
        column = QVBoxLayout(self)
        column.addWidget(QLabel("What the citizen does (synthetic people only)"))
        acts: list[tuple[str, Callable[[], None]]] = []
        for number, person in enumerate(world.citizens):
            name = person.citizen.full_name

            def place(which: int = number) -> None:
                world.insert_card(which)

            def show(which: int = number) -> None:
                world.show_card_to_camera(which)

            acts += [(f"Place {name}'s card on the reader", place)]
            acts += [(f"Hold {name}'s card (QR) under the camera", show)]
        acts += [
            ("Take the card off the reader", world.remove_card),
            ("Put papers under the camera", world.put_papers_under_camera),
        ]
        self.buttons = []
        for text, act in acts:
            widget = button("", partial(self._do, act))
            widget.setText(text)
            self.buttons.append(widget)
            column.addWidget(widget)

    @staticmethod
    def _do(act: Callable[[], None]) -> None:
        run_in_background(act, lambda _: None)

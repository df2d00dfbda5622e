"""Putting the intake screens into a window's registry.

The kiosk's journey (``ui/journey/wiring.py``) registers them with its services;
the intake's own tests walk ``INTAKE_JOURNEY`` alone.
"""

from __future__ import annotations

from kiosk.intake import INTAKE_STEP, PROCEDURE_STEP
from ui.intake.browse import ProcedureScreen
from ui.intake.context import IntakeServices
from ui.intake.host import IntakeHost
from ui.registry import ScreenRegistry
from ui.screens.base import Screen, ScreenContext

INTAKE_JOURNEY = (PROCEDURE_STEP, INTAKE_STEP)


def register_intake_screens(registry: ScreenRegistry, services: IntakeServices) -> None:
    """Register the ``procedure`` and ``intake`` steps' screens."""

    def procedure(context: ScreenContext) -> Screen:
        return ProcedureScreen(context, services)

    def intake(context: ScreenContext) -> Screen:
        return IntakeHost(context, services)

    registry.register(PROCEDURE_STEP, procedure)
    registry.register(INTAKE_STEP, intake)

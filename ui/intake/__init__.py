"""Screens of the intake: choose a procedure, answer, capture papers, check, agree, done.

Thin views over :mod:`kiosk.intake`; no business rule lives here. Wire them
with :func:`ui.intake.wiring.register_intake_screens`.
"""

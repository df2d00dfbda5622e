"""How an intake lives inside the citizen's :class:`~kiosk.session.KioskSession`.

The session already owns the idle warning, the timeout and the wipe. The
intake does not wrap it: it is *held* by the session (``session.hold``), so
it is dropped with everything else at the end, and its :meth:`wipe` is
registered with ``session.on_wipe`` so the answers, identity and paper
references are erased even if some screen still points at the flow. Every
change to the flow counts as citizen input (``session.touch``), so a citizen
answering questions is never timed out.

The session's own step stays on one journey step (:data:`INTAKE_STEP`) while
the flow moves between its dynamic steps: the session's back-stack is for
the journey, the flow's for the intake, and they never disagree.
"""

from __future__ import annotations

from kiosk.intake.flow import IntakeFlow
from kiosk.journey import INTAKE, PROCEDURE
from kiosk.session import KioskSession

PROCEDURE_STEP = PROCEDURE
INTAKE_STEP = INTAKE
HOLD_KEY = "intake.flow"


def attach(session: KioskSession, flow: IntakeFlow) -> IntakeFlow:
    """Give ``flow`` to the session: held until the wipe, wiped with it, keeping it awake."""
    previous = flow_of(session)
    if previous is not None and previous is not flow:
        previous.wipe()  # a citizen who picks another procedure starts afresh
    session.hold(HOLD_KEY, flow)
    session.on_wipe(flow.wipe)
    flow.subscribe(session.touch)
    flow.language = session.language
    return flow


def flow_of(session: KioskSession) -> IntakeFlow | None:
    """The intake the session holds, if any."""
    held = session.held(HOLD_KEY)
    return held if isinstance(held, IntakeFlow) else None

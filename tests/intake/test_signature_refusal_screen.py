"""On screen: a contract brought for signature certification is refused where it is chosen.

Decree 23/2015/NĐ-CP Art. 25 (unverified, see the catalog's legal note): the
kiosk says why and where to go, and the intake does not go on to papers.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from test_intake_screens import (  # the intake screens' window and helpers
    failures,  # noqa: F401 (a fixture the window needs)
    submitted,  # noqa: F401 (a fixture the window needs)
    tap,
    view_of,
    window,  # noqa: F401 (the fixture used below)
)

from kiosk.catalog import shipped_catalog
from kiosk.intake import flow_of
from ui.intake.browse import ProcedureScreen
from ui.intake.views import QuestionView
from ui.main_window import KioskWindow
from ui.screenshots import save_screenshot


def test_a_contract_is_refused_with_where_to_go_and_no_way_on(
    qtbot: QtBot,
    window: KioskWindow,  # noqa: F811 (the imported fixture)
    screenshots_dir: Path,
) -> None:
    tap(qtbot, window.attract.start_button)
    screen = window.current
    assert isinstance(screen, ProcedureScreen)
    screen.show_details(shipped_catalog().procedure("2.000884"))
    tap(qtbot, screen.start_button)
    tap(qtbot, view_of(window).continue_button)  # type: ignore[attr-defined]
    question = view_of(window)
    assert isinstance(question, QuestionView) and question.question.id == "paper_kind"
    values = [value for value, _ in question._choices(question.question, "vi")]
    tap(qtbot, question.option_buttons[values.index("hop-dong")])
    qtbot.waitUntil(question.error.isVisible, timeout=2000)
    assert "Điều 25" in question.error.text()
    assert "chứng thực hợp đồng, giao dịch" in question.error.text()
    save_screenshot(window, screenshots_dir / "signature-contract-refused-vi.png")
    flow = flow_of(window.session)
    assert flow is not None and flow.current.id == "question:paper_kind"
    assert view_of(window) is question  # still the same question: no dossier is on its way

"""The technician's service screen: devices, outbox, test print, camera, restart, exit.

Opened only with the service PIN, over the attract screen (never during a
citizen's session). Every device call runs off the GUI thread and comes back
through :mod:`ui.handoff`. Nothing about citizens is shown: device states,
the outbox's counts and the last sync's time.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from drivers.camera.port import Camera, Frame
from drivers.status import DeviceStatus
from kiosk.doctor import format_line
from kiosk.service_camera import CameraPeek
from kiosk.service_desk import OutboxSummary, ServiceDesk
from ui.capture.preview import to_qimage
from ui.handoff import GuiCallback, run_in_background
from ui.screens.base import button, button_row, label

PREVIEW_SIZE = (480, 270)


class ServiceScreen(QFrame):
    """What the technician sees after the PIN; ``on_*`` are the window's to decide."""

    def __init__(
        self,
        desk: ServiceDesk,
        camera: Camera | None,
        *,
        on_close: Callable[[], None],
        on_restart: Callable[[], None],
        on_exit_to_os: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("serviceScreen")
        self.setAutoFillBackground(True)
        self.desk = desk
        self.camera = camera
        self.doctor_running = False
        self.statuses: list[DeviceStatus] = []
        self.peek: CameraPeek | None = None
        self._frame = GuiCallback(self._show_frame)
        self._camera_problem = GuiCallback(lambda problem: self._camera_failed(str(problem)))

        self.title = label("title")
        self.devices_title = label("subtitle")
        self.devices = label("body")
        self.devices.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.outbox_title = label("subtitle")
        self.outbox = label("body")
        self.action_result = label("body")
        self.preview = QLabel()
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #222222; color: #ffffff; border-radius: 12px;")
        self.preview.hide()
        self.check_button = button("", self.run_doctor)
        self.print_button = button("", self.test_print)
        self.camera_button = button("", self.toggle_camera)
        self.camera_button.setEnabled(camera is not None)
        self.restart_button = button("", on_restart)
        self.exit_button = button("", on_exit_to_os)
        self.close_button = button("primary", on_close)
        self._layout()
        self.retranslate()
        self.run_doctor()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 60)
        layout.setSpacing(20)
        layout.addWidget(self.title)
        layout.addWidget(self.devices_title)
        layout.addWidget(self.devices, 1)  # the doctor's lines wrap into what is left
        layout.addWidget(self.outbox_title)
        layout.addWidget(self.outbox)
        checks = button_row()
        checks.addWidget(self.check_button)
        checks.addWidget(self.print_button)
        checks.addWidget(self.camera_button)
        checks.addStretch(1)
        layout.addLayout(checks)
        layout.addWidget(self.action_result)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        # Two rows: the three buttons in Vietnamese are wider than the screen.
        leave = button_row()
        leave.addWidget(self.restart_button)
        leave.addWidget(self.exit_button)
        leave.addStretch(1)
        layout.addLayout(leave)
        close = button_row()
        close.addStretch(1)
        close.addWidget(self.close_button)
        layout.addLayout(close)

    # -- the checks (off the GUI thread) ----------------------------------------
    def run_doctor(self) -> None:
        """``kiosk doctor``'s checks on a worker; the screen stays live meanwhile."""
        if self.doctor_running:
            return
        self.doctor_running = True
        self.check_button.setEnabled(False)
        self.devices.setText(self.tr("Checking the devices…"))
        run_in_background(self.desk.doctor, self._doctor_done, self._doctor_failed)
        run_in_background(self.desk.outbox, self._show_outbox, lambda _: None)

    def _doctor_done(self, statuses: list[DeviceStatus]) -> None:
        self.doctor_running = False
        if not shiboken6.isValid(self):
            return
        self.statuses = statuses
        self.check_button.setEnabled(True)
        self.devices.setText("\n".join(format_line(status) for status in statuses))

    def _doctor_failed(self, error: Exception) -> None:
        self.doctor_running = False
        if shiboken6.isValid(self):
            self.check_button.setEnabled(True)
            self.devices.setText(self.tr("The checks failed: {error}").format(error=error))

    def _show_outbox(self, summary: OutboxSummary) -> None:
        if not shiboken6.isValid(self):
            return
        when = (
            summary.last_sync_at.astimezone().strftime("%d/%m/%Y %H:%M")
            if summary.last_sync_at
            else self.tr("never")
        )
        text = self.tr("Waiting to be sent: {queued} · held: {held} · last sync: {when}").format(
            queued=summary.queued, held=summary.held, when=when
        )
        if summary.last_error:
            text += "\n" + summary.last_error
        self.outbox.setText(text)

    def test_print(self) -> None:
        self.print_button.setEnabled(False)
        self.action_result.setText(self.tr("Printing the test page…"))
        run_in_background(self.desk.test_print, self._printed, self._print_failed)

    def _printed(self, status: DeviceStatus) -> None:
        if shiboken6.isValid(self):
            self.print_button.setEnabled(True)
            self.action_result.setText(format_line(status))

    def _print_failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            self.print_button.setEnabled(True)
            self.action_result.setText(self.tr("The test page failed: {error}").format(error=error))

    # -- the camera preview ------------------------------------------------------
    def toggle_camera(self) -> None:
        if self.peek is not None:
            self.stop_camera()
            return
        if self.camera is None:
            return
        self.preview.clear()
        self.preview.setText(self.tr("Starting the camera…"))
        self.preview.show()
        self.peek = CameraPeek(self.camera, self._frame_arrived, self._camera_problem).start()
        self.retranslate()

    def _frame_arrived(self, frame: Frame) -> None:
        """On the preview's thread: shrink there, paint on the GUI thread."""
        self._frame(to_qimage(frame.image, *PREVIEW_SIZE))

    def _show_frame(self, image: object) -> None:
        if shiboken6.isValid(self) and self.peek is not None and isinstance(image, QImage):
            self.preview.setPixmap(QPixmap.fromImage(image))

    def _camera_failed(self, problem: str) -> None:
        if shiboken6.isValid(self):
            self.preview.setText(problem)

    def stop_camera(self) -> None:
        peek, self.peek = self.peek, None
        if peek is not None:
            peek.stop()
        self.preview.clear()
        self.preview.hide()
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Service"))
        self.devices_title.setText(self.tr("Devices"))
        self.outbox_title.setText(self.tr("Dossiers to send"))
        self.check_button.setText(self.tr("Check again"))
        self.print_button.setText(self.tr("Print a test page"))
        self.camera_button.setText(
            self.tr("Stop the camera") if self.peek is not None else self.tr("Camera preview")
        )
        self.restart_button.setText(self.tr("Restart the kiosk"))
        self.exit_button.setText(self.tr("Exit to the system"))
        self.close_button.setText(self.tr("Close"))

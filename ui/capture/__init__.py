"""The capture step's screen: one required paper under the document camera.

Wiring (the host owns the camera object; the view starts and stops it)::

    view = CaptureView(
        camera, paper, session.language, session_folder,
        on_done=lambda ref: flow.answer(ref),            # PaperRef of the written PDF
        on_skip=None if paper.required else skip_paper,
        on_back=go_back, on_cancel=cancel_session,
        progress=(number, total),
    )
    ...
    view.stop()  # before dropping it (also done by close() and on destruction)
"""

from __future__ import annotations

from ui.capture.view import CaptureView, PageThumb

__all__ = ["CaptureView", "PageThumb"]

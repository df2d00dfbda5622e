"""Which texts on screen are cut: the check every screen of the journey must pass.

A label whose wrapped lines need more height than it got loses its last line;
one that does not wrap loses its end; a push button's caption wider than the
button is cut at both sides. Qt draws all of these without complaint, so the
journey's acceptance test asks here, screen by screen, in both languages and
with larger text.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ui.intake.choice import ChoiceButton, all_fit

SLACK_PX = 1  # rounding in Qt's own layout arithmetic
BUTTON_PADDING_PX = 8  # a caption touching the button's edge reads as cut


def clipped_texts(root: QWidget) -> list[str]:
    """The visible texts under ``root`` that do not fit where they are drawn."""
    cut = all_fit(root)
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.text() and not _label_fits(label):
            cut.append(label.text())
    for button in root.findChildren(QPushButton):
        if isinstance(button, ChoiceButton) or not button.isVisible() or not button.text():
            continue
        caption = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        if caption > button.width() - BUTTON_PADDING_PX:
            cut.append(button.text())
    return cut


def _label_fits(label: QLabel) -> bool:
    if label.wordWrap():
        return label.height() >= label.heightForWidth(label.width()) - SLACK_PX
    hint = label.sizeHint()  # margins included, as in width() and height()
    return label.width() + SLACK_PX >= hint.width() and label.height() + SLACK_PX >= hint.height()

"""What the intake says when an answer is refused: message ids with Vietnamese and English text.

Errors are keyed to ids (Home Assistant's config flows do the same) so the
engine never formats a sentence; the UI shows :func:`text` in the citizen's
language. ``{name}`` placeholders are filled from the error's parameters.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Vui lòng trả lời câu hỏi này.", "Please answer this question."),
    "too_short": ("Cần ít nhất {min} ký tự.", "Enter at least {min} characters."),
    "too_long": ("Không quá {max} ký tự.", "Enter at most {max} characters."),
    "not_a_date": (
        "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/02/2026.",
        "Enter a date as day/month/year, for example 05/02/2026.",
    ),
    "date_in_future": ("Ngày này chưa đến.", "This date is in the future."),
    "date_too_early": ("Ngày phải từ {min} trở đi.", "The date must be {min} or later."),
    "not_a_number": ("Nhập một số, ví dụ 2.", "Enter a number, for example 2."),
    "too_small": ("Số nhỏ nhất là {min}.", "The smallest number is {min}."),
    "too_large": ("Số lớn nhất là {max}.", "The largest number is {max}."),
    "not_an_option": ("Vui lòng chọn một trong các lựa chọn.", "Please choose one of the options."),
    "choose_yes_or_no": ("Vui lòng chọn Có hoặc Không.", "Please choose Yes or No."),
    "refused": ("{vi}", "{en}"),  # the catalog's own words (Option.refuse)
    "bad_person_name": (
        "Họ tên chỉ gồm chữ cái và dấu cách.",
        "A name has letters and spaces only.",
    ),
    "bad_id_number": (
        "Số định danh cá nhân gồm đúng 12 chữ số.",
        "A personal ID number has exactly 12 digits.",
    ),
    "bad_phone": (
        "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.",
        "A phone number has 10 digits and starts with 0.",
    ),
    "bad_email": ("Địa chỉ email chưa đúng.", "This email address is not valid."),
    "bad_tax_code": ("Mã số thuế gồm 10 hoặc 13 chữ số.", "A tax code has 10 or 13 digits."),
    "locked": (
        "Thông tin này lấy từ thẻ căn cước nên không sửa được.",
        "This comes from your ID card and cannot be changed.",
    ),
    "identity_not_genuine": (
        "Không xác thực được dữ liệu trong chip. Vui lòng nhập thông tin của bạn.",
        "The chip data could not be verified. Please enter your details.",
    ),
    "card_expired": (
        "Thẻ căn cước đã hết hạn. Vui lòng đến quầy để được hướng dẫn.",
        "Your ID card has expired. Please ask at the counter.",
    ),
    "paper_missing": ("Vui lòng chụp giấy tờ này.", "Please capture this paper."),
    "paper_mismatch": (
        "Bản chụp không thuộc giấy tờ đang yêu cầu.",
        "This capture belongs to another paper.",
    ),
    "paper_pages": (
        "Giấy tờ này thường có từ {min} đến {max} trang; đã chụp {pages} trang.",
        "This paper usually has {min} to {max} pages; {pages} were captured.",
    ),
    "consent_required": (
        "Bạn cần đồng ý để nộp hồ sơ. Nếu không đồng ý, bạn có thể nộp tại quầy.",
        "You need to agree to submit. If you do not agree, you can file at the counter.",
    ),
}


@dataclass(frozen=True)
class FieldError:
    """One refused input: which field, which message, and the message's values."""

    field: str
    message_id: str
    params: dict[str, str] = dataclasses.field(default_factory=dict)

    def text(self, language: str) -> str:
        return text(self.message_id, language, **self.params)


def text(message_id: str, language: str, **params: str) -> str:
    """The message in ``language`` ("vi" or "en"), placeholders filled."""
    vi, en = MESSAGES[message_id]
    return (en if language == "en" else vi).format(**params)

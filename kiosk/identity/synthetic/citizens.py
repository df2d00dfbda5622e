"""Synthetic Vietnamese citizens for tests and the demo — never real people.

Every citizen is drawn from a seeded generator: a surname, a middle name and a
given name from common Vietnamese lists (with their diacritics), a date of
birth, addresses built from wards and provinces, parents' names, and an ID
number shaped like the real one (province of birth registration, century and
sex digit, two digits of the birth year, six random digits). The combination
belongs to no one; the ID numbers are not checked against anything real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.identity.validity import card_expiry

SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lương", "Trịnh",
)  # fmt: skip
MIDDLE = {
    "Nam": ("Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thành", "Xuân", "Đình", "Quốc"),
    "Nữ": ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mai", "Phương", "Bảo", "Diệu", "Khánh"),
}
GIVEN = {
    "Nam": (
        "An", "Bảo", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long",
        "Nam", "Phúc", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vỹ",
    ),
    "Nữ": (
        "Anh", "Châu", "Dung", "Giang", "Hà", "Hằng", "Hương", "Lan", "Linh", "Loan",
        "Ngân", "Nhung", "Phương", "Quyên", "Thảo", "Trang", "Uyên", "Yến", "Ánh", "Hạnh",
    ),
}  # fmt: skip
# (province code in the ID number, the province as written in addresses, some of its wards/communes)
PROVINCES = (
    ("001", "Thành phố Hà Nội", ("Phường Ngọc Hà", "Phường Hoàn Kiếm", "Xã Sóc Sơn")),
    ("079", "Thành phố Hồ Chí Minh", ("Phường Bến Thành", "Phường Sài Gòn", "Xã Củ Chi")),
    ("048", "Thành phố Đà Nẵng", ("Phường Hải Châu", "Phường Sơn Trà", "Xã Hòa Vang")),
    ("031", "Thành phố Hải Phòng", ("Phường Hồng Bàng", "Phường Lê Chân", "Xã Thủy Nguyên")),
    ("092", "Thành phố Cần Thơ", ("Phường Ninh Kiều", "Phường Cái Răng", "Xã Phong Điền")),
    ("046", "Thành phố Huế", ("Phường Thuận Hóa", "Phường Phú Xuân", "Xã Phú Vang")),
    ("038", "Tỉnh Thanh Hóa", ("Phường Hạc Thành", "Phường Sầm Sơn", "Xã Hoằng Hóa")),
    ("040", "Tỉnh Nghệ An", ("Phường Trường Vinh", "Phường Cửa Lò", "Xã Diễn Châu")),
    ("056", "Tỉnh Khánh Hòa", ("Phường Nha Trang", "Phường Cam Ranh", "Xã Diên Khánh")),
    ("066", "Tỉnh Đắk Lắk", ("Phường Buôn Ma Thuột", "Phường Tân An", "Xã Krông Pắc")),
    ("075", "Tỉnh Đồng Nai", ("Phường Biên Hòa", "Phường Long Khánh", "Xã Nhơn Trạch")),
    ("089", "Tỉnh An Giang", ("Phường Long Xuyên", "Phường Châu Đốc", "Xã Phú Quốc")),
)
STREETS = (
    "phố Đội Cấn", "đường Lê Lợi", "đường Trần Hưng Đạo", "phố Hàng Bạc",
    "đường Nguyễn Trãi", "đường Võ Thị Sáu", "phố Lý Thường Kiệt", "đường Điện Biên Phủ",
)  # fmt: skip
MARKS = (
    "Nốt ruồi C:1cm trên trước đầu lông mày trái",
    "Sẹo chấm C:2cm dưới sau mép phải",
    "Nốt ruồi C:1,5cm dưới sau cánh mũi phải",
    "Sẹo chấm C:3cm trên trước đuôi mắt trái",
)
ETHNICITIES = ("Kinh", "Kinh", "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa")
RELIGIONS = ("Không", "Không", "Không", "Phật giáo", "Công giáo")


@dataclass(frozen=True)
class Citizen:
    """One synthetic citizen with a card issued on ``issue_date``."""

    id_number: str
    old_id_number: str
    surname: str
    middle_and_given: str
    date_of_birth: date
    sex: str  # "Nam" or "Nữ"
    ethnicity: str
    religion: str
    place_of_origin: str
    place_of_residence: str
    identifying_marks: str
    issue_date: date
    father_name: str
    mother_name: str
    spouse_name: str = ""
    nationality: str = "Việt Nam"

    @property
    def full_name(self) -> str:
        return f"{self.surname} {self.middle_and_given}"

    @property
    def expiry_date(self) -> date | None:
        """By the validity rules; ``None``: no expiry."""
        return card_expiry(self.date_of_birth, self.issue_date)


def make_citizen(
    rng: random.Random,
    *,
    today: date = date(2025, 6, 1),
    date_of_birth: date | None = None,
    issue_date: date | None = None,
) -> Citizen:
    """One citizen; dates are drawn unless given (card issued 0–9 years before ``today``)."""
    sex = rng.choice(("Nam", "Nữ"))
    born = date_of_birth or today - timedelta(days=rng.randint(15 * 365, 85 * 365))
    if issue_date is None:
        earliest = max(born + timedelta(days=14 * 366), today - timedelta(days=9 * 365))
        issue_date = earliest + timedelta(days=rng.randint(0, max(0, (today - earliest).days)))
    code, province, wards = rng.choice(PROVINCES)
    century = (born.year // 100 - 19) * 2 + (sex == "Nữ")
    id_number = f"{code}{century}{born.year % 100:02d}{rng.randint(0, 999_999):06d}"
    surname = rng.choice(SURNAMES)
    married = born.year <= today.year - 22 and rng.random() < 0.6
    return Citizen(
        id_number=id_number,
        old_id_number=f"{rng.randint(0, 999_999_999):09d}" if born.year < 1998 else "",
        surname=surname,
        middle_and_given=f"{rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}",
        date_of_birth=born,
        sex=sex,
        ethnicity=rng.choice(ETHNICITIES),
        religion=rng.choice(RELIGIONS),
        place_of_origin=_place(rng),
        place_of_residence=_address(rng, province, wards),
        identifying_marks=rng.choice(MARKS),
        issue_date=issue_date,
        father_name=_person(rng, "Nam", surname),
        mother_name=_person(rng, "Nữ", rng.choice(SURNAMES)),
        spouse_name=_person(rng, "Nữ" if sex == "Nam" else "Nam") if married else "",
    )


def make_citizens(count: int, seed: int = 2025, today: date = date(2025, 6, 1)) -> list[Citizen]:
    """``count`` citizens from ``seed``: the same list every run."""
    rng = random.Random(seed)  # noqa: S311 (synthetic test data, not a secret)
    return [make_citizen(rng, today=today) for _ in range(count)]


def _person(rng: random.Random, sex: str, surname: str | None = None) -> str:
    return f"{surname or rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _place(rng: random.Random) -> str:
    _, province, wards = rng.choice(PROVINCES)
    return f"{rng.choice(wards)}, {province}"


def _address(rng: random.Random, province: str, wards: tuple[str, ...]) -> str:
    house = f"Số {rng.randint(1, 199)}"
    if rng.random() < 0.5:
        house += f", ngõ {rng.randint(1, 120)}"
    return f"{house}, {rng.choice(STREETS)}, {rng.choice(wards)}, {province}"

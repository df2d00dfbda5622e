"""Working days, office hours and the appointment date of a dossier.

calendar = WorkCalendar.shipped()
hours = shipped_hours()
due(procedure.processing, received, calendar, hours, procedure.code).ready_at
"""

from kiosk.workdays.calendar import WorkCalendar
from kiosk.workdays.due import (
    PROVISIONAL_WORDS,
    VIETNAM,
    Due,
    clock_start,
    due,
    friday_eligible,
)
from kiosk.workdays.hours import CenterHours, load_hours, parse_hours, shipped_hours
from kiosk.workdays.notices import HolidayNotice, load_notices, parse_notice, shipped_notices

__all__ = [
    "PROVISIONAL_WORDS",
    "VIETNAM",
    "CenterHours",
    "Due",
    "HolidayNotice",
    "WorkCalendar",
    "clock_start",
    "due",
    "friday_eligible",
    "load_hours",
    "load_notices",
    "parse_hours",
    "parse_notice",
    "shipped_hours",
    "shipped_notices",
]

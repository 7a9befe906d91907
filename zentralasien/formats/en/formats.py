"""Dates on the English pages in British style ("29 November 2026", 24-hour times), as the
interface spells British English (organisation, licence); Django's own "en" formats are American
("Nov. 29, 2026", "2:30 p.m."). Input formats stay Django's."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

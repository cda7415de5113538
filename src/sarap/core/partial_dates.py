"""Partial dates: a day, a month, a season or a year, kept with the text they came from.

A partial date is stored as the first and last day it may mean plus its precision, so that
"May 2011" sorts and filters with "17 May 2011". Impossible dates are errors, never shifted.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from sarap.core.errors import InvalidInput, Problem

PRECISIONS = ("day", "month", "season", "year")

# Month-name stems in Kazakh, Russian and English (prefix match on lowercased words).
MONTH_STEMS: dict[int, tuple[str, ...]] = {
    1: ("қаңтар", "январ", "jan"),
    2: ("ақпан", "феврал", "feb"),
    3: ("наурыз", "март", "mar"),
    4: ("сәуір", "апрел", "apr"),
    5: ("мамыр", "мая", "май", "may"),
    6: ("маусым", "июн", "jun"),
    7: ("шілде", "июл", "jul"),
    8: ("тамыз", "август", "aug"),
    9: ("қыркүйек", "сентябр", "sep"),
    10: ("қазан", "октябр", "oct"),
    11: ("қараша", "ноябр", "nov"),
    12: ("желтоқсан", "декабр", "dec"),
}
# Seasons as (first month, last month); winter is December of the year before to February.
SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "winter": (12, 2),
}
SEASON_WORDS = {
    "көктем": "spring", "весн": "spring", "spring": "spring",
    "жаз": "summer", "лет": "summer", "summer": "summer",
    "күз": "autumn", "осен": "autumn", "autumn": "autumn", "fall": "autumn",
    "қыс": "winter", "зим": "winter", "winter": "winter",
}  # fmt: skip


class DateError(ValueError):
    """A date that cannot be: the message says what is wrong and what was expected."""


@dataclass(frozen=True)
class PartialDate:
    start: date
    end: date
    precision: str
    text: str | None = None

    def iso(self) -> str:
        """The shortest ISO form that says the precision: 2011, 2011-05, 2011-05-17, 2016-spring."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.precision == "season":
            year = self.end.year
            return f"{year:04d}-{season_of(self.start.month)}"
        return self.start.isoformat()


def season_of(month: int) -> str:
    for name, (first, last) in SEASONS.items():
        if first <= month <= last or (first > last and (month >= first or month <= last)):
            return name
    raise AssertionError(month)


def _day(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist; expected 1–12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise DateError(f"{name} {year} has no day {day}; expected 1–{last}")
    return date(year, month, day)


def month_range(year: int, month: int) -> tuple[date, date]:
    return _day(year, month, 1), _day(year, month, calendar.monthrange(year, month)[1])


def season_range(year: int, season: str) -> tuple[date, date]:
    first, last = SEASONS[season]
    start_year = year - 1 if first > last else year
    return _day(start_year, first, 1), month_range(year, last)[1]


ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
ISO_SEASON = re.compile(r"^(\d{4})-(spring|summer|autumn|winter)$")


def parse_iso(value: str) -> PartialDate:
    """2011 | 2011-05 | 2011-05-17 | 2016-spring."""
    value = value.strip()
    if m := ISO_SEASON.match(value):
        start, end = season_range(int(m[1]), m[2])
        return PartialDate(start, end, "season")
    m = ISO.match(value)
    if not m:
        raise DateError(f"{value!r} is not a date; expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-season")
    year = int(m[1])
    if m[3]:
        day = _day(year, int(m[2]), int(m[3]))
        return PartialDate(day, day, "day")
    if m[2]:
        start, end = month_range(year, int(m[2]))
        return PartialDate(start, end, "month")
    return PartialDate(date(year, 1, 1), date(year, 12, 31), "year")


def _month_in(words: list[str]) -> int | None:
    for word in words:
        for month, stems in MONTH_STEMS.items():
            if any(word.startswith(stem) for stem in stems):
                return month
    return None


def _season_in(words: list[str]) -> str | None:
    for word in words:
        for stem, season in SEASON_WORDS.items():
            if word.startswith(stem):
                return season
    return None


def parse_text(text: str) -> PartialDate:
    """A date as people write it in kk/ru/en: "2011 жылы 17 мамыр", "17 мая 2011 г.",
    "2024 жылы 2-3 мамыр", "2016 жылы көктем", "2003 жылы қараша", "2017 жылы"."""
    try:
        return _with_text(parse_iso(text), text)
    except DateError:
        pass
    lowered = text.lower()
    years = re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", lowered)
    if len(years) != 1:
        raise DateError(f"{text!r}: expected exactly one four-digit year")
    year = int(years[0])
    rest = lowered.replace(years[0], " ")
    words = re.findall(r"[^\W\d_]+", rest)
    days = [int(d) for d in re.findall(r"(?<!\d)(\d{1,2})(?!\d)", rest)]
    month = _month_in(words)
    if month is not None:
        if not days:
            start, end = month_range(year, month)
            return PartialDate(start, end, "month", text)
        first, last = days[0], days[-1] if len(days) > 1 else days[0]
        if last < first:
            raise DateError(f"{text!r}: the range ends before it starts")
        return PartialDate(_day(year, month, first), _day(year, month, last), "day", text)
    season = _season_in(words)
    if season is not None:
        start, end = season_range(year, season)
        return PartialDate(start, end, "season", text)
    if days:
        raise DateError(f"{text!r}: a day without a month name")
    return PartialDate(date(year, 1, 1), date(year, 12, 31), "year", text)


def _with_text(value: PartialDate, text: str) -> PartialDate:
    return PartialDate(value.start, value.end, value.precision, text)


def build(start: str, end: str | None = None, precision: str | None = None,
          text: str | None = None) -> PartialDate:
    """From the object form's fields: `start` in ISO form sets the precision unless given."""
    first = parse_iso(start)
    prec = precision or first.precision
    if prec not in PRECISIONS:
        raise DateError(f"precision {prec!r} is unknown; expected one of {', '.join(PRECISIONS)}")
    last = parse_iso(end).end if end else first.end
    if last < first.start:
        raise DateError(f"the end {last.isoformat()} is before the start {first.start.isoformat()}")
    return PartialDate(first.start, last, prec, text)


EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2100, 12, 31)  # what a period filter may name


def iso_day(value: str | None, field: str) -> date | None:
    """A YYYY-MM-DD option or form value, or None when empty; anything else, or a day outside
    EARLIEST_DAY..LATEST_DAY (year 9999 would overflow date arithmetic), names the field."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidInput([Problem("not a date", column=field, value=value,
                                    expected="YYYY-MM-DD")]) from None
    if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidInput([Problem("the date is out of range", column=field, value=value,
                                    expected=f"a day from {EARLIEST_DAY} to {LATEST_DAY}")])
    return day

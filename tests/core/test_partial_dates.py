from datetime import date

import pytest

from sarap.core.partial_dates import DateError, build, parse_iso, parse_text


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2011 жылы 17 мамыр", date(2011, 5, 17), date(2011, 5, 17), "day"),
        ("1999 жылы 13 шілдеде қабылданды.", date(1999, 7, 13), date(1999, 7, 13), "day"),
        ("2003 жылы қараша", date(2003, 11, 1), date(2003, 11, 30), "month"),
        ("2016 жылы көктем", date(2016, 3, 1), date(2016, 5, 31), "season"),
        ("2024 жылы 2-3 мамыр", date(2024, 5, 2), date(2024, 5, 3), "day"),
        ("2021 жылдың қазан айы", date(2021, 10, 1), date(2021, 10, 31), "month"),
        ("2017 жылы", date(2017, 1, 1), date(2017, 12, 31), "year"),
        ("17 мая 2011 г.", date(2011, 5, 17), date(2011, 5, 17), "day"),
        ("5 June 2016", date(2016, 6, 5), date(2016, 6, 5), "day"),
        ("2012-02", date(2012, 2, 1), date(2012, 2, 29), "month"),
    ],
)
def test_dates_as_people_write_them(text, start, end, precision):
    value = parse_text(text)
    assert (value.start, value.end, value.precision) == (start, end, precision)


def test_31_november_is_an_error_not_a_shift():
    with pytest.raises(DateError, match="November 2024 has no day 31"):
        parse_text("2024 жыл 31 қараша")
    with pytest.raises(DateError, match="no day 31"):
        parse_iso("2024-11-31")


def test_winter_spans_the_turn_of_the_year():
    value = parse_iso("2016-winter")
    assert (value.start, value.end) == (date(2015, 12, 1), date(2016, 2, 29))
    assert value.iso() == "2016-winter"


def test_end_before_start_is_refused():
    with pytest.raises(DateError, match="before the start"):
        build("2012-09-20", "2012-09-05")

"""Periods and dates from the user's input: a period is matched whole, so it names one folder."""

from __future__ import annotations

import pytest

from kamtools.periods import as_date, check_period, period_end


@pytest.mark.parametrize("period", ["2026-09", "1999-12", "2026-01"])
def test_a_period_is_accepted_as_written(period):
    assert check_period(period) == period


@pytest.mark.parametrize(
    "period",
    [
        "2026-09\n",  # `$` matches before a final line feed: this named a folder "2026-09\n"
        "2026-09\r\n",
        " 2026-09",
        "2026-09 ",
        "2026-09/..",
        "2026-9",
        "2026-13",
        "\u0662\u0660\u0662\u0666-09",  # Arabic-Indic digits: int() reads them, but they name another folder
        "２０２６-09",  # full-width digits
    ],
)
def test_a_period_with_anything_around_or_other_digits_is_refused(period):
    with pytest.raises(ValueError) as info:
        check_period(period)
    assert str(info.value) == f"period must look like YYYY-MM (e.g. 2026-10), got {period!r}"


def test_a_period_given_as_a_date_is_recognised_whole():
    with pytest.raises(
        ValueError, match=r"must be a day, not the period '2026-10\\n': pass its last day, '2026-10-31'"
    ):
        as_date("2026-10\n")
    assert period_end("2026-02") == as_date("2026-02-28")

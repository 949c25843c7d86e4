"""Numbers as people read them in Vietnamese: dots between thousands, a decimal comma."""

import pytest

from workflows.numbers import file_size_text, number_text, percent_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (7, "7"),
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (-1234.5, "-1.234,5"),
        (96.5, "96,5"),
        (93.75, "93,75"),
        (96.456, "96,46"),
        (100.0, "100"),
        (None, "—"),
    ],
)
def test_numbers_have_dots_between_thousands_and_a_decimal_comma(value, text):
    assert number_text(value) == text


def test_fixed_decimals_when_asked():
    assert number_text(96.5, 2) == "96,50"
    assert number_text(1234.25, 1) == "1.234,2"


@pytest.mark.parametrize(
    ("value", "text"),
    [(93.75, "93,75 %"), (100, "100,00 %"), (0, "0,00 %"), (1234.5, "1.234,50 %"), (None, "—")],
)
def test_rates_have_two_decimals_and_a_spaced_percent_sign(value, text):
    assert percent_text(value) == text


def test_a_rate_may_keep_only_the_decimals_it_needs():
    assert percent_text(100.0, decimals=None) == "100 %"
    assert percent_text(93.75, decimals=None) == "93,75 %"


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (512, "512 B"),
        (1023, "1.023 B"),
        (1024, "1,0 KB"),
        (7475, "7,3 KB"),
        (1258291, "1,2 MB"),
        (3 * 2**30, "3,0 GB"),
        (None, "—"),
    ],
)
def test_file_sizes_have_a_decimal_comma(size, text):
    assert file_size_text(size) == text

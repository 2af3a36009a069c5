from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studygroup.domain.keys import from_roman, normalize_key, to_roman


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(number: int) -> None:
    assert from_roman(to_roman(number)) == number
    assert from_roman(to_roman(number).lower()) == number


def test_a_number_past_roman_numerals_is_written_in_digits() -> None:
    assert to_roman(3999) == "MMMCMXCIX"
    assert to_roman(4000) == "4000"
    assert to_roman(10**18) == "1000000000000000000"


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IC", "abc", "ⅥI"])
def test_not_canonical_roman(text: str) -> None:
    assert from_roman(text) is None


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("6", "6"),
        ("06", "6"),
        ("VI", "6"),
        ("vi", "6"),
        (" ch6 ", "6"),
        ("Chapter VI", "6"),
        ("chap. 6", "6"),
        ("intro", "intro"),
        ("Introduction", "intro"),
        ("APPENDIX", "appendix"),
        ("PS", "postscript"),
        ("appendix-2", "appendix-2"),
    ],
)
def test_normalize_key(raw: str, key: str) -> None:
    assert normalize_key(raw) == key


@pytest.mark.parametrize(
    ("numeral", "title", "label"),
    [
        ("1", "Lecture 1", "Lecture 1"),  # the book's own word for its units
        ("I", "Section I", "Section I"),
        ("VI", "THE GROWTH OF INEQUALITY", "Chapter VI"),  # nothing says otherwise
        ("2", "Chapter 2", "Chapter 2"),
        ("3", "and 3", "Chapter 3"),  # not a word the book names its units by
    ],
)
def test_a_chapter_is_called_what_the_book_calls_it(numeral: str, title: str, label: str) -> None:
    from studygroup.domain.book import Part

    part = Part(key="x", kind="chapter", numeral=numeral, title=title)
    assert part.label == label

"""The table-of-contents importer on contents written for these tests."""

from __future__ import annotations

import pytest

from studygroup.errors import StudygroupError
from studygroup.sources.contents import common_url, parse_contents

BASE = "https://www.marxists.org/archive/example/1920/book"

OTHER = f"""# Terrorism and Communism

Written: 1920

Translated: by a committee.

[PREFACE]({BASE}/preface.htm): To the English Edition

I. – [THE BALANCE OF POWER]({BASE}/ch01.htm)

[The First Question]({BASE}/ch01.htm#s1)

[_Dictatorship_ and “Democracy”]({BASE}/ch01.htm#s2)

II. — [DEMOCRACY]({BASE}/ch02.htm)

APPENDIX I: [A LETTER]({BASE}/app1.htm)

APPENDIX II: [ANOTHER LETTER]({BASE}/app2.htm)

[The Letter Itself]({BASE}/app2.htm#a)

[AFTERWORD]({BASE}/after.htm)

This line means nothing here.
"""


def test_other_book_in_the_same_style() -> None:
    contents = parse_contents(OTHER)
    assert contents.title == "Terrorism and Communism"
    assert contents.front == {"written": "1920", "translator": "a committee"}
    assert [(p.key, p.kind, p.number) for p in contents.parts] == [
        ("preface", "preface", None),
        ("1", "chapter", 1),
        ("2", "chapter", 2),
        ("appendix-1", "appendix", 1),
        ("appendix-2", "appendix", 2),
        ("afterword", "postscript", None),
    ]
    assert contents.parts[0].subtitle == "To the English Edition"
    assert [s.title for s in contents.parts[1].sections] == [
        "The First Question",
        "_Dictatorship_ and “Democracy”",
    ]
    assert contents.parts[4].sections[0].url == f"{BASE}/app2.htm#a"
    assert contents.skipped == [(25, "This line means nothing here.")]
    assert common_url(contents.parts) == f"{BASE}/"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no title line"),
        ("# A Title\n\n[PREFACE](p.htm)\n", "no chapters found"),
        ("# A Title\n\nII. – [TWO](2.htm)\n\nI. – [ONE](1.htm)\n", "not numbered I, II, III"),
    ],
)
def test_contents_that_cannot_make_a_book(text: str, message: str) -> None:
    with pytest.raises(StudygroupError, match=message):
        parse_contents(text)

"""The contents importer on Markdown contents written for these tests, one per way the
archive's Markdown (and its readers' copies of it) write a book's contents."""

from __future__ import annotations

import pytest

from studygroup.errors import StudygroupError
from studygroup.sources.contents import Contents, NotABook, common_url, read_contents

BASE = "https://www.marxists.org/archive/example/1920/book"


def read(text: str, url: str | None = None) -> Contents:
    return read_contents(text, fmt="markdown", url=url, origin="contents.md")


def shape(contents: Contents) -> list[tuple[str, str, int | None, str | None, str]]:
    return [(p.key, p.kind, p.number, p.numeral, p.title) for p in contents.parts]


def outline_links(contents: Contents) -> list[str]:
    out: list[str] = []
    for part in contents.parts:
        out += [part.url] if part.url else []
        out += [section.url for section in part.sections if section.url]
    return out


SEED_STYLE = f"""# Terrorism and Communism

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

This line means nothing here, and the importer says so.
"""


def test_seed_style() -> None:
    contents = read(SEED_STYLE)
    assert (contents.title, contents.kind, contents.groups) == (
        "Terrorism and Communism",
        "book",
        [],
    )
    assert contents.front == {"written": "1920", "translator": "a committee"}
    assert shape(contents) == [
        ("preface", "preface", None, None, "PREFACE"),
        ("1", "chapter", 1, "I", "THE BALANCE OF POWER"),
        ("2", "chapter", 2, "II", "DEMOCRACY"),
        ("appendix-1", "appendix", 1, "I", "A LETTER"),
        ("appendix-2", "appendix", 2, "II", "ANOTHER LETTER"),
        ("afterword", "afterword", None, None, "AFTERWORD"),
    ]
    assert contents.parts[0].subtitle == "To the English Edition"
    assert [s.title for s in contents.parts[1].sections] == [
        "The First Question",
        "_Dictatorship_ and “Democracy”",
    ]
    assert contents.parts[4].sections[0].url == f"{BASE}/app2.htm#a"
    assert contents.skipped == [(25, "This line means nothing here, and the importer says so.")]
    assert contents.unplaced == []
    assert outline_links(contents) == contents.links
    assert common_url(contents.parts) == f"{BASE}/"


def test_numeral_inside_the_link() -> None:
    contents = read(
        "# Numbers Inside\n\n"
        "[Preface](preface.htm)\n\n"
        "[I. The Beginning](ch01.htm)\n\n"
        "[The First Section](ch01.htm#s1)\n\n"
        "[Chapter II: The Middle](ch02.htm)\n\n"
        "[III. The End](ch03.htm)\n",
        url=f"{BASE}/index.htm",
    )
    assert shape(contents) == [
        ("preface", "preface", None, None, "Preface"),
        ("1", "chapter", 1, "I", "The Beginning"),
        ("2", "chapter", 2, "II", "The Middle"),
        ("3", "chapter", 3, "III", "The End"),
    ]
    assert contents.parts[1].sections[0].url == f"{BASE}/ch01.htm#s1"
    assert contents.links == [f"{BASE}/{page}" for page in (
        "preface.htm", "ch01.htm", "ch01.htm#s1", "ch02.htm", "ch03.htm"
    )]  # fmt: skip


def test_arabic_numbers_in_a_nested_list() -> None:
    contents = read(
        "# A Book in Arabic Numbers\n\n"
        "1. [What the Book Is About](ch01.htm)\n"
        "   - [Its First Question](ch01.htm#q1)\n"
        "   - [Its Second Question](ch01.htm#q2)\n"
        "2. [The Second Chapter](ch02.htm)\n"
        "3. [The Third Chapter](ch03.htm)\n\n"
        "[Postscript](post.htm)\n"
    )
    assert shape(contents) == [
        ("1", "chapter", 1, "1", "What the Book Is About"),
        ("2", "chapter", 2, "2", "The Second Chapter"),
        ("3", "chapter", 3, "3", "The Third Chapter"),
        ("postscript", "postscript", None, None, "Postscript"),
    ]
    assert [s.title for s in contents.parts[0].sections] == [
        "Its First Question",
        "Its Second Question",
    ]


def test_section_signs_and_part_headings_with_sizes_dates_and_bylines() -> None:
    contents = read(
        "# The Accumulation of Examples\n\n"
        "## Part I: The Problem\n\n"
        "[Chapter I: The Object of Our Study](ch01.htm) (28 k)\n\n"
        "[Chapter II: An Analysis](ch02.htm) (39 k)\n\n"
        "§ 1. [The First Section](ch02.htm#s1)\n\n"
        "§ 2. [The Second Section](ch02b.htm)\n\n"
        "## Part II: The Historical Exposition\n\n"
        "[Chapter III: The Earlier Controversy](ch03.htm) (1927)\n\n"
        "[Chapter IV: Two Economists](ch04.htm) by A. Commentator\n"
    )
    assert [(g.key, g.label, g.title) for g in contents.groups] == [
        ("part-1", "Part I", "The Problem"),
        ("part-2", "Part II", "The Historical Exposition"),
    ]
    assert [(p.key, p.group, p.title, p.note) for p in contents.parts] == [
        ("1", "part-1", "The Object of Our Study", None),
        ("2", "part-1", "An Analysis", None),
        ("3", "part-2", "The Earlier Controversy", "(1927)"),
        ("4", "part-2", "Two Economists", "by A. Commentator"),
    ]
    # A section sign makes a section, on its chapter's page or a continuation page.
    assert [(s.title, s.url) for s in contents.parts[1].sections] == [
        ("§ 1. The First Section", "ch02.htm#s1"),
        ("§ 2. The Second Section", "ch02b.htm"),
    ]


def test_numbering_that_restarts_in_each_part_is_keyed_within_it() -> None:
    contents = read(
        "# Two Parts\n\n## Part One\n\n1. [Alpha](a1.htm)\n2. [Beta](a2.htm)\n\n"
        "## Part Two\n\n1. [Gamma](b1.htm)\n2. [Delta](b2.htm)\n"
    )
    assert [(p.key, p.title, p.group) for p in contents.parts] == [
        ("1.1", "Alpha", "part-1"),
        ("1.2", "Beta", "part-1"),
        ("2.1", "Gamma", "part-2"),
        ("2.2", "Delta", "part-2"),
    ]


def test_a_collection_of_dated_pieces() -> None:
    root = "https://www.marxists.org/archive/example/1920/pieces"
    contents = read(
        "# Dated Pieces\n\n"
        f"- [On the First Question]({root}/01.htm), March 3, 1920\n"
        f"- [On the Second Question]({root}/02.htm), April 7, 1920\n"
        f"- [A Letter to the Editor]({root}/03.htm) (June 1920)\n"
        f"- [A Speech]({root}/04.htm) (1921)\n"
    )
    assert contents.kind == "collection"
    assert [(p.key, p.kind, p.title, p.date) for p in contents.parts] == [
        ("1", "piece", "On the First Question", "March 3, 1920"),
        ("2", "piece", "On the Second Question", "April 7, 1920"),
        ("3", "piece", "A Letter to the Editor", "June 1920"),
        ("4", "piece", "A Speech", "1921"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no links into its folder"),
        ("# A Title\n\nNo links here at all.\n", "no links into its folder"),
        ("[One](1.htm)\n", "no title"),
    ],
)
def test_contents_that_cannot_make_a_book(text: str, message: str) -> None:
    with pytest.raises(StudygroupError, match=message):
        read(text)


def test_a_page_with_no_links_says_what_it_looks_like() -> None:
    with pytest.raises(NotABook, match=r"^contents.md: not a book's contents: "):
        read("# Nothing Here\n\nJust words.\n")


def test_keys_and_slugs_end_on_a_whole_word_that_says_something() -> None:
    from studygroup.commands.imports import _shortened
    from studygroup.sources.contents_keys import short_slug

    assert short_slug("The Transformation of the Value of Labour-Power") == "the-transformation"
    assert short_slug("The Ruling Stratum and Its Privileges") == "the-ruling-stratum"
    assert short_slug("Of") == "of"  # a key is never empty
    slug = "twenty-years-in-underground-russia-memoirs-of-a-rank-and-file-bolshevik"
    assert _shortened(slug, 60) == "twenty-years-in-underground-russia-memoirs-of-a-rank-and"
    assert _shortened("short", 60) == "short"
    assert len(_shortened("x" * 80, 60)) == 60  # one long word: cut all the same


def test_the_byline_says_first_published_once_and_keeps_its_titles() -> None:
    from studygroup.render.markdown import inline
    from studygroup.views.outline import OutlineView, byline

    view = OutlineView.model_construct(
        author="V. I. Lenin",
        written=None,
        translator=None,
        published="First published in full in 1923 in _Seventh Congress_",
    )
    line = byline(view)
    assert line == "V. I. Lenin · First published in full in 1923 in _Seventh Congress_"
    assert inline(line).endswith("in *Seventh Congress*")

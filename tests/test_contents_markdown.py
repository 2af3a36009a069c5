"""The contents importer on Markdown contents files written for these tests
(tests/fixtures/contents/*.md): the seed's style with parts, unlinked and `§`
sections, a chapter not yet transcribed, sizes, bylines and dates after links, a
paragraph that is no entry, notes after the contents; and a collection."""

from __future__ import annotations

from pathlib import Path

from studygroup.sources.contents import Contents, read_contents

FIXTURES = Path(__file__).parent / "fixtures" / "contents"
BOOK = "https://www.marxists.org/archive/example/1899/reform"


def load(name: str, url: str | None) -> Contents:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return read_contents(text, fmt="markdown", url=url, origin=name)


def test_a_book_in_parts_with_every_kind_of_entry() -> None:
    contents = load("book.md", f"{BOOK}/index.htm")
    assert (contents.title, contents.subtitle, contents.author, contents.kind) == (
        "Reform or Revolution",
        None,
        None,
        "book",
    )
    assert contents.front == {
        "written": "1899",
        "published": "1900",
        "translator": "the Integer group",
    }
    assert [(g.key, g.label, g.title) for g in contents.groups] == [
        ("part-1", "Part One", None),
        ("part-2", "Part Two", None),
    ]
    got = [
        (p.key, p.kind, p.numeral, p.title, p.subtitle, p.url, p.group, p.note)
        for p in contents.parts
    ]
    assert got == [
        ("intro", "introduction", None, "INTRODUCTION", "The Question Put",
         f"{BOOK}/intro.htm", None, None),
        ("1", "chapter", "I", "THE OPPORTUNIST METHOD", None, f"{BOOK}/ch01.htm",
         "part-1", None),
        ("2", "chapter", "II", "THE ADAPTATION OF CAPITALISM", None, f"{BOOK}/ch02.htm",
         "part-1", None),
        ("3", "chapter", "III", "THE CONSEQUENCES", None, f"{BOOK}/ch03.htm", "part-2",
         "by the Author (1908)"),
        ("4", "chapter", "IV", "The Chapter Not Yet Transcribed", None, None, "part-2",
         None),
        ("conclusion", "conclusion", None, "CONCLUSION", "Opportunism in Theory and Practice",
         f"{BOOK}/concl.htm", "part-2", None),
    ]  # fmt: skip
    assert [(s.title, s.url) for s in contents.parts[1].sections] == [
        ("1. The Theory of Collapse", None),
        ("2. The Question of Adaptation", None),
    ]
    assert [(s.title, s.url) for s in contents.parts[2].sections] == [
        ("Credit and _Cartels_", f"{BOOK}/ch02.htm#credit"),
        ("§ 2. The Crises", f"{BOOK}/ch02b.htm"),
    ]
    # The size "(12 k)" is dropped; the paragraph is reported; the notes are notes.
    assert contents.parts[1].note is None
    assert contents.skipped == [
        (32, "This paragraph says something about the book and is no entry of its contents.")
    ]
    assert contents.unplaced == []
    placed = [u for p in contents.parts for u in [p.url, *(s.url for s in p.sections)] if u]
    assert placed == contents.links


def test_a_collection_with_absolute_links_and_no_address_given() -> None:
    contents = load("pieces.md", None)
    root = "https://www.marxists.org/archive/example/1919/congress"
    assert contents.kind == "collection"
    assert [(p.key, p.kind, p.title, p.date) for p in contents.parts] == [
        ("1", "piece", "Opening Speech", "March 18, 1919"),
        ("2", "piece", "Report on the Programme", "March 19, 1919"),
        ("3", "piece", "A Letter to the Delegates", "March 1919"),
        ("4", "piece", "Closing Speech", "March 23, 1919"),
        ("5", "piece", "The Congress Seen by a Guest", "April 1919"),
    ]
    # The folder most links share is the work's; the guest's page is kept, not counted.
    assert contents.links == [f"{root}/0{n}.htm" for n in range(1, 5)]
    assert contents.parts[-1].url == "https://www.marxists.org/archive/guest/1919/03/congress.htm"

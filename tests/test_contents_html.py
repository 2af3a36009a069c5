"""The contents importer on HTML contents pages written for these tests.

Each page in tests/fixtures/contents/ mirrors one way the Marxists Internet Archive
lays out a contents page (its own words and books are invented), in the encodings the
archive uses: ISO-8859-1 holding windows-1252 curly quotes, UTF-8, and windows-1251.
Every test also checks that every link into the work is in the outline, in the
page's order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studygroup.domain.book import Book
from studygroup.errors import StudygroupError
from studygroup.sources.contents import Contents, NotABook, read_contents
from studygroup.sources.decode import decode_html

FIXTURES = Path(__file__).parent / "fixtures" / "contents"
SITE = "https://www.marxists.org/archive/example"


def load(name: str, url: str) -> Contents:
    text = decode_html((FIXTURES / name).read_bytes())
    return read_contents(text, fmt="html", url=url, origin=name)


def outline_links(contents: Contents) -> list[str]:
    """The outline's addresses in book order, each once."""
    out: list[str] = []
    for part in contents.parts:
        for url in [part.url, *(section.url for section in part.sections)]:
            if url and url not in out:
                out.append(url)
    return out


def parts(contents: Contents) -> list[tuple[str, str, str | None, str, str | None]]:
    """(key, kind, numeral, title, group) of each part."""
    return [(p.key, p.kind, p.numeral, p.title, p.group) for p in contents.parts]


def sections(contents: Contents, key: str) -> list[tuple[str, str | None]]:
    part = next(p for p in contents.parts if p.key == key)
    return [(s.title, s.url) for s in part.sections]


def as_book(contents: Contents) -> Book:
    """The parts and groups make a valid book, as `import toc` builds it."""
    return Book(
        slug="example",
        title=contents.title,
        author=contents.author or "Someone",
        groups=contents.groups,
        parts=contents.parts,
    )


def complete(contents: Contents) -> None:
    assert outline_links(contents) == contents.links
    assert contents.skipped == [] and contents.unplaced == []
    as_book(contents)


def test_index_table_with_size_cells_and_endnotes() -> None:
    """td.index rows with file sizes, td.indexb cells of sections, endnotes and a
    footer linking back into the work; ISO-8859-1 with windows-1252 quotes."""
    url = f"{SITE}/1917/commune/index.htm"
    contents = load("index-table.htm", url)
    base = url.rsplit("/", 1)[0]
    assert (contents.title, contents.subtitle, contents.author) == (
        "The Commune and the State",
        None,
        "Nadia Ivanova",
    )
    assert contents.front == {
        "written": "August 1917",
        "published": "1918",
        "translator": "a Study Circle",
        "transcription": "Volunteers, 2004",
    }
    assert parts(contents) == [
        ("preface", "preface", None, "Preface", None),
        ("1", "chapter", "I", "Society and Its Public Power", None),
        ("2", "chapter", "II", "The Experience of 1848–51", None),
        ("3", "chapter", "III", "The Commune’s Own Analysis", None),
        ("postscript", "postscript", None, "Postscript", None),
    ]
    assert sections(contents, "1") == [
        ("The Power: A Product of Old Quarrels", f"{base}/ch01.htm#s1"),
        ("Special Bodies of Armed “Guardians”", f"{base}/ch01.htm#s2"),
        ("The Power as an Instrument", f"{base}/ch01.htm#s3"),
    ]
    # The sizes ("39 k", " 30\n k") say nothing about the text: no notes.
    assert all(p.note is None for p in contents.parts)
    complete(contents)


def test_link_list_with_big_chapters_sections_and_a_continuation_page() -> None:
    """p.link inside a table: chapters in <big>, sections plain, sub-sections in
    <small>, a section on a continuation page; a notes heading before the contents."""
    url = f"{SITE}/1897/workshop/index.htm"
    contents = load("link-list.htm", url)
    base = url.rsplit("/", 1)[0]
    assert (contents.title, contents.subtitle, contents.author) == (
        "The Origins of the Workshop",
        "A Historical Sketch",
        "Karl Weber",
    )
    assert contents.front == {
        "published": "in Die Werkstatt, 1897",
        "translator": "Anna Example",
        "transcription": "by A. Volunteer for the Marxists’ Internet Archive",
    }
    assert parts(contents) == [
        ("1", "chapter", "I", "The Guilds", None),
        ("2", "chapter", "II", "The Putting-Out System", None),
        ("3", "chapter", "III", "The Factory", None),
    ]
    assert sections(contents, "2") == [
        ("1. The Merchant", f"{base}/ch02.htm#s1"),
        ("2. The Cottage", f"{base}/ch02.htm#s2"),
        ("(a) Spinning", f"{base}/ch02.htm#s2a"),
        ("(b) Weaving", f"{base}/ch02.htm#s2b"),
        ("3. The Crisis of the _Cottage_", f"{base}/ch02b.htm#s3"),
    ]
    complete(contents)


def test_heading_wrapped_list_with_unlinked_chapters() -> None:
    """The whole list in one <h4>, entries apart by blank lines; a foreword and two
    chapters without links (not transcribed) are kept as parts without addresses."""
    contents = load("heading-list.htm", f"{SITE}/1932/harbour/index.htm")
    assert (contents.title, contents.author) == ("Conquered Harbour", "Victor Exemplar")
    assert contents.front == {"written": "1930", "translator": "Jane Doe"}
    assert [(p.key, p.kind, p.title, p.url is not None, p.note) for p in contents.parts] == [
        ("foreword", "foreword", "Foreword", False, "by Jane Doe"),
        ("1", "chapter", "1", True, None),
        ("2", "chapter", "2", True, None),
        ("3", "chapter", "3", False, None),
        ("4", "chapter", "4", False, None),
        ("5", "chapter", "5", True, None),
    ]
    complete(contents)


def test_toc_group_lines_over_indexb_entries_with_number_only_links() -> None:
    """Unlinked p.toc lines "Part 1 - …" over p.indexb entries whose link is only
    the number, the title after it."""
    contents = load("toc-groups.htm", f"{SITE}/1915/market/index.htm")
    assert (contents.title, contents.author) == (
        "The Economics of the World Market",
        "Example Writer",
    )
    assert contents.front == {"written": "1915"}
    assert [(g.key, g.label, g.title) for g in contents.groups] == [
        ("part-1", "Part 1", "World Economy and Its Growth"),
        ("part-2", "Part 2", "The National State"),
    ]
    assert parts(contents) == [
        ("intro", "introduction", None, "Intro: The Necessity of the Question", None),
        ("1", "chapter", "1", "World Economy Defined", "part-1"),
        ("2", "chapter", "2", "The Growth of World Economy", "part-1"),
        ("3", "chapter", "3", "The Inner Structure of “National Economies”", "part-2"),
        ("conclusion", "conclusion", None, "Conclusion", "part-2"),
    ]
    complete(contents)


def test_part_labels_and_bold_titles_inside_the_list() -> None:
    """ "Part I<br><big><strong>Title</strong></big>" groups inside one paragraph,
    an "Introductory" label over its link, chapters numbered I.I within parts."""
    contents = load("parts-in-list.htm", f"{SITE}/1902/empire/index.htm")
    assert [(g.key, g.label, g.title) for g in contents.groups] == [
        ("part-1", "Part I", "The Economics of Empire"),
        ("part-2", "Part II", "The Politics of Empire"),
    ]
    assert parts(contents) == [
        ("preface", "preface", None, "Preface", None),
        ("intro", "introduction", None, "Empire and Nation", None),
        ("1.1", "chapter", "I.I", "The Measure of Empire", "part-1"),
        ("1.2", "chapter", "I.II", "The Trade of Empire", "part-1"),
        ("2.1", "chapter", "II.I", "The Political Meaning of Empire", "part-2"),
        ("2.2", "chapter", "II.II", "The Defence of Empire", "part-2"),
    ]
    assert [p.number for p in contents.parts[2:]] == [1, 2, 1, 2]
    complete(contents)


def test_nested_list_whose_item_holds_other_pages_is_a_group() -> None:
    contents = load("nested-list.htm", f"{SITE}/1970/councils/index.htm")
    base = f"{SITE}/1970/councils"
    assert contents.subtitle == "The State and the Workshop"
    assert [(g.key, g.title) for g in contents.groups] == [("the-revolution", "The Revolution")]
    assert parts(contents) == [
        ("intro", "introduction", None, "Introduction", None),
        ("1", "chapter", None, "The Revolution", "the-revolution"),
        ("2", "chapter", None, "1917", "the-revolution"),
        ("3", "chapter", None, "1918", "the-revolution"),
        ("epilogue", "epilogue", None, "Epilogue", "the-revolution"),
        ("conclusion", "conclusion", None, "Conclusion", None),
    ]
    assert sections(contents, "2") == [("[October 25]", f"{base}/02.htm#h31")]
    complete(contents)


def test_unlinked_numbered_sections_in_windows_1251() -> None:
    """Cyrillic titles; groups as headings in the contents' table cell; sections as
    unlinked numbered lines; chapter numbers starting again in each part."""
    contents = load("unlinked-sections.htm", f"{SITE}/1910/workshop-ru/index.htm")
    assert (contents.title, contents.author) == ("Очерки истории мастерской", "Н. Примерова")
    assert [(g.key, g.label, g.title) for g in contents.groups] == [
        ("part-1", "Часть I", "Цехи и гильдии"),
        ("part-2", "Часть II", "Фабрика"),
    ]
    assert parts(contents) == [
        ("1.1", "chapter", "I", "Возникновение цехов", "part-1"),
        ("1.2", "chapter", "II", "Мастера и подмастерья", "part-1"),
        ("2.1", "chapter", "I", "Машины", "part-2"),
    ]
    assert sections(contents, "1.2") == [("1. Ученичество", None), ("2. «Тайна ремесла»", None)]
    assert sections(contents, "2.1") == [("1. Пар и вода", None)]
    complete(contents)


def test_collection_of_dated_pieces() -> None:
    """Dated pieces under section headings, one filed elsewhere on the site, a part
    whose title is an unlinked line over its dated sections."""
    url = f"{SITE}/1989/line/index.htm"
    contents = load("collection.htm", url)
    base = url.rsplit("/", 1)[0]
    assert contents.kind == "collection"
    assert contents.front == {"published": "1989", "transcription": "A. Volunteer, 2006"}
    assert [(g.key, g.label, g.title) for g in contents.groups] == [
        ("section-1", "Section One", "The War Years"),
        ("section-2", "Section Two", "After the War"),
    ]
    assert [(p.key, p.kind, p.title, p.date, p.note, p.group) for p in contents.parts] == [
        ("intro", "introduction", "Introduction", None, "by A. Editor", None),
        ("intro-2", "introduction", "Introduction", None, None, "section-1"),
        ("1", "piece", "Lessons of Spain", "1938", "(1938)", "section-1"),
        ("2", "piece", "Preparing for Power", "June 1942", "(June 1942)", "section-1"),
        ("3", "piece", "Letters on the “British Movement”", None, None, "section-2"),
        ("4", "piece", "On the Tempo of the Revolution", "February 11, 1946",
         "February 11, 1946", "section-2"),
        ("5", "piece", "Democracy or Bonapartism", "August 1946", "(_August 1946_)",
         "section-2"),
    ]  # fmt: skip
    # A piece filed under another year is kept, at its own address.
    assert contents.parts[2].url == f"{SITE}/1938/spain.htm"
    assert f"{SITE}/1938/spain.htm" not in contents.links
    assert contents.parts[4].url == f"{base}/3.htm"
    assert sections(contents, "3") == [
        ("December 22, 1945.", f"{base}/3.htm"),
        ("January 5, 1946.", f"{base}/3.htm#p2"),
        ("March 5, 1946.", f"{base}/3.htm#p1"),
    ]
    assert [u for u in outline_links(contents) if u.startswith(base)] == contents.links
    assert contents.skipped == [] and contents.unplaced == []
    as_book(contents)


def test_front_and_back_matter_each_with_its_key() -> None:
    """Prefaces, a foreword, an introduction, conclusion, postscript, glossary and
    further reading; an "Appendices:" group of labelled appendices; a link in the
    front matter and one in the notes that the contents do not list."""
    url = f"{SITE}/1920/many/index.htm"
    contents = load("front-back.htm", url)
    base = url.rsplit("/", 1)[0]
    assert [(g.key, g.title) for g in contents.groups] == [("appendices", "Appendices")]
    assert parts(contents) == [
        ("translators-note", "other", None, "translator’s note", None),
        ("preface", "preface", None, "Translator’s Preface", None),
        ("preface-2", "preface", None, "Preface", None),
        ("preface-3", "preface", None, "Preface to the Second Edition", None),
        ("foreword", "foreword", None, "Foreword", None),
        ("intro", "introduction", None, "Introduction", None),
        ("1", "chapter", "1", "The Start", None),
        ("2", "chapter", "2", "The Middle", None),
        ("conclusion", "conclusion", None, "Conclusion", None),
        ("postscript", "postscript", None, "Postscript", None),
        ("glossary", "other", None, "Glossary", None),
        ("further-reading", "other", None, "Further Reading", None),
        ("appendix-1", "appendix", "I", "A Letter to the Editor", "appendices"),
        ("appendix-2", "appendix", "II", "A Reply", "appendices"),
        ("its-end", "other", None, "its end", None),
    ]
    assert contents.parts[0].url == f"{base}/tnote.htm"
    assert contents.parts[-1].url == f"{base}/app2.htm#end"
    book = as_book(contents)
    assert [book.find(key).key for key in ("Appendix II", "preface 2", "ii", "2")] == [  # type: ignore[union-attr]
        "appendix-2",
        "preface-2",
        "2",
        "2",
    ]
    complete(contents)


@pytest.mark.parametrize(
    ("name", "url", "says"),
    [
        ("author-index.htm", f"{SITE}/index.htm", "an author's list of works (4 links)"),
        ("author-index.htm", f"{SITE}/works/list.htm", "an author's list of works"),
        ("gallery.htm", f"{SITE}/1931/revuo/index.htm", "a gallery of page images"),
        ("empty.htm", f"{SITE}/works/1944/index.htm", "a page with no links into its folder"),
    ],
)
def test_pages_that_are_not_a_book_say_what_they_look_like(name: str, url: str, says: str) -> None:
    with pytest.raises(NotABook) as refusal:
        load(name, url)
    message = refusal.value.message
    assert message.startswith(f"{name}: not a book's contents: {says}")
    assert "\n" not in message


def test_html_needs_the_address_it_came_from() -> None:
    with pytest.raises(StudygroupError, match="needs the address"):
        read_contents("<h1>T</h1><a href='a.htm'>A</a>", fmt="html", url=None, origin="x")


def test_a_cyrillic_label_on_latin_text_is_read_as_windows_1252() -> None:
    page = (
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        b"<h1>Les s\xe9ances \xe0 la Chambre</h1>"
    )
    assert "Les séances à la Chambre" in decode_html(page)
    russian = '<meta charset="windows-1251"><h1>Очерки</h1>'.encode("cp1251")
    assert "Очерки" in decode_html(russian)


# Any page, however broken: a contents or one clear refusal, never a traceback; and
# every link into the work that a contents holds is in its outline.

_WORDS = ["Chapter", "I.", "II", "Part", "Two", "Preface", "Appendix", "1.", "(a)", "§ 2.",
          "The Title", "March 8, 1919", "(28 k)", "by A. B.", "Notes", "Contents", "Глава",
          "“quoted”", ":", "–", "_", "\u00a0\u00a0", "Introduction", "Vol.I:", "A:"]  # fmt: skip
_HREFS = ["ch01.htm", "ch01.htm#s1", "ch02b.htm", "#top", "../../index.htm", "x.pdf",
          "mailto:a@b.org", "../1920/x.htm", "index.htm", "", "sub/page.htm",
          "http://marxists.org/archive/example/1920/book/ch03.htm"]  # fmt: skip
_TAGS = ["p", "a", "br", "big", "small", "h1", "h3", "h4", "li", "ul", "td", "tr", "table",
         "strong", "em", "hr", "span", "font", "sup"]  # fmt: skip


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.booleans()):
        return draw(st.sampled_from(_WORDS))
    tag = draw(st.sampled_from(_TAGS))
    attributes = ""
    if tag == "a":
        attributes = f' href="{draw(st.sampled_from(_HREFS))}"'
    elif tag in ("p", "td"):
        names = ["index", "indexb", "toc", "link", "info", "footer", "note", ""]
        attributes = f' class="{draw(st.sampled_from(names))}"'
    if tag in ("br", "hr"):
        return f"<{tag}>"
    inner = " ".join(draw(st.lists(_markup(depth + 1), max_size=3)))
    return f"<{tag}{attributes}>{inner}</{tag}>"


@settings(max_examples=150, deadline=None)
@given(st.lists(_markup(), max_size=20))
def test_any_page_is_read_or_refused_in_one_line(pieces: list[str]) -> None:
    page = "<h1>A Title</h1>" + " ".join(pieces)
    try:
        contents = read_contents(
            page, fmt="html", url=f"{SITE}/1920/book/index.htm", origin="page.htm"
        )
    except StudygroupError as error:
        assert "\n" not in error.message and error.message.startswith("page.htm")
        return
    placed = set(outline_links(contents))
    assert all(link in placed for link in contents.links)
    as_book(contents)


def test_contents_in_pre_text_in_the_front_matter_or_indented_by_style() -> None:
    """Older pages: a contents in <pre>, lines indented with an inline style, and a
    page whose only contents sit in what is marked as front matter."""
    url = f"{SITE}/1900/odd/index.htm"
    pre = read_contents(
        '<h1>Odd Book</h1><pre>\n<a href="ch01.htm">I. The First</a>\n'
        '    <a href="ch01b.htm">The First, continued</a>\n<a href="ch02.htm">II. The Second</a>\n'
        "</pre>",
        fmt="html",
        url=url,
        origin="pre.htm",
    )
    assert [(p.key, p.title, [s.title for s in p.sections]) for p in pre.parts] == [
        ("1", "The First", ["The First, continued"]),
        ("2", "The Second", []),
    ]
    styled = read_contents(
        '<h1>Margins</h1><p><a href="ch01.htm">Chapter 1</a></p>'
        '<p style="margin-left: 40px"><a href="ch01b.htm">Its second half</a></p>'
        '<p><a href="ch02.htm">Chapter 2</a></p>',
        fmt="html",
        url=url,
        origin="styled.htm",
    )
    assert [(p.key, [s.url for s in p.sections]) for p in styled.parts] == [
        ("1", [f"{SITE}/1900/odd/ch01b.htm"]),
        ("2", []),
    ]
    front = read_contents(
        '<h1>Info Only</h1><p class="info"><a href="a.htm">Preface</a><br>'
        '<a href="b.htm">Chapter 1. The Start</a></p>'
        '<p class="footer"><a href="../../index.htm">Archive</a></p>',
        fmt="html",
        url=url,
        origin="front.htm",
    )
    assert [(p.key, p.kind) for p in front.parts] == [("preface", "preface"), ("1", "chapter")]


def test_a_work_on_one_page_has_its_anchors_for_parts() -> None:
    url = f"{SITE}/1920/pamphlet/index.htm"
    contents = read_contents(
        '<h2>A. Writer</h2><h1>A Short Pamphlet</h1><p class="index">'
        '<a href="#s1">I. The Question</a><br><a href="#s2">II. The Answer</a></p>'
        '<h3><a name="s1">I. The Question</a></h3><p>The text <a href="#n1">[1]</a>.</p>'
        '<p class="link"><a href="#top">Top of the page</a></p>',
        fmt="html",
        url=url,
        origin="pamphlet.htm",
    )
    assert [(p.key, p.title, p.url) for p in contents.parts] == [
        ("1", "The Question", f"{url}#s1"),
        ("2", "The Answer", f"{url}#s2"),
    ]
    assert contents.links == [f"{url}#s1", f"{url}#s2"]


def test_volumes_hold_their_parts() -> None:
    """Group headings of a larger unit hold those of a smaller one: a volume its parts."""
    contents = read_contents(
        "<h2>L. Writer</h2><h1>The History of a Revolution</h1><hr>"
        "<h2>Volume One</h2><h3>The Overthrow of the Old Order</h3><h3>Part I</h3>"
        '<p class="index"><a href="ch01.htm">1. Peculiarities of Development</a></p>'
        '<p class="index"><a href="ch02.htm">2. The Country in the War</a></p>'
        '<h3>Part II</h3><p class="index"><a href="ch03.htm">3. Five Days</a></p>'
        '<h2>Volume Two</h2><h3>Part III</h3><p class="index"><a href="ch04.htm">4. July</a></p>'
        '<h3>Appendices</h3><p class="index"><a href="app1.htm">Appendix I: A Note</a></p>',
        fmt="html",
        url=f"{SITE}/1930/history/index.htm",
        origin="history.htm",
    )
    assert [(g.key, g.label, g.title, g.group) for g in contents.groups] == [
        ("volume-1", "Volume One", "The Overthrow of the Old Order", None),
        ("part-1", "Part I", None, "volume-1"),
        ("part-2", "Part II", None, "volume-1"),
        ("volume-2", "Volume Two", None, None),
        ("part-3", "Part III", None, "volume-2"),
        ("appendices", None, "Appendices", None),
    ]
    assert [(p.key, p.group) for p in contents.parts] == [
        ("1", "part-1"),
        ("2", "part-1"),
        ("3", "part-2"),
        ("4", "part-3"),
        ("appendix-1", "appendices"),
    ]
    tree = as_book(contents).tree()
    assert [node.group.key for node in tree if node.group] == ["volume-1", "volume-2", "appendices"]


def test_a_chapter_page_is_not_a_contents_page() -> None:
    paragraph = "<p>" + "The text of the chapter goes on at some length here. " * 6 + "</p>"
    page = (
        '<p class="title">MIA: Writers: Example: A Book</p><h3>Chapter II</h3>'
        + paragraph * 6
        + '<p class="link"><a href="ch01.htm">Previous</a> | <a href="index.htm">Contents</a>'
        + ' | <a href="#top">Top of the page</a></p>'
    )
    with pytest.raises(
        NotABook, match=r"^ch02.htm: not a book's contents: an article or a chapter"
    ):
        read_contents(page, fmt="html", url=f"{SITE}/1920/book/ch02.htm", origin="ch02.htm")
    with pytest.raises(NotABook, match="a single text"):
        read_contents(page, fmt="html", url=f"{SITE}/1920/book/index.htm", origin="ch02.htm")


def test_a_table_row_of_two_entries_shares_its_cells_out() -> None:
    """A label cell goes with the link after it, a size cell with the link before."""
    row = (
        "<tr><td>{0}.</td><td><a href='ch0{1}.htm'>The {2}</a></td><td>39 k</td>"
        "<td>{3}.</td><td><a href='ch0{4}.htm'>The {5}</a></td><td>12 k</td></tr>"
    )
    contents = read_contents(
        "<h1>Two Columns</h1><table>"
        + row.format("I", 1, "First", "III", 3, "Third")
        + row.format("II", 2, "Second", "IV", 4, "Fourth")
        + "</table>",
        fmt="html",
        url=f"{SITE}/1930/two/index.htm",
        origin="two.htm",
    )
    assert [(p.key, p.numeral, p.title, p.note) for p in contents.parts] == [
        ("1", "I", "The First", None),
        ("3", "III", "The Third", None),
        ("2", "II", "The Second", None),
        ("4", "IV", "The Fourth", None),
    ]

"""The notes importer on notes written for these tests, in every style it reads.

Every text here is our own, written in the styles facilitators use: Markdown with front
matter, `>` quotations, quotations wrapped in emphasis, page references, attribution and
link lines, comma lead-ins, lead-ins across a link or a rule, headings naming chapters
and sections, questions under a heading and in a question-and-answer sheet, tables,
tables of contents and lists of links; plain text; a saved web page; a Word document.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from studygroup.domain.book import Book, Part, Section
from studygroup.domain.session import Quotation
from studygroup.errors import StudygroupError
from studygroup.sources.notes import ImportedNotes, PartNotes, detect_format, read_notes

BOOK = Book(
    slug="the-test-book",
    title="The Test Book",
    author="Rosa Example",
    parts=[
        Part(key="intro", kind="introduction", title="Introduction"),
        Part(
            key="1",
            kind="chapter",
            number=1,
            numeral="I",
            title="The Method of Study",
            sections=[Section(title="Why Read Slowly"), Section(title="The Order of Ideas")],
        ),
        Part(
            key="2",
            kind="chapter",
            number=2,
            numeral="II",
            title="Credit and Crisis",
            sections=[
                Section(title="The Adaptation of Capitalism"),
                Section(title="Abolition of the Crisis Cycle"),
                Section(title="Trade Unions"),
            ],
        ),
        Part(key="3", kind="chapter", number=3, numeral="III", title="The Conquest of Power"),
        Part(key="postscript", kind="postscript", title="Postscript"),
    ],
)


def read(
    text: str | bytes,
    *,
    fmt: str = "markdown",
    part: str | None = None,
    origin: str = "notes.md",
) -> ImportedNotes:
    data = text.encode() if isinstance(text, str) else text
    chosen = BOOK.part(part) if part else None
    return read_notes(data, fmt=fmt, book=BOOK, part=chosen, origin=origin)  # type: ignore[arg-type]


def flow(notes: PartNotes) -> list[tuple[int, str, Any]]:
    """The notes of a part in the presenter's order: (order, kind, what)."""
    items: list[tuple[int, str, Any]] = [(p.order or 0, "point", p.text) for p in notes.points]
    items += [(q.order or 0, "quotation", q.paragraphs) for q in notes.quotations]
    items += [(q.order or 0, "question", q.text) for q in notes.questions]
    return sorted(items, key=lambda item: item[0])


def quote(paragraphs: list[str], **fields: Any) -> Quotation:
    return Quotation(paragraphs=paragraphs, **fields)


def left(notes: ImportedNotes) -> list[tuple[int, str]]:
    return [(item.line, item.why) for item in notes.left_out]


# --- Markdown: everything at once ------------------------------------------------------

MARKDOWN = """\
---
title: "Study notes: Credit and Crisis"
author:
  - Ana
  - Ben
date: 2024-03-05
tags: [credit, crisis]
---

# Contents

1. [Chapter II](#two)
2. [Questions](#questions)

## Chapter II: Credit and Crisis <a name="two"></a>

The chapter starts from an old argument about credit.

The author puts the objection this way:

> Credit, far from smoothing the path, sharpens every contradiction it touches.
>
> It brings the crisis nearer.

-- Rosa Example, *The Test Book*

<https://example.org/test-book/ch02.htm>

### 2. Abolition of the Crisis Cycle

She says that,

*“The cycle has not gone away; it has only changed its rhythm.”*

“*Each boom now ends sooner than the one before.*”

Our own comment, which only mentions a “phrase” in passing.

“A short quotation with its page after the closing mark.” (p. 206)

Lenin says that:

<https://www.marxists.org/archive/lenin/works/1920/lwc/>

"The party has to know the masses […] and be known by them."

-- V. I. Lenin, "Left-Wing" Communism

* * *

A colon lead-in across a rule:

\\* \\* \\*

“Trade unions are a defensive form.”

| Year | Strikes |
| --- | --- |
| 1900 | 12 |

## Questions

1. What does the author mean by the rhythm of the cycle?
2. Is credit still the main means of adaptation?

### Further reading

- [An article](https://example.org/a)
- [Another article](https://example.org/b)
"""


def test_markdown_front_matter_is_the_source_never_points() -> None:
    notes = read(MARKDOWN)
    assert notes.source.title == "Study notes: Credit and Crisis"
    assert notes.source.author == "Ana, Ben"
    assert notes.source.date == "2024-03-05"
    assert notes.source.event is None and notes.source.closing is None
    assert [s.part.key for s in notes.sessions] == ["2"]


def test_markdown_in_the_presenters_order_under_its_sections() -> None:
    (chapter,) = read(MARKDOWN).sessions
    assert flow(chapter) == [
        (1, "point", "The chapter starts from an old argument about credit."),
        (
            2,
            "quotation",
            [
                "Credit, far from smoothing the path, sharpens every contradiction it touches.",
                "It brings the crisis nearer.",
            ],
        ),
        (3, "quotation", ["The cycle has not gone away; it has only changed its rhythm."]),
        (4, "quotation", ["Each boom now ends sooner than the one before."]),
        (5, "point", "Our own comment, which only mentions a “phrase” in passing."),
        (6, "quotation", ["A short quotation with its page after the closing mark."]),
        (7, "quotation", ["The party has to know the masses […] and be known by them."]),
        (8, "quotation", ["Trade unions are a defensive form."]),
        (9, "question", "What does the author mean by the rhythm of the cycle?"),
        (10, "question", "Is credit still the main means of adaptation?"),
    ]
    assert [p.section for p in chapter.points] == [None, 2]
    assert [q.section for q in chapter.quotations] == [None, 2, 2, 2, 2, 2]
    # The Questions heading ends the section it follows.
    assert [q.section for q in chapter.questions] == [None, None]


def test_markdown_quotations_keep_what_belongs_to_them() -> None:
    (chapter,) = read(MARKDOWN).sessions
    first, cycle, boom, page, lenin, unions = chapter.quotations
    assert first.lead_in == "The author puts the objection this way:"
    assert first.source == "Rosa Example, The Test Book"
    assert first.attribution is None  # the book's own author
    assert first.url == "https://example.org/test-book/ch02.htm"
    # A comma lead-in, stored once for the run of two quotations.
    assert (cycle.lead_in, cycle.shares_lead_in) == ("She says that,", False)
    assert (boom.lead_in, boom.shares_lead_in) == (None, True)
    assert page.reference == "p. 206" and page.lead_in is None and not page.shares_lead_in
    # A lead-in across a link line: the link is the quotation's; the attribution after.
    assert lenin.lead_in == "Lenin says that:"
    assert lenin.url == "https://www.marxists.org/archive/lenin/works/1920/lwc/"
    assert lenin.source == 'V. I. Lenin, "Left-Wing" Communism'
    assert lenin.attribution == "V. I. Lenin"
    # A lead-in across a rule (an escaped one, too).
    assert unions.lead_in == "A colon lead-in across a rule:"


def test_markdown_leaves_out_navigation_rules_and_tables_and_says_so() -> None:
    notes = read(MARKDOWN)
    assert left(notes) == [
        (1, "front matter"),
        (10, "a table of contents"),
        (12, "a table of contents"),
        (13, "a table of contents"),
        (49, "a rule"),
        (53, "a rule"),
        (57, "a table"),
        (66, "a heading that names no part or section"),
        (68, "a list of links"),
        (69, "a list of links"),
    ]
    assert notes.left_out[0].text == "keys not used: tags"


# --- a question-and-answer sheet -----------------------------------------------------

QA_SHEET = """\
### Chapter I: The Method of Study

- Consider the following passage:

  “*Reading slowly is not a virtue in itself; it is a method.*”

  “*A method has to be learned.*”

  Why does the author call slow reading a method?

Because a method can be taught, and a virtue only praised.

- Summarize the argument of the section "The Order of Ideas".

The ideas come in the order of their history, not of their importance.

- Is the order of ideas the order of history?

“The order of ideas is never simply the order of events.”

What does the author mean by “simply”?

- In what way is this passage still true?

  *"Every generation reads the classics again, and finds them new."*

In light of this, we are left wondering: what would a new reading be?
"""


def test_question_and_answer_sheet() -> None:
    (chapter,) = read(QA_SHEET).sessions
    assert chapter.part.key == "1"
    assert [(q.order, q.text, q.section, q.quotations) for q in chapter.questions] == [
        (3, "Why does the author call slow reading a method?", None, [1, 2]),
        (5, 'Summarize the argument of the section "The Order of Ideas".', 2, []),
        (7, "Is the order of ideas the order of history?", 2, []),
        (9, "What does the author mean by “simply”?", 2, []),
        (10, "In what way is this passage still true?", 2, [4]),
    ]
    # Answers are points; an open thought closing an answer is not a question.
    assert [(p.order, p.text) for p in chapter.points] == [
        (4, "Because a method can be taught, and a virtue only praised."),
        (6, "The ideas come in the order of their history, not of their importance."),
        (12, "In light of this, we are left wondering: what would a new reading be?"),
    ]
    one, two, bare, again = chapter.quotations
    assert one.lead_in == "Consider the following passage:" and two.shares_lead_in
    # An answer that is only a quotation has no lead-in: the question is not one.
    assert bare.lead_in is None and not bare.shares_lead_in and bare.order == 8
    # A question with the quotation indented under it is also its lead-in.
    assert again.lead_in == "In what way is this passage still true?" and again.order == 11


# --- plain text in the seed's style -----------------------------------------------------

PLAIN = """\
Notes on chapter 2 – Credit and Crisis

(For the Thursday group.)

The chapter answers the revisionists on credit,

and on the cartels that were supposed to end crises.

The author begins with the claim she rejects:

“Credit, the revisionists say, adapts production to demand.

“It lets every firm borrow against the future.

The future, however, is exactly what the crisis cancels.”

“A second, separate quotation that also follows the lead-in.”

Commentary after the run.

Abolition of the Crisis Cycle

“Crises have changed their form, not their cause.” (ch. 2)

See you next week.
"""


def test_plain_text_in_the_seeds_style() -> None:
    notes = read(PLAIN, fmt="text", part="2", origin="notes.txt")
    assert notes.source.title == "Notes on chapter 2 – Credit and Crisis"
    assert notes.source.event == "(For the Thursday group.)"
    assert notes.source.closing == "See you next week."
    (chapter,) = notes.sessions
    assert flow(chapter) == [
        (
            1,
            "point",
            "The chapter answers the revisionists on credit, and on the cartels that were "
            "supposed to end crises.",
        ),
        (
            2,
            "quotation",
            [
                "Credit, the revisionists say, adapts production to demand.",
                "It lets every firm borrow against the future.",
                "The future, however, is exactly what the crisis cancels.",
            ],
        ),
        (3, "quotation", ["A second, separate quotation that also follows the lead-in."]),
        (4, "point", "Commentary after the run."),
        (5, "quotation", ["Crises have changed their form, not their cause."]),
    ]
    first, second, third = chapter.quotations
    assert first.lead_in == "The author begins with the claim she rejects:"
    assert second.shares_lead_in and second.lead_in is None
    # A line that is a section's title is a heading: it moves on and is not a point.
    assert (third.section, third.reference, third.lead_in) == (2, "ch. 2", None)
    assert notes.left_out == []


# --- a web page saved as HTML ------------------------------------------------------------

PAGE = """\
<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Chapter III notes | Our Reading Group</title>
<meta property="og:title" content="Notes on chapter III">
<meta name="author" content="Carla">
<meta property="article:published_time" content="2023-11-02T18:00:00Z">
<link rel="canonical" href="https://example.org/notes/ch3.html">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav>
<div class="site">
<article>
<header><h1>Notes on chapter III</h1><p class="byline">By Carla</p></header>
<p>Chapter three turns from theory to <em>tactics</em>.</p>
<p>The key passage reads:</p>
<blockquote><p>&ldquo;Power is not taken once; it is taken every day.&rdquo;</p></blockquote>
<p><a href="../texts/ch3.htm#p4">the text</a></p>
<h2>Questions for discussion</h2>
<ol><li>What does it mean to take power every day?</li><li>Who takes it, and how?</li></ol>
</article>
<aside class="sidebar"><h3>Recent posts</h3><ul><li><a href="/x">Other notes</a></li></ul></aside>
</div>
<footer><p>Our Reading Group, all rights waived</p></footer>
</body></html>
"""


def test_html_reads_the_article_not_the_site_around_it() -> None:
    notes = read(PAGE, fmt="html", part="3", origin="ch3.html")
    assert notes.source.title == "Notes on chapter III"
    assert (notes.source.author, notes.source.date) == ("Carla", "2023-11-02")
    assert notes.source.url == "https://example.org/notes/ch3.html"
    (chapter,) = notes.sessions
    assert flow(chapter) == [
        (1, "point", "Chapter three turns from theory to tactics."),
        (2, "quotation", ["Power is not taken once; it is taken every day."]),
        (3, "question", "What does it mean to take power every day?"),
        (4, "question", "Who takes it, and how?"),
    ]
    (power,) = chapter.quotations
    assert power.lead_in == "The key passage reads:"
    assert power.url == "https://example.org/texts/ch3.htm#p4"
    assert notes.left_out == []


def test_html_lines_are_those_of_the_file() -> None:
    notes = read(
        PAGE.replace("<h2>Questions for discussion</h2>", "<h2>Aside</h2>"), fmt="html", part="3"
    )
    assert left(notes) == [(19, "a heading that names no part or section")]


# --- a Word document ----------------------------------------------------------------------


def word_document() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Notes on the method of study", style="Title")
    document.add_paragraph("For the Tuesday group", style="Subtitle")
    document.add_heading("Chapter I: The Method of Study", level=1)
    document.add_paragraph("Some commentary on method.")
    document.add_paragraph("The author is blunt:")
    document.add_paragraph("“Nobody reads a book once.”", style="Quote")
    document.add_heading("Why Read Slowly", level=2)
    emphasised = document.add_paragraph()
    emphasised.add_run("“Slowness is a discipline, not a temperament.”").italic = True
    document.add_paragraph("(p. 12)")
    document.add_heading("Questions", level=2)
    document.add_paragraph("Do we read too fast?", style="List Number")
    document.add_paragraph("What would reading slowly change?", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Pages"
    table.cell(0, 1).text = "Weeks"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_document_by_its_paragraph_styles() -> None:
    notes = read(word_document(), fmt="docx", origin="method.docx")
    assert notes.source.title == "Notes on the method of study"
    assert notes.source.event == "For the Tuesday group"
    (chapter,) = notes.sessions
    assert chapter.part.key == "1"
    assert flow(chapter) == [
        (1, "point", "Some commentary on method."),
        (2, "quotation", ["Nobody reads a book once."]),
        (3, "quotation", ["Slowness is a discipline, not a temperament."]),
        (4, "question", "Do we read too fast?"),
        (5, "question", "What would reading slowly change?"),
    ]
    blunt, slow = chapter.quotations
    assert (blunt.lead_in, blunt.section) == ("The author is blunt:", None)
    assert (slow.lead_in, slow.section, slow.reference) == (None, 1, "p. 12")
    # A Word document has no lines: reports count its paragraphs.
    assert left(notes) == [(13, "a table")]


def test_format_from_extension_and_content() -> None:
    assert detect_format("notes.docx", word_document()) == "docx"
    assert detect_format("notes.bin", word_document()) == "docx"
    assert detect_format("notes.md", b"Plain words.") == "markdown"
    assert detect_format("notes.txt", b"Plain words.\n\nMore.") == "text"
    assert detect_format("notes.txt", MARKDOWN.encode()) == "markdown"
    assert detect_format("notes", b"---\ntitle: x\n---\nWords.") == "markdown"
    assert detect_format("saved", PAGE.encode()) == "html"
    assert detect_format("notes.html", b"<p>x</p>") == "html"
    assert detect_format("notes", PLAIN.encode()) == "text"


# --- several chapters in one set of notes -----------------------------------------------------

SEVERAL = """\
A word before any chapter is named.

## Chapter I

“Reading is work.”

## Chapter II: Credit and Crisis

### Trade Unions

A point on unions.

## Postscript

A last point.
"""


def test_notes_on_several_parts_are_one_session_each() -> None:
    notes = read(SEVERAL)
    assert [s.part.key for s in notes.sessions] == ["1", "2", "postscript"]
    first, second, last = notes.sessions
    # Before the first part named: that part's.
    assert flow(first) == [
        (1, "point", "A word before any chapter is named."),
        (2, "quotation", ["Reading is work."]),
    ]
    assert [(p.order, p.text, p.section) for p in second.points] == [(1, "A point on unions.", 3)]
    assert [(p.order, p.text) for p in last.points] == [(1, "A last point.")]


def test_a_given_part_takes_all_the_notes() -> None:
    notes = read(SEVERAL, part="2")
    assert [s.part.key for s in notes.sessions] == ["2"]
    assert ("a heading naming another part (Chapter I)") in [i.why for i in notes.left_out]
    assert len(notes.sessions[0].points) == 3


def test_notes_that_name_no_part_ask_for_one() -> None:
    with pytest.raises(
        StudygroupError,
        match=r"notes.md: the notes name no part of The Test Book: say which with --part",
    ):
        read("Just a point.\n\nAnd another.\n")


# --- lines that belong to a quotation, and lines that do not ------------------------------------


def test_lead_in_glued_to_its_quotation_and_a_glued_source() -> None:
    text = """\
- Lenin says that,
  *"The state is a machine for keeping one class down."*

He goes on:
“A second passage, on its own line under the lead-in.”
— Lenin, The State and Revolution
"""
    (chapter,) = read(text, part="3").sessions
    first, second = chapter.quotations
    assert (first.lead_in, first.paragraphs) == (
        "Lenin says that,",
        ["The state is a machine for keeping one class down."],
    )
    assert second.lead_in == "He goes on:"
    assert second.source == "Lenin, The State and Revolution"
    assert chapter.points == []


def test_dash_led_commentary_and_links_beside_no_quotation() -> None:
    text = """\
Some commentary to begin.

-- As we said last week, this is where the argument turns, and it turns hard.

<https://example.org/a-talk>

A quotation follows nothing here; “this phrase” is commentary, and so is this one.
"""
    notes = read(text, part="1")
    assert [p.text for p in notes.sessions[0].points] == [
        "Some commentary to begin.",
        "-- As we said last week, this is where the argument turns, and it turns hard.",
        "A quotation follows nothing here; “this phrase” is commentary, and so is this one.",
    ]
    assert left(notes) == [(5, "a link beside no quotation")]


def test_quoted_words_opening_commentary_and_quotations_inside_sentences() -> None:
    text = """\
"Neo-classical" economics answers a different question.

As the author puts it, “credit is a lever” — and a lever needs a fulcrum.

“Credit,” she writes, “is not capital.” That is the whole chapter.
"""
    notes = read(text, part="2")
    assert len(notes.sessions[0].points) == 3
    assert notes.sessions[0].quotations == []


def test_a_heading_in_the_notes_that_is_a_line_after_a_rule() -> None:
    text = "A point.\n\n* * *\n\nThe second half\n\nAnother point.\n"
    notes = read(text, part="1")
    assert [p.text for p in notes.sessions[0].points] == ["A point.", "Another point."]
    assert left(notes) == [(3, "a rule"), (5, "a heading that names no part or section")]


def test_section_by_its_number_and_by_a_bold_line() -> None:
    text = "## Chapter II\n\n**Section 3**\n\n“On unions.”\n\n**The Adaptation of Capitalism**\n\nA point.\n"
    (chapter,) = read(text).sessions
    assert chapter.quotations[0].section == 3
    assert chapter.points[0].section == 1


def test_a_quotation_over_paragraphs_in_straight_marks_and_emphasis() -> None:
    text = """\
The passage runs on:

*"First paragraph, which does not close.*

*"Second paragraph, which does not close either.*

*Third, with no opening mark, closes."*
"""
    (chapter,) = read(text, part="1").sessions
    (passage,) = chapter.quotations
    assert passage.paragraphs == [
        "First paragraph, which does not close.",
        "Second paragraph, which does not close either.",
        "Third, with no opening mark, closes.",
    ]
    assert passage.lead_in == "The passage runs on:"


# --- malformed input: one clear line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"", "markdown", "notes.md: the notes are empty"),
        (b"  \n\n\t\n", "text", "notes.md: the notes are empty"),
        (b"This is not a Word document.", "docx", "notes.md: not a Word document (.docx)"),
        (b"PK\x03\x04broken", "docx", "notes.md: not a Word document (.docx)"),
        (
            b"---\ntitle: Never closed\n\nA point.\n",
            "markdown",
            "notes.md:1: the front matter opened here never closes",
        ),
        (
            b"---\ntitle: [unclosed\n---\nA point.\n",
            "markdown",
            "notes.md:2: the front matter is not YAML",
        ),
        (b"## Chapter I\n\n\xff\xfe broken\n", "markdown", "notes.md:3: not UTF-8 text"),
        (
            b"## Chapter I\n\nA point.\n\n\xe2\x80\x9cNever closed.\n\nMore words.\n",
            "markdown",
            "notes.md:5: a quotation opens here and never closes",
        ),
        (
            b"---\ntitle: Only a title\n---\n",
            "markdown",
            "notes.md: found no discussion points or quotations",
        ),
    ],
)
def test_malformed_notes_are_one_clear_line(data: bytes, fmt: str, message: str) -> None:
    with pytest.raises(StudygroupError) as caught:
        read(data, fmt=fmt, part="1")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_zip_that_is_not_a_word_document() -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(StudygroupError, match="not a Word document"):
        read(out.getvalue(), fmt="docx", part="1")


# --- other ways of setting a quotation apart ------------------------------------------------


def test_quotations_set_apart_by_indentation_italics_or_a_label() -> None:
    text = """\
Chapter II: Credit and Crisis

The author writes:

    Credit is the means by which capital lends itself a future it has not yet made.

Source: https://example.org/test-book/ch02.htm

She adds:

*Every loan is a wager on the next harvest of surplus value.*

From: Rosa Example, The Test Book, chapter 2

An ordinary point to end with, in italics only in part: *this* word.
"""
    notes = read(text, fmt="text", origin="notes.txt")
    (chapter,) = notes.sessions
    indented, italic = chapter.quotations
    assert indented.paragraphs == [
        "Credit is the means by which capital lends itself a future it has not yet made."
    ]
    assert (indented.lead_in, indented.url) == (
        "The author writes:",
        "https://example.org/test-book/ch02.htm",
    )
    assert italic.lead_in == "She adds:"
    assert italic.source == "Rosa Example, The Test Book, chapter 2"
    assert [p.text for p in chapter.points] == [
        "An ordinary point to end with, in italics only in part: *this* word."
    ]


def test_markdown_indented_prose_is_a_quotation_not_code() -> None:
    text = """\
## Chapter I

The passage:

    Reading slowly is a method, and a method can be learned
    by anyone who has the time to read at all.

```
not = prose()
```
"""
    notes = read(text)
    (chapter,) = notes.sessions
    (passage,) = chapter.quotations
    assert passage.lead_in == "The passage:"
    assert passage.paragraphs == [
        "Reading slowly is a method, and a method can be learned by anyone who has the "
        "time to read at all."
    ]
    assert left(notes) == [(8, "code")]


def test_html_quotation_with_its_source_in_a_footer() -> None:
    page = """<html><body><main>
<p>Our notes begin.</p>
<p>As she put it:</p>
<figure><blockquote><p>“Crises are the rhythm of the thing.”</p></blockquote>
<figcaption>Rosa Example, <cite>The Test Book</cite></figcaption></figure>
<blockquote><p>“A second one.”</p><footer>— Lenin</footer></blockquote>
</main></body></html>"""
    (chapter,) = read(page, fmt="html", part="2", origin="page.html").sessions
    rhythm, second = chapter.quotations
    assert (rhythm.lead_in, rhythm.source) == ("As she put it:", "Rosa Example, The Test Book")
    assert (second.source, second.attribution, second.shares_lead_in) == ("Lenin", "Lenin", True)


def test_word_quote_paragraphs_are_one_quotation_with_their_attribution() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Chapter II: Credit and Crisis", style="Heading 1")
    document.add_paragraph("She argues,")
    document.add_paragraph("Credit widens the market.", style="Quote")
    document.add_paragraph("It also widens the fall.", style="Quote")
    document.add_paragraph("— Rosa Example", style="Quote")
    item = document.add_paragraph("A bullet of commentary.", style="List Bullet")
    assert item.text
    out = io.BytesIO()
    document.save(out)
    (chapter,) = read(out.getvalue(), fmt="docx", origin="notes.docx").sessions
    (credit,) = chapter.quotations
    assert credit.paragraphs == ["Credit widens the market.", "It also widens the fall."]
    assert (credit.lead_in, credit.source, credit.attribution) == (
        "She argues,",
        "Rosa Example",
        None,
    )
    assert [p.text for p in chapter.points] == ["A bullet of commentary."]


def test_plain_text_lecture_with_numbered_sections_and_glued_sources() -> None:
    text = """\
Study class, week two

We read the chapter on credit. The author says

    "Credit sharpens the contradiction between the mode of production and
    the mode of exchange."

and the rest of the chapter follows from this.

2. Abolition of the crisis cycle

She puts it this way:
"Crises do not vanish; they move." (p. 31) -- Rosa Example, The Test Book
https://example.org/test-book/ch02.htm#s2

• A bullet of our own.
• Another bullet.

Questions:
1) Do crises move?
2) Where to?

That's all for this week.
"""
    assert detect_format("week2.txt", text.encode()) == "text"
    notes = read(text, fmt="text", part="2", origin="week2.txt")
    assert notes.source.closing == "That's all for this week."
    (chapter,) = notes.sessions
    assert flow(chapter) == [
        (
            1,
            "quotation",
            [
                "Credit sharpens the contradiction between the mode of production and the mode "
                "of exchange."
            ],
        ),
        (2, "point", "and the rest of the chapter follows from this."),
        (3, "quotation", ["Crises do not vanish; they move."]),
        (4, "point", "A bullet of our own."),
        (5, "point", "Another bullet."),
        (6, "question", "Do crises move?"),
        (7, "question", "Where to?"),
    ]
    first, second = chapter.quotations
    assert first.lead_in.endswith("The author says")  # type: ignore[union-attr]
    # "2. Abolition of the crisis cycle": a section by its number and its words.
    assert (second.section, second.lead_in, second.reference) == (
        2,
        "She puts it this way:",
        "p. 31",
    )
    assert (second.source, second.url) == (
        "Rosa Example, The Test Book",
        "https://example.org/test-book/ch02.htm#s2",
    )
    assert [p.section for p in chapter.points] == [None, 2, 2]


def test_closing_marks_the_british_way_and_heading_attributes() -> None:
    text = """\
## Chapter II: Credit and Crisis {#credit}

As the author concludes:

“The crisis is not an accident of credit but its truth”.
"""
    notes = read(text)
    (chapter,) = notes.sessions
    (truth,) = chapter.quotations
    assert truth.paragraphs == ["The crisis is not an accident of credit but its truth"]
    assert truth.lead_in == "As the author concludes:"
    assert notes.left_out == []


def test_toml_front_matter_labels_footnotes_and_what_is_not_a_closing_remark() -> None:
    text = """\
+++
title = "Notes, Hugo style"
author = "Dee"
date = 2020-05-01
+++

## Chapter III

Quotation 1: “Power is exercised, not possessed.”

A point with a footnote.[^1]

[^1]: Our own aside.

I disagree with the author here.
"""
    notes = read(text)
    assert (notes.source.title, notes.source.author, notes.source.date) == (
        "Notes, Hugo style",
        "Dee",
        "2020-05-01",
    )
    assert notes.source.closing is None
    (chapter,) = notes.sessions
    assert [q.paragraphs for q in chapter.quotations] == [["Power is exercised, not possessed."]]
    assert [p.text for p in chapter.points] == [
        "A point with a footnote.[^1]",
        "I disagree with the author here.",
    ]
    assert left(notes) == [(13, "a footnote")]


def test_epigraph_with_a_lazy_attribution_and_commentary_over_a_rule() -> None:
    text = """\
---
title: notes on the method
date: 2010-01-04
---
>Every reading is a rereading, and every rereading a correction of the first.
---Rosa Example

<http://example.org/method.htm>

Commentary that the writer ended with a rule, no blank line between.
---

As she put it,

"The second reading is the first one that counts."

He continues:

"And the third is the one that teaches."

<http://example.org/method.htm#third>
"""
    notes = read(text, part="1")
    (chapter,) = notes.sessions
    epigraph, second, third = chapter.quotations
    assert epigraph.paragraphs == [
        "Every reading is a rereading, and every rereading a correction of the first."
    ]
    assert (epigraph.source, epigraph.url, epigraph.lead_in) == (
        "Rosa Example",
        "http://example.org/method.htm",
        None,
    )
    assert second.lead_in == "As she put it," and second.url is None
    assert (third.lead_in, third.url) == ("He continues:", "http://example.org/method.htm#third")
    assert [p.text for p in chapter.points] == [
        "Commentary that the writer ended with a rule, no blank line between."
    ]
    assert left(notes) == [(11, "a rule")]  # every key of the front matter used


def test_a_bullet_with_its_lead_in_quotation_and_question_on_consecutive_lines() -> None:
    text = """\
## Chapter II

- She writes:
  “*Credit is a double-edged instrument.*”
  “*It hastens the boom and deepens the fall.*”
  Which edge matters more today?

An answer of ours.
"""
    (chapter,) = read(text).sessions
    assert flow(chapter) == [
        (1, "quotation", ["Credit is a double-edged instrument."]),
        (2, "quotation", ["It hastens the boom and deepens the fall."]),
        (3, "question", "Which edge matters more today?"),
        (4, "point", "An answer of ours."),
    ]
    first, second = chapter.quotations
    assert (first.lead_in, second.shares_lead_in) == ("She writes:", True)
    assert chapter.questions[0].quotations == [1, 2]

"""A book's text: chapter pages written for the tests (tests/fixtures/text/), read into
paragraphs by section; quotations checked against it; the texts kept in the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studygroup.domain.book import Part, Section
from studygroup.domain.text import Paragraph, PartText, count_words, reading_minutes
from studygroup.library import text_store
from studygroup.sources.decode import decode_html
from studygroup.sources.fetch import Fetcher, FetchError
from studygroup.sources.text_extract import extract, pages_of
from studygroup.sources.text_match import Difference, best_of, check
from webserver import Reply, Server

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SITE = "http://127.0.0.1:9/kitchen/"


def kitchen(base: str = SITE) -> Part:
    """Chapter One of the fixture: sections by <a name>, by an id, by a heading's
    title (no address), and a continuation page."""
    return Part(
        key="1",
        kind="chapter",
        number=1,
        title="The Kitchen",
        url=base + "ch01.htm",
        sections=[
            Section(title="The Kettle and the Stove", url=base + "ch01.htm#s1"),
            Section(title="A Walk to the Mill", url=base + "ch01.htm#s2"),
            Section(title="Tea at Four"),
            Section(title="Continuation", url=base + "ch01b.htm"),
        ],
    )


def pages(part: Part, base: str = SITE) -> dict[str, str]:
    return {
        url: decode_html((FIXTURES / url.removeprefix(base)).read_bytes()) for url in pages_of(part)
    }


# --- words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The state — this is repeated", 5),
        ("workmen's wages, the miller’s wife", 5),
        ("co-operation in 1848-51, large-scale", 4),
        ("state--which is", 3),
        ("p.182, German edition, 1885", 5),
        ("“…” — [!]", 0),
        ("", 0),
        ("Ça ira, déjà vu", 4),
    ],
)
def test_words_are_counted_by_one_rule(text: str, words: int) -> None:
    assert count_words(text) == words


def test_reading_minutes_at_a_pace() -> None:
    assert reading_minutes(300) == 2
    assert reading_minutes(300, pace=100) == 3


# --- a chapter's text -----------------------------------------------------------------


def test_the_pages_of_a_part_are_its_own_then_its_continuation_pages() -> None:
    assert pages_of(kitchen()) == [SITE + "ch01.htm", SITE + "ch01b.htm"]


def test_a_chapter_is_read_into_its_paragraphs_in_their_sections() -> None:
    text = extract(kitchen(), pages(kitchen()))
    assert [(p.section, p.kind, p.text) for p in text.paragraphs] == [
        (None, "text", "This opening paragraph stands before the first section."),
        (1, "text", "The kettle sang on the stove while the cat slept."),
        (1, "note", "[A kettle of tin – Ed.]"),
        (1, "quote", "“Water boils at a hundred degrees,” said the old book."),
        (1, "quote", "A second quotation, set in a blockquote."),
        (1, "text", "Nobody believed it, not even the miller’s wife."),
        (2, "text", "Labour and co-operation — the workers’ two words — filled 1848-51 with hope."),
        (2, "text", "The first paragraph after a quotation is running text too."),
        (3, "text", "At four o’clock the tea was poured."),
        (3, "text", "First line of a verse."),
        (3, "text", "Second stanza begins here."),
        (1, "note", "The stove was of cast iron."),
        (1, "note", "It stood in the kitchen."),
        (1, "note", "The miller’s wife believed nothing."),
        (4, "text", "The story goes on upon a page of its own."),
    ]
    assert text.key == "1" and text.url == SITE + "ch01.htm" and not text.missing


def test_words_are_exact_by_part_and_section_and_notes_are_not_counted() -> None:
    text = extract(kitchen(), pages(kitchen()))
    # Counted by hand: 8 before the first section; 10 + 10 + 7 + 8; 11 + 10; 7 + 5 + 4; 10.
    assert text.section_words() == {None: 8, 1: 35, 2: 21, 3: 16, 4: 10}
    assert text.words == 90


def test_the_archives_furniture_is_left_out() -> None:
    text = extract(kitchen(), pages(kitchen()))
    everything = " ".join(p.text for p in text.paragraphs)
    for furniture in (
        "MIA",  # breadcrumbs
        "Ada Example",  # headings are the outline's, not the reading
        "Written",  # the information block
        "Transcribed",  # between hr.infotop and hr.infobot
        "Top of the page",
        "Next",
        "Contents",
        "Back to the first page",
        "Example Archive",  # the footer
        "Last updated",
        "[1]",  # note markers
        "stove1",
        "it2",
    ):
        assert furniture not in everything


def test_notes_are_placed_in_the_section_of_the_marker_they_link_back_to() -> None:
    notes = [p for p in extract(kitchen(), pages(kitchen())).paragraphs if p.kind == "note"]
    assert {p.section for p in notes} == {1}
    # The editor's note inside running text stands right after its paragraph.
    assert notes[0].text == "[A kettle of tin – Ed.]"


def test_a_part_that_starts_at_an_anchor_ends_where_the_next_part_starts() -> None:
    base = SITE
    first = Part(
        key="1",
        kind="chapter",
        title="Alpha",
        url=base + "book.htm#ch1",
        sections=[Section(title="First of Alpha", url=base + "book.htm#ch1-1")],
    )
    second = Part(key="2", kind="chapter", title="Omega", url=base + "book.htm#ch2")
    assert pages_of(first) == [base + "book.htm"]
    assert [(p.section, p.text) for p in extract(first, pages(first)).paragraphs] == [
        (None, "Alpha beta gamma."),
        (1, "Delta epsilon zeta eta."),
    ]
    assert [p.text for p in extract(second, pages(second)).paragraphs] == ["Theta iota."]


def test_a_page_not_at_hand_is_listed_and_the_rest_is_read() -> None:
    given_pages = pages(kitchen())
    del given_pages[SITE + "ch01b.htm"]
    text = extract(kitchen(), given_pages)
    assert text.missing == [SITE + "ch01b.htm"]
    assert 4 not in text.section_words() and text.words == 80


def test_a_section_with_neither_anchor_nor_heading_is_read_with_the_one_before() -> None:
    part = kitchen().model_copy(
        update={
            "sections": [
                Section(title="The Kettle and the Stove", url=SITE + "ch01.htm#s1"),
                Section(title="Nowhere on the page"),
            ]
        }
    )
    text = extract(part, pages(part))
    assert set(text.section_words()) == {None, 1}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<p class='quote'>",
                "<blockquote>",
                "</blockquote>",
                "<h4>",
                "</h4>",
                "<a name='s1'>",
                "<a href='#n1'>[1]</a>",
                "</a>",
                "<sup>",
                "</sup>",
                "<br>",
                "<table><tr><td>",
                "</td></tr></table>",
                "<h3>Notes</h3>",
                "<span class='inote'>",
                "</span>",
                "<p class='footer'>",
                "word ",
                "12 ",
                "“",
                "&amp;",
                "<!-- c -->",
                "<script>x</script>",
                "<div id='s2'>",
                "</div>",
            ]
        ),
        max_size=40,
    )
)
def test_any_markup_is_read_without_an_error(pieces: list[str]) -> None:
    part = Part(
        key="1",
        kind="chapter",
        title="t",
        url=SITE + "p.htm",
        sections=[Section(title="One", url=SITE + "p.htm#s1"), Section(title="Two")],
    )
    text = extract(part, {SITE + "p.htm": "".join(pieces)})
    assert text.words == sum(count_words(p.text) for p in text.paragraphs if p.kind != "note")


# --- fetched from a server, kept in the cache -----------------------------------------


def served() -> dict[str, Reply]:
    return {
        f"/kitchen/{name}": Reply(
            200, (FIXTURES / name).read_bytes(), {"Content-Type": "text/html"}
        )
        for name in ("ch01.htm", "ch01b.htm")
    }


def test_a_part_fetched_from_a_server_is_kept_and_read_back(tmp_path: Path) -> None:
    with Server(served()) as server:
        part = kitchen(server.url("/kitchen/"))
        with Fetcher(tmp_path / "cache", backoff=0.01, timeout=2) as fetcher:
            fetched = fetcher.get_many(pages_of(part))
        html = {
            url: decode_html(page.data, page.charset)
            for url, page in fetched.items()
            if not isinstance(page, FetchError)
        }
    text = extract(part, html)
    assert text.words == 90
    path = text_store.save("a-kitchen-chronicle", text, tmp_path / "cache")
    assert path == tmp_path / "cache" / "text" / "a-kitchen-chronicle" / "1.json"
    kept = text_store.load("a-kitchen-chronicle", "1", tmp_path / "cache")
    assert kept == text
    assert text_store.is_current(kept, html)
    changed = dict(html)
    changed[part.url or ""] += "<p>A new paragraph.</p>"
    assert not text_store.is_current(kept, changed)


def test_offline_reads_the_cache_alone(tmp_path: Path) -> None:
    with Server(served()) as server:
        part = kitchen(server.url("/kitchen/"))
        with Fetcher(tmp_path / "cold", offline=True) as fetcher:
            missing = fetcher.get_many(pages_of(part))
        assert all(isinstance(page, FetchError) for page in missing.values())
        assert "--offline" in str(next(iter(missing.values())))
        with Fetcher(tmp_path / "warm", backoff=0.01, timeout=2) as fetcher:
            fetcher.get_many(pages_of(part))
        before = len(server.requests)
        with Fetcher(tmp_path / "warm", offline=True) as fetcher:
            again = fetcher.get_many(pages_of(part))
        assert len(server.requests) == before  # no request at all
    html = {
        url: decode_html(page.data, page.charset)
        for url, page in again.items()
        if not isinstance(page, FetchError)
    }
    assert extract(part, html).words == 90


# --- the store ------------------------------------------------------------------------


def small_text() -> PartText:
    return PartText(
        key="2",
        url="https://example.org/ch02.htm",
        paragraphs=[Paragraph(None, "text", "Opening words."), Paragraph(1, "quote", "“A quote.”")],
    )


def test_the_store_keeps_texts_under_the_book_and_part(tmp_path: Path) -> None:
    text_store.save("a-book", small_text(), tmp_path)
    assert text_store.load("a-book", "2", tmp_path) == small_text()
    assert text_store.load("a-book", "3", tmp_path) is None
    assert text_store.load("another-book", "2", tmp_path) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: "not json at all",
        lambda raw: raw.replace('"format":1', '"format":0'),  # an older format
        lambda raw: raw.replace('"extractor":', '"extractor":-1,"x":'),  # older rules
        lambda raw: raw.replace('"key":"2"', '"key":"3"'),  # another part's text
        lambda raw: raw.replace('"quote"', '"poem"'),  # a kind that does not exist
        lambda raw: json.dumps([]),
    ],
)
def test_a_damaged_or_older_file_is_not_trusted(tmp_path: Path, damage: object) -> None:
    path = text_store.save("a-book", small_text(), tmp_path)
    assert path is not None
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    assert text_store.load("a-book", "2", tmp_path) is None


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path) -> None:
    (tmp_path / "text").write_text("a file where the folder should be")
    assert text_store.save("a-book", small_text(), tmp_path) is None
    assert text_store.load("a-book", "2", tmp_path) is None


def test_names_that_are_not_a_slug_and_a_key_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        text_store.text_path("../elsewhere", "2", tmp_path)
    assert text_store.load("a-book", "../../etc/passwd", tmp_path) is None


# --- quotations checked ---------------------------------------------------------------

TEXT = PartText(
    key="3",
    url="https://example.org/ch03.htm",
    paragraphs=[
        Paragraph(
            1,
            "text",
            "The labour of the workers is organised in the centre of the town, and the "
            "“old order” — as they say — is finished.",
        ),
        Paragraph(
            1, "quote", "Nothing is given; everything must be won by the workers themselves."
        ),
        Paragraph(
            2,
            "text",
            "The second paragraph opens a new thought. It runs on for a while before it ends.",
        ),
        Paragraph(2, "text", "A third paragraph carries the thought to its end, where it rests."),
        Paragraph(2, "note", "A note of the editor's, on the thought and its end."),
    ],
)


def kinds(differences: list[Difference]) -> set[str]:
    return {difference.kind for difference in differences}


def test_a_quotation_as_written_is_exact_and_placed() -> None:
    verdict = check(["Nothing is given; everything must be won by the workers themselves."], TEXT)
    assert (verdict.status, verdict.section, verdict.paragraph) == ("exact", 1, 1)
    assert verdict.differences == [] and verdict.score == 1
    # A capital where the text has none is no difference.
    assert (
        check(["nothing is given; everything must be won by the workers"], TEXT).status == "exact"
    )


def test_quote_marks_and_dashes_are_compared_loosely_and_reported() -> None:
    verdict = check(
        ['organised in the centre of the town, and the "old order" -- as they say'], TEXT
    )
    assert verdict.status == "differs" and kinds(verdict.differences) == {"marks"}
    assert Difference("marks", 'the "old', "the “old") in verdict.differences
    assert Difference("marks", 'order" --as', "order” —as") not in verdict.differences
    assert Difference("marks", 'order" -- as', "order” — as") in verdict.differences


def test_british_and_american_spellings_are_the_same_words() -> None:
    verdict = check(["The labor of the workers is organized in the center of the town"], TEXT)
    assert verdict.differences == [
        Difference("spelling", "labor", "labour"),
        Difference("spelling", "organized", "organised"),
        Difference("spelling", "center", "centre"),
    ]


def test_words_left_out_marked_or_not() -> None:
    marked = check(["The second paragraph opens a new thought … before it ends."], TEXT)
    assert marked.differences == [Difference("left out", "…", "It runs on for a while")]
    unmarked = check(["The second paragraph opens a thought. It runs on for a while."], TEXT)
    assert unmarked.differences == [Difference("left out", "", "new")]
    # An ellipsis that opens or closes the quotation leaves nothing out inside it.
    assert check(["... opens a new thought. It runs on for a while ..."], TEXT).status == "exact"


def test_a_clause_left_out_unmarked_is_found_and_said() -> None:
    # Seven words of the text dropped without a mark, between stretches of the quotation.
    verdict = check(
        ["The labour of the workers is organised, and the “old order” is finished."], TEXT
    )
    assert verdict.status == "differs" and verdict.section == 1
    assert Difference("left out", "", "in the centre of the town") in verdict.differences
    assert Difference("left out", "", "— as they say —") not in verdict.differences


def test_a_capital_is_compared_inside_a_quotation() -> None:
    assert check(["The Labour of the workers is organised in the centre"], TEXT).differences == [
        Difference("spelling", "Labour", "labour")
    ]
    # Not its first word, nor the first after an omission or a full stop.
    assert check(["labour of the workers is organised in the centre"], TEXT).status == "exact"
    assert check(
        ["The second paragraph opens a new thought … Before it ends."], TEXT
    ).differences == [Difference("left out", "…", "It runs on for a while")]
    assert check(["a new thought. it runs on for a while"], TEXT).status == "exact"


def test_words_added_and_changed() -> None:
    added = check(["The second paragraph opens a new and bold thought. It runs on."], TEXT)
    assert added.differences == [Difference("added", "and bold", "")]
    changed = check(["The second paragraph opens a fresh thought. It runs on for a while."], TEXT)
    assert changed.differences == [Difference("changed", "fresh", "new")]


def test_the_note_takers_insertions_in_brackets() -> None:
    verdict = check(
        ["Nothing [of value] is given [!]; everything must be won by the workers themselves."],
        TEXT,
    )
    assert verdict.differences == [
        Difference("insertion", "[of value]", ""),
        Difference("insertion", "[!]", ""),
    ]


def test_a_quotation_may_run_over_paragraphs_of_the_text() -> None:
    verdict = check(
        ["It runs on for a while before it ends.", "A third paragraph carries the thought"], TEXT
    )
    assert (verdict.status, verdict.section, verdict.paragraph) == ("exact", 2, 2)


def test_a_quotation_from_elsewhere_is_not_found() -> None:
    verdict = check(["Men make their own history, but not under conditions they choose."], TEXT)
    assert (verdict.status, verdict.section, verdict.paragraph) == ("not found", None, None)
    # A few of the text's common words are not the quotation.
    assert check(["The workers of the town and the thought of the end"], TEXT).status == (
        "not found"
    )


def test_the_best_of_several_parts() -> None:
    other = PartText(key="4", url="x", paragraphs=[Paragraph(None, "text", "Theta iota kappa.")])
    text, verdict = best_of(["Nothing is given; everything must be won"], [other, TEXT])
    assert text is TEXT and verdict.status == "exact"
    assert best_of(["Theta iota kappa lambda mu nu xi"], [TEXT])[0] is None


def test_the_real_kinds_of_difference_on_the_fixture_chapter() -> None:
    text = extract(kitchen(), pages(kitchen()))
    verdict = check(["Labor and cooperation -- the workers' two words -- filled 1848-51"], text)
    assert verdict.section == 2
    assert kinds(verdict.differences) == {"spelling", "marks"}


def test_a_note_whose_marker_is_plain_text_is_a_note() -> None:
    part = Part(key="1", kind="chapter", title="t", url=SITE + "p.htm")
    page = "<p>The text [2] goes on.</p><p>[2] See the other book, p. 12.</p>"
    text = extract(part, {SITE + "p.htm": page})
    assert [(p.kind, p.text) for p in text.paragraphs] == [
        ("text", "The text goes on."),
        ("note", "See the other book, p. 12."),
    ]


def test_words_a_sentence_before_the_quotation_are_not_part_of_it() -> None:
    text = PartText(
        key="2",
        url=None,
        paragraphs=[
            Paragraph(
                2,
                "text",
                "In the latter, the question of the state is still treated in an extremely "
                "abstract manner, in the most general terms and expressions. In the "
                "above-quoted passage, the question is treated concretely, and the "
                "conclusion is extremely precise and definite.",
            )
        ],
    )
    verdict = check(
        ["In the above quoted passage, the question is treated concretely, and the conclusion"],
        text,
    )
    assert verdict.differences == [Difference("spelling", "above quoted", "above-quoted")]

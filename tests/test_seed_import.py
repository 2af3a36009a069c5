"""The seeds, their import, and the embedded library built from them."""

from __future__ import annotations

import hashlib
import re

import pytest

from conftest import REPO, SEEDS
from studygroup.library.store import Library
from studygroup.sources.contents import read_contents
from studygroup.sources.notes import parse_notes
from studygroup.sources.seeds import build_library

CONTENTS = SEEDS / "revolution-betrayed-contents.md"
NOTES = SEEDS / "revolution-betrayed-ch06-notes.txt"
EDITORIAL = "editorial/revolution-betrayed.toml"


def test_seeds_are_byte_for_byte_the_sources() -> None:
    # The digests of the files as received (shared/seeds/000_… and 004_…).
    assert hashlib.sha256(CONTENTS.read_bytes()).hexdigest() == (
        "1409112d1f91bdbd845e376b17e077731df516118e0bd1972a25d42048347e2c"
    )
    assert hashlib.sha256(NOTES.read_bytes()).hexdigest() == (
        "d2f0a4a24525c17fabde81312defec94884adbe963a16c8c942f315cb673ad83"
    )


def test_data_agrees_with_seeds() -> None:
    """data/ is exactly what the importers make of seeds/ and editorial/ today."""
    built = build_library(REPO, EDITORIAL)
    assert sorted(built) == ["revolution-betrayed/book.toml", "revolution-betrayed/sessions/6.toml"]
    for relative, text in built.items():
        on_disk = (REPO / "data" / relative).read_text(encoding="utf-8")
        assert on_disk == text, f"data/{relative} is stale: run python tools/rebuild_data.py"


def test_installed_package_carries_the_same_data() -> None:
    library = Library.open()
    root = library.roots[-1]
    for relative in ("revolution-betrayed/book.toml", "revolution-betrayed/sessions/6.toml"):
        packaged = (root / relative).read_text(encoding="utf-8")
        assert packaged == (REPO / "data" / relative).read_text(encoding="utf-8")


# --- the table of contents -------------------------------------------------------------


def seed_links() -> list[tuple[str, str]]:
    """Every link in the seed, in order, read with a pattern of its own."""
    return re.findall(r"\[(.+)\]\((https://\S+)\)", CONTENTS.read_text(encoding="utf-8"))


def test_outline_has_every_link_of_the_seed_in_order() -> None:
    book = Library.open().book()
    ours = []
    for part in book.parts:
        ours.append((part.title, part.url))
        ours += [(section.title, section.url) for section in part.sections]
    expected = [
        ("SOCIAL RELATIONS IN THE SOVIET UNION", url)
        if title == "SOCIAL RELATIONS IN THE SOCIAL UNION"
        else (title, url)
        for title, url in seed_links()
    ]
    assert len(expected) == 53
    assert ours == expected


def test_outline_structure() -> None:
    book = Library.open().book()
    assert [p.key for p in book.parts] == [
        "intro",
        *[str(n) for n in range(1, 12)],
        "appendix",
        "postscript",
    ]
    assert [p.kind for p in book.parts] == (
        ["introduction"] + ["chapter"] * 11 + ["appendix", "postscript"]
    )
    assert [len(p.sections) for p in book.parts] == [0, 3, 2, 5, 4, 3, 4, 3, 5, 3, 3, 3, 1, 0]
    assert [p.numeral for p in book.parts] == [
        None,
        *("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"),
        None,
        None,
    ]
    assert [p.label for p in book.parts][:2] == ["Introduction", "Chapter I"]
    assert book.groups == []
    intro = book.parts[0]
    assert (intro.title, intro.subtitle) == ("INTRODUCTION", "The Purpose of the Present Work")
    assert book.parts[-1].url == "https://www.marxists.org/archive/trotsky/1936/revbet/intro.htm#ps"
    assert book.part("appendix").title == "“SOCIALISM IN ONE COUNTRY”"  # type: ignore[union-attr]
    assert book.part("1").sections[2].title == "Production _per Capita_ of the Population"  # type: ignore[union-attr]
    assert book.part("8").sections[0].title == "From “World Revolution” to _Status Quo_"  # type: ignore[union-attr]
    assert (book.title, book.author, book.written, book.published, book.translator) == (
        "The Revolution Betrayed",
        "Leon Trotsky",
        "1936",
        "1937",
        "Max Eastman",
    )
    assert book.transcription == "by Zodiac between August 1993 and March 1996"


def test_chapter_ix_slip_is_corrected_and_recorded() -> None:
    book = Library.open().book()
    assert book.part("9").title == "SOCIAL RELATIONS IN THE SOVIET UNION"  # type: ignore[union-attr]
    [fix] = book.corrections
    assert (fix.part, fix.field, fix.original) == (
        "9",
        "title",
        "SOCIAL RELATIONS IN THE SOCIAL UNION",
    )
    # The raw parse still sees the source's words: the correction is ours, applied once.
    raw = read_contents(
        CONTENTS.read_text(encoding="utf-8"), fmt="markdown", url=None, origin="seed"
    )
    assert raw.parts[9].title == "SOCIAL RELATIONS IN THE SOCIAL UNION"
    assert raw.skipped == []
    assert raw.unplaced == []


# --- the chapter-6 notes -------------------------------------------------------------------

# (first words, paragraphs, section, lead-in's first words), read off the seed by hand.
EXPECTED_QUOTATIONS = [
    ("After starting out with", 1, 1, "Trotsky notes the sequence"),
    ("The raising of the productivity", 2, 1, None),
    ("Zhdanov, to the applause", 1, 1, "This could be read between the lines"),
    ("When the People’s Commissar", 1, 1, None),  # shares the lead-in above
    ("It is indubitable that", 3, 2, "Within the newly growing working class"),
    ("The wages of unskilled workers", 2, 2, "This is contrasted with"),
    ("They rest not upon state", 1, 3, "Likewise in the collective farms"),
    ("While the number of horses", 1, 3, "More to the point is"),
    ("On the average, the income", 2, 3, "And the overall picture"),
    ("The unlimited power of the bureaucracy", 1, 3, "And Trotsky concludes"),
    ("Thus in agriculture immeasurably", 1, 3, None),  # shares the lead-in above
    ("In its conditions of life", 2, 4, "Trotsky goes through several"),
]


@pytest.fixture(scope="module")
def session():  # type: ignore[no-untyped-def]
    library = Library.open()
    book = library.book()
    part = book.part("6")
    assert part is not None
    found = library.session(book, part)
    assert found is not None
    return found


def test_quotations_are_grouped_as_in_the_notes(session) -> None:  # type: ignore[no-untyped-def]
    got = [
        (
            q.paragraphs[0][: len(first)],
            len(q.paragraphs),
            q.section,
            q.lead_in[: len(lead)] if q.lead_in and lead else q.lead_in,
        )
        for q, (first, _, _, lead) in zip(session.quotations, EXPECTED_QUOTATIONS, strict=True)
    ]
    assert got == EXPECTED_QUOTATIONS
    # A lead-in introducing two quotations is stored once, on the first of them.
    assert [n for n, q in enumerate(session.quotations, 1) if q.shares_lead_in] == [4, 11]


def test_continuation_paragraphs_without_opening_mark_stay_in_their_quotation(session) -> None:  # type: ignore[no-untyped-def]
    ruling = session.quotations[11].paragraphs
    assert ruling[0].endswith("worship for the most trivial forms of bourgeois culture..")
    assert ruling[1].startswith("If it is difficult to estimate the numbers of the bureaucracy")
    assert ruling[1].endswith(
        "But for that very reason overhead expenses have not been cut down, but have grown."
    )
    average = session.quotations[8].paragraphs
    assert average[1].startswith("The gradations of income are only in part determined")
    assert average[1].endswith("chiefly thanks to differential rent.")
    # The inner “average” neither closes the block nor loses its marks.
    assert "than the wage of the “average” worker" in average[0]


def test_paragraphs_drop_only_the_outer_marks(session) -> None:  # type: ignore[no-untyped-def]
    for quote in session.quotations:
        for paragraph in quote.paragraphs:
            assert not paragraph.startswith(("“", '"')), paragraph[:40]
            assert paragraph == paragraph.strip()
        assert not quote.paragraphs[-1].endswith("”"), quote.paragraphs[-1][-40:]
    zhdanov = session.quotations[2].paragraphs[0]
    assert (
        "‘our active workers will arrive for the conference not in the present modest Fords, but in limousines.’"
        in zhdanov
    )
    mikoyan = session.quotations[3].paragraphs[0]
    # The transcription's mismatched inner marks and its no-break space are kept.
    assert "‘The factories are working,” complains\u00a0Izvestia, “without regard" in mikoyan


def test_framing_lines_are_not_points(session) -> None:  # type: ignore[no-untyped-def]
    assert session.source.title == (
        "Trotsky – the Revolution Betrayed Chapter 6 – The Growth of Inequality and Social Antagonisms"
    )
    assert session.source.event.startswith("(These are the notes for the presentation")
    assert session.source.closing == "I think that is probably enough for now."
    texts = [p.text for p in session.points]
    assert not any(
        t.startswith(("Trotsky – the Revolution", "(These are", "I think that")) for t in texts
    )


def test_comma_split_sentences_are_joined(session) -> None:  # type: ignore[no-untyped-def]
    joined = [
        p.text for p in session.points if p.text.startswith("All the material in this chapter")
    ]
    assert joined == [
        "All the material in this chapter flows from a different premise – the contradiction "
        "between the existence of socialised property relations in a workers’ state, and the "
        "backwardness of the country, This has, as previously explained, led to the growth of "
        "the bureaucracy as an expression of this contradiction, Of the fact that the "
        "backwardness of the country means that economic life requires a degree of inequality "
        "in distribution and reward, to spur the development of the productive forces to the "
        "extent that the provision of a decent standard of life to the bulk of the population "
        "even begins to become possible."
    ]
    lead = session.quotations[11].lead_in
    assert lead.startswith("Trotsky goes through several different layers")
    assert "the privileged administrative of the collective farms, All these various" in lead
    assert not any(p.text.endswith(",") for p in session.points)


def test_points_are_grouped_by_section(session) -> None:  # type: ignore[no-untyped-def]
    sections = [p.section for p in session.points]
    assert sections == [None] * 12 + [1, 1, 2, 3, 4]
    assert session.points[-1].text.startswith(
        "The final section of this chapter, The Social Physiognomy"
    )


def test_nothing_in_the_notes_is_lost(session) -> None:  # type: ignore[no-untyped-def]
    """Every paragraph of the seed is somewhere in the session, to the letter."""
    kept = [session.source.title, session.source.event, session.source.closing]
    kept += [p.text for p in session.points]
    kept += [q.lead_in for q in session.quotations if q.lead_in]
    kept += [para for q in session.quotations for para in q.paragraphs]
    everything = "\n".join(kept)
    paragraphs = [p.strip() for p in NOTES.read_text(encoding="utf-8").split("\n") if p.strip()]
    assert len(paragraphs) == 50
    for paragraph in paragraphs:
        core = paragraph.strip("“”")
        assert core in everything, core[:60]


def test_seed_notes_parse_the_same_without_editorial_cues_except_sections() -> None:
    notes = parse_notes(NOTES.read_text(encoding="utf-8"))
    assert len(notes.quotations) == 12 and len(notes.points) == 17
    assert {q.section for q in notes.quotations} == {None}


def test_trusted_loading_of_the_embedded_library_equals_validation() -> None:
    """The embedded library skips validation at run time; it must not need it."""
    from studygroup.domain.book import Book
    from studygroup.domain.session import Session
    from studygroup.library.codec import construct_trusted, parse_toml

    for model, relative in ((Book, "book.toml"), (Session, "sessions/6.toml")):
        text = (REPO / "data" / "revolution-betrayed" / relative).read_text(encoding="utf-8")
        data = parse_toml(text, relative)
        assert construct_trusted(model, data) == model.model_validate(data)


def test_the_wheels_json_copies_equal_the_toml_and_are_what_is_read() -> None:
    """hatch_build.py puts a JSON copy of each built-in TOML file in the wheel."""
    import json
    import tomllib

    library = Library.open()
    root = library.embedded
    for relative in ("revolution-betrayed/book", "revolution-betrayed/sessions/6"):
        toml = tomllib.loads((root / f"{relative}.toml").read_text(encoding="utf-8"))
        assert json.loads((root / f"{relative}.json").read_text(encoding="utf-8")) == toml
    found = library._locate("revolution-betrayed", "book.toml")
    assert found is not None and found[0].name == "book.json" and found[1] is True

"""The notes importer on notes written for these tests, in the seed's style and not."""

from __future__ import annotations

import pytest

from studygroup.errors import StudygroupError
from studygroup.sources.notes import SectionCue, parse_notes

SECTIONS = ["Thermidor in the Family", "The Struggle against the Youth", "Nationality and Culture"]

STRAIGHT = """Notes on chapter 7 – Family, Youth and Culture

(Read at the Tuesday group.)

The chapter opens with the family,

and with what the revolution promised it.

Trotsky describes the retreat:

"The revolution made a heroic effort to destroy the so-called family hearth.

Instead of the family, the state was to take care of the children.

"The real resources of the state did not correspond to the plans."

Commentary between the quotations.

Section 2

"The youth are kept under a tutelage."

See you next week.
"""


def test_straight_quotes_lead_in_continuation_and_framing() -> None:
    notes = parse_notes(STRAIGHT, section_titles=SECTIONS)
    assert notes.source.title == "Notes on chapter 7 – Family, Youth and Culture"
    assert notes.source.event == "(Read at the Tuesday group.)"
    assert notes.source.closing == "See you next week."
    assert [p.text for p in notes.points] == [
        "The chapter opens with the family, and with what the revolution promised it.",
        "Commentary between the quotations.",
    ]
    first, second = notes.quotations
    assert first.lead_in == "Trotsky describes the retreat:"
    assert first.paragraphs == [
        "The revolution made a heroic effort to destroy the so-called family hearth.",
        "Instead of the family, the state was to take care of the children.",
        "The real resources of the state did not correspond to the plans.",
    ]
    # "Section 2" is a heading: it moves on and is not a point.
    assert second.section == 2 and second.lead_in is None


def test_section_named_in_commentary_and_cues() -> None:
    text = "\n\n".join(
        [
            "Title line",
            "We start at the beginning.",
            "“First quotation.”",
            "Now to nationality and culture, the last part.",
            "“Second quotation.”",
            "In the section on the struggle against the youth, Trotsky says more.",
            "“Third quotation.”",
        ]
    )
    notes = parse_notes(text, section_titles=SECTIONS, cues=[SectionCue("We start", 1)])
    assert [q.section for q in notes.quotations] == [1, 3, 2]
    assert [p.section for p in notes.points] == [1, 3, 2]


def test_wrapped_lines_join_into_one_paragraph() -> None:
    text = (
        "Title\n\nA point that was\nwrapped at a narrow\nwidth.\n\n“A quotation\nalso wrapped.”\n"
    )
    notes = parse_notes(text)
    assert notes.points[0].text == "A point that was wrapped at a narrow width."
    assert notes.quotations[0].paragraphs == ["A quotation also wrapped."]


def test_commentary_that_opens_with_a_quoted_phrase_is_not_a_quotation() -> None:
    text = "Title\n\n“Socialism in one country” was the slogan of 1924.\n\n“A real quotation.”\n"
    notes = parse_notes(text)
    assert [p.text for p in notes.points] == ["“Socialism in one country” was the slogan of 1924."]
    assert notes.quotations[0].paragraphs == ["A real quotation."]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "notes: the notes are empty"),
        ("\n \n\t\n", "notes: the notes are empty"),
        (
            "Title\n\nA point.\n\n“Never closed.\n\nMore text.\n",
            "notes:5: a quotation opens here and never closes",
        ),
        ("Title\n\n(An event note only.)\n", "found no discussion points"),
    ],
)
def test_unreadable_notes_are_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(StudygroupError) as caught:
        parse_notes(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_cue_that_matches_nothing_is_an_error() -> None:
    with pytest.raises(StudygroupError, match="no paragraph starts with 'Missing words'"):
        parse_notes(STRAIGHT, section_titles=SECTIONS, cues=[SectionCue("Missing words", 1)])
    with pytest.raises(StudygroupError, match="names section 9, but the part has 3"):
        parse_notes(STRAIGHT, section_titles=SECTIONS, cues=[SectionCue("The chapter", 9)])


def test_the_seed_in_the_presenters_order_with_shared_lead_ins() -> None:
    from conftest import SEEDS

    notes = parse_notes((SEEDS / "revolution-betrayed-ch06-notes.txt").read_text(encoding="utf-8"))
    assert (len(notes.quotations), len(notes.points)) == (12, 17)
    orders = sorted([p.order for p in notes.points] + [q.order for q in notes.quotations])
    assert orders == list(range(1, 30))
    # Quotations come where the presenter reads them: the first after twelve points.
    assert [q.order for q in notes.quotations] == [13, 16, 17, 18, 20, 21, 22, 23, 25, 26, 27, 29]
    assert [n for n, q in enumerate(notes.quotations, 1) if q.shares_lead_in] == [4, 11]
    assert notes.quotations[3].lead_in is None and notes.quotations[10].lead_in is None

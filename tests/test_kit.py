"""The meeting kit for chapter 6, and the rules every session's kit follows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from studygroup.errors import EXIT_ERROR
from studygroup.views.meeting import quotation_refs


@pytest.fixture
def session6(run):  # type: ignore[no-untyped-def]
    result = run("session", "6", "--format", "json")
    assert result.exit_code == 0
    return result.json()


def test_questions_follow_the_chapter(session6) -> None:  # type: ignore[no-untyped-def]
    questions = session6["questions"]
    assert 8 <= len(questions) <= 12
    sections = [q["section_number"] for q in questions]
    tied = [s for s in sections if s is not None]
    assert tied == sorted(tied) and set(tied) == {1, 2, 3, 4}
    # The questions about what came after 1936 close the list, tied to no one section.
    assert sections[-2:] == [None, None]
    assert any("1936" in q["text"] for q in questions[-2:])
    assert any("1991" in q["text"] for q in questions[-2:])
    count = len(session6["quotations"])
    for question in questions:
        assert all(1 <= n <= count for n in question["quotations"])
        assert question["text"].rstrip().endswith("?"), question["text"]
    # Every quotation is discussed by some question.
    assert {n for q in questions for n in q["quotations"]} == set(range(1, count + 1))


def test_quoted_words_in_questions_are_the_books(session6) -> None:  # type: ignore[no-untyped-def]
    everything = " ".join(p for q in session6["quotations"] for p in q["paragraphs"])
    for question in session6["questions"]:
        for quoted in re.findall(r"“([^”]+)”", question["text"]):
            assert quoted.rstrip(".") in everything, quoted


REQUIRED_TERMS = [
    "Stakhanovists",
    "NEP",
    "Thermidor",
    "Kulak",
    "Collective farm",
    "Izvestia",
    "Zhdanov",
    "Mikoyan",
    "Left Opposition",
    "Critique of the Gotha Programme",
    "State and Revolution",
    "Citrine",
    "Jouhaux",
    "Green",
    "Differential rent",
    "Labour aristocracy",
]


def test_glossary(session6) -> None:  # type: ignore[no-untyped-def]
    glossary = session6["glossary"]
    terms = [entry["term"] for entry in glossary]
    for wanted in REQUIRED_TERMS:
        assert any(term.startswith(wanted) for term in terms), wanted
    assert terms == sorted(terms, key=str.casefold)
    kinds = {entry["kind"] for entry in glossary}
    assert {"person", "term", "publication", "organisation", "event"} == kinds
    for entry in glossary:
        sentences = re.findall(r"[.!?](?:”)?(?:\s|$)", entry["definition"])
        assert 1 <= len(sentences) <= 2, entry["term"]


def test_context_and_further_reading(session6) -> None:  # type: ignore[no-untyped-def]
    dates = " ".join(event["date"] for event in session6["timeline"])
    for year in ("1921", "1928", "1929", "1935", "1936"):
        assert year in dates
    assert "1 January 1935" in dates and "31 August 1935" in dates
    reading = session6["further_reading"]
    counter = [r for r in reading if r["counter"]]
    assert len(counter) >= 2
    assert any("State Capitalism" in r["title"] for r in counter)
    assert any("Bureaucratic" in r["title"] for r in counter)
    for item in reading:
        assert item["url"] is None or item["url"].startswith("https://www.marxists.org/")


def test_agenda_adds_up_to_ninety_minutes(session6) -> None:  # type: ignore[no-untyped-def]
    agenda = session6["agenda"]
    assert session6["agenda_minutes"] == sum(item["minutes"] for item in agenda) == 90
    starts = [item["start"] for item in agenda]
    assert starts[0] == 0
    assert all(
        b == a + item["minutes"] for a, b, item in zip(starts, starts[1:], agenda, strict=False)
    )
    assert [item["section_number"] for item in agenda if item["section_number"]] == [1, 2, 3, 4]
    assert agenda[0]["title"].startswith("Opening round")
    assert agenda[-1]["title"].startswith("Closing round and next reading")
    # Every quotation has its place in the meeting.
    assert sorted(n for item in agenda for n in item["quotations"]) == list(range(1, 13))


def test_agenda_in_session_and_facilitator_handout_only(run) -> None:  # type: ignore[no-untyped-def]
    shown = run("session", "6").stdout
    assert "Agenda · 90 minutes" in shown
    assert "   0:20  Want, Luxury and Speculation (quotations 1–4)  15 min" in shown
    facilitator = " ".join(run("handout", "6", "-f", "txt", "--facilitator").stdout.split())
    assert "Agenda (90 minutes)" in facilitator
    assert (
        "0:50 Social Contradictions in the Collective Village (quotations 7–11), 15 min"
        in facilitator
    )
    participant = run("handout", "6", "-f", "txt").stdout
    assert "Agenda" not in participant and "Facilitator’s notes" not in participant
    assert "Questions for discussion" in participant and "counter-reading" in participant


@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ([12], "quotation 12"),
        ([5, 6], "quotations 5, 6"),
        ([7, 8, 9, 10, 11], "quotations 7–11"),
        ([1, 3, 4, 5], "quotations 1, 3–5"),
        ([], ""),
    ],
)
def test_quotation_refs(numbers: list[int], text: str) -> None:
    assert quotation_refs(numbers) == text


def write(root: Path, body: str) -> None:
    folder = root / "revolution-betrayed" / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "7.toml").write_text(body, encoding="utf-8")


HEAD = 'book = "revolution-betrayed"\npart = "7"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            HEAD
            + '[[quotations]]\nparagraphs = ["One."]\n[[questions]]\nquotations = [99]\ntext = "Why?"\n',
            "7.toml:6: questions[0].quotations[0]: names quotation 99, but the session has 1",
        ),
        (
            HEAD + '[[agenda]]\nminutes = 10\ntitle = "x"\nquotations = [1]\n',
            "7.toml:6: agenda[0].quotations[0]: names quotation 1, but the session has 0",
        ),
        (
            HEAD + '[[agenda]]\nminutes = 0\ntitle = "x"\n',
            "7.toml:4: agenda[0].minutes: Input should be greater than or equal to 1",
        ),
        (
            HEAD + '[[glossary]]\nterm = "NEP"\nkind = "acronym"\ndefinition = "x"\n',
            "7.toml:5: glossary[0].kind: Input should be 'person', 'place', 'publication', 'organisation', 'event' or 'term'",
        ),
        (
            HEAD
            + '[[glossary]]\nterm = "NEP"\nkind = "term"\ndefinition = "x"\n[[glossary]]\nterm = "nep"\nkind = "term"\ndefinition = "y"\n',
            "7.toml:8: glossary[1].term: 'nep' is already glossary[0]",
        ),
        (
            HEAD + '[[questions]]\nsection = 5\ntext = "Why?"\n',
            "7.toml:4: questions[0].section: no section 5 (Chapter VII has 3 sections)",
        ),
    ],
)
def test_kit_mistakes_are_one_line(run, tmp_path: Path, body: str, message: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, body)
    result = run("--library", str(tmp_path), "session", "7")
    assert result.exit_code == EXIT_ERROR and result.stdout == ""
    assert message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1


def test_a_session_with_only_points_and_quotations_is_valid(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(
        tmp_path,
        HEAD + '[[points]]\ntext = "A point."\n[[quotations]]\nparagraphs = ["A quotation."]\n',
    )
    data = run("--library", str(tmp_path), "session", "7", "-f", "json").json()
    assert data["questions"] == [] and data["agenda"] == [] and data["agenda_minutes"] == 0
    assert data["quotations"][0]["paragraphs"] == ["A quotation."]


def test_kit_file_is_separate_from_the_seed_notes() -> None:
    kit = (REPO / "editorial" / "kits" / "revolution-betrayed-ch06.toml").read_text(
        encoding="utf-8"
    )
    assert "[[questions]]" in kit and "[[points]]" not in kit and "[[quotations]]" not in kit

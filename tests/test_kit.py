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
    assert any("1937–1938" in q["text"] for q in questions[-2:])
    assert any("1991" in q["text"] for q in questions[-2:])
    count = len(session6["quotations"])
    for question in questions:
        assert all(1 <= n <= count for n in question["quotations"])
        assert question["text"].rstrip().endswith("?"), question["text"]
    # Every quotation is discussed by some question.
    assert {n for q in questions for n in q["quotations"]} == set(range(1, count + 1))


def test_quoted_words_in_questions_have_a_source_in_the_kit(session6) -> None:  # type: ignore[no-untyped-def]
    """A question quotes the book's words as the handout prints them (never a phrase
    only the facilitator's lead-ins carry), or the period's own terms, which the kit's
    figures or glossary explain."""
    book = " ".join(p for q in session6["quotations"] for p in q["paragraphs"])
    kit = " ".join(
        [f["value"] for f in session6["figures"]]
        + [g["definition"] for g in session6["glossary"]]
        + [w["text"] for w in session6["watch_outs"]]
    )
    for question in session6["questions"]:
        for quoted in re.findall(r"“([^”]+)”", question["text"]):
            words = quoted.rstrip(".")
            assert words in book or words in kit, quoted


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
        assert 1 <= len(sentences) <= 5, entry["term"]


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
    assert agenda[-2]["title"].startswith("Closing round and next reading")
    # Some minutes kept free for overruns.
    assert agenda[-1]["title"] == "Buffer" and agenda[-1]["minutes"] >= 5
    # Every quotation has its place in the meeting.
    assert sorted(n for item in agenda for n in item["quotations"]) == list(range(1, 13))


def test_agenda_in_session_and_facilitator_handout_only(run) -> None:  # type: ignore[no-untyped-def]
    shown = run("session", "6").stdout
    assert "Agenda · 90 minutes, about 9 of them reading aloud" in shown
    assert "   0:13  Want, Luxury and Speculation (quotations 1–4)  14 min" in shown
    assert "read aloud: quotation 2, about 2 min" in shown
    facilitator = " ".join(run("handout", "6", "-f", "txt", "--facilitator").stdout.split())
    assert "Agenda (90 minutes, about 9 of them reading aloud)" in facilitator
    assert (
        "0:43 Social Contradictions in the Collective Village (quotations 7–11), 16 min"
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


# --- Corrected against the historical record (issue 12) --------------------------------


def entry(session6, term: str) -> str:  # type: ignore[no-untyped-def]
    return next(g["definition"] for g in session6["glossary"] if g["term"].startswith(term))


def test_the_kits_facts_are_the_record(session6) -> None:  # type: ignore[no-untyped-def]
    questions = " ".join(q["text"] for q in session6["questions"])
    # The terror: not "the very … Stakhanovists"; the mass operations, order 00447.
    assert "Stakhanovists described here" not in questions
    assert "mass operations" in questions and "wreckers" in questions
    terror = next(f for f in session6["figures"] if "terror" in f["label"].lower())
    assert "00447" in terror["value"] and "681,692" in terror["value"]
    # Cliff: 1948 internal document, 1955 book, titled State Capitalism in Russia from 1974.
    cliff = next(r for r in session6["further_reading"] if r["author"] == "Tony Cliff")
    assert "answers it in advance" not in cliff["note"]
    for fact in ("1948", "1955", "Stalinist Russia: A Marxist Analysis", "1974", "1928"):
        assert fact in cliff["note"], fact
    assert cliff["publisher"] == "Pluto Press"
    # Rationing ended in three steps.
    timeline = {e["date"]: e["event"] for e in session6["timeline"]}
    assert "bread ends" in timeline["1 January 1935"]
    assert "meat" in timeline["1 October 1935"].lower()
    assert "manufactured goods" in timeline["1 January 1936"]
    thermidor = next(r for r in session6["further_reading"] if "Thermidor" in r["title"])
    assert "chapters 5 and 11" in thermidor["note"]
    aristocracy = entry(session6, "Labour aristocracy")
    assert "Engels" in aristocracy and "England" in aristocracy and "1916" in aristocracy
    farm = entry(session6, "Collective farm")
    assert "property of the state" in farm and "in perpetuity" in farm
    assert "labour-day" in farm.lower()
    assert (
        "trudodni" in entry(session6, "Labour-day").lower()
        or "trudoden" in entry(session6, "Labour-day").lower()
    )
    kulak = entry(session6, "Kulak")
    assert "381,0" in kulak and "1.8 million" in kulak
    plan = entry(session6, "Five-year plan")
    assert "1929" in plan and "October 1928" in plan and "January 1933" in plan
    # Every book (anything without a link to its text) says who published it and when.
    for reading in session6["further_reading"]:
        if reading["url"] is None:
            assert reading["publisher"] and reading["year"], reading["title"]


def test_the_notes_slips_are_flagged_for_the_facilitator(session6) -> None:  # type: ignore[no-untyped-def]
    slips = [w for w in session6["watch_outs"] if w["kind"] == "notes"]
    said = " ".join(f"{w['says']} {w['correct']} {w['text']}" for w in slips)
    for slip in (
        "according to his work",
        "Lower Stage",
        "Stahkanovists",
        "the privileged administrative",
        "culture..",
        "‘average’",
        "labor",
    ):
        assert slip in said, slip
    assert "Article 12" in said and "Lenin" in said
    for slip in slips:
        assert slip["says"] and slip["correct"] and slip["source"], slip["text"]
    kinds = {w["kind"] for w in session6["watch_outs"]}
    assert kinds == {"notes", "room", "later-chapter", "timing"}
    assert all(f["source"] for f in session6["figures"])


def test_a_plan_that_fits_ninety_minutes(session6) -> None:  # type: ignore[no-untyped-def]
    core = [q for q in session6["questions"] if q["core"]]
    assert 4 <= len(core) <= 5
    words = [sum(len(p.split()) for p in q["paragraphs"]) for q in session6["quotations"]]
    for item in session6["agenda"]:
        expected = sum(words[n - 1] for n in item["read_aloud"]) / 130
        assert item["reading_minutes"] == round(expected, 1)
        assert item["reading_minutes"] < item["minutes"]  # reading leaves time to talk
        assert set(item["read_aloud"]) <= set(item["quotations"])
    # Only the key passages are read aloud: well under what reading all would take.
    assert 0 < session6["reading_minutes"] < sum(words) / 130 * 0.8
    assert session6["plan_warnings"] == []


def test_an_agenda_longer_than_the_meeting_is_said(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    planned = run("plan", "--name", "Short group", "--start", "2026-10-13", "--length", "60m")
    assert planned.exit_code == 0, planned.stderr
    shown = run("session", "6").stdout
    assert "Does not fit: the agenda takes 90 minutes, but the meeting is 60." in shown
    data = run("session", "6", "-f", "json").json()
    assert data["plan_warnings"] == ["the agenda takes 90 minutes, but the meeting is 60"]

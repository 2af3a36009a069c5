"""The season: planning the programme, showing it, and exporting it as iCalendar."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from studygroup.errors import EXIT_ERROR, EXIT_USAGE

PLAN = [
    "plan",
    "--name",
    "Tuesday group",
    "--place",
    "Marx Memorial Library, London",
    "--tz",
    "Europe/London",
    "--start",
    "2026-10-13",
    "--every",
    "1w",
    "--time",
    "19:00",
    "--length",
    "1h30m",
    "--join",
    "intro+I",
    "--skip",
    "2026-12-22",
    "--facilitator",
    "6=Ana",
]


@pytest.fixture
def season(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = run(*PLAN)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "studygroup: Ana leads meeting 6 (Chapter VI)\n"
        "studygroup: wrote studygroup.toml (13 meetings)\n"
    )
    return tmp_path / "studygroup.toml"


def meetings(run):  # type: ignore[no-untyped-def]
    data = run("programme", "--format", "json").json()
    return data["meetings"]


def test_plan_writes_a_readable_programme(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    data = tomllib.loads(season.read_text(encoding="utf-8"))
    assert data["name"] == "Tuesday group" and data["timezone"] == "Europe/London"
    assert data["time"] == dt.time(19, 0) and data["minutes"] == 90
    assert data["start"] == dt.date(2026, 10, 13) and data["skip"] == [dt.date(2026, 12, 22)]
    assert data["meetings"][0]["parts"] == ["intro", "1"]  # joined, keys as the book has them
    assert len(data["meetings"]) == 13
    assert season.read_text(encoding="utf-8").startswith("# The programme of a reading group")


def test_dates_skip_holidays_and_keep_local_time_across_dst(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    found = meetings(run)
    dates = [m["date"] for m in found]
    assert dates[:3] == ["2026-10-13", "2026-10-20", "2026-10-27"]
    assert "2026-12-22" not in dates and dates[10] == "2026-12-29"
    # British Summer Time ends on 25 October 2026: 19:00 local either side of it.
    assert found[1]["starts"] == "2026-10-20T19:00:00+01:00"
    assert found[2]["starts"] == "2026-10-27T19:00:00+00:00"
    assert found[1]["when"] == "Tue 20 Oct 2026, 19:00–20:30 BST"
    assert found[2]["when"] == "Tue 27 Oct 2026, 19:00–20:30 GMT"
    assert found[5]["facilitator"] == "Ana" and found[5]["notes"] == ["6"]
    assert [p["key"] for p in found[-1]["parts"]] == ["postscript"]


def test_replanning_keeps_facilitators_with_their_parts(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("plan", "--skip", "2026-11-03")
    assert result.exit_code == 0, result.stderr
    found = meetings(run)
    chapter6 = next(m for m in found if [p["key"] for p in m["parts"]] == ["6"])
    assert chapter6["facilitator"] == "Ana" and chapter6["date"] == "2026-11-24"
    # What moved is said, one line a meeting.
    assert "meeting 4 (Chapter IV) moves from Tue 3 Nov to Tue 10 Nov 2026" in result.stderr


def test_skips_add_up_and_unskip_takes_one_back(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    run("plan", "--skip", "2026-11-03")
    data = tomllib.loads(season.read_text(encoding="utf-8"))
    assert data["skip"] == [dt.date(2026, 11, 3), dt.date(2026, 12, 22)]
    run("plan", "--unskip", "2026-12-22")
    data = tomllib.loads(season.read_text(encoding="utf-8"))
    assert data["skip"] == [dt.date(2026, 11, 3)]
    refused = run("plan", "--unskip", "2026-12-01")
    assert refused.exit_code == EXIT_USAGE
    assert refused.stderr == "studygroup: error: --unskip: 2026-12-01 is not skipped\n"


def test_a_date_moved_by_hand_stays_and_the_rest_follow_it(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    text = season.read_text(encoding="utf-8")
    # Meeting 5 (chapter V) moved by hand from Tuesday 10 Nov to Thursday 12 Nov.
    season.write_text(text.replace("date = 2026-11-10", "date = 2026-11-12"), encoding="utf-8")
    result = run("plan", "--place", "Room 2")
    assert result.exit_code == 0, result.stderr
    found = {m["number"]: m["date"] for m in meetings(run)}
    assert found[4] == "2026-11-03" and found[5] == "2026-11-12"
    # The ones after it follow the cadence from there.
    assert found[6] == "2026-11-19" and found[7] == "2026-11-26"
    assert "meeting 6 (Chapter VI) moves from Tue 17 Nov to Thu 19 Nov 2026" in result.stderr
    # Planning again keeps it so: nothing moves.
    again = run("plan", "--place", "Room 3")
    assert "moves" not in again.stderr and meetings(run)[4]["date"] == "2026-11-12"


def test_facilitators_by_part_or_by_meeting(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("plan", "--facilitator", "vii=Bo", "--facilitator", "m1=Cy")
    assert result.exit_code == 0, result.stderr
    assert "Bo leads meeting 7 (Chapter VII)" in result.stderr
    assert "Cy leads meeting 1 (Introduction & Chapter I)" in result.stderr
    found = meetings(run)
    assert (found[0]["facilitator"], found[6]["facilitator"]) == ("Cy", "Bo")
    for spec, message in (
        ("m30=Bo", "--facilitator: there is no meeting 30 (the season has 13)"),
        ("forty=Bo", "--facilitator: no part 'forty' in The Revolution Betrayed"),
        ("Bo", "'Bo': write PART=NAME"),
    ):
        refused = run("plan", "--facilitator", spec)
        assert refused.exit_code == EXIT_USAGE and message in refused.stderr, refused.stderr


def test_a_season_that_would_not_hold_is_not_written(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    before = season.read_text(encoding="utf-8")
    result = run("plan", "--join", "intro+I", "--join", "I+II")
    assert result.exit_code == EXIT_USAGE  # the command line's mistake, not the file's
    assert "'1' is already joined in joins[0]" in result.stderr
    assert season.read_text(encoding="utf-8") == before
    assert run("programme").exit_code == 0


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("18:30", dt.time(18, 30)),
        ("18.30", dt.time(18, 30)),
        ("18h30", dt.time(18, 30)),
        ("1830", dt.time(18, 30)),
        ("6:30pm", dt.time(18, 30)),
        ("6.30 p.m.", dt.time(18, 30)),
        ("7pm", dt.time(19, 0)),
        ("12am", dt.time(0, 0)),
        ("930", dt.time(9, 30)),
    ],
)
def test_times_as_people_write_them(typed: str, expected: dt.time) -> None:
    from studygroup.commands.season import parse_time

    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["19:00+01:00", "19:00Z", "25:00", "18:75", "13pm", "soon", ""])
def test_times_that_are_not_times(run, season: Path, typed: str) -> None:  # type: ignore[no-untyped-def]
    result = run("plan", "--time", typed)
    assert result.exit_code == EXIT_USAGE and result.stderr.count("\n") == 1
    assert "--time" in result.stderr


def test_hand_edited_mistakes_in_a_programme_are_one_line_each(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    text = season.read_text(encoding="utf-8")
    for broken, message in (
        (text.replace("date = 2026-10-20", "date = 2026-10-01"), "meetings[1].date: comes before"),
        (text.replace("number = 3", "number = 2"), "meetings[2].number: should be 3"),
        (text.replace("2026-12-22,", "2026-12-23,"), "skip[0]: 2026-12-23 is not a meeting day"),
    ):
        season.write_text(broken, encoding="utf-8")
        for command in (["programme"], ["calendar", "-o", "-"], ["validate", str(season)]):
            result = run(*command)
            assert result.exit_code == EXIT_ERROR, (command, result.stderr)
            assert message in result.stderr + result.stdout, (command, result)
            assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ["--tz", "Europe/Londn"],
            "Invalid value for --tz: 'Europe/Londn' is not a time zone: did you mean Europe/London?",
        ),
        (
            ["--tz", "Mars/Olympus"],
            "'Mars/Olympus' is not a time zone: give an IANA name like Europe/London",
        ),
        (
            ["--every", "3x"],
            "'3x' is not a cadence: write weeks or days from 1 to 99, as 1w, 2w or 10d",
        ),
        (
            ["--skip", "2026-12-23"],
            "Invalid value for --skip: 2026-12-23 is not a meeting day "
            "(every 1w from 2026-10-13, a Tuesday)",
        ),
        (
            ["--every", "2w", "--skip", "2026-10-20"],
            "is not a meeting day (every 2w from 2026-10-13",
        ),
        (["--join", "3+5"], "--join 3+5: joined parts must follow each other in the book"),
        (["--facilitator", "m30=Bo"], "--facilitator: there is no meeting 30 (the season has 13)"),
    ],
)
def test_plans_that_do_not_fit(run, season: Path, change: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    before = season.read_text(encoding="utf-8")
    result = run("plan", *change)
    assert result.exit_code in (EXIT_ERROR, EXIT_USAGE)
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert season.read_text(encoding="utf-8") == before  # nothing written


def test_bad_values_on_the_command_line(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    missing = run("plan", "--name", "G")
    assert missing.exit_code == EXIT_USAGE and "give at least --name and --start" in missing.stderr
    for args, message in (
        (["--start", "13/10/2026"], "'13/10/2026' is not a date: write YYYY-MM-DD"),
        (["--start", "2026-10-13", "--time", "7 o'clock"], "is not a time: write 19:00"),
        (
            ["--start", "2026-10-13", "--length", "long"],
            "'long' is not a length: write 90m or 1h30m",
        ),
    ):
        result = run("plan", "--name", "G", *args)
        assert result.exit_code == EXIT_USAGE and message in result.stderr
    assert not (tmp_path / "studygroup.toml").exists()


def test_hand_edited_programme_errors_name_the_line(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    text = season.read_text(encoding="utf-8")
    lines = text.splitlines()
    where = next(n for n, line in enumerate(lines) if line.strip() == '"4",')
    lines[where] = '    "forty",'
    season.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("programme")
    assert result.exit_code == EXIT_ERROR
    # The value's own line, inside the list that holds it.
    assert result.stderr == (
        f"studygroup: error: studygroup.toml:{where + 1}: meetings[3].parts[0]: no part 'forty' in 'revolution-betrayed'\n"
    )
    season.write_text(
        text.replace('timezone = "Europe/London"', 'timezone = "Mars/Olympus"'), encoding="utf-8"
    )
    zone = run("programme")
    assert (
        zone.stderr
        == "studygroup: error: studygroup.toml:8: timezone: 'Mars/Olympus' is not a time zone: give an IANA name like Europe/London\n"
    )
    season.write_text(text.replace("minutes = 90", "minutes = 90\ncolour = 1"), encoding="utf-8")
    checked = run("validate", str(season))
    assert (
        checked.exit_code == EXIT_ERROR
        and "studygroup.toml:11: colour: unknown key" in checked.stdout
    )
    missing = run("programme", "--programme", "nowhere.toml")
    assert "nowhere.toml: no programme here (make one with studygroup plan)" in missing.stderr


def test_programme_markdown(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    md = run("programme", "--format", "md").stdout
    rows = [line for line in md.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 13
    assert rows[5].startswith(
        "| 6 | Tue 17 Nov 2026, 19:00–20:30 GMT | **Chapter VI**: [THE GROWTH"
    )
    assert rows[5].endswith("| Ana | ✎ |")


def test_calendar_is_strict_icalendar(run, season: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    result = run("calendar", "-o", "season.ics")
    assert result.exit_code == 0 and result.stderr == "studygroup: wrote season.ics (13 events)\n"
    raw = (tmp_path / "season.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF everywhere
    assert max(len(line) for line in lines) <= 75  # folded at 75 octets
    calendar = Calendar.from_ical(raw)
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    events = calendar.walk("VEVENT")
    assert len(events) == 13
    assert len({str(e["UID"]) for e in events}) == 13
    for event in events:
        assert "DTSTAMP" in event and event["DTSTART"].params["TZID"] == "Europe/London"
        assert str(event["LOCATION"]) == "Marx Memorial Library, London"
    before, after = events[1]["DTSTART"].dt, events[2]["DTSTART"].dt
    assert (before.hour, after.hour) == (19, 19)
    assert before.utcoffset() == dt.timedelta(hours=1) and after.utcoffset() == dt.timedelta(0)
    sixth = events[5]
    assert (
        str(sixth["SUMMARY"])
        == "Tuesday group: Chapter VI – THE GROWTH OF INEQUALITY AND SOCIAL ANTAGONISMS"
    )
    assert str(sixth["URL"]) == "https://www.marxists.org/archive/trotsky/1936/revbet/ch06.htm"
    description = str(sixth["DESCRIPTION"])
    assert "1. Want, Luxury and Speculation" in description and "Facilitator: Ana" in description
    assert "From the handout:\n- Trotsky writes that practicable methods" in description
    refused = run("calendar", "-o", "season.ics")
    assert refused.exit_code == EXIT_ERROR and "already exists" in refused.stderr


def test_reexport_keeps_uids_and_raises_sequence(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    from studygroup.commands.season import load
    from studygroup.library.store import Library
    from studygroup.render.ics import calendar
    from studygroup.views.season import programme_view

    shelf = Library.open()
    programme, book = load(season, shelf)
    view = programme_view(shelf, programme, book)
    first = Calendar.from_ical(calendar(view, now=dt.datetime(2026, 10, 1, tzinfo=dt.UTC)))
    run("plan", "--skip", "2026-10-20")  # the season moves a week
    programme, book = load(season, shelf)
    second = Calendar.from_ical(
        calendar(
            programme_view(shelf, programme, book), now=dt.datetime(2026, 10, 2, tzinfo=dt.UTC)
        )
    )
    old = {str(e["UID"]): e for e in first.walk("VEVENT")}
    new = {str(e["UID"]): e for e in second.walk("VEVENT")}
    assert old.keys() == new.keys()
    uid = next(u for u in new if ".revolution-betrayed.6@" in u)
    assert new[uid]["DTSTART"].dt.date() == old[uid]["DTSTART"].dt.date() + dt.timedelta(days=7)
    assert int(new[uid]["SEQUENCE"]) > int(old[uid]["SEQUENCE"])


CATCH_UP_SHARED = [
    "Catch-up sheet",
    "Catching up before Chapter VII",
    "Meetings so far",
    "Chapter VI: THE GROWTH OF INEQUALITY AND SOCIAL ANTAGONISMS (17 Nov 2026)",
    "Chapter 6 does not contain any major theoretical innovations.",
    "The turn back to the market was a reflection of the fact",
    "This manifested itself in the working class,",
    "Thus in agriculture immeasurably more than in industry,",
    "Questions left open",
    "Chapter VI: Test the chapter against what followed.",
    "Chapter VI: Trotsky expected the inequality he describes",
]


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "pdf"])
def test_catch_up_sheet_for_a_member_who_missed_meetings(
    run, season: Path, tmp_path: Path, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    from readers import pdf_pages, read_html, read_markdown, read_pdf, squash

    path = tmp_path / f"catch-up.{fmt}"
    result = run("handout", "7", "--catch-up", "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    if fmt == "pdf":
        data = path.read_bytes()
        assert pdf_pages(data) == 1  # one page, as a member takes it home
        text = read_pdf(data)
    else:
        raw = path.read_text(encoding="utf-8")
        text = {"md": lambda: read_markdown(raw)[0], "html": lambda: read_html(raw)[0]}.get(
            fmt, lambda: squash(raw)
        )()
    for phrase in CATCH_UP_SHARED:
        assert squash(phrase).casefold() in text.casefold(), phrase
    # Only what was read before meeting 7, and nothing of the facilitator's.
    assert "Family, Youth and Culture".casefold() not in text.casefold()
    for private in ("Lead-in", "Agenda", "Facilitator’s notes", "Opening round"):
        assert private not in text


def test_catch_up_without_a_programme_follows_the_book(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    text = run("handout", "VII", "--catch-up", "-f", "txt").stdout
    assert "Catch-up: 7 meetings so far" in text  # the introduction and chapters I–VI
    assert "7. Chapter VI: THE GROWTH OF INEQUALITY AND SOCIAL ANTAGONISMS" in text
    first = run("handout", "intro", "--catch-up")
    assert first.exit_code == EXIT_ERROR
    assert (
        "Introduction is read at the first meeting: there is nothing to catch up on" in first.stderr
    )
    both = run("handout", "7", "--catch-up", "--facilitator")
    assert both.exit_code == EXIT_USAGE and "leave out --facilitator" in both.stderr


def test_validate_knows_a_programme_by_what_it_holds(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    text = season.read_text(encoding="utf-8").replace("minutes = 90", "minutes = 90\ncolour = 1")
    (season.parent / "autumn.toml").write_text(text, encoding="utf-8")
    checked = run("validate", "autumn.toml")
    assert checked.exit_code == EXIT_ERROR
    assert checked.stdout == "autumn.toml:11: colour: unknown key\n"  # not a session's keys
    # In the group's folder, `validate` alone checks the programme there too.
    season.write_text(text, encoding="utf-8")
    alone = run("validate")
    assert alone.exit_code == EXIT_ERROR
    assert alone.stdout == "studygroup.toml:11: colour: unknown key\n"
    assert alone.stderr == "studygroup: 1 problem in 1 file\n"


def test_a_broken_notes_file_is_said_and_the_season_still_shown(  # type: ignore[no-untyped-def]
    run, season: Path
) -> None:
    sessions = season.parent / "lib" / "revolution-betrayed" / "sessions"
    sessions.mkdir(parents=True)
    (sessions / "7.toml").write_text(
        'book = "revolution-betrayed"\npart = "7"\npoints = [\n', encoding="utf-8"
    )
    for command in (["programme"], ["calendar", "-o", "-"]):
        shown = run("--library", "lib", *command)
        assert shown.exit_code == 0, shown.stderr
        assert shown.stderr == (
            "studygroup: left out notes: lib/revolution-betrayed/sessions/7.toml:3: "
            "not valid TOML: Invalid value, at the end of the file\n"
        )
        assert "Chapter VII" in shown.stdout  # its meeting is there, without the notes


def test_a_catch_up_sheet_credits_its_quotations_as_the_handout_does(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studygroup.views import quotecheck

    monkeypatch.chdir(tmp_path)
    shown = " ".join(run("handout", "VII", "--catch-up", "-f", "txt").stdout.split())
    assert "— Leon Trotsky, _The Revolution Betrayed_, Chapter VI" in shown
    # Where the chapter's fetched text does not hold it, not in the author's name.
    monkeypatch.setattr(quotecheck, "found", lambda book, part, quote: False)
    shown = " ".join(run("handout", "VII", "--catch-up", "-f", "txt").stdout.split())
    assert "— from the presenter’s notes (not found in _The Revolution Betrayed_)" in shown
    assert "— Leon Trotsky" not in shown

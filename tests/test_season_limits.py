"""The season's commands at their limits: what is typed wrong, what was edited by hand,
and files that are not what their names say. Each case is one of the adversarial
report's (sections B, G, H, P and U)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from studygroup.errors import EXIT_ERROR, EXIT_USAGE

BASE = ["plan", "--name", "Tuesday group", "--start", "2026-10-13", "--tz", "Europe/London"]


class Hung(BaseException):
    """Raised by the alarm: not an Exception, so that nothing on the way catches it."""


@contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail, rather than hang the suite, if the command blocks (on a FIFO)."""

    def alarm(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def season(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """Fourteen meetings, one part each, every Tuesday from 13 October 2026."""
    monkeypatch.chdir(tmp_path)
    result = run(*BASE)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "studygroup.toml"


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit the programme as a facilitator would by hand."""
    data = read(path)
    change(data)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


def dates(path: Path) -> dict[int, dt.date]:
    return {m["number"]: m["date"] for m in read(path)["meetings"]}


def one_error_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and stderr.startswith("studygroup: error: ")


# --- B. The programme file is read as a regular file, or refused in one line


@pytest.mark.parametrize(
    "command", [["programme"], ["calendar", "-o", "-"], ["plan", "--name", "X"]]
)
def test_a_fifo_named_studygroup_toml_is_refused_not_waited_on(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    os.mkfifo("studygroup.toml")
    with within(10):
        result = run(*command)
    assert result.exit_code == EXIT_ERROR and one_error_line(result.stderr), result.stderr
    assert "studygroup.toml" in result.stderr and "not a regular file" in result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize(
    "command", [["programme"], ["calendar", "-o", "-"], ["plan", "--name", "X"]]
)
def test_a_device_as_the_programme_is_refused(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], device: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    with within(10):
        result = run(*command, "--programme", device)
    assert result.exit_code == EXIT_ERROR and one_error_line(result.stderr), result.stderr
    assert f"{device}:1: not a regular file" in result.stderr


def test_an_empty_programme_option_is_a_command_line_mistake(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    for command in (
        ["programme"],
        ["calendar", "-o", "-"],
        ["plan", "--name", "X"],
        ["handout", "6"],
        ["site", "-o", "out"],
    ):
        result = run(*command, "--programme", "")
        assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr), result.stderr
        assert "--programme: is empty" in result.stderr


@pytest.mark.parametrize(
    ("command", "where"),
    [
        (["validate", ""], "PATH"),
        (["import", "toc", ""], "SOURCE"),
        (["import", "notes", ""], "FILE"),
        (["handout", "6", "-o", ""], "--output"),
        (["site", "-o", " "], "--output"),
        (["session", "6", "--book", ""], "--book"),
        (["plan", "--book", " "], "--book"),
        (["search", "x", "--book", ""], "--book"),
        (["search", ""], "TEXT"),
        (["quotes", "--search", ""], "--search"),
        (["import", "toc", "x.htm", "--url", ""], "--url"),
        (["import", "toc", "x.htm", "--slug", ""], "--slug"),
        (["import", "notes", "n.md", "--part", ""], "--part"),
    ],
)
def test_an_empty_value_is_a_command_line_mistake(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], where: str
) -> None:
    # Path("") is "."; a user who typed '' (an unset variable) meant no folder, no book,
    # no text at all: never the current folder, the default book or every passage.
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr), result.stderr
    assert f"{where}: is empty" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- G1. A skip on the cadence of a date moved by hand


def _meeting_5_to_friday(data: dict[str, Any]) -> None:
    meeting = data["meetings"][4]
    assert meeting["date"] == dt.date(2026, 11, 10)  # Chapter IV, a Tuesday
    meeting["date"] = dt.date(2026, 11, 13)  # moved by hand to the Friday


def test_a_skip_on_the_cadence_of_a_date_moved_by_hand_is_accepted(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    edit(season, _meeting_5_to_friday)
    result = run("plan", "--skip", "2026-11-27")
    assert result.exit_code == 0, result.stderr
    found = dates(season)
    assert found[5] == dt.date(2026, 11, 13) and found[6] == dt.date(2026, 11, 20)
    assert found[7] == dt.date(2026, 12, 4)  # the Friday after the skipped one
    assert read(season)["skip"] == [dt.date(2026, 11, 27)]
    assert run("validate", str(season)).exit_code == 0
    # And the skip stays valid on every later run.
    assert run("plan", "--place", "Hall").exit_code == 0


def test_skipping_the_very_day_a_meeting_was_moved_to_is_refused(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    edit(season, _meeting_5_to_friday)
    before = season.read_text(encoding="utf-8")
    result = run("plan", "--skip", "2026-11-13")
    assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr), result.stderr
    assert "--skip: 2026-11-13 is the date meeting 5 was moved to by hand" in result.stderr
    assert season.read_text(encoding="utf-8") == before


def test_a_skip_off_every_cadence_names_the_dates_set_by_hand(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    edit(season, _meeting_5_to_friday)
    result = run("plan", "--skip", "2026-11-14")
    assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr)
    assert (
        "2026-11-14 is not a meeting day (every 1w from 2026-10-13, a Tuesday, "
        "or from 2026-11-13 set by hand, a Friday)"
    ) in result.stderr


def test_a_meeting_on_a_skipped_day_is_a_mistake_in_the_file(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    def both(data: dict[str, Any]) -> None:
        _meeting_5_to_friday(data)
        data["skip"] = [dt.date(2026, 11, 13)]

    edit(season, both)
    for command in (["programme"], ["validate", str(season)]):
        result = run(*command)
        assert result.exit_code == EXIT_ERROR, (command, result)
        assert "meetings[4].date: 2026-11-13 is skipped (skip[0])" in result.stdout + result.stderr


def test_a_skip_a_new_cadence_leaves_behind_says_how_to_take_it_out(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("plan", "--skip", "2026-10-20").exit_code == 0
    before = season.read_text(encoding="utf-8")
    result = run("plan", "--every", "2w")
    assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr), result.stderr
    assert (
        "studygroup.toml: skip: 2026-10-20 is not a meeting day (every 2w from 2026-10-13, "
        "a Tuesday): add --unskip 2026-10-20 to take it out"
    ) in result.stderr
    assert season.read_text(encoding="utf-8") == before
    assert run("plan", "--every", "2w", "--unskip", "2026-10-20").exit_code == 0


# --- G2. Meetings regrouped by hand


def _chapters_5_and_6_together(data: dict[str, Any]) -> None:
    meetings = data["meetings"]
    assert meetings[5]["parts"] == ["5"] and meetings[6]["parts"] == ["6"]
    meetings[5]["parts"] = ["5", "6"]
    meetings[5]["facilitator"] = "Ana"
    del meetings[6]
    for number, meeting in enumerate(meetings, start=1):
        meeting["number"] = number


def test_a_meeting_joined_by_hand_stays_joined_with_its_facilitator(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    edit(season, _chapters_5_and_6_together)
    assert run("validate", str(season)).exit_code == 0
    result = run("plan", "--place", "Hall")
    assert result.exit_code == 0, result.stderr
    assert (
        "Chapter V & Chapter VI stay joined, as studygroup.toml reads them at one meeting "
        "(kept as --join 5+6)"
    ) in result.stderr
    data = read(season)
    assert len(data["meetings"]) == 13 and data["joins"] == [["5", "6"]]
    sixth = data["meetings"][5]
    assert sixth["parts"] == ["5", "6"] and sixth["facilitator"] == "Ana"
    # Said once: the file now says it in its settings.
    again = run("plan", "--place", "Hall 2")
    assert "stay joined" not in again.stderr and read(season)["meetings"][5]["facilitator"] == "Ana"


def test_a_join_undone_says_whose_meeting_it_was(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    edit(season, _chapters_5_and_6_together)
    result = run("plan", "--join", "intro+I")  # --join sets the joins: 5+6 is undone
    assert result.exit_code == 0, result.stderr
    assert (
        "meeting 5 now reads Chapter V (before, meeting 6 read Chapter V & Chapter VI)"
        in result.stderr
    )
    assert (
        "Ana no longer leads a meeting on Chapter V & Chapter VI (meeting 6 until now): it is "
        "read at meetings 5 and 6; give them a facilitator with --facilitator m5=NAME"
    ) in result.stderr


def test_a_grouping_that_cannot_be_a_join_is_laid_out_again_and_said(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    def apart(data: dict[str, Any]) -> None:
        meetings = data["meetings"]
        meetings[5]["parts"] = ["5", "7"]  # not next to each other in the book
        meetings[5]["facilitator"] = "Ana"
        del meetings[7]
        for number, meeting in enumerate(meetings, start=1):
            meeting["number"] = number

    edit(season, apart)
    assert run("validate", str(season)).exit_code == 0
    result = run("plan", "--place", "Hall")
    assert result.exit_code == 0, result.stderr
    assert len(read(season)["meetings"]) == 14
    assert "Ana no longer leads a meeting on Chapter V & Chapter VII" in result.stderr


def test_a_facilitator_follows_their_part_into_a_join(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("plan", "--facilitator", "6=Ana").exit_code == 0
    result = run("plan", "--join", "5+6")
    assert result.exit_code == 0, result.stderr
    assert "Ana leads meeting 6 (Chapter V & Chapter VI)" in result.stderr
    assert read(season)["meetings"][5]["facilitator"] == "Ana"


def test_facilitators_of_two_meetings_joined_are_both_said(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("plan", "--facilitator", "5=Ana", "--facilitator", "6=Ben").exit_code == 0
    result = run("plan", "--join", "5+6")
    assert result.exit_code == 0, result.stderr
    assert "Ana no longer leads a meeting on Chapter V (meeting 6 until now)" in result.stderr
    assert "Ben no longer leads a meeting on Chapter VI (meeting 7 until now)" in result.stderr
    assert "facilitator" not in read(season)["meetings"][5]


# --- G3. The end of the calendar


@pytest.mark.parametrize(("start", "every"), [("2999-12-01", "1w"), ("2999-10-01", "99w")])
def test_a_season_past_2999_is_one_line(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str, every: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = run("plan", "--name", "T", "--start", start, "--tz", "UTC", "--every", every)
    assert result.exit_code == EXIT_ERROR and one_error_line(result.stderr), result.stderr
    assert "the season would run past 2999-12-31" in result.stderr
    assert not (tmp_path / "studygroup.toml").exists()


# --- G4. Two facilitators for one meeting


def test_two_facilitators_for_one_meeting_are_refused(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    before = season.read_text(encoding="utf-8")
    # Chapter VI is meeting 7 (the introduction is meeting 1).
    result = run("plan", "--facilitator", "6=Ana", "--facilitator", "m7=Ben")
    assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr), result.stderr
    assert (
        "--facilitator: 6=Ana and m7=Ben both name meeting 7 (Chapter VI): give it one facilitator"
        in result.stderr
    )
    assert season.read_text(encoding="utf-8") == before
    same = run("plan", "--facilitator", "6=Ana", "--facilitator", "m7=Ana")
    assert same.exit_code == 0 and same.stderr.count("Ana leads meeting 7") == 1
    replaced = run("plan", "--facilitator", "m7=Ben")
    assert "Ben leads meeting 7 (Chapter VI), instead of Ana" in replaced.stderr


# --- H. Every option value checked as a command-line mistake (exit 2, the option named)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--length", ""], "--length: '' is not a length"),
        (["--length", "0m"], "--length: '0m': a meeting lasts from 5 minutes to 24 hours"),
        (["--length", "4m"], "a meeting lasts from 5 minutes to 24 hours"),
        (["--length", "25h"], "a meeting lasts from 5 minutes to 24 hours"),
        (["--length", "9" * 5000 + "h"], "a meeting lasts from 5 minutes to 24 hours"),
        (["--start", ""], "--start: '' is not a date"),
        (["--name", ""], "--name: is empty"),
        (["--name", "   "], "--name: is empty"),
        (["--name", "G\udcff"], "--name: 'G\\udcff' is not UTF-8 text"),
        (["--place", ""], "--place: is empty"),
        (["--facilitator", "6=A\udcff"], "--facilitator: 'A\\udcff' is not UTF-8 text"),
        (["--book", "../etc"], "--book: '../etc' is not a book slug"),
        (["--book", "nope"], "--book: no book 'nope' in the library"),
        (["--join", "6"], "--join: '6': write the parts read at one meeting as intro+1"),
        (["--join", "6+"], "--join: '6+': write the parts"),
        (["--join", "+"], "--join: '+': write the parts"),
        (["--join", "6+6"], "--join: '6+6': Chapter VI twice"),
        (["--join", "+".join(["6"] * 20000)], "Chapter VI twice"),
        (["--join", "xii+intro"], "--join: 'xii+intro': no part 'xii' in The Revolution Betrayed"),
        (["--join", "６+７"], "no part '６'"),
        (["--join", "6+8"], "--join 6+8: joined parts must follow each other in the book"),
        (["--join", "postscript+intro"], "must follow each other in the book"),
        (["--join", "intro+I", "--join", "I+II"], "'1' is already joined"),
        (["--skip", "2026-10-14"], "--skip: 2026-10-14 is not a meeting day"),
        (["--skip", "2026-10-06"], "--skip: 2026-10-06 is not a meeting day"),
    ],
)
def test_option_values_the_season_cannot_take_are_usage_errors(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = run(*BASE, *args)
    assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr), result.stderr
    assert said in result.stderr.replace("Invalid value for ", ""), result.stderr
    assert "should" not in result.stderr  # no pydantic wording
    assert not (tmp_path / "studygroup.toml").exists()


# --- P. calendar -o names an .ics file


def test_calendar_refuses_another_format_s_name(run, season: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("calendar", "-o", "season.pdf")
    assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr), result.stderr
    assert "'season.pdf': a calendar is an .ics file" in result.stderr
    assert not (tmp_path / "season.pdf").exists()
    assert run("calendar", "-o", "season.ICS").exit_code == 0
    assert run("calendar", "-o", "season").stderr == "studygroup: wrote season.ics (14 events)\n"


def test_calendar_adds_no_extension_to_a_device_or_pipe_it_was_given(
    run, season: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(tmp_path / "pipe")
    result = run("calendar", "-o", "pipe", "--force")
    assert result.exit_code == EXIT_ERROR and one_error_line(result.stderr), result.stderr
    assert "pipe: is not a regular file; not replaced" in result.stderr
    assert not (tmp_path / "pipe.ics").exists()


def test_calendar_into_a_folder_name_writes_no_file(run, season: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("calendar", "-o", "d/")
    assert result.exit_code == EXIT_ERROR and "d/: is a folder" in result.stderr
    assert not (tmp_path / "d").exists()


# --- U. Time zones are IANA names


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("localtime", "give an IANA name like Europe/London"),
        ("posixrules", "give an IANA name like Europe/London"),
        ("Factory", "give an IANA name like Europe/London"),
        ("right/Europe/London", "did you mean Europe/London?"),
        ("posix/Europe/London", "did you mean Europe/London?"),
        ("europe/london", "did you mean Europe/London?"),
        ("Etc/GMT+14", "give an IANA name"),  # never a near miss of other hours
    ],
)
def test_only_iana_time_zones(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = run("plan", "--name", "T", "--start", "2026-10-13", "--tz", typed)
    assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr), result.stderr
    assert f"--tz: {typed!r} is not a time zone: {said}" in result.stderr.replace(
        "Invalid value for ", ""
    )
    assert not (tmp_path / "studygroup.toml").exists()


def test_a_programme_in_the_machine_s_local_zone_is_refused(run, season: Path) -> None:  # type: ignore[no-untyped-def]
    edit(season, lambda data: data.update(timezone="localtime"))
    result = run("programme")
    assert result.exit_code == EXIT_ERROR and one_error_line(result.stderr)
    assert "timezone: 'localtime' is not a time zone" in result.stderr


@pytest.mark.parametrize("url", ["not-a-url", "ftp://example.org/x.htm", "http://x y/"])
def test_a_saved_page_from_no_web_address_is_a_command_line_mistake(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, url: str
) -> None:
    page = tmp_path / "index.htm"
    page.write_text('<p><a href="ch01.htm">Chapter I</a></p>', encoding="utf-8")
    result = run("import", "toc", str(page), "--url", url)
    assert result.exit_code == EXIT_USAGE and one_error_line(result.stderr), result.stderr
    assert "--url" in result.stderr

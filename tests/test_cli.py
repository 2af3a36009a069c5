"""The command line as a user meets it: outputs, keys, errors, pipes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import studygroup
from studygroup.errors import EXIT_ERROR, EXIT_USAGE

CHAPTERS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]


def one_line_error(result, code: int) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.startswith("studygroup: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    return str(result.stderr)


def test_tests_run_against_the_installed_package() -> None:
    # The suite must exercise what a user installs, data included, not the source tree.
    assert "site-packages" in studygroup.__file__


def test_version_and_help(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"studygroup {studygroup.__version__}\n")
    bare = run()
    assert bare.exit_code == 0 and "Commands" in bare.stdout and "outline" in bare.stdout
    for command in ("outline", "session"):
        for flag in ("-h", "--help"):
            helped = run(command, flag)
            assert helped.exit_code == 0
            assert "Example: studygroup" in helped.stdout
    # Every command's help says where --library goes: it is accepted after the name.
    for command in (["library"], ["validate"], ["import", "toc"], ["site"], ["search"]):
        helped = run(*command, "-h")
        assert "--library DIR (or STUDYGROUP_LIBRARY)" in " ".join(helped.stdout.split())


def test_outline_text(run) -> None:  # type: ignore[no-untyped-def]
    result = run("outline")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "The Revolution Betrayed"
    assert (
        lines[1] == "Leon Trotsky · written 1936 · first published 1937 · translated by Max Eastman"
    )
    assert "├── intro  INTRODUCTION: The Purpose of the Present Work" in lines
    assert "│   └── 3. Production per Capita of the Population" in lines
    assert "├── 9  Chapter IX  SOCIAL RELATIONS IN THE SOVIET UNION *" in lines
    assert "├── 6  Chapter VI  THE GROWTH OF INEQUALITY AND SOCIAL ANTAGONISMS  ✎ notes" in lines
    assert sum(line.endswith("  ✎ notes") for line in lines) == 1
    assert "└── postscript  POSTSCRIPT" in lines
    assert "* title corrected from “SOCIAL RELATIONS IN THE SOCIAL UNION”" in result.stdout
    assert "\x1b" not in result.stdout  # piped: no colour, no hyperlink escapes
    assert not any(line.endswith(" ") for line in lines)


def test_outline_json_shape(run) -> None:  # type: ignore[no-untyped-def]
    data = run("outline", "--format", "json").json()
    assert (data["slug"], data["title"], data["author"]) == (
        "revolution-betrayed",
        "The Revolution Betrayed",
        "Leon Trotsky",
    )
    parts = data["parts"]
    assert [p["kind"] for p in parts] == ["introduction"] + ["chapter"] * 11 + [
        "appendix",
        "postscript",
    ]
    assert [p["number"] for p in parts] == [None, *range(1, 12), None, None]
    assert [p["roman"] for p in parts[1:12]] == CHAPTERS
    for part in parts:
        assert {"key", "kind", "number", "title", "url", "sections"} <= part.keys()
        for section in part["sections"]:
            assert set(section) >= {"title", "url"}
            assert section["url"].startswith(part["url"] + "#")


def test_outline_markdown_renders_every_link(run) -> None:  # type: ignore[no-untyped-def]
    md = run("outline", "-f", "md").stdout
    html = MarkdownIt("commonmark").render(md)
    assert html.count("<a href=") == 54  # 53 in the contents and the source folder
    assert "Production <em>per Capita</em> of the Population" in html
    assert "From “World Revolution” to <em>Status Quo</em>" in html
    assert "<h2>Corrections</h2>" in html


@pytest.mark.parametrize("key", ["6", "VI", "vi", "ch6", "Chapter 6", "06"])
def test_session_keys_name_the_same_part(run, key: str) -> None:  # type: ignore[no-untyped-def]
    assert run("session", key, "-f", "json").json() == run("session", "6", "-f", "json").json()


@pytest.mark.parametrize(
    ("key", "label", "first_line"),
    [
        ("intro", "Introduction", "INTRODUCTION: The Purpose of the Present Work"),
        ("introduction", "Introduction", "INTRODUCTION: The Purpose of the Present Work"),
        ("appendix", "Appendix", "Appendix: “SOCIALISM IN ONE COUNTRY”"),
        ("postscript", "Postscript", "POSTSCRIPT"),
        ("xi", "Chapter XI", "Chapter XI: WHITHER THE SOVIET UNION?"),
    ],
)
def test_parts_without_notes_show_reading_and_how_to_add_notes(
    run, key: str, label: str, first_line: str
) -> None:  # type: ignore[no-untyped-def]
    result = run("session", key)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == first_line
    assert f"No notes for {label} yet." in result.stdout
    assert "sessions/" in result.stdout
    data = run("session", key, "-f", "json").json()
    assert data["has_notes"] is False and data["points"] == [] and data["quotations"] == []
    assert data["heading"] == first_line


def test_session_json_shape(run) -> None:  # type: ignore[no-untyped-def]
    data = run("session", "6", "--format", "json").json()
    assert (data["book"], data["key"], data["title"]) == (
        "revolution-betrayed",
        "6",
        "THE GROWTH OF INEQUALITY AND SOCIAL ANTAGONISMS",
    )
    assert len(data["points"]) == 17 and len(data["quotations"]) == 12
    assert set(data["points"][0]) >= {"text", "section"}
    quote = data["quotations"][0]
    assert set(quote) >= {"paragraphs", "lead_in", "section"}
    assert quote["section"] == "Want, Luxury and Speculation"
    assert quote["number"] == 1
    assert data["quotations"][11]["section"] == "The Social Physiognomy of the Ruling Stratum"
    assert data["points"][0]["section"] is None
    assert data["points"][-1]["section"] == "The Social Physiognomy of the Ruling Stratum"


def test_session_text_keeps_the_presenters_order(run) -> None:  # type: ignore[no-untyped-def]
    out = run("session", "6").stdout
    order = [
        "Chapter VI: THE GROWTH OF INEQUALITY AND SOCIAL ANTAGONISMS",
        "Reading",
        "https://www.marxists.org/archive/trotsky/1936/revbet/ch06.htm",
        "The presenter’s notes",
        "The chapter as a whole",
        "1. Want, Luxury and Speculation",
        "  Lead-in: Trotsky notes the sequence of changes of Soviet economic policy thus:",
        "  [1]",
        "  • The turn back to the market was a reflection",
        "  • This is what had happened in the USSR in the 1930s.",
        "  [2]",
        "  Lead-in: This could be read between the lines of the Soviet press itself.",
        "  [3]",
        "2. The Differentiation of the Proletariat",
        "  [5]",
        "3. Social Contradictions in the Collective Village",
        "4. The Social Physiognomy of the Ruling Stratum",
        "  [12]",
        "Questions for discussion",
        "Closing remark: I think that is probably enough for now.",
    ]
    position = 0
    for marker in order:  # each after the one before
        position = out.index(marker, position) + len(marker)
    # Each section is one block: commentary and quotations interleaved under it.
    for heading in ("1. Want, Luxury and Speculation", "The chapter as a whole"):
        assert sum(line == heading for line in out.splitlines()) == 1
    assert "  │ If it is difficult to estimate the numbers of the bureaucracy" in out
    assert not any(line.endswith(" ") for line in out.splitlines())


def test_session_markdown(run) -> None:  # type: ignore[no-untyped-def]
    md = run("session", "6", "-f", "md").stdout
    html = MarkdownIt("commonmark").render(md)
    assert html.count("<blockquote>") == 12
    assert "<h3>The chapter as a whole</h3>" in html
    assert "<h3>3. Social Contradictions in the Collective Village</h3>" in html
    # The Stakhanovist quotation keeps its three paragraphs.
    assert "<blockquote>\n<p>It is indubitable" in html
    stakhanov = html.split("<blockquote>\n<p>It is indubitable")[1].split("</blockquote>")[0]
    assert stakhanov.count("<p>") == 2


def test_unknown_key_lists_the_valid_ones(run) -> None:  # type: ignore[no-untyped-def]
    for key in ("XII", "12", "preface", "0"):
        err = one_line_error(run("session", key), EXIT_USAGE)
        assert "valid keys: intro, 1–11 (I–XI), appendix, postscript" in err


def test_bad_format_unknown_book_unknown_option(run) -> None:  # type: ignore[no-untyped-def]
    assert "'pdf' is not one of 'text', 'md', 'json'" in one_line_error(
        run("outline", "-f", "pdf"), EXIT_USAGE
    )
    assert "no book 'capital'" in one_line_error(run("outline", "--book", "capital"), EXIT_USAGE)
    assert "Missing argument" in one_line_error(run("session"), EXIT_USAGE)
    assert "No such option: --colour" in one_line_error(run("outline", "--colour"), EXIT_USAGE)
    # A slug is a name, never a path out of the library.
    assert "'../etc' is not a book slug" in one_line_error(
        run("outline", "--book", "../etc"), EXIT_USAGE
    )


# --- a user library: additions, and files that are broken or hostile ---------------------


def write_session(root: Path, key: str, body: str) -> Path:
    folder = root / "revolution-betrayed" / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.toml"
    path.write_text(body, encoding="utf-8")
    return path


HOSTILE = [
    "[bold red]not bold[/bold red]",
    "\x1b[31mnot red\x1b[0m and \x1b]8;;http://evil/\x1b\\no link",
    "<script>alert(1)</script>",
    "# not a heading",
    "12. not a list",
    "> not a quote",
    "*not emphasis* and _not either_ and `not code` and [not](a link) | pipe",
]


def test_library_adds_sessions(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_session(
        tmp_path,
        "7",
        'book = "revolution-betrayed"\npart = "7"\n\n[[points]]\nsection = 2\ntext = "On youth."\n',
    )
    result = run("--library", str(tmp_path), "session", "7")
    assert result.exit_code == 0, result.stderr
    assert "2. The Struggle against the Youth" in result.stdout and "• On youth." in result.stdout
    outline = run("--library", str(tmp_path), "outline").stdout
    assert sum(line.endswith("  ✎ notes") for line in outline.splitlines()) == 2


def test_environment_variable_names_the_library(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    write_session(
        tmp_path,
        "7",
        'book = "revolution-betrayed"\npart = "7"\n\n[[points]]\ntext = "From env."\n',
    )
    monkeypatch.setenv("STUDYGROUP_LIBRARY", str(tmp_path))
    assert "From env." in run("session", "7").stdout


def test_hostile_text_is_shown_literally(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import tomli_w

    points = [{"text": text} for text in HOSTILE]
    write_session(
        tmp_path, "7", tomli_w.dumps({"book": "revolution-betrayed", "part": "7", "points": points})
    )
    text = run("--library", str(tmp_path), "session", "7").stdout
    assert "\x1b" not in text
    for phrase in (
        "[bold red]not bold[/bold red]",
        "<script>alert(1)</script>",
        "# not a heading",
        "12. not a list",
    ):
        assert phrase in text
    html = MarkdownIt("commonmark").render(
        run("--library", str(tmp_path), "session", "7", "-f", "md").stdout
    )
    assert "<script>" not in html and "<em>not" not in html and "<code>" not in html
    assert "<li># not a heading</li>" in html and "<li>12. not a list</li>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[bold red]not bold[/bold red]" in html
    data = run("--library", str(tmp_path), "session", "7", "-f", "json").json()
    assert [p["text"] for p in data["points"]][2:] == HOSTILE[2:]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("book = \n", "7.toml:1: not valid TOML: Invalid value"),
        (
            'book = "revolution-betrayed"\npart = "7"\ncolour = "red"\n',
            "7.toml:3: colour: unknown key",
        ),
        (
            'book = "revolution-betrayed"\npart = "7"\n[[points]]\ntext = 3\n',
            "7.toml:4: points[0].text: Input should be a valid string",
        ),
        (
            'book = "revolution-betrayed"\npart = "7"\n[[points]]\nsection = 9\ntext = "x"\n',
            "7.toml:4: points[0].section: no section 9 (Chapter VII has 3 sections)",
        ),
        (
            'book = "revolution-betrayed"\npart = "8"\n',
            "7.toml:2: part: says '8', but the file is '7'",
        ),
    ],
)
def test_broken_session_files_are_one_clear_line(
    run, tmp_path: Path, body: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    write_session(tmp_path, "7", body)
    err = one_line_error(run("--library", str(tmp_path), "session", "7"), EXIT_ERROR)
    assert message in err


def test_not_utf8_session(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_session(tmp_path, "7", "")
    path.write_bytes(b'book = "caf\xe9"\n')
    assert "7.toml:1: not UTF-8 text" in one_line_error(
        run("--library", str(tmp_path), "session", "7"), EXIT_ERROR
    )


def test_library_that_is_a_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "lib"
    file.write_text("x")
    assert "the library must be a folder" in one_line_error(
        run("--library", str(file), "outline"), EXIT_ERROR
    )


# --- as a process -----------------------------------------------------------------------


def studygroup_command() -> list[str]:
    return [str(Path(sys.executable).parent / "studygroup")]


def test_runs_from_an_empty_folder_and_as_a_module(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "STUDYGROUP_LIBRARY"}
    for command in (studygroup_command(), [sys.executable, "-m", "studygroup"]):
        done = subprocess.run(
            [*command, "session", "VI", "-f", "json"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        assert '"key": "6"' in done.stdout


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [*studygroup_command(), "session", "6"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what `| head -1` does
    err = process.stderr.read()
    process.wait(timeout=30)
    assert first.startswith(b"Chapter VI")
    assert err == b""
    assert process.returncode in (0, 141)


@pytest.mark.parametrize("args", [["session", "6"], ["outline"], ["--version"]])
def test_a_reader_gone_before_the_first_line_is_141(tmp_path: Path, args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone: the first write fails with EPIPE
    done = subprocess.run(
        [*studygroup_command(), *args], stdout=write, capture_output=False, stderr=subprocess.PIPE,
        cwd=tmp_path, check=False,
    )  # fmt: skip
    os.close(write)
    assert done.returncode == 141 and done.stderr == b""


def test_closed_or_full_stderr_changes_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "x.md"
    done = subprocess.run(
        [*studygroup_command(), "handout", "6", "-o", str(target)],
        stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL, cwd=tmp_path, check=False,
        preexec_fn=lambda: os.close(2),
    )  # fmt: skip
    assert done.returncode == 0 and target.is_file()  # 'wrote x.md' had nowhere to go
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [*studygroup_command(), "session", "12"], stderr=full, stdout=subprocess.DEVNULL,
            cwd=tmp_path, check=False,
        )  # fmt: skip
    assert done.returncode == 2  # the usage error's status, not the interpreter's 120


def test_a_path_the_system_refuses_is_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    long_name = str(tmp_path / ("a" * 300 + ".md"))
    for args in (["handout", "6", "-o", long_name], ["validate", long_name]):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr.startswith("studygroup: error: ") and result.stderr.count("\n") == 1
        assert "File name too long" in result.stderr


def test_terminal_gets_links_and_styles(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FORCE_COLOR", "1")  # what rich sees on a terminal
    out = run("session", "6").stdout
    # An OSC 8 hyperlink around the section title, which is not dimmed like its number.
    assert "\x1b]8;id=" in out
    assert (
        ";https://www.marxists.org/archive/trotsky/1936/revbet/ch06.htm#ch06-1\x1b\\Want, Luxury and Speculation"
        in out
    )
    assert "\x1b[1mChapter VI: THE GROWTH OF INEQUALITY AND SOCIAL ANTAGONISMS\x1b[0m" in out


def test_a_file_with_several_problems_points_to_validate(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_session(
        tmp_path,
        "7",
        'book = "revolution-betrayed"\npart = "7"\ncolour = 1\n[[points]]\ntext = 3\n',
    )
    err = one_line_error(run("--library", str(tmp_path), "session", "7"), EXIT_ERROR)
    assert (
        err
        == f"studygroup: error: {path}:3: colour: unknown key (and 1 more: studygroup validate {path} lists them)\n"
    )


@pytest.mark.parametrize("pager", ["less '", "no-such-pager-here", "cat", ""])
def test_a_pager_that_cannot_run_shows_the_text_directly(
    pager: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from studygroup.commands.common import _page

    monkeypatch.setenv("STUDYGROUP_PAGER", pager or "cat")
    _page("the whole text\n")
    assert capsys.readouterr().out == "the whole text\n"


def test_a_signal_wrapped_by_python_is_still_the_signal() -> None:
    """SIGTERM while a class is being made (a lazy import of a model) reaches the CLI's
    error boundary as a RuntimeError raised from it (Python 3.11): still 143, never a
    traceback."""
    from studygroup import cli
    from studygroup.errors import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated

    class Interrupting:
        def __set_name__(self, owner: type, name: str) -> None:
            raise Terminated

    try:
        type("Model", (), {"field": Interrupting()})  # as Python builds a class body
    except (RuntimeError, Terminated) as error:
        assert cli._signal_behind(error) == EXIT_TERMINATED
    for signal_error, status in (
        (Terminated(), EXIT_TERMINATED),
        (KeyboardInterrupt(), EXIT_INTERRUPTED),
    ):
        try:
            raise ValueError("wrapped") from signal_error
        except ValueError as error:
            assert cli._signal_behind(error) == status
    assert cli._signal_behind(ValueError("plain")) is None


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["outline"], {"outline"}),
        (["--library", "session", "session", "6"], {"session"}),  # a folder named session
        (["--no-pager", "--library=x", "search", "x"], {"search"}),
        (["import", "toc", "-h"], {"import"}),
        (["library"], {"library"}),
        (["session", "6", "--no-pager"], {"session"}),  # a global flag after the name
        (["-h"], None),
        ([], None),
        (["--version"], None),
        (["outlin"], None),  # unknown: Click says so, and offers the commands there are
    ],
)
def test_only_the_command_asked_for_is_built(args: list[str], built: set[str] | None) -> None:
    """Typer reads every command's signature to build it: `outline` builds outline
    alone; help and anything unknown build them all."""
    from studygroup import cli

    everything = set(cli.typer.main.get_command(cli.app).commands)  # type: ignore[attr-defined]
    commands = set(cli._click_command(cli._library_first(args)).commands)
    assert commands == (everything if built is None else built)


def test_a_command_built_alone_behaves_as_in_the_whole(run) -> None:  # type: ignore[no-untyped-def]
    assert run("outlin").stderr.startswith("studygroup: error: No such command 'outlin'")
    helped = run("--no-pager", "outline", "-h")
    assert helped.exit_code == 0 and "--library DIR (or STUDYGROUP_LIBRARY)" in " ".join(
        helped.stdout.split()
    )
    assert "outline" in run().stdout and "site" in run().stdout


def test_an_agenda_item_keeps_its_minutes_whole(run) -> None:  # type: ignore[no-untyped-def]
    shown = run("session", "6", "--no-pager")
    assert shown.exit_code == 0, shown.stderr
    agenda = shown.stdout.split("Agenda", 1)[1].splitlines()
    assert "         16 min" in agenda  # the title filled its line: the minutes on the next
    assert not any(line.strip() == "min" for line in agenda)
    # The kit's notes no longer say again what the read-aloud line says.
    assert not any(line.strip().startswith("Read aloud:") for line in agenda)

"""Handouts: every format carries the same content, the participant's copy keeps the
facilitator's material out, and files are written whole or not at all."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from readers import pdf_pages, read_html, read_markdown, read_pdf, squash
from studygroup.errors import EXIT_ERROR, EXIT_USAGE
from studygroup.library.store import Library

FIXTURE = (REPO / "tests" / "handout_fixture.toml").read_text(encoding="utf-8")
FORMATS = ["md", "html", "txt", "pdf"]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library" / "revolution-betrayed" / "sessions"
    folder.mkdir(parents=True)
    (folder / "7.toml").write_text(FIXTURE, encoding="utf-8")
    return tmp_path / "library"


def read(fmt: str, path: Path) -> str:
    """The words of a handout file as its reader meets them."""
    if fmt == "pdf":
        return read_pdf(path.read_bytes())
    text = path.read_text(encoding="utf-8")
    if fmt == "md":
        return read_markdown(text)[0]
    if fmt == "html":
        return read_html(text)[0]
    return squash(text)


def handout(run, tmp_path: Path, fmt: str, *args: str) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / f"handout-{fmt}-{len(args)}.{fmt}"
    result = run(*args[:2], "handout", *args[2:], "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"studygroup: wrote {path}\n"
    return read(fmt, path)


def chapter_6_quotations() -> list[list[str]]:
    library = Library.open()
    book = library.book()
    session = library.session(book, book.part("6"))  # type: ignore[arg-type]
    assert session is not None
    return [q.paragraphs for q in session.quotations]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_quotation_word_for_word(run, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    text = handout(run, tmp_path, fmt, "--library", str(tmp_path), "6")
    quotations = chapter_6_quotations()
    assert len(quotations) == 12
    for number, paragraphs in enumerate(quotations, 1):
        for paragraph in paragraphs:
            assert squash(paragraph) in text, (number, paragraph[:60])
    assert "Want, Luxury and Speculation" in text
    assert "https://www.marxists.org/archive/trotsky/1936/revbet/ch06.htm" in text or fmt in (
        "md",
        "html",
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_participant_and_facilitator_copies(run, tmp_path: Path, library: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    participant = handout(run, tmp_path, fmt, "--library", str(library), "7")
    facilitator = handout(run, tmp_path, fmt, "--library", str(library), "7", "--facilitator")
    shared = [
        "Chapter 7 – Family, Youth and Culture",
        "The family was to be replaced by social institutions; poverty brought it back.",
        "The revolution made a heroic effort to destroy the so-called “family hearth”.",
        "A quotation with Cyrillic: «Правда» and an em dash — kept to the letter.",
        "Why did the family come back, and was it the same family?",
        "section 1; quotation 1",
        "Komsomol",
        "The women’s department of the party, abolished in 1930.",
        "Abortion is made illegal again.",
        "The Woman Question, A. Kollontai",
        "counter-reading",
        "Questions for discussion",
        "Glossary",
        "Further reading",
    ]
    private = [
        "On the retreat:",
        "On culture – in Russian, культура:",
        "PRIVATE: ask Maria to read quotation 2.",
        "Opening round",
        "Keep it moving.",
        "90 minutes",
        "(Notes for the Thursday group.)",
        "Next time: chapter 8.",
    ]
    for phrase in shared:
        assert phrase.casefold() in participant.casefold(), phrase
        assert phrase.casefold() in facilitator.casefold(), phrase
    for phrase in private:
        assert phrase not in participant, phrase
        assert phrase.casefold() in facilitator.casefold(), phrase
    # The glossary is alphabetical whatever the file's order.
    assert participant.index("Komsomol") < participant.index("Zhenotdel")


def test_text_handout_is_wrapped_for_email(run) -> None:  # type: ignore[no-untyped-def]
    result = run("handout", "6", "--format", "txt")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    too_long = [line for line in lines if len(line) > 72 and " " in line.strip()]
    assert too_long == []
    assert "    After starting out with ‘socialist distribution’, the Soviet power" in lines


def test_text_formats_go_to_stdout_pdf_needs_a_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("md", "html", "txt"):
        result = run("handout", "VI", "-f", fmt)
        assert result.exit_code == 0 and "After starting out with" in result.stdout
        assert result.stderr == ""
        dashed = run("handout", "VI", "-f", fmt, "-o", "-")
        assert dashed.stdout == result.stdout
    refused = run("handout", "6", "-f", "pdf")
    assert refused.exit_code == EXIT_USAGE  # a command-line mistake, as a bad --format is
    assert (
        refused.stderr
        == "studygroup: error: a PDF is binary: give -o FILE (or -o - to write it to stdout)\n"
    )
    both = run("handout", "6", "--catch-up", "--facilitator")
    assert both.exit_code == EXIT_USAGE and "leave out --facilitator" in both.stderr


def test_pdf_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    from studygroup.cli import main

    assert main(["handout", "6", "-f", "pdf", "-o", "-"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"%PDF-") and 3 <= pdf_pages(data) <= 10


def test_existing_file_is_never_replaced_without_force(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.md"
    path.write_text("mine", encoding="utf-8")
    result = run("handout", "6", "-o", str(path))
    assert (result.exit_code, result.stdout) == (EXIT_ERROR, "")
    assert (
        result.stderr == f"studygroup: error: {path}: already exists (use --force to replace it)\n"
    )
    assert path.read_text(encoding="utf-8") == "mine"
    assert run("handout", "6", "-o", str(path), "--force").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("*Reading group handout*")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.md"]  # no temporary left


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing/h.pdf", "h.pdf: cannot write: the folder {tmp}/missing does not exist"),
        ("", "{tmp}: is a folder; name a file to write"),
        ("file/h.pdf", "h.pdf: cannot write: {tmp}/file is not a folder"),
    ],
)
def test_unwritable_places(run, tmp_path: Path, target: str, message: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "file").write_text("x")
    path = tmp_path / target if target else tmp_path
    result = run("handout", "6", "-f", "pdf", "-o", str(path))
    assert result.exit_code == EXIT_ERROR and result.stdout == ""
    assert message.format(tmp=tmp_path) in result.stderr
    assert result.stderr.count("\n") == 1


def test_folder_without_write_permission(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.geteuid() == 0:  # root writes anywhere: let the check see what a user would
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == locked else real(p, m))
    try:
        result = run("handout", "6", "-o", str(locked / "h.html"), "-f", "html")
    finally:
        locked.chmod(0o700)
    assert result.exit_code == EXIT_ERROR
    assert (
        result.stderr
        == f"studygroup: error: {locked / 'h.html'}: cannot write: permission denied\n"
    )
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize(
    "failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()]
)
def test_failure_while_writing_leaves_nothing(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:  # type: ignore[no-untyped-def]
    def broken_fsync(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", broken_fsync)
    result = run("handout", "6", "-f", "txt", "-o", str(tmp_path / "h.txt"))
    assert list(tmp_path.iterdir()) == []
    if isinstance(failure, KeyboardInterrupt):
        assert result.exit_code == 130
    else:
        assert result.exit_code == EXIT_ERROR
        assert result.stderr.endswith("h.txt: cannot write: no space left on the device\n")


def test_unknown_format_and_part(run) -> None:  # type: ignore[no-untyped-def]
    bad = run("handout", "6", "--format", "docx")
    assert bad.exit_code == EXIT_USAGE and bad.stdout == ""
    assert "'docx' is not one of 'md', 'html', 'pdf', 'txt'" in bad.stderr
    missing = run("handout", "13", "-f", "pdf", "-o", "x.pdf")
    assert missing.exit_code == EXIT_USAGE and "valid keys" in missing.stderr


def test_html_is_self_contained_and_prints_on_a4(run) -> None:  # type: ignore[no-untyped-def]
    page = run("handout", "6", "-f", "html").stdout
    text, tags, hrefs = read_html(page)
    assert "<script" not in page and "src=" not in page and "@import" not in page
    assert "size: A4" in page and 'content: counter(page) " / " counter(pages)' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert all(href.startswith("https://www.marxists.org/") for href in hrefs)
    assert "blockquote" in tags and "Lead-in" not in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_html_prints_in_a_real_browser(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    assert CHROMIUM, (
        "Chromium is needed to test the printed HTML: the README's test command installs it"
    )
    page = tmp_path / "h.html"
    assert run("handout", "6", "-f", "html", "-o", str(page)).exit_code == 0
    printed = tmp_path / "printed.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = printed.read_bytes()
    assert 4 <= pdf_pages(data) <= 16
    text = read_pdf(data)
    for paragraphs in chapter_6_quotations():
        for paragraph in paragraphs:
            assert squash(paragraph) in text, paragraph[:60]


def test_pdf_breaks_words_longer_than_a_line_and_names_what_it_cannot_print(
    run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    long_word = "Dictatorship" * 12  # 144 letters with no space: wider than the page
    folder = tmp_path / "library" / "revolution-betrayed" / "sessions"
    folder.mkdir(parents=True)
    (folder / "7.toml").write_text(
        'book = "revolution-betrayed"\npart = "7"\n\n[[quotations]]\n'
        f'paragraphs = ["Before {long_word} after.", "A line in Chinese: 无产阶级 😀."]\n',
        encoding="utf-8",
    )
    target = tmp_path / "seven.pdf"
    result = run("--library", str(tmp_path / "library"), "handout", "7", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    warning, wrote = result.stderr.splitlines()
    assert wrote == f"studygroup: wrote {target}"
    assert "the PDF's fonts have no letters for 5 characters (无 产 阶 级 😀)" in warning
    # The word is whole, broken across lines only (where text extraction sees a space).
    text = read_pdf(target.read_bytes())
    assert f"Before{long_word}after." in text.replace(" ", "")


def test_breakable_inserts_only_invisible_breaks() -> None:
    from studygroup.render.pdf import breakable

    assert breakable("short words stay as they are") == "short words stay as they are"
    long = "https://example.org/" + "a" * 40
    broken = breakable(f"see {long} now")
    assert broken.replace("\u200b", "") == f"see {long} now"
    assert all(len(piece) <= 16 for piece in broken.split()[1].split("\u200b"))


def test_pdf_breaks_an_address_longer_than_a_line_and_keeps_short_ones_whole(
    run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import re
    import subprocess

    long_url = "https://example.org/" + "x" * 380
    folder = tmp_path / "library" / "revolution-betrayed" / "sessions"
    folder.mkdir(parents=True)
    (folder / "7.toml").write_text(
        'book = "revolution-betrayed"\npart = "7"\n\n[[further_reading]]\n'
        f'title = "A very long address"\nurl = "{long_url}"\n',
        encoding="utf-8",
    )
    target = tmp_path / "seven.pdf"
    result = run("--library", str(tmp_path / "library"), "handout", "7", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])  # type: ignore[index]
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
    assert right < width - 30  # within the page's margin
    # The chapter's own address, short, is one word when copied.
    assert "https://www.marxists.org/archive/trotsky/1936/revbet/ch07.htm" in read_pdf(
        target.read_bytes()
    )

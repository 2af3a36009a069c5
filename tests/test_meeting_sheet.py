"""The handout as a meeting sheet: which meeting, when, where and who, when the group
has a programme; always what to read before it; and codes to scan beside its links."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from readers import read_html, read_markdown, read_pdf, squash

PLAN = [
    "plan",
    "--name",
    "Tuesday group",
    "--place",
    "Marx Memorial Library",
    "--tz",
    "Europe/London",
    "--start",
    "2026-10-13",
    "--facilitator",
    "6=Ana",
]
CHAPTER = "https://www.marxists.org/archive/trotsky/1936/revbet/ch06.htm"


def words(fmt: str, path: Path) -> str:
    if fmt == "pdf":
        return read_pdf(path.read_bytes())
    text = path.read_text(encoding="utf-8")
    if fmt == "md":
        return read_markdown(text)[0]
    if fmt == "html":
        return read_html(text)[0]
    return squash(text)


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "pdf"])
def test_the_meeting_is_on_the_sheet_when_there_is_a_programme(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    without = tmp_path / f"without.{fmt}"
    assert run("handout", "6", "-o", str(without)).exit_code == 0
    before = words(fmt, without)
    assert run(*PLAN).exit_code == 0
    within = tmp_path / f"within.{fmt}"
    assert run("handout", "6", "-o", str(within)).exit_code == 0
    after = words(fmt, within)
    meeting = [
        "Meeting 7 of Tuesday group: Tue 24 Nov 2026, 19:00–20:30 GMT",
        "Times in Europe/London",
        "Where: Marx Memorial Library",
        "Facilitator: Ana",
    ]
    for line in meeting:
        assert line in after, line
        assert line not in before, line
    for text in (before, after):
        # Always: what to read, where, and what to read for.
        # (The PDF sets its headings in capitals.)
        assert "before the meeting" in text.casefold() and "Read for:" in text
        assert "4. The Social Physiognomy of the Ruling Stratum" in text
        assert "How Trotsky explains inequality" in text
    assert after.index("Meeting 7") < after.casefold().index("before the meeting")


def test_a_meeting_of_another_programme_is_named_with_its_place(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert run(*PLAN, "--programme", "autumn.toml").exit_code == 0
    named = run("handout", "6", "-f", "txt", "--programme", "autumn.toml").stdout
    assert "Meeting 7 of Tuesday group" in squash(named)
    missing = run("handout", "6", "--programme", "nowhere.toml")
    assert missing.exit_code == 1 and "nowhere.toml: no programme here" in missing.stderr


def _decoded(pdf: Path, tmp_path: Path) -> list[str]:
    """Every QR code on the PDF's pages, decoded: what a phone's camera reads."""
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(prefix)], check=True)
    found: list[str] = []
    for image in sorted(tmp_path.glob("page-*.png")):
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode in (0, 4), result.stderr  # 4: a page without codes
        found += result.stdout.split()
    return found


def test_qr_codes_beside_the_links_decode_to_them(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "six.pdf"
    assert run("handout", "6", "-o", str(pdf)).exit_code == 0
    decoded = _decoded(pdf, tmp_path)
    data = run("session", "6", "-f", "json").json()
    links = [r["url"] for r in data["further_reading"] if r["url"]]
    # One beside the reading, one beside each further reading with an address.
    assert sorted(decoded) == sorted([CHAPTER, *links])
    # Each address is printed in full, too.
    text = read_pdf(pdf.read_bytes()).replace(" ", "")
    for link in [CHAPTER, *links]:
        assert link in text

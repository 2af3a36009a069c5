"""Whole-process time of `studygroup site` against `studygroup handout 6 --format html`.

1. The built-in book with a planned season (13 meetings: 29 pages, 14 PDF handouts,
   the calendar and Pagefind's index), as a ratio to one HTML handout for the same
   programme. Target: under 10.
2. The same site from libraries of 1, 5, 10 and 20 books (copies of the built-in book
   and its notes in a user library, the season on the first): the time should grow
   at most linearly with the library, and here not at all, since a site reads only
   its season's book.

Every command runs as a fresh process, interleaved with the others, and the medians
are compared (timing.py).

    python benchmarks/site.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

from timing import compare, studygroup_command

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
    "--join",
    "intro+I",
    "--skip",
    "2026-12-22",
    "--facilitator",
    "6=Ana",
]
SIZES = (1, 5, 10, 20)


def library_of(folder: Path, books: int) -> Path:
    """A user library of `books` copies of the built-in book, each with its notes."""
    data = files("studygroup") / "data" / "revolution-betrayed"
    book = (data / "book.toml").read_text(encoding="utf-8")
    notes = (data / "sessions" / "6.toml").read_text(encoding="utf-8")
    for number in range(1, books + 1):
        slug = f"copy-{number}"
        (folder / slug / "sessions").mkdir(parents=True)
        (folder / slug / "book.toml").write_text(
            book.replace('slug = "revolution-betrayed"', f'slug = "{slug}"'), encoding="utf-8"
        )
        (folder / slug / "sessions" / "6.toml").write_text(
            notes.replace('book = "revolution-betrayed"', f'book = "{slug}"'), encoding="utf-8"
        )
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    studygroup = studygroup_command()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        empty = root / "empty-library"
        empty.mkdir()
        os.environ["STUDYGROUP_LIBRARY"] = str(empty)
        programme = root / "studygroup.toml"
        subprocess.run(
            [studygroup, *PLAN],
            cwd=root,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        print("1. The built-in book, a season of 13 meetings")
        medians = compare(
            {
                "handout 6 --format html": [
                    studygroup,
                    "handout",
                    "6",
                    "--format",
                    "html",
                    "--programme",
                    str(programme),
                ],
                "site": [
                    studygroup,
                    "site",
                    "-o",
                    str(root / "site"),
                    "--programme",
                    str(programme),
                ],
            },
            args.runs,
        )
        ratio = medians["site"] / medians["handout 6 --format html"]
        print(f"ratio site/handout html: {ratio:.2f} (target < 10)")
        count = sum(1 for path in (root / "site").rglob("*") if path.is_file())
        size = sum(path.stat().st_size for path in (root / "site").rglob("*") if path.is_file())
        print(f"site: {count} files, {size / 1e6:.1f} MB")

        print("\n2. Libraries of 1 to 20 books, the season on the first")
        commands: dict[str, list[str]] = {}
        for books in SIZES:
            folder = root / f"library-{books}"
            library_of(folder, books)
            season = root / f"season-{books}.toml"
            subprocess.run(
                [studygroup, "--library", str(folder), *PLAN, "--book", "copy-1"]
                + ["--programme", str(season)],
                cwd=root,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            commands[f"{books} books"] = [
                studygroup,
                "--library",
                str(folder),
                "site",
                "-o",
                str(root / f"site-{books}"),
                "--programme",
                str(season),
            ]
        by_size = compare(commands, args.runs)
        first, last = by_size[f"{SIZES[0]} books"], by_size[f"{SIZES[-1]} books"]
        slope = (last - first) / (SIZES[-1] - SIZES[0])
        print(
            f"20 books: {last * 1000:.0f} ms; growth {slope * 1000:+.1f} ms a book "
            f"({last / first:.2f}× the time for 1 book, for 20× the books: linear or less)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

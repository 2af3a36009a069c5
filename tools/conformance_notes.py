"""How the notes importer does on real notes (../shared/realworld/notes).

python tools/conformance_notes.py [--notes DIR] [--mia DIR]

Each set of notes listed in tools/expected/notes.toml is imported as `import notes`
imports it, from its bytes, and compared with what a reading by hand found there.
One block per file, then the totals:

  quotations   found / expected; exact: the same paragraphs, first and last words,
               lead-in (or its sharing), reference, source, link, part and section
  questions    found / expected, exact: the same first words in the same part
  points       found / expected, per part
  source       the notes' title, author and date
  left out     the lines reported as left out, with the reason, against the expected

`notes_section(notes_dir, mia_dir)` is what tools/conformance.py calls; it returns
whether every file is exact.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studygroup.domain.book import Book, Part
from studygroup.domain.session import Quotation
from studygroup.errors import StudygroupError
from studygroup.sources.notes import ImportedNotes, detect_format, read_notes

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tools" / "expected" / "notes.toml"
DEFAULT_NOTES = ROOT.parent / "shared" / "realworld" / "notes"
DEFAULT_MIA = ROOT.parent / "shared" / "realworld" / "mia"
STATEREV = "archive/lenin/works/1917/staterev/index.htm"
SITE = "https://www.marxists.org/"

_MARKS = re.compile(r"[\"'‘’“”‚„«»*_]")


def words(text: str | None) -> str:
    """Text as compared: no quotation marks or emphasis, spaces collapsed."""
    return " ".join(_MARKS.sub("", text or "").split())


@dataclass
class Totals:
    files: int = 0
    exact_files: int = 0
    quotations: int = 0
    expected_quotations: int = 0
    exact_quotations: int = 0
    questions: int = 0
    expected_questions: int = 0
    exact_questions: int = 0
    points: int = 0
    expected_points: int = 0
    left_out: int = 0
    expected_left_out: int = 0
    failed: list[str] = field(default_factory=list)


def _staterev_book(mia: Path | None) -> Book:
    """Lenin's The State and Revolution: from the archive's contents page if the
    contents reader is there, else the chapters the sheet's headings name."""
    page = mia / STATEREV if mia else None
    if page is not None and page.is_file():
        try:
            from studygroup.sources import contents
            from studygroup.sources.decode import decode_html

            read = getattr(contents, "read_contents", None)
            if read is not None:
                text = decode_html(page.read_bytes())
                found = read(text, fmt="html", url=SITE + STATEREV, origin=str(page))
                return Book(
                    slug="the-state-and-revolution",
                    title=found.title,
                    author=found.author or "V. I. Lenin",
                    parts=found.parts,
                    groups=found.groups,
                )
        except (StudygroupError, ImportError) as error:
            print(f"  (contents page not read: {error}; using the chapters' titles)")
    titles = [
        "Class Society and the State",
        "The Experience of 1848-51",
        "Experience of the Paris Commune of 1871. Marx's Analysis",
        "Supplementary Explanations by Engels",
        "The Economic Basis of the Withering Away of the State",
        "The Vulgarisation of Marxism by Opportunists",
    ]
    parts = [
        Part(key=str(n), kind="chapter", number=n, title=title)
        for n, title in enumerate(titles, start=1)
    ]
    return Book(
        slug="the-state-and-revolution",
        title="The State and Revolution",
        author="V. I. Lenin",
        parts=parts,
    )


def _one_part_book(title: str, author: str) -> tuple[Book, Part]:
    part = Part(key="1", kind="other", title=title, sections=[])
    return Book(slug="notes", title=title, author=author, parts=[part]), part


def _quotation_problems(found: Quotation, part: str, expected: dict[str, Any]) -> list[str]:
    out = []
    if expected.get("part", "1") != part:
        out.append(f"part {part}, not {expected.get('part', '1')}")
    if len(found.paragraphs) != expected["paragraphs"]:
        out.append(f"{len(found.paragraphs)} paragraphs, not {expected['paragraphs']}")
    if not words(found.paragraphs[0]).startswith(words(expected["first"])):
        out.append(f"first words {words(found.paragraphs[0])[:50]!r}")
    if not words(found.paragraphs[-1]).endswith(words(expected["last"])):
        out.append(f"last words {words(found.paragraphs[-1])[-50:]!r}")
    lead = expected.get("lead_in")
    if lead is not None and not words(found.lead_in).startswith(words(lead)):
        out.append(f"lead-in {words(found.lead_in)[:40]!r}, not {lead!r}")
    if lead is None and found.lead_in is not None:
        out.append(f"a lead-in where there is none: {found.lead_in[:40]!r}")
    if bool(expected.get("shares")) != found.shares_lead_in:
        out.append(f"shares_lead_in {found.shares_lead_in}")
    for key in ("section", "reference", "source", "url"):
        value = getattr(found, key)
        want = expected.get(key)
        same = value == want if key == "section" else words(value) == words(want)
        if not same and not (value is None and want is None):
            out.append(f"{key} {value!r}, not {want!r}")
    return out


def check_file(
    path: Path, facts: dict[str, Any], mia: Path | None, totals: Totals, verbose: bool
) -> bool:
    if "book_title" in facts:
        book, part = _one_part_book(facts["book_title"], facts["book_author"])
        given: Part | None = part
    else:
        book, given = _staterev_book(mia), None
    data = path.read_bytes()
    print(f"{path.name}")
    try:
        imported = read_notes(
            data, fmt=detect_format(path.name, data), book=book, part=given, origin=path.name
        )
    except StudygroupError as error:
        print(f"  FAILED: {error}")
        totals.failed.append(path.name)
        return False
    return _compare(imported, facts, totals, verbose)


def _compare(imported: ImportedNotes, facts: dict[str, Any], totals: Totals, verbose: bool) -> bool:
    exact = True
    found = [(s.part.key, q) for s in imported.sessions for q in s.quotations]
    expected = facts.get("quotations", [])
    totals.quotations += len(found)
    totals.expected_quotations += len(expected)
    matched = 0
    problems: list[str] = []
    unmatched = list(found)
    for want in expected:
        hit = next(
            (
                pair
                for pair in unmatched
                if words(pair[1].paragraphs[0]).startswith(words(want["first"]))
            ),
            None,
        )
        if hit is None:
            problems.append(f"line {want['line']}: not found ({want['first']!r})")
            continue
        unmatched.remove(hit)
        wrong = _quotation_problems(hit[1], hit[0], want)
        if wrong:
            problems.append(f"line {want['line']}: " + "; ".join(wrong))
        else:
            matched += 1
    for part, quote in unmatched:
        problems.append(f"found, not expected (part {part}): {words(quote.paragraphs[0])[:50]!r}")
    totals.exact_quotations += matched
    print(f"  quotations  {len(found)}/{len(expected)} found, {matched} exact")
    exact &= matched == len(expected) == len(found)

    questions = [(s.part.key, q.text) for s in imported.sessions for q in s.questions]
    wanted = facts.get("questions", [])
    same = sum(
        1
        for (part, text), want in zip(questions, wanted, strict=False)
        if part == want["part"] and words(text).startswith(words(want["first"]))
    )
    totals.questions += len(questions)
    totals.expected_questions += len(wanted)
    totals.exact_questions += same
    print(f"  questions   {len(questions)}/{len(wanted)} found, {same} exact")
    if same != len(wanted) or len(questions) != len(wanted):
        exact = False
        for index, (part, text) in enumerate(questions):
            want = wanted[index] if index < len(wanted) else None
            if (
                want is None
                or part != want["part"]
                or not words(text).startswith(words(want["first"]))
            ):
                problems.append(f"question {index + 1} (part {part}): {text[:60]!r}")
                break

    points = {s.part.key: len(s.points) for s in imported.sessions if s.points}
    want_points = facts.get("points", {})
    totals.points += sum(points.values())
    totals.expected_points += sum(want_points.values())
    print(f"  points      {_per_part(points)} / {_per_part(want_points)}")
    if points != want_points:
        exact = False
        problems.append(f"points {points}, not {want_points}")

    source = imported.source
    got = (source.title or "", source.author or "", source.date or "")
    want_source = (facts.get("title", ""), facts.get("author", ""), facts.get("date", ""))
    print(f"  source      {'same' if got == want_source else f'{got} ≠ {want_source}'}")
    if got != want_source:
        exact = False

    left = [[item.line, item.why] for item in imported.left_out]
    want_left = facts.get("left_out", [])
    totals.left_out += len(left)
    totals.expected_left_out += len(want_left)
    print(f"  left out    {len(left)}/{len(want_left)} lines" + ("" if left == want_left else " ≠"))
    if left != want_left:
        exact = False
        for item in left:
            if item not in want_left:
                problems.append(f"left out, not expected: line {item[0]} ({item[1]})")
        for item in want_left:
            if item not in left:
                problems.append(f"not left out: line {item[0]} ({item[1]})")
    exact &= not problems
    shown = problems if verbose else problems[:8]
    for problem in shown:
        print(f"    {problem}")
    if len(problems) > len(shown):
        print(f"    … {len(problems) - len(shown)} more (--verbose)")
    print(f"  {'exact' if exact else 'NOT exact'}")
    return exact


def _per_part(counts: dict[str, int]) -> str:
    if list(counts) == ["1"]:
        return str(counts["1"])
    return " ".join(f"{key}:{value}" for key, value in counts.items()) or "0"


def notes_section(notes_dir: Path, mia_dir: Path | None, verbose: bool = False) -> bool:
    """Import every set of notes the expected file lists; print how each compares, and
    the totals. True if every one is exact."""
    expected = tomllib.loads(EXPECTED.read_text(encoding="utf-8"))
    totals = Totals()
    print("Notes: the importer on real notes, against a reading by hand")
    for facts in expected["notes"]:
        path = notes_dir / facts["file"]
        totals.files += 1
        if not path.is_file():
            print(f"{facts['file']}\n  MISSING")
            totals.failed.append(facts["file"])
            continue
        if check_file(path, facts, mia_dir, totals, verbose):
            totals.exact_files += 1
    print(
        f"Notes totals: {totals.exact_files}/{totals.files} files exact; "
        f"quotations {totals.quotations}/{totals.expected_quotations} found, "
        f"{totals.exact_quotations} exact; "
        f"questions {totals.questions}/{totals.expected_questions}, "
        f"{totals.exact_questions} exact; "
        f"points {totals.points}/{totals.expected_points}; "
        f"left out {totals.left_out}/{totals.expected_left_out}"
        + (f"; failed: {', '.join(totals.failed)}" if totals.failed else "")
    )
    return totals.exact_files == totals.files


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=Path, default=DEFAULT_NOTES)
    parser.add_argument("--mia", type=Path, default=DEFAULT_MIA)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    return 0 if notes_section(args.notes, args.mia, args.verbose) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

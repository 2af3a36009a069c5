"""The book's text on real pages: State and Revolution, and a study group's sheet on it.

python tools/conformance_text.py [--mia DIR] [--notes DIR]

The archive's pages under DIR (default ../shared/realworld/mia) are served from a
local web server. The contents page of Lenin's The State and Revolution is imported
from it, each part's pages are fetched through the client and its cache (a cache of
its own, in a temporary folder), and their text is extracted and kept in the text
store (and read back from it). Pages the folder lacks (chapter VI) are reported,
not fatal. One line per part: words, reading minutes at 150 words a minute, words by
section.

Then the sheet `project-revolt-2022-08-28-state-and-rev.md` is read as
`import notes` reads it, and every quotation is checked against the text of every
part (a quotation may come from another chapter than its heading says). One block per
quotation: its first words, the verdict, the chapter and section it was found in,
and each difference; then the totals. What a reading by hand found (which quotations
are in the book, where, and the kinds of their differences) is in
tools/expected/text.toml; the section passes when every quotation that is in the text
at hand is found in the right chapter and section with the differences read by hand,
and no other quotation is claimed.

`text_section(mia_dir, notes_dir)` is what tools/conformance.py calls.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from studygroup.domain.book import Book
from studygroup.domain.text import PartText, reading_minutes
from studygroup.errors import StudygroupError
from studygroup.library import text_store
from studygroup.sources.contents import read_contents
from studygroup.sources.decode import decode_html
from studygroup.sources.fetch import Fetcher, FetchError, Page
from studygroup.sources.notes import read_notes
from studygroup.sources.text_extract import extract, pages_of
from studygroup.sources.text_match import Verdict, check

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tools" / "expected" / "text.toml"
DEFAULT_MIA = ROOT.parent / "shared" / "realworld" / "mia"
DEFAULT_NOTES = ROOT.parent / "shared" / "realworld" / "notes"
CONTENTS = "archive/lenin/works/1917/staterev/index.htm"
SHEET = "project-revolt-2022-08-28-state-and-rev.md"
SLUG = "the-state-and-revolution"

_MARKS = re.compile(r"[\"'‘’“”‚„«»*_.…]")


def words(text: str | None) -> str:
    """Text as compared: no quotation marks, emphasis or dots, spaces collapsed."""
    return " ".join(_MARKS.sub(" ", text or "").split()).casefold()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Site:
    """The folder served on 127.0.0.1: /archive/… is DIR/archive/…"""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/{path}"

    def __enter__(self) -> _Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Totals:
    quotations: int = 0
    exact: int = 0
    differs: int = 0
    not_found: int = 0
    expected_in_text: int = 0
    right: int = 0
    not_at_hand: int = 0
    expected_elsewhere: int = 0
    claimed: int = 0
    problems: list[str] = field(default_factory=list)


def _book(site: _Site, mia: Path) -> Book:
    data = (mia / CONTENTS).read_bytes()
    contents = read_contents(decode_html(data), fmt="html", url=site.url(CONTENTS), origin=CONTENTS)
    return Book(
        slug=SLUG,
        title=contents.title,
        author=contents.author or "V. I. Lenin",
        parts=contents.parts,
        groups=contents.groups,
    )


def _texts(book: Book, cache: Path) -> tuple[list[PartText], list[str]]:
    """Every part's text, fetched through the client, kept and read back."""
    texts: list[PartText] = []
    missing: list[str] = []
    with Fetcher(cache / "web", attempts=1, timeout=10) as fetcher:
        wanted = [url for part in book.parts for url in pages_of(part)]
        fetched = fetcher.get_many(wanted)
    for part in book.parts:
        pages: dict[str, str] = {}
        for url in pages_of(part):
            page = fetched.get(url)
            if isinstance(page, Page):
                pages[url] = decode_html(page.data, page.charset)
            elif isinstance(page, FetchError):
                missing.append(f"part {part.key}: {page.message}")
        if not pages:
            continue
        text = extract(part, pages)
        text_store.save(SLUG, text, cache)
        kept = text_store.load(SLUG, part.key, cache)
        if kept != text:
            missing.append(f"part {part.key}: the text store gave back another text")
        texts.append(kept or text)
    return texts, missing


def _reading(book: Book, texts: list[PartText]) -> None:
    for text in texts:
        part = book.part(text.key)
        assert part is not None
        by_section = text.section_words()
        sections = " ".join(
            f"§{number} {by_section.get(number, 0)}" for number in range(1, len(part.sections) + 1)
        )
        opening = f"(opening {by_section[None]}) " if by_section.get(None) else ""
        kinds = {kind: sum(1 for p in text.paragraphs if p.kind == kind) for kind in _KINDS}
        print(
            f"  {part.label}: {text.words} words, {reading_minutes(text.words):.0f} min; "
            f"{opening}{sections}".rstrip("; ")
            + f"; {kinds['text']} paragraphs, {kinds['quote']} block quotations, "
            f"{kinds['note']} notes"
        )


_KINDS = ("text", "quote", "note")


def _show(text: str) -> str:
    """A difference's side as printed: long stretches cut, look-alike characters
    (a Greek question mark for a semicolon) named by their code."""
    if len(text) > 100:
        words = text.split()
        text = " ".join(words[:10]) + " … " + " ".join(words[-4:])
    shown = "".join(
        char if ord(char) < 0x250 or 0x2000 <= ord(char) < 0x2070 else f"<U+{ord(char):04X}>"
        for char in text
    )
    return f"⟨{shown}⟩" if shown else "nothing"


def _where(book: Book, key: str | None, section: int | None) -> str:
    if key is None:
        return "not in the book"
    part = book.part(key)
    label = part.label if part else key
    if section is None:
        return f"{label}, before its first section"
    title = part.sections[section - 1].title if part and section <= len(part.sections) else ""
    return f"{label} §{section} {title}".rstrip()


def _best(paragraphs: list[str], texts: list[PartText]) -> tuple[str | None, Verdict]:
    choice: tuple[str | None, Verdict] = (None, Verdict("not found", None, None, [], 0.0))
    for text in texts:
        verdict = check(paragraphs, text)
        if verdict.status != "not found" and verdict.score > choice[1].score:
            choice = (text.key, verdict)
    return choice


def _judge(
    number: int,
    first: str,
    key: str | None,
    verdict: Verdict,
    want: dict[str, Any] | None,
    at_hand: set[str],
    totals: Totals,
) -> str:
    """How the verdict stands against the reading by hand: "" when it agrees."""
    if want is None:
        totals.problems.append(f"[{number}] not in {EXPECTED.name}: {first!r}")
        return "not in the expected file"
    part = want.get("part")
    if part is None:
        totals.expected_elsewhere += 1
        if key is not None:
            totals.claimed += 1
            totals.problems.append(f"[{number}] claimed for part {key}: {first!r}")
            return f"claimed, but it is {want.get('source', 'from elsewhere')}"
        return ""
    if part not in at_hand:
        totals.not_at_hand += 1
        return ""
    totals.expected_in_text += 1
    wrong: list[str] = []
    if key != part or verdict.section != want.get("section"):
        wrong.append(f"expected part {part} §{want.get('section')}")
    kinds = sorted({difference.kind for difference in verdict.differences})
    if "differences" in want and kinds != sorted(want["differences"]):
        wrong.append(f"differences {kinds}, read by hand {sorted(want['differences'])}")
    if wrong:
        totals.problems.append(f"[{number}] " + "; ".join(wrong) + f": {first!r}")
        return "; ".join(wrong)
    totals.right += 1
    return ""


def text_section(mia_dir: Path, notes_dir: Path) -> bool:
    """Fetch State and Revolution from a local server, extract its text, check the
    sheet's quotations against it; print what came of it; whether all is as expected."""
    print("== text")
    if not (mia_dir / CONTENTS).is_file() or not (notes_dir / SHEET).is_file():
        print(f"text: {mia_dir / CONTENTS} or {notes_dir / SHEET} is not here; nothing to measure")
        return True
    expected = tomllib.loads(EXPECTED.read_text(encoding="utf-8"))["quotations"]
    totals = Totals()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="studygroup-text-") as folder, _Site(mia_dir) as site:
        book = _book(site, mia_dir)
        texts, missing = _texts(book, Path(folder))
    fetched = time.perf_counter()
    print(f"{book.title}: {len(texts)} of {len(book.parts)} parts fetched and read")
    for line in missing:
        print(f"  missing: {line}")
    _reading(book, texts)
    try:
        imported = read_notes(
            (notes_dir / SHEET).read_bytes(), fmt="markdown", book=book, part=None, origin=SHEET
        )
    except StudygroupError as error:
        print(f"{SHEET}: FAILED: {error}")
        return False
    at_hand = {text.key for text in texts}
    checking = time.perf_counter()
    number = 0
    for session in imported.sessions:
        for quotation in session.quotations:
            number += 1
            totals.quotations += 1
            first = " ".join(quotation.paragraphs[0].split()[:8])
            key, verdict = _best(quotation.paragraphs, texts)
            totals.exact += verdict.status == "exact"
            totals.differs += verdict.status == "differs"
            totals.not_found += verdict.status == "not found"
            opening = words(quotation.paragraphs[0])
            want = next(
                (item for item in expected if opening.startswith(words(item["first"]))), None
            )
            problem = _judge(number, first, key, verdict, want, at_hand, totals)
            heading = f"{session.part.label}" + (
                f" §{quotation.section}" if quotation.section else ""
            )
            print(f"[{number}] “{first}…” (notes: {heading})")
            where = _where(book, key, verdict.section)
            status = verdict.status if key is None else f"{verdict.status}: {where}"
            if (
                key is None
                and want is not None
                and want.get("part")
                and want["part"] not in at_hand
            ):
                status += (
                    f" (in {_where(book, want['part'], want.get('section'))}, a page not at hand)"
                )
            elif key is None and want is not None and want.get("source"):
                status += f" ({want['source']})"
            print(f"    {status}" + (f"  ← {problem}" if problem else ""))
            for difference in verdict.differences:
                print(
                    f"      {difference.kind}: notes {_show(difference.notes)} · "
                    f"text {_show(difference.text)}"
                )
    done = time.perf_counter()
    print(
        f"text totals: {totals.quotations} quotations: {totals.exact} exact, {totals.differs} "
        f"found with differences, {totals.not_found} not found; of "
        f"{totals.expected_in_text} in the text at hand, {totals.right} found in the right "
        f"chapter and section with the differences read by hand; {totals.not_at_hand} on "
        f"pages not at hand; {totals.expected_elsewhere} from elsewhere, {totals.claimed} "
        f"claimed (fetch and extract {fetched - started:.2f} s, check "
        f"{done - checking:.2f} s)"
    )
    for problem in totals.problems:
        print(f"  problem: {problem}")
    return not totals.problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mia", type=Path, default=DEFAULT_MIA, help="the works' folder")
    parser.add_argument("--notes", type=Path, default=DEFAULT_NOTES, help="the notes' folder")
    args = parser.parse_args(argv)
    return 0 if text_section(args.mia, args.notes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

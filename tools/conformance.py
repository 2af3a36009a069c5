"""How the importers do on the archive's own pages (../shared/realworld).

python tools/conformance.py [--mia DIR] [--verbose]

Section "contents": every contents page (index.htm) under DIR (default
../shared/realworld/mia beside the repository) is read as `import toc` reads it, from
its bytes, with the address it has on the site. One line per work says what was
found, and the totals close the section:

  parts, chapters, sections, groups     what the outline holds
  kind                                  book, collection, or "not a book: …"
  missing                               links of the page into the work that are
                                        neither a part's nor a section's address
  order                                 links placed out of the page's order
  levels                                entries at a suspicious level: a fragment
                                        of the page of the part before, placed as
                                        a part; a section on another chapter's page
  skipped, unplaced                     lines not understood, links not placed (the
                                        importer reports both)
  mojibake                              titles with U+FFFD, "â€", "Ã©", "Ð…" runs,
                                        C1 controls or Cyrillic glued to Latin

Section "notes" (tools/conformance_notes.py): the seven real sets of notes under
../shared/realworld/notes, imported as `import notes` imports them, against what a
reading by hand found in each (tools/expected/notes.toml).

Section "text" (tools/conformance_text.py): State and Revolution served from a local
server over DIR, imported and its text fetched as `import toc` and `text` do; every
quotation of the study group's sheet on it checked against the text: found (chapter,
section, differences) or not, against tools/expected/text.toml.

Each section is a function called from main(); the exit status is 0 unless a page
made the importer fail with something other than a clear refusal, or a set of notes
was not read as the hand reading says.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from studygroup.domain.book import Part
from studygroup.errors import StudygroupError
from studygroup.sources.contents import Contents, NotABook, read_contents
from studygroup.sources.contents_links import family
from studygroup.sources.decode import decode_html

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MIA = ROOT.parent / "shared" / "realworld" / "mia"
SITE = "https://www.marxists.org/"

_MOJIBAKE = re.compile(
    r"\ufffd|â€|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|(?:[ÐÑ][\u0080-\u00bf]){2,}"
    r"|[\u0080-\u009f]|[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]"
)


@dataclass
class Totals:
    works: int = 0
    books: int = 0
    collections: int = 0
    refused: int = 0
    failed: int = 0
    parts: int = 0
    chapters: int = 0
    sections: int = 0
    groups: int = 0
    links: int = 0
    missing: int = 0
    order: int = 0
    levels: int = 0
    skipped: int = 0
    unplaced: int = 0
    mojibake: int = 0
    complete: int = 0  # works with every link placed, in order, and no mojibake
    problems: list[str] = field(default_factory=list)


def outline_urls(parts: list[Part]) -> list[str]:
    """The addresses of the outline in book order: each part, then its sections."""
    out: list[str] = []
    for part in parts:
        if part.url:
            out.append(part.url)
        out += [section.url for section in part.sections if section.url]
    return out


def out_of_order(page: list[str], outline: list[str]) -> int:
    """How many of the page's links the outline has out of the page's order: those
    outside the longest run that keeps it."""
    first: dict[str, int] = {}
    for position, url in enumerate(outline):
        first.setdefault(url, position)
    placed = [first[url] for url in page if url in first]
    tails: list[int] = []  # patience sorting: the longest increasing subsequence
    for value in placed:
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if tails[middle] < value:
                low = middle + 1
            else:
                high = middle
        if low == len(tails):
            tails.append(value)
        else:
            tails[low] = value
    return len(placed) - len(tails)


def suspicious_levels(parts: list[Part]) -> list[str]:
    """Entries whose level looks wrong (they may be right: a book can cut one page
    into chapters at its anchors)."""
    out: list[str] = []
    previous: Part | None = None
    for part in parts:
        page, _, fragment = (part.url or "").partition("#")
        if previous is not None and previous.url and fragment and previous.url == page:
            out.append(f"part {part.key} is a fragment of part {previous.key}'s page")
        own = family(page) if page else None
        for section in part.sections:
            target = (section.url or "").partition("#")[0]
            if own and target and family(target) != own:
                out.append(f"a section of part {part.key} is on another page: {target}")
        previous = part
    return out


def mojibake(contents: Contents) -> list[str]:
    texts = [contents.title, contents.subtitle or "", contents.author or ""]
    texts += list(contents.front.values())
    for group in contents.groups:
        texts += [group.label or "", group.title or ""]
    for part in contents.parts:
        texts += [part.title, part.subtitle or "", part.note or ""]
        texts += [section.title for section in part.sections]
    return [text for text in texts if _MOJIBAKE.search(text)]


def contents_pages(mia: Path) -> list[Path]:
    return sorted([*mia.rglob("index.htm"), *mia.rglob("index.html")])


def check_contents_page(path: Path, mia: Path, totals: Totals, verbose: bool) -> str:
    relative = path.relative_to(mia).as_posix()
    url = SITE + relative
    totals.works += 1
    try:
        text = decode_html(path.read_bytes())
        contents = read_contents(text, fmt="html", url=url, origin=relative)
    except NotABook as refusal:
        totals.refused += 1
        reason = refusal.message.split(": not a book's contents: ")[-1]
        return f"{relative}: not a book: {reason}"
    except StudygroupError as error:
        totals.failed += 1
        totals.problems.append(relative)
        return f"{relative}: FAILED: {error.message}"
    if contents.kind == "book":
        totals.books += 1
    else:
        totals.collections += 1
    urls = outline_urls(contents.parts)
    placed = set(urls)
    missing = [url for url in contents.links if url not in placed]
    order = out_of_order(contents.links, urls)
    levels = suspicious_levels(contents.parts)
    garbled = mojibake(contents)
    chapters = sum(1 for part in contents.parts if part.kind in ("chapter", "piece"))
    sections = sum(len(part.sections) for part in contents.parts)
    totals.parts += len(contents.parts)
    totals.chapters += chapters
    totals.sections += sections
    totals.groups += len(contents.groups)
    totals.links += len(contents.links)
    totals.missing += len(missing)
    totals.order += order
    totals.levels += len(levels)
    totals.skipped += len(contents.skipped)
    totals.unplaced += len(contents.unplaced)
    totals.mojibake += len(garbled)
    if not missing and not order and not garbled:
        totals.complete += 1
    line = (
        f"{relative}: {contents.kind}, {len(contents.parts)} parts ({chapters} chapters), "
        f"{sections} sections, {len(contents.groups)} groups; {len(contents.links)} links,"
        f" missing {len(missing)}, order {order}, levels {len(levels)}, "
        f"skipped {len(contents.skipped)}, unplaced {len(contents.unplaced)}, "
        f"mojibake {len(garbled)}"
    )
    details: list[str] = []
    if verbose or missing or order:
        details += [f"    missing: {url}" for url in missing]
    if verbose:
        details += [f"    level: {text}" for text in levels]
        details += [f"    skipped {number}: {text}" for number, text in contents.skipped]
        details += [f"    mojibake: {text}" for text in garbled]
    return "\n".join([line, *details])


def contents_section(mia: Path, verbose: bool = False) -> Totals:
    """Import every contents page under `mia` and print what came of it."""
    print("== contents")
    totals = Totals()
    started = time.perf_counter()
    for path in contents_pages(mia):
        print(check_contents_page(path, mia, totals, verbose))
    seconds = time.perf_counter() - started
    print(
        f"contents totals: {totals.works} works: {totals.books} books, "
        f"{totals.collections} collections, {totals.refused} not books, "
        f"{totals.failed} failed; {totals.parts} parts ({totals.chapters} chapters), "
        f"{totals.sections} sections, {totals.groups} groups; {totals.links} links into "
        f"the works: {totals.missing} missing, {totals.order} out of order; "
        f"{totals.levels} suspicious levels; {totals.skipped} lines skipped, "
        f"{totals.unplaced} links unplaced; {totals.mojibake} mojibake; "
        f"{totals.complete} of {totals.books + totals.collections} imported works "
        f"complete and in order ({seconds:.1f} s)"
    )
    return totals


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mia", type=Path, default=DEFAULT_MIA, help="the works' folder")
    parser.add_argument("--notes", type=Path, default=None, help="the real notes' folder")
    parser.add_argument("--verbose", "-v", action="store_true", help="say what each work lacks")
    args = parser.parse_args(argv)
    notes = args.notes or args.mia.parent / "notes"
    if not args.mia.is_dir():
        print(f"conformance: {args.mia} is not here; nothing to measure")
        return 0
    totals = contents_section(args.mia, args.verbose)
    exact = placed = True
    if notes.is_dir():
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from conformance_notes import notes_section
        from conformance_text import text_section

        print()
        exact = notes_section(notes, args.mia, args.verbose)
        print()
        placed = text_section(args.mia, notes)
    return 1 if totals.failed or not exact or not placed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

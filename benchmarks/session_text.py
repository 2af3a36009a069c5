"""`session 6` with every quotation checked against the chapter's text, against
`session 6` with no text at hand: whole processes, interleaved. Target: under 1.3.

The archive's page of chapter VI is not fetched here (no network): a stand-in text is
kept in a private cache, made of the chapter's twelve quotations (a few words of each
changed, as notes change them) among paragraphs of filler, about as long as the
chapter (some 11,000 words), in its four sections.

    python benchmarks/session_text.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from timing import compare, studygroup_command

FILLER = (  # noqa: SIM905 (a sentence reads better than a list)
    "the bureaucracy wages workers state distribution privilege peasants market plan "
    "labour production revolution party class inequality trade soviet industry"
).split()


def stand_in(cache: Path) -> None:
    from studygroup.domain.text import Paragraph, PartText
    from studygroup.library import text_store
    from studygroup.library.store import Library

    shelf = Library.open(Path(tempfile.mkdtemp()))
    book = shelf.book()
    part = book.part("6")
    session = shelf.session(book, part) if part else None
    assert part is not None and session is not None
    rng = random.Random(6)
    paragraphs: list[Paragraph] = []
    for quote in session.quotations:
        for _ in range(8):
            words = " ".join(rng.choice(FILLER) for _ in range(100))
            paragraphs.append(Paragraph(quote.section, "text", words.capitalize() + "."))
        for text in quote.paragraphs:
            changed = text.replace("labour", "labor").replace("‘", "“").replace("’", "”")
            paragraphs.append(Paragraph(quote.section, "quote", changed))
    text = PartText("6", part.url or "", paragraphs)
    text_store.save(book.slug, text, cache)
    text_store.save_load(book.slug, [text], cache)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    studygroup = studygroup_command()
    with tempfile.TemporaryDirectory() as scratch:
        with_text = Path(scratch) / "with-text"
        without = Path(scratch) / "without"
        stand_in(with_text)
        command = [studygroup, "session", "6", "--format", "json"]
        medians = compare(
            {
                "session 6": ["env", f"STUDYGROUP_CACHE={without}", *command],
                "session 6, quotations checked": ["env", f"STUDYGROUP_CACHE={with_text}", *command],
            },
            args.runs,
        )
        ratio = medians["session 6, quotations checked"] / medians["session 6"]
        print(f"ratio checked/unchecked: {ratio:.2f} (target < 1.3)")


if __name__ == "__main__":
    main()

"""A synthetic library in the shape of the built-in one, for timing at scale.

Each book has 12 chapters of 3 sections; each chapter has a session of 15 points and
12 quotations of realistic length (two paragraphs of some 90 words), 4 questions and
3 glossary entries. The words come from a small vocabulary, so common words are
common; each book also holds one rare word, planted once (`zyxwort<n>` in book n's
first quotation), so a search for it has exactly as many hits as there are books.

    python benchmarks/synthetic.py DIR --books 100
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import tomli_w

# (A word list reads better as prose than as 130 quoted items.)
WORDS = (  # noqa: SIM905
    "the of and to in a is that for it as was with be by on not he this are or his "
    "from at which but have an they one you were her all she there would their we him "
    "been has when who will more no if out so said what up its about into than them "
    "can only other new some could time these two may then do first any my now such "
    "like our over man me even most made after also did many before must through back "
    "years where much your way well down should because each just those people how too "
    "labour workers state bureaucracy wages production capital class peasants party "
    "revolution market plan industry soviet privilege inequality distribution trade"
).split()

RARE = "zyxwort"


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(sentences))


def book(index: int) -> dict[str, object]:
    rng = random.Random(index)
    base = f"https://example.org/book{index}"
    return {
        "slug": f"book-{index:04d}",
        "title": f"Synthetic Book {index}",
        "author": f"Author {index}",
        "source_url": f"{base}/",
        "parts": [
            {
                "key": str(chapter),
                "kind": "chapter",
                "number": chapter,
                "title": sentence(rng, 5).rstrip(".").upper(),
                "url": f"{base}/ch{chapter:02d}.htm",
                "sections": [
                    {
                        "title": sentence(rng, 6).rstrip("."),
                        "url": f"{base}/ch{chapter:02d}.htm#s{s}",
                    }
                    for s in range(1, 4)
                ],
            }
            for chapter in range(1, 13)
        ],
    }


def session(index: int, chapter: int) -> dict[str, object]:
    rng = random.Random(index * 100 + chapter)
    quotations = []
    for number in range(1, 13):
        first = paragraph(rng)
        if chapter == 1 and number == 1:
            first = f"{first} The {RARE}{index} appears here once."
        quotations.append(
            {
                "order": number * 2,
                "section": rng.randint(1, 3),
                "paragraphs": [first, paragraph(rng, 3)],
            }
        )
    return {
        "book": f"book-{index:04d}",
        "part": str(chapter),
        "points": [
            {
                "order": 1 + n * 2 if n < 12 else 25 + n,
                "section": rng.randint(1, 3),
                "text": paragraph(rng, 2),
            }
            for n in range(15)
        ],
        "quotations": quotations,
        "questions": [
            {
                "section": rng.randint(1, 3),
                "quotations": [rng.randint(1, 12)],
                "text": sentence(rng, 14)[:-1] + "?",
            }
            for _ in range(4)
        ],
        "glossary": [
            {"term": f"Term {index}-{chapter}-{n}", "kind": "term", "definition": sentence(rng, 18)}
            for n in range(3)
        ],
    }


def build(folder: Path, books: int) -> None:
    """Write `books` books with their sessions under `folder` (a library folder)."""
    for index in range(books):
        root = folder / f"book-{index:04d}"
        sessions = root / "sessions"
        sessions.mkdir(parents=True, exist_ok=True)
        (root / "book.toml").write_text(tomli_w.dumps(book(index)), encoding="utf-8")
        for chapter in range(1, 13):
            text = tomli_w.dumps(session(index, chapter), multiline_strings=True)
            (sessions / f"{chapter}.toml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--books", type=int, default=10)
    args = parser.parse_args()
    build(args.folder, args.books)


if __name__ == "__main__":
    main()

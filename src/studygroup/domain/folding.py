"""Text folded for finding: case, accents, quote marks and dashes made alike.

"theremin" finds "Thérémin", "workers' state" finds "workers’ state". A match starts
at the beginning of a word (as a search engine's does: "labour" finds "labourers",
not "belabour"), and may end anywhere. Folding keeps, for each folded character, the
index of the character it came from, so a match is highlighted in the text as the
library holds it. The search index (library/search_index.py) stores folded text and
finds the same matches.
"""

from __future__ import annotations

import unicodedata

_PLAIN = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"}
)
_folded_char: dict[str, str] = {}


def _fold_char(char: str) -> str:
    """One character folded (cached: a text repeats its letters)."""
    found = _folded_char.get(char)
    if found is None:
        pieces = unicodedata.normalize("NFKD", char.translate(_PLAIN))
        found = "".join(p.casefold() for p in pieces if not unicodedata.combining(p))
        if len(_folded_char) < 100_000:
            _folded_char[char] = found
    return found


def fold(text: str) -> tuple[str, list[int]]:
    """`text` folded for matching, and for each folded character the original's index."""
    if text.isascii():
        # The common case at C speed: ASCII folds to its lower case, one for one.
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def folded(text: str) -> str:
    """`text` folded, without the map back (what the index stores)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def needle(query: str) -> str:
    """What a query looks for: folded, its spaces made single."""
    return " ".join(folded(query).split())


def starts_word(haystack: str, position: int, first: str) -> bool:
    """Whether a match at `position` begins a word (or the needle begins with no letter)."""
    return position == 0 or not first.isalnum() or not haystack[position - 1].isalnum()


def occurs(haystack: str, wanted: str) -> bool:
    """Whether `wanted` (a needle) occurs from the start of a word in `haystack`, text
    already folded: what `find` says, without the spans."""
    position = haystack.find(wanted)
    while position >= 0:
        if starts_word(haystack, position, wanted[0]):
            return True
        position = haystack.find(wanted, position + 1)
    return False


def find(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `text` from the start of a word, as (start, end) indexes
    into `text` itself."""
    wanted = needle(query)
    if not wanted:
        return []
    haystack, origin = fold(text)
    spans: list[tuple[int, int]] = []
    position = haystack.find(wanted)
    while position >= 0:
        if starts_word(haystack, position, wanted[0]):
            last = position + len(wanted) - 1
            spans.append((origin[position], origin[last] + 1))
            position = haystack.find(wanted, position + len(wanted))
        else:
            position = haystack.find(wanted, position + 1)
    return spans

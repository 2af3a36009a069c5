"""Numbers as books write them, and part keys as a user types them.

A book numbers its chapters its own way (`VI`, `6`, `Six`, `I.III` for chapter 3 of
part 1), and a user types a part's key however is handy (`6`, `VI`, `vi`, `ch6`,
`I.III`, `1.3`, `preface 2`). This module reads both; the book decides which part
a typed key names (`Book.find`).
"""

from __future__ import annotations

import re
import unicodedata

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]

# Number words as English books write chapter numbers ("Chapter Seven", "Part Two").
_UNITS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
    *("seventeen", "eighteen", "nineteen"),
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}

# Other names a user may give a part; the value is the key in the library.
ALIASES = {
    "introduction": "intro",
    "introductory": "intro",
    "ps": "postscript",
    "post-script": "postscript",
}

# A key is short: anything longer is not one, and never reaches int() (whose limit on
# digits would raise) or a regular expression's backtracking.
MAX_KEY_LENGTH = 40

_CHAPTER_PREFIX = re.compile(r"^(?:chapter|chap|ch)[\s.]*", re.IGNORECASE)


def to_roman(number: int) -> str:
    """VI for 6. Past 3999, which roman numerals do not write without a bar, the digits
    (a chapter numbered 10**18 in a file must not become a petabyte of Ms)."""
    if number < 1:
        raise ValueError(f"no roman numeral for {number}")
    if number > 3999:
        return str(number)
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int | None:
    """The value of a canonical roman numeral (any case), or None."""
    upper = text.upper()
    if not upper or len(upper) > 15 or not re.fullmatch(r"[MDCLXVI]+", upper):
        return None
    total = 0
    rest = upper
    for value, letters in _ROMAN:
        while rest.startswith(letters):
            total += value
            rest = rest[len(letters) :]
    # Only the canonical spelling counts: "IIII" or "VX" are not chapter numbers.
    return total if not rest and to_roman(total) == upper else None


def ascii_number(text: str) -> int | None:
    """`text` as a number if it is ASCII digits only (not '²' or '①'), short enough."""
    if text and len(text) <= 6 and text.isascii() and text.isdigit():
        return int(text)
    return None


def from_words(text: str) -> int | None:
    """'Seven' → 7, 'Twenty-One' → 21, 'Third' → 3; None for anything else."""
    words = re.split(r"[\s-]+", text.strip().lower())
    if len(words) == 1:
        word = words[0]
        if word in _ORDINALS:
            return _ORDINALS[word]
        if word in _UNITS[1:]:
            return _UNITS.index(word)
        return _TENS.get(word)
    if len(words) == 2 and words[0] in _TENS and words[1] in _UNITS[1:10]:
        return _TENS[words[0]] + _UNITS.index(words[1])
    return None


def numeral_value(text: str) -> int | None:
    """A single number as a book writes it: '6', 'VI', 'vi', 'Six'."""
    return ascii_number(text) or from_roman(text) or from_words(text)


def dotted_value(text: str) -> tuple[int, int] | None:
    """'I.III' or '1.3' → (1, 3): a chapter numbered within its part."""
    pieces = text.split(".")
    if len(pieces) != 2:
        return None
    outer, inner = (ascii_number(p) or from_roman(p) for p in pieces)
    return (outer, inner) if outer and inner else None


def normalize_key(raw: str) -> str:
    """The library key that `raw` most likely names; unknown words come back folded.

    `6`, `06`, `VI`, `ch6`, `Chapter VI` → `6`; `I.III` → `1.3`; `Introduction` →
    `intro`; `Preface 2` → `preface-2`; `Appendix II` → `appendix-2`.
    """
    # No compatibility folding: '²' or '①' is not the key 2 or 1, only the digits are.
    text = raw.strip()[:MAX_KEY_LENGTH]
    text = _CHAPTER_PREFIX.sub("", text)
    value = ascii_number(text) or from_roman(text)
    if value is not None:
        return str(value)
    pair = dotted_value(text)
    if pair is not None:
        return f"{pair[0]}.{pair[1]}"
    words = re.split(r"[\s_-]+", text.lower())
    if len(words) == 2 and (count := ascii_number(words[1]) or from_roman(words[1])):
        base = ALIASES.get(words[0], words[0])
        return f"{base}-{count}"
    lowered = "-".join(words)
    return ALIASES.get(lowered, lowered)


def slugify(text: str) -> str:
    """'The Revolution Betrayed' → 'the-revolution-betrayed': ASCII letters and digits
    joined by hyphens, accents dropped ('Léon' → 'leon'); '' if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")

"""Part keys as a user types them: `6`, `VI`, `vi`, `ch6`, `intro`, `postscript`."""

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

# Other names a user may give a part; the value is the key in the library.
ALIASES = {
    "introduction": "intro",
    "ps": "postscript",
    "post-script": "postscript",
}

_CHAPTER_PREFIX = re.compile(r"^(?:chapter|chap|ch)[\s.]*", re.IGNORECASE)


def to_roman(number: int) -> str:
    if number < 1:
        raise ValueError(f"no roman numeral for {number}")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int | None:
    """The value of a canonical roman numeral (any case), or None."""
    upper = text.upper()
    if not upper or not re.fullmatch(r"[MDCLXVI]+", upper):
        return None
    total = 0
    rest = upper
    for value, letters in _ROMAN:
        while rest.startswith(letters):
            total += value
            rest = rest[len(letters) :]
    # Only the canonical spelling counts: "IIII" or "VX" are not chapter numbers.
    return total if not rest and to_roman(total) == upper else None


def normalize_key(raw: str) -> str:
    """The library key that `raw` names; unknown words come back lower-cased."""
    text = _CHAPTER_PREFIX.sub("", raw.strip())
    if text.isdigit():
        return str(int(text))
    number = from_roman(text)
    if number is not None:
        return str(number)
    lowered = text.lower()
    return ALIASES.get(lowered, lowered)


def slugify(text: str) -> str:
    """'The Revolution Betrayed' → 'the-revolution-betrayed': ASCII letters and digits
    joined by hyphens, accents dropped ('Léon' → 'leon'); '' if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")

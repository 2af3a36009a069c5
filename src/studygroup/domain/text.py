"""A part's text as it was read from the archive's pages: paragraphs in order, each
in its section and of its kind (running text, a block quotation, a note), and the
pages it came from. Read by sources/text_extract.py, kept by library/text_store.py.

Words are counted by one rule (`count_words`): a word is a run of letters or digits,
with apostrophes and hyphens inside it (`workmen's`, `1848-51` and `large-scale` are
one word each; `state—this` is two). The reading load counts running text and block
quotations; notes are kept, told apart, and not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

ParagraphKind = Literal["text", "quote", "note"]

# Raised whenever the rules of sources/text_extract.py change what a page gives:
# texts stored by older rules are read again from their pages (text_store.py).
EXTRACTOR_VERSION = 1
DEFAULT_PACE = 150  # words a minute

_WORD = re.compile(r"[^\W_]+(?:['’‘\-‐‑][^\W_]+)*")


def count_words(text: str) -> int:
    """Words in `text`: runs of letters or digits, apostrophes and hyphens inside a
    word keeping it one (`workmen's`, `1848-51`); dashes and marks are not words."""
    return len(_WORD.findall(text))


def reading_minutes(words: int, pace: int = DEFAULT_PACE) -> float:
    """Minutes to read `words` at `pace` words a minute."""
    return words / pace if pace > 0 else 0.0


@dataclass(frozen=True)
class Paragraph:
    section: int | None  # 1-based index into part.sections; None before the first
    kind: ParagraphKind
    text: str


@dataclass(frozen=True)
class PageSource:
    url: str
    sha256: str  # of the page's text (UTF-8), as extract read it


@dataclass(frozen=True)
class PartText:
    key: str
    url: str
    paragraphs: list[Paragraph]
    sources: list[PageSource] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # pages of the part not at hand

    @property
    def words(self) -> int:
        """Words of running text and quotations (not notes)."""
        return sum(count_words(p.text) for p in self.paragraphs if p.kind != "note")

    def section_words(self) -> dict[int | None, int]:
        """Words of running text and quotations by section (None: before the first)."""
        out: dict[int | None, int] = {}
        for paragraph in self.paragraphs:
            if paragraph.kind != "note":
                out[paragraph.section] = out.get(paragraph.section, 0) + count_words(paragraph.text)
        return out


def page_digest(html: str) -> str:
    import hashlib

    return hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()

"""Which part of the book, and which section of it, a heading or a sentence names.

A heading names a part when it says its kind and number (`Chapter II: The Experience
of 1848-1851`, `Ch. 6`, `Appendix`, `Postscript`) or gives its title closely enough
(`The Experience of 1848-51`: the same words, a year written long, a subtitle left
off). The number decides; a title after it only has to agree when the line is an
ordinary paragraph rather than a heading, so that `Chapter 2 is where Lenin begins…`
names nothing.

A heading names a section of the current part when it gives the section's title, its
number and title (`2. Abolition of Parliamentarism`, the title deciding when the two
disagree), or only its number with the word (`Section 2`, `§ 2`). Commentary that
names a section's title moves the notes to that section too: a long title anywhere
("The final section of this chapter, The Social Physiognomy of the Ruling Stratum,
…"), a short one only where the word "section" is said with it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from studygroup.domain.book import Book, Part
from studygroup.domain.inline import plain
from studygroup.domain.keys import numeral_value
from studygroup.errors import StudygroupError

# Titles at least this long are recognised anywhere in commentary.
LONG_TITLE = 12
# How alike a heading and a title must be (difflib's ratio on folded text).
ALIKE = 0.85

_KINDS = {
    "chapter": "chapter",
    "chap": "chapter",
    "ch": "chapter",
    "appendix": "appendix",
    "preface": "preface",
    "foreword": "foreword",
    "introduction": "introduction",
    "conclusion": "conclusion",
    "postscript": "postscript",
    "afterword": "afterword",
    "epilogue": "epilogue",
}
# Kinds a heading may name without a number when the book has one part of the kind.
# Notes use "Introduction" and "Conclusion" for their own beginning and end.
_ALONE = frozenset({"appendix", "preface", "foreword", "postscript", "afterword", "epilogue"})
_NUMBER = r"[0-9]{1,3}|[IVXLCivxlc]{1,7}|[A-Za-z]+"
_PART_AT_START = re.compile(
    rf"^(?P<kind>{'|'.join(_KINDS)})\.?(?:\s+(?P<num>{_NUMBER}))?\b\s*"
    r"(?P<sep>[:.\-–—]|$)?\s*(?P<title>.*)$",
    re.I,
)
_PART_ANYWHERE = re.compile(
    rf"\b(?P<kind>chapter|ch|chap|appendix)\.?\s+(?P<num>{_NUMBER})\b", re.I
)
_LEADING_NUMBER = re.compile(
    r"^(?:(?:section|sect|sec|part)\.?\s+)?"
    r"(?:\(\w{1,4}\)|§\s*\d{1,3}|(?:\d{1,3}|[IVXLCivxlc]{1,6}|[A-Za-z])[.):]|"
    r"(?:\d{1,3}|[IVXLC]{1,6})\s+[–—-])\s*(?=\S)",
    re.I,
)
_SECTION_AT_START = re.compile(
    r"^(?:(?:section|sect|sec|§)\.?\s*(?P<word>\d{1,3})|(?P<num>\d{1,3}))"
    r"(?:\s*[.):\-–—]\s*|\s+|$)(?P<title>.*)$",
    re.I,
)


def fold(text: str) -> str:
    """Text folded for matching titles: no emphasis, marks, case or extra spaces."""
    text = unicodedata.normalize("NFKC", plain(text)).casefold()
    text = re.sub(r"[“”„«»\"‘’'`_*]", "", text)
    text = re.sub(r"[\-–—]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .,:;!?")


def unnumbered(text: str) -> str:
    """A title without the number it may start with ("2. ", "(b) ", "IV – ", "§ 3 ")."""
    return _LEADING_NUMBER.sub("", text.strip(), count=1)


def alike(heading: str, title: str) -> bool:
    """Whether a heading gives a title: the same words, or nearly, or the title's
    beginning (a subtitle left off), numbers before either set aside."""
    a, b = fold(unnumbered(heading)), fold(unnumbered(title))
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if (
        len(shorter) >= LONG_TITLE
        and longer.startswith(shorter)
        and not longer[len(shorter)].isalnum()
    ):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= ALIKE


_SMALL = frozenset({"the", "of", "and", "a", "an", "in", "on", "to", "its", "for", "by"})


def _within(heading: str, title: str) -> bool:
    """Whether every word of a heading is in a title (spaces and dashes aside:
    "twofold" is in "Two-fold")."""
    words = [w for w in fold(unnumbered(heading)).split() if w not in _SMALL]
    compact = fold(unnumbered(title)).replace(" ", "")
    return bool(words) and all(word in compact for word in words)


@dataclass(frozen=True)
class Named:
    part: Part | None = None
    section: int | None = None  # 1-based, in `part` (or in the current part)


@dataclass(frozen=True)
class SectionCue:
    """Everything from the paragraph starting with `starts_with` on is in `section`."""

    starts_with: str
    section: int


class Places:
    """What headings and commentary name in one book."""

    def __init__(self, book: Book, cues: Sequence[SectionCue], fixed: Part | None, origin: str):
        self.book = book
        self.fixed = fixed
        self.cues = list(cues)
        self.used: set[int] = set()
        self.origin = origin
        for cue in self.cues:
            count = len(fixed.sections) if fixed else 0
            if fixed is not None and not 1 <= cue.section <= count:
                raise StudygroupError(
                    f"{origin}: a section cue names section {cue.section}, but the part has {count}"
                )

    # --- parts ------------------------------------------------------------------

    def _by_number(self, kind_word: str, raw: str) -> Part | None:
        value = numeral_value(raw)
        kind = _KINDS[kind_word.casefold().rstrip(".")]
        for part in self.book.parts:
            if kind and part.kind != kind:
                continue
            if (value is not None and part.number == value) or (
                part.numeral and part.numeral.casefold() == raw.casefold()
            ):
                return part
        return None

    def _by_kind(self, kind_word: str) -> Part | None:
        kind = _KINDS[kind_word.casefold().rstrip(".")]
        if kind not in _ALONE:
            return None
        found = [part for part in self.book.parts if part.kind == kind]
        return found[0] if len(found) == 1 else None

    def _by_title(self, text: str) -> Part | None:
        found = [part for part in self.book.parts if alike(text, part.title)]
        return found[0] if len(found) == 1 else None

    def part_named(self, text: str, *, heading: bool) -> Part | None:
        """The part a heading (or a line standing as one) names."""
        line = plain(text).strip().strip("*_ ").rstrip(":")
        match = _PART_AT_START.match(line)
        if match is not None:
            kind, num, title = match["kind"], match["num"], match["title"].strip()
            part = self._by_number(kind, num) if num else None
            if num and part is None and numeral_value(num) is None:
                # "Chapter The Experience …": the word after the kind is no number.
                part, title = None, f"{num} {title}".strip()
            if num is None:
                part = self._by_kind(kind) if not title else self._by_title(title)
            if part is not None and title and not heading and not alike(title, part.title):
                return None
            if part is not None:
                return part
            if not num and not title:
                return None
        if heading:
            anywhere = _PART_ANYWHERE.search(line)
            if anywhere is not None:
                part = self._by_number(anywhere["kind"], anywhere["num"])
                if part is not None:
                    return part
        if heading and len(fold(line)) >= 4:
            return self._by_title(line)
        return None

    # --- sections -----------------------------------------------------------------

    def section_named(
        self, text: str, part: Part | None, *, number: int | None = None
    ) -> int | None:
        """The section of `part` a heading names; `number`: the number of the list item
        the heading was written as ("2." in Markdown is a list)."""
        if part is None or not part.sections:
            return None
        line = plain(text).strip().strip("*_ ").rstrip(":")
        titles = [section.title for section in part.sections]
        match = _SECTION_AT_START.match(line)
        if number is None and match is not None:
            raw = match["word"] or match["num"]
            number = int(raw) if raw else None
            said = bool(match["word"])
            line = match["title"].strip()
            if not line:
                return number if said and number and 1 <= number <= len(titles) else None
        for index, title in enumerate(titles, start=1):
            if alike(line, title):
                return index
        if number is not None and match is not None and match["word"]:
            # "Section 2: …" names section 2, whatever the notes call it.
            return number if 1 <= number <= len(titles) else None
        if number is not None and 1 <= number <= len(titles) and _within(line, titles[number - 1]):
            # "2. The twofold character of labour": the number, and the title's words.
            return number
        return None

    def section_mentioned(self, text: str, part: Part | None) -> int | None:
        """A section commentary names by its title (see the module's docstring)."""
        if part is None:
            return None
        folded = f" {fold(text)} "
        says_section = " section " in re.sub(r"\W+", " ", folded)
        for number, section in enumerate(part.sections, start=1):
            title = fold(section.title)
            if not title:
                continue
            named = re.search(rf"(?<!\w){re.escape(title)}(?!\w)", folded) is not None
            if named and (len(title) >= LONG_TITLE or says_section):
                return number
        return None

    def cue(self, text: str) -> int | None:
        for index, cue in enumerate(self.cues):
            if text.startswith(cue.starts_with):
                self.used.add(index)
                return cue.section
        return None

    def check_all_used(self) -> None:
        unused = [cue for i, cue in enumerate(self.cues) if i not in self.used]
        if unused:
            raise StudygroupError(
                f"{self.origin}: no paragraph starts with {unused[0].starts_with!r} "
                f"(a section cue for section {unused[0].section})"
            )

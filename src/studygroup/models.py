"""The data model of a book: its parts and sections, as one TOML file holds them.

Every model forbids unknown keys, so a typo in a hand-edited file is an error and
not silently ignored. The notes for a meeting are in `meeting.py`, apart, so that a
command about the book alone does not pay for building their classes. Cross-file
checks (does a point's section exist in the part?) live in `library.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from studygroup.keys import to_roman

# Text that must say something: an empty title or paragraph is always a mistake.
# Space at either end is layout, not content, and is trimmed.
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
PartKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
PartKind = Literal["introduction", "preface", "chapter", "appendix", "conclusion", "postscript"]

KIND_LABELS: dict[str, str] = {
    "introduction": "Introduction",
    "preface": "Preface",
    "appendix": "Appendix",
    "conclusion": "Conclusion",
    "postscript": "Postscript",
}


Loc = tuple[str | int, ...]


def dotted(loc: Loc) -> str:
    """('points', 3, 'text') → 'points[3].text', as the errors name a field."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


class Model(BaseModel):
    # Schemas are built when a model is first validated, not when this module is
    # imported: `outline` never validates a session and should not pay for it.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Section(Model):
    """A section of a part, as the table of contents lists it."""

    title: Text
    url: str | None = None


class Correction(Model):
    """A change made to the source's text, recorded so that nothing is silently altered."""

    part: PartKey
    field: Literal["title", "subtitle"]
    original: Text
    corrected: Text
    reason: Text


class Part(Model):
    """The introduction, a chapter, an appendix or the postscript.

    Titles keep the source's letters: curly quotes, dashes and `_emphasis_`
    (underscores around the emphasised words, as in the source's Markdown).
    """

    key: PartKey
    kind: PartKind
    number: Annotated[int, Field(ge=1)] | None = None
    title: Text
    subtitle: Text | None = None
    url: str | None = None
    sections: list[Section] = []

    @model_validator(mode="after")
    def _chapters_are_numbered(self) -> Part:
        if self.kind == "chapter":
            if self.number is None:
                raise ValueError("a chapter needs a number")
            if self.key != str(self.number):
                raise ValueError(f"a chapter's key is its number: {self.number}, not {self.key!r}")
        return self

    @property
    def label(self) -> str:
        """How the part is named in a heading: 'Chapter VI', 'Introduction'."""
        if self.kind == "chapter" and self.number is not None:
            return f"Chapter {to_roman(self.number)}"
        label = KIND_LABELS[self.kind]
        return f"{label} {self.number}" if self.number is not None else label


class Book(Model):
    slug: Slug
    title: Text
    author: Text
    written: str | None = None
    published: str | None = None
    translator: str | None = None
    transcription: str | None = None
    source_url: str | None = None
    parts: Annotated[list[Part], Field(min_length=1)]
    corrections: list[Correction] = []

    def reference_problems(self) -> list[tuple[Loc, str]]:
        """What refers to something that is not there, or twice: every case, located."""
        out: list[tuple[Loc, str]] = []
        seen: dict[str, int] = {}
        for index, part in enumerate(self.parts):
            if part.key in seen:
                out.append(
                    (
                        ("parts", index, "key"),
                        f"{part.key!r} is also the key of parts[{seen[part.key]}]",
                    )
                )
            seen.setdefault(part.key, index)
        by_key = {part.key: part for part in self.parts}
        for index, fix in enumerate(self.corrections):
            fixed = by_key.get(fix.part)
            if fixed is None:
                out.append((("corrections", index, "part"), f"no part {fix.part!r} in the book"))
            elif getattr(fixed, fix.field) != fix.corrected:
                out.append(
                    (
                        ("corrections", index, "corrected"),
                        f"says {fix.corrected!r}, but the part's {fix.field} is "
                        f"{getattr(fixed, fix.field)!r}",
                    )
                )
        return out

    @model_validator(mode="after")
    def _references_hold(self) -> Book:
        raise_first(self.reference_problems())
        return self

    def part(self, key: str) -> Part | None:
        return next((part for part in self.parts if part.key == key), None)


def raise_first(problems: list[tuple[Loc, str]]) -> None:
    if problems:
        loc, message = problems[0]
        raise ValueError(f"{dotted(loc)}: {message}")

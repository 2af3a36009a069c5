"""A book as its contents page lists it: groups, parts and their sections.

The tree of a book is kept flat, as one TOML file holds it best: `parts` in book
order, each naming the `group` it stands in (if any), and `groups` (Part I,
Volume 2, "Appendices"), each naming the group it stands in (if any). A book with
no groups, like The Revolution Betrayed, is just its parts.

Every model forbids unknown keys, so a typo in a hand-edited file is an error and
not silently ignored. The notes for a meeting are in `session.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field, model_validator

from studygroup.domain.base import Loc, Model, PartKey, Slug, Text, raise_first
from studygroup.domain.inline import plain
from studygroup.domain.keys import normalize_key, to_roman

# What a readable unit is. A "piece" is one dated item of a collection (an article,
# a speech, a letter); "other" is matter the book does not number or name by kind
# (notes, a glossary, a chronology).
PartKind = Literal[
    "preface",
    "foreword",
    "introduction",
    "chapter",
    "piece",
    "conclusion",
    "epilogue",
    "afterword",
    "postscript",
    "appendix",
    "other",
]

KIND_LABELS: dict[str, str] = {
    "preface": "Preface",
    "foreword": "Foreword",
    "introduction": "Introduction",
    "chapter": "Chapter",
    "piece": "Piece",
    "conclusion": "Conclusion",
    "epilogue": "Epilogue",
    "afterword": "Afterword",
    "postscript": "Postscript",
    "appendix": "Appendix",
    "other": "",
}


class Section(Model):
    """A section of a part, as the table of contents lists it."""

    title: Text
    url: str | None = None
    # What the contents page says after the link: a size, a date, "by …".
    note: Text | None = None


class Correction(Model):
    """A change made to the source's text, recorded so that nothing is silently altered."""

    part: PartKey
    field: Literal["title", "subtitle"]
    original: Text
    corrected: Text
    reason: Text


class Group(Model):
    """A heading that holds parts: 'Part I: The Economics of Imperialism', 'Appendices'."""

    key: PartKey
    label: Text | None = None  # as the book writes it: "Part I", "Volume Two", "Book 3"
    title: Text | None = None
    url: str | None = None
    group: PartKey | None = None  # the group this one stands in (a part of a volume)
    note: Text | None = None

    @model_validator(mode="after")
    def _says_something(self) -> Group:
        if self.label is None and self.title is None:
            raise ValueError("a group needs a label or a title")
        return self

    @property
    def heading(self) -> str:
        if self.label and self.title:
            return f"{self.label}: {self.title}"
        return self.label or self.title or ""


class Part(Model):
    """A readable unit: a preface, a chapter, an article of a collection, an appendix.

    Titles keep the source's letters: curly quotes, dashes and `_emphasis_`
    (underscores around the emphasised words, as in the source's Markdown).
    """

    key: PartKey
    kind: PartKind
    # Its value (VI is 6), and its number as the book writes it ("VI", "6", "I.III",
    # "Seven"). Chapters of a book of the seed's style have only `number`: roman.
    number: Annotated[int, Field(ge=1)] | None = None
    numeral: Text | None = None
    title: Text
    subtitle: Text | None = None
    url: str | None = None
    group: PartKey | None = None
    date: Text | None = None  # a piece of a collection: "March 1921", "1927"
    note: Text | None = None
    sections: list[Section] = []

    @property
    def label(self) -> str:
        """How the part is named in a heading: 'Chapter VI', 'Appendix II', 'Preface',
        or, where the book gives it no number or kind, its title."""
        word = KIND_LABELS[self.kind]
        if self.numeral:
            if self.kind == "chapter":
                # The book's own word where its title has one: 'Lecture 1', 'Section I',
                # not the 'Chapter 1' a chapter is called when nothing says otherwise.
                own = plain(self.title).split()
                if len(own) == 2 and own[1] == self.numeral and own[0][:1].isupper():
                    return f"{own[0]} {self.numeral}"
            return f"{word} {self.numeral}".strip()
        if self.number is not None and self.kind in ("chapter", "appendix"):
            return f"{word} {to_roman(self.number)}"
        if self.kind in ("chapter", "piece", "other") or not word:
            return plain(self.title)
        return word


def label_shown(label: str, title: str) -> bool:
    """Whether a part's label adds to its title: not 'Preface' before the title
    'Preface', nor 'Introduction' before 'INTRODUCTION', nor an unnumbered chapter's
    label, which is its title."""
    return plain(title).strip('“”"').casefold() != label.casefold()


def named(label: str, title: str) -> str:
    """A part named in a line of a list: 'Chapter VI: THE GROWTH …', 'Preface'."""
    return f"{label}: {title}" if label_shown(label, title) else title


class Book(Model):
    slug: Slug
    title: Text
    author: Text
    written: str | None = None
    published: str | None = None
    translator: str | None = None
    transcription: str | None = None
    source_url: str | None = None
    groups: list[Group] = []
    parts: Annotated[list[Part], Field(min_length=1)]
    corrections: list[Correction] = []

    def reference_problems(self) -> list[tuple[Loc, str]]:
        """What refers to something that is not there, or twice: every case, located."""
        out: list[tuple[Loc, str]] = []
        seen: dict[str, str] = {}
        keyed: list[tuple[str, int, str]] = [
            *(("groups", index, group.key) for index, group in enumerate(self.groups)),
            *(("parts", index, part.key) for index, part in enumerate(self.parts)),
        ]
        for name, index, key in keyed:
            if key in seen:
                out.append(((name, index, "key"), f"{key!r} is also {seen[key]}"))
            seen.setdefault(key, f"the key of {name}[{index}]")
        groups = {group.key: index for index, group in enumerate(self.groups)}
        for index, group in enumerate(self.groups):
            if group.group is not None and groups.get(group.group, index) >= index:
                out.append(
                    (("groups", index, "group"), f"no group {group.group!r} before this one")
                )
        last_group: dict[str, int] = {}
        for index, part in enumerate(self.parts):
            if part.group is None:
                continue
            if part.group not in groups:
                out.append((("parts", index, "group"), f"no group {part.group!r} in the book"))
            elif part.group in last_group and last_group[part.group] != index - 1:
                out.append(
                    (
                        ("parts", index, "group"),
                        f"the parts of group {part.group!r} must follow one another",
                    )
                )
            last_group[part.group] = index
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

    def find(self, raw: str) -> Part | None:
        """The part a user means by `raw`: its key, or the key normalised (`VI`, `ch6`,
        `I.III`, `Preface 2`), or its number as the book writes it."""
        text = raw.strip()
        exact = self.part(text) or self.part(text.lower())
        if exact is not None:
            return exact
        key = normalize_key(text)
        found = self.part(key)
        if found is not None:
            return found
        folded = text.casefold()
        for part in self.parts:
            if part.numeral and part.numeral.casefold() == folded:
                return part
        # `appendix` for a book whose only appendix is numbered (appendix-1), and
        # `appendix-1` for one whose only appendix is not.
        base = key.rsplit("-", 1)[0]
        same_kind = [p for p in self.parts if p.key == base or p.key.startswith(f"{base}-")]
        if len(same_kind) == 1 and key in (base, f"{base}-1"):
            return same_kind[0]
        return None

    def group_of(self, key: str | None) -> Group | None:
        return next((group for group in self.groups if group.key == key), None)

    def tree(self) -> list[Node]:
        """The contents as a tree: groups holding parts (and groups), in book order."""
        return contents_tree(self)


@dataclass
class Node:
    """One entry of the tree: a group with its children, or a part."""

    group: Group | None = None
    part: Part | None = None
    children: list[Node] = field(default_factory=list)


def contents_tree(book: Book) -> list[Node]:
    """Groups and parts nested, in book order.

    A group opens just before the first part it holds (itself or through a group
    inside it); a group that holds no part stays where the list of groups puts it,
    after what the group before it holds.
    """
    chain: dict[str, list[str]] = {}
    for group in book.groups:
        parent = chain.get(group.group, []) if group.group else []
        chain[group.key] = [*parent, group.key]
    first: dict[str, int] = {}
    for index, part in enumerate(book.parts):
        for key in chain.get(part.group, []) if part.group else []:
            first.setdefault(key, index)
    # Groups with no part take the place of the next group in the list that has one.
    position: dict[str, tuple[int, int]] = {}
    upcoming = len(book.parts)
    for order in range(len(book.groups) - 1, -1, -1):
        key = book.groups[order].key
        upcoming = first.get(key, upcoming)
        position[key] = (first.get(key, upcoming), order)
    nodes = {group.key: Node(group=group) for group in book.groups}
    roots: list[Node] = []

    def attach(node: Node, parent: str | None) -> None:
        (nodes[parent].children if parent in nodes else roots).append(node)

    pending = sorted(book.groups, key=lambda group: position[group.key])
    cursor = 0
    for index, part in enumerate(book.parts):
        while cursor < len(pending) and position[pending[cursor].key][0] <= index:
            attach(nodes[pending[cursor].key], pending[cursor].group)
            cursor += 1
        attach(Node(part=part), part.group)
    for group in pending[cursor:]:
        attach(nodes[group.key], group.group)
    return roots


def describe_keys(book: Book) -> str:
    """The keys a user may type for this book, compactly: 'intro, 1–11 (I–XI), appendix'."""
    out: list[str] = []
    run: list[Part] = []

    def close() -> None:
        if not run:
            return
        first, last = run[0], run[-1]
        span = first.key if first is last else f"{first.key}–{last.key}"
        numerals = [p.numeral or (to_roman(p.number) if p.number else None) for p in run]
        if all(numerals) and numerals[0] != first.key:
            shown = numerals[0] if first is last else f"{numerals[0]}–{numerals[-1]}"
            span += f" ({shown})"
        out.append(span)
        run.clear()

    for part in book.parts:
        if run and _follows(run[-1].key, part.key):
            run.append(part)
            continue
        close()
        if _numeric(part.key):
            run.append(part)
        else:
            out.append(part.key)
    close()
    return ", ".join(out)


def _numeric(key: str) -> bool:
    return all(piece.isdigit() for piece in key.split("."))


def _follows(previous: str, key: str) -> bool:
    """'7' follows '6', '1.4' follows '1.3'."""
    if not (_numeric(previous) and _numeric(key)):
        return False
    before, after = previous.split("."), key.split(".")
    return (
        len(before) == len(after)
        and before[:-1] == after[:-1]
        and int(after[-1]) == int(before[-1]) + 1
    )

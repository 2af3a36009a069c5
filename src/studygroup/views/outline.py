"""What each command shows, as one model per command: the JSON output is this model,
and every other format renders the same model, so all formats carry the same content.

Views resolve what the library stores by reference (a point's section number) into
what a reader needs (the section's title and link).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from studygroup.domain.book import Correction, Group, Node, Part
from studygroup.domain.inline import plain
from studygroup.domain.keys import to_roman
from studygroup.library.store import Library


class View(BaseModel):
    # Views are built by this module from models that were validated as they were
    # loaded, so they are made with `model_construct` (typed by the pydantic mypy
    # plugin) and their schemas are built only when JSON is asked for: the terminal
    # path must not pay for them (benchmarks/outline_startup.py).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SectionView(View):
    number: int
    title: str
    url: str | None
    note: str | None = None


class PartView(View):
    key: str
    kind: str
    number: int | None
    numeral: str | None  # the number as the book writes it: "VI", "6", "I.III"
    roman: str | None
    label: str
    title: str
    subtitle: str | None
    url: str | None
    group: str | None  # the key of the group it stands in
    date: str | None
    note: str | None
    sections: list[SectionView]
    has_notes: bool


class GroupView(View):
    key: str
    label: str | None
    title: str | None
    heading: str  # "Part I: The Economics of Imperialism"
    url: str | None
    group: str | None
    note: str | None


class NodeView(View):
    """One entry of the contents tree: a group (with what it holds) or a part, by key."""

    type: str  # "group" or "part"
    key: str
    children: list[NodeView]


class OutlineView(View):
    slug: str
    title: str
    author: str
    written: str | None
    published: str | None
    translator: str | None
    transcription: str | None
    source_url: str | None
    parts: list[PartView]  # in book order, whatever groups hold them
    groups: list[GroupView]
    tree: list[NodeView]
    corrections: list[Correction]


def byline(view: OutlineView) -> str:
    """'Leon Trotsky · written 1936 · first published 1937 · translated by Max Eastman'."""
    bits = [view.author]
    if view.written:
        bits.append(f"written {view.written}")
    if view.published:
        bits.append(f"first published {view.published}")
    if view.translator:
        bits.append(f"translated by {view.translator}")
    return " · ".join(bits)


def sections_of(part: Part) -> list[SectionView]:
    return [
        SectionView.model_construct(number=n, title=s.title, url=s.url, note=s.note)
        for n, s in enumerate(part.sections, 1)
    ]


def part_view(part: Part, has_notes: bool) -> PartView:
    return PartView.model_construct(
        key=part.key,
        kind=part.kind,
        number=part.number,
        numeral=part.numeral,
        roman=to_roman(part.number) if part.number is not None else None,
        label=part.label,
        title=part.title,
        subtitle=part.subtitle,
        url=part.url,
        group=part.group,
        date=part.date,
        note=part.note,
        sections=sections_of(part),
        has_notes=has_notes,
    )


def outline(library: Library, slug: str | None) -> OutlineView:
    book = library.book(slug)
    with_notes = library.parts_with_notes(book)
    return OutlineView.model_construct(
        slug=book.slug,
        title=book.title,
        author=book.author,
        written=book.written,
        published=book.published,
        translator=book.translator,
        transcription=book.transcription,
        source_url=book.source_url,
        parts=[part_view(part, part.key in with_notes) for part in book.parts],
        groups=[group_view(group) for group in book.groups],
        tree=[_node(node) for node in book.tree()],
        corrections=book.corrections,
    )


def group_view(group: Group) -> GroupView:
    return GroupView.model_construct(
        key=group.key,
        label=group.label,
        title=group.title,
        heading=group.heading,
        url=group.url,
        group=group.group,
        note=group.note,
    )


def _node(node: Node) -> NodeView:
    if node.part is not None:
        return NodeView.model_construct(type="part", key=node.part.key, children=[])
    assert node.group is not None
    return NodeView.model_construct(
        type="group", key=node.group.key, children=[_node(child) for child in node.children]
    )


def label_shown(label: str, title: str) -> bool:
    """Whether a part's label adds to its title: not 'Introduction' before the title
    'INTRODUCTION', nor an unnumbered chapter's label, which is its title."""
    return plain(title).strip('“”"').casefold() != label.casefold()


def heading(part: Part) -> str:
    title = f"{part.title}: {part.subtitle}" if part.subtitle else part.title
    return f"{part.label}: {title}" if label_shown(part.label, part.title) else title

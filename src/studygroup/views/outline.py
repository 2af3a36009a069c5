"""What each command shows, as one model per command: the JSON output is this model,
and every other format renders the same model, so all formats carry the same content.

Views resolve what the library stores by reference (a point's section number) into
what a reader needs (the section's title and link).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from studygroup.domain.book import Correction, Group, Node, Part, label_shown
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
    words: int | None = None  # where the text has been fetched (`studygroup text`)
    minutes: int | None = None


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
    words: int | None = None  # where the text has been fetched (`studygroup text`)
    minutes: int | None = None


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
    pace: int  # words a minute the reading times are worked out at


def byline(view: OutlineView) -> str:
    """'Leon Trotsky · written 1936 · first published 1937 · translated by Max Eastman'."""
    bits = [view.author]
    if view.written:
        bits.append(f"written {view.written}")
    if view.published:
        # The archive's own line may say it already: 'First published in full in 1923'.
        said = view.published.casefold().startswith("first published")
        bits.append(view.published if said else f"first published {view.published}")
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


DEFAULT_PACE = 150  # words a minute, for theory read at home


def minutes(words: int, pace: int) -> int:
    """Reading minutes, never 0 for a text that has words."""
    return max(1, round(words / pace)) if words else 0


def with_load(view: PartView, load: dict[str, object] | None, pace: int) -> PartView:
    """A part's view with its reading load, where its text has been fetched."""
    if not load:
        return view
    words = load.get("words")
    sections = load.get("sections")
    update: dict[str, object] = {}
    if isinstance(words, int):
        update |= {"words": words, "minutes": minutes(words, pace)}
    if isinstance(sections, dict):
        counted = []
        for section in view.sections:
            n = sections.get(str(section.number))
            if isinstance(n, int):
                counted.append(section.model_copy(update={"words": n, "minutes": minutes(n, pace)}))
            else:
                counted.append(section)
        update["sections"] = counted
    return view.model_copy(update=update)


def reading_load(slug: str) -> dict[str, dict[str, object]]:
    """The words of each part of a book whose text was fetched; {} if none was."""
    from studygroup.library.text_store import load_load

    return load_load(slug) or {}


def outline(library: Library, slug: str | None, pace: int = DEFAULT_PACE) -> OutlineView:
    book = library.book(slug)
    with_notes = library.parts_with_notes(book)
    load = reading_load(book.slug)
    return OutlineView.model_construct(
        slug=book.slug,
        title=book.title,
        author=book.author,
        written=book.written,
        published=book.published,
        translator=book.translator,
        transcription=book.transcription,
        source_url=book.source_url,
        parts=[
            with_load(part_view(part, part.key in with_notes), load.get(part.key), pace)
            for part in book.parts
        ],
        groups=[group_view(group) for group in book.groups],
        tree=[_node(node) for node in book.tree()],
        corrections=book.corrections,
        pace=pace,
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


def heading(part: Part) -> str:
    title = f"{part.title}: {part.subtitle}" if part.subtitle else part.title
    return f"{part.label}: {title}" if label_shown(part.label, part.title) else title

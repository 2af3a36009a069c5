"""An outline's tree → the book's groups and parts, each with the key a user types.

Keys (see `contents.py` for the whole list) follow the book's own numbering where it
has one, so that `session 6` is chapter VI, and are short words elsewhere:
`preface`, `intro`, `appendix-2`, `notes`, `part-1`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from studygroup.domain.book import Group, Part, PartKind, Section
from studygroup.domain.keys import numeral_value, slugify
from studygroup.sources.contents_outline import Node, split_heading
from studygroup.sources.contents_titles import Numbering, kind_of, numbering

# The key of each kind of front and back matter; repeats get -2, -3.
_KIND_KEYS: dict[str, str] = {
    "preface": "preface",
    "foreword": "foreword",
    "introduction": "intro",
    "conclusion": "conclusion",
    "epilogue": "epilogue",
    "afterword": "afterword",
    "postscript": "postscript",
    "appendix": "appendix",
}
_SLUG_WORDS = 4
# Group keys are English whatever the book's language: "Vol. 2" and "Том 2" are volume-2.
_GROUP_WORDS = {
    "vol": "volume",
    "часть": "part",
    "том": "volume",
    "книга": "book",
    "раздел": "section",
    "отдел": "section",
}


@dataclass
class _Draft:
    """A part before its key is known."""

    node: Node
    kind: PartKind
    title: str
    group: int | None  # index into the drafted groups
    subtitle: str | None = None
    numbering: Numbering | None = None
    date: str | None = None
    note: str | None = None
    sections: list[Section] = field(default_factory=list)
    key: str = ""


@dataclass
class _GroupDraft:
    node: Node
    label: str | None
    title: str | None
    parent: int | None
    key: str = ""


# Words a key does not end on: 'the-transformation-of-the' says less than
# 'the-transformation'.
_TRAILING = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "its", "of", "on", "or"}
_TRAILING |= {"the", "their", "to", "with"}


def short_slug(text: str) -> str:
    """A few words of a title as a key: 'The Ruling Stratum and Its Privileges' →
    'the-ruling-stratum'."""
    words = [word for word in slugify(text).split("-") if word][:_SLUG_WORDS]
    while len(words) > 1 and words[-1] in _TRAILING:
        words.pop()
    return "-".join(words) or "part"


def _kind(
    node: Node,
    found: Numbering | None,
    label: str | None,
    group: _GroupDraft | None,
    collection: bool,
) -> PartKind:
    words = node.item.words if node.item is not None else None
    named = kind_of(label) if label else None
    if named is None and found is not None and found.word.lower() in ("appendix", "supplement"):
        named = "appendix"
    if named is None and found is None:
        named = kind_of(node.title)
        if named is None and words is not None and words.label:
            named = kind_of(words.label)
    if named is None and group is not None:
        heading = f"{group.label or ''} {group.title or ''}".strip()
        if kind_of(heading) == "appendix":
            named = "appendix"
    if named is not None:
        return named
    if node.stray and found is None:
        return "other"
    return "piece" if collection else "chapter"


def draft_book(nodes: list[Node], *, collection: bool) -> tuple[list[Group], list[Part]]:
    """Groups and parts, valid and keyed, from the outline's tree."""
    groups: list[_GroupDraft] = []
    drafts: list[_Draft] = []

    def visit(children: list[Node], parent: int | None) -> None:
        for node in children:
            if node.kind == "group":
                label, title = _group_heading(node)
                groups.append(_GroupDraft(node, label, title, parent))
                visit(node.children, len(groups) - 1)
            else:
                drafts.append(_draft(node, parent, groups, collection))

    visit(nodes, None)
    _key_groups(groups)
    _key_parts(drafts, groups)
    taken = {draft.key for draft in drafts}
    for group in groups:
        while group.key in taken:
            group.key = _next_key(group.key)
        taken.add(group.key)
    built_groups = [
        Group(
            key=group.key,
            label=group.label,
            title=group.title if group.title or group.label else _fallback_title(group.node),
            url=group.node.url or None,
            group=groups[group.parent].key if group.parent is not None else None,
        )
        for group in groups
    ]
    parts = [_part(draft, groups) for draft in drafts]
    return built_groups, parts


def _group_heading(node: Node) -> tuple[str | None, str | None]:
    item = node.item
    if item is not None and item.words is not None:
        words = item.words
        found = words.numbering
        if found is not None and found.word and not found.rest:
            return f"{found.word} {found.numeral}", words.subtitle
        return None, words.title + (f": {words.subtitle}" if words.subtitle else "")
    if node.label is not None:
        return node.label, (node.title if node.title != node.label else None) or None
    return split_heading(node.title)


def _draft(node: Node, group: int | None, groups: list[_GroupDraft], collection: bool) -> _Draft:
    item = node.item
    words = item.words if item is not None else None
    found = words.numbering if words is not None else numbering(node.title)
    label = words.label if words is not None else None
    if node.kind == "placeholder" and found is not None and found.rest:
        title = found.rest.lstrip(".:–—- ") if found.chapter_like else node.title
    else:
        title = words.title if words is not None else node.title
    owner = groups[group] if group is not None else None
    kind = _kind(node, found, label, owner, collection)
    notes = list(item.notes if item is not None else [])
    if words is not None:
        notes = list(words.notes) + notes
    if node.borrowed:
        found = None
    draft = _Draft(
        node=node,
        kind=kind,
        title=title or node.title or _fallback_title(node),
        group=group,
        subtitle=words.subtitle if words is not None else None,
        numbering=found if kind in ("chapter", "appendix", "piece") else None,
        date=words.date if words is not None else None,
        note="; ".join(dict.fromkeys(note for note in notes if note)) or None,
    )
    draft.sections = _sections(node.children)
    return draft


def _fallback_title(node: Node) -> str:
    """A title for an entry whose line says nothing: a link around an image or a
    space. The line's words, else the page's name ('ch03.htm')."""
    if node.item is not None and node.item.line.text:
        return node.item.line.text
    name = node.url.partition("#")[0].rstrip("/").rsplit("/", 1)[-1]
    return name or "untitled"


def _sections(children: list[Node]) -> list[Section]:
    """The entries under a part, flattened: a section keeps its number as the line
    writes it ('1. Lenin', '(a) Agriculture')."""
    out: list[Section] = []
    for child in children:
        item = child.item
        words = item.words if item is not None else None
        title = child.title
        notes: list[str] = list(item.notes) if item is not None else []
        if words is not None:
            title = words.full or words.title
            if words.subtitle:
                title = f"{title}: {words.subtitle}"
            notes = list(words.notes) + notes
        out.append(
            Section(
                title=title or child.title or _fallback_title(child),
                url=child.url or None,
                note="; ".join(dict.fromkeys(note for note in notes if note)) or None,
            )
        )
        out += _sections(child.children)
    return out


def _key_groups(groups: list[_GroupDraft]) -> None:
    seen: Counter[str] = Counter()
    for group in groups:
        key = _group_key(group)
        seen[key] += 1
        group.key = key if seen[key] == 1 else f"{key}-{seen[key]}"


def _group_key(group: _GroupDraft) -> str:
    for text in (group.label, group.title):
        if not text:
            continue
        match = re.match(
            r"^(part|book|volume|vol\.?|section|division|period|часть|том|книга|раздел|отдел)"
            r"\s*\.?\s*(\S+?)[.:]?$",
            text.strip(),
            re.IGNORECASE,
        )
        if match:
            word = match[1].lower().rstrip(".")
            word = _GROUP_WORDS.get(word, word)
            value = numeral_value(match[2].strip("."))
            if value is not None:
                return f"{word}-{value}"
    heading = group.title or group.label or "group"
    if kind_of(heading) == "appendix":
        return "appendices"
    return short_slug(heading)


def _key_parts(drafts: list[_Draft], groups: list[_GroupDraft]) -> None:
    numbered = [d for d in drafts if d.kind == "chapter" and d.numbering and d.numbering.value]
    # The book's own numbering is the scheme most chapters use ("Lecture 2"); a
    # chapter numbered otherwise ("Section I") keeps its number only if it is free.
    schemes = Counter(draft.numbering.scheme for draft in numbered if draft.numbering)
    main = schemes.most_common(1)[0][0] if schemes else ""
    values = Counter(_value(d) for d in numbered if d.numbering and d.numbering.scheme == main)
    unique = all(count == 1 for count in values.values())
    group_numbers = _group_ordinals(groups)
    counts: Counter[str] = Counter()
    pieces = 0
    unnumbered = 0
    taken: set[str] = set()
    for draft in drafts:
        found = draft.numbering
        if draft.kind == "piece":
            pieces += 1
            key = str(pieces)
        elif (
            draft.kind == "chapter"
            and found is not None
            and found.value
            and found.scheme != main
            and _value(draft) in values
        ):
            key = short_slug(f"{found.word} {found.numeral}" if found.word else draft.title)
        elif draft.kind == "chapter" and found is not None and found.value:
            if found.outer is not None:
                key = f"{found.outer}.{found.value}"
            elif unique or draft.group is None:
                key = str(found.value)
            else:
                key = f"{group_numbers.get(draft.group, 0)}.{found.value}"
        elif draft.kind == "chapter":
            if numbered:
                key = short_slug(draft.title)
            else:
                unnumbered += 1
                key = str(unnumbered)
        elif draft.kind == "appendix" and found is not None and found.value:
            key = f"appendix-{found.value}"
        elif draft.kind in _KIND_KEYS:
            base = _KIND_KEYS[draft.kind]
            counts[base] += 1
            key = base if counts[base] == 1 else f"{base}-{counts[base]}"
        else:
            key = short_slug(draft.title)
        while key in taken:
            key = _next_key(key)
        taken.add(key)
        draft.key = key


def _value(draft: _Draft) -> tuple[int | None, int | None]:
    found = draft.numbering
    return (found.outer, found.value) if found is not None else (None, None)


def _group_ordinals(groups: list[_GroupDraft]) -> dict[int, int]:
    """Each group's number: its own ("Part II" → 2) or its place among the groups."""
    out: dict[int, int] = {}
    for index, group in enumerate(groups):
        match = re.search(r"(\S+)\s*$", group.label or "")
        value = numeral_value(match[1].strip(".:")) if match else None
        out[index] = value or index + 1
    return out


def _next_key(key: str) -> str:
    """'preface' → 'preface-2' → 'preface-3'."""
    match = re.fullmatch(r"(.*?)-(\d+)", key)
    if match and not key.replace("-", "").isdigit():
        return f"{match[1]}-{int(match[2]) + 1}"
    return f"{key}-2"


def _part(draft: _Draft, groups: list[_GroupDraft]) -> Part:
    found = draft.numbering
    return Part(
        key=draft.key,
        kind=draft.kind,
        number=found.value if found is not None and found.value else None,
        numeral=found.numeral if found is not None else None,
        title=draft.title,
        subtitle=draft.subtitle,
        url=draft.node.url or (draft.node.page if draft.node.borrowed else "") or None,
        group=groups[draft.group].key if draft.group is not None else None,
        date=draft.date if draft.kind == "piece" else None,
        note=draft.note,
        sections=draft.sections,
    )

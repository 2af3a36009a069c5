"""The items of a contents region → a tree of groups, entries and their sections.

Levels come from comparing neighbours, never from absolute tags: the same `<h4>`
holds a whole list on one page and a group heading on another. Three ideas decide:

1. **Links decide what is an entry, looks decide the level.** A less prominent entry
   after a more prominent one is its child (see `contents_region.prominence`).
   Where two entries look alike, the numbering decides: a link to a `#fragment` of
   the page above it, numbered in another scheme (or not at all), is its section;
   "Chapter I" and "Chapter II" are siblings even on one page.
2. **Pages decide part or group.** A child on the same page family (the page, a
   fragment of it, a continuation page `ch02b.htm`) is a section; an entry whose
   children are other pages is a group over them.
3. **Unlinked lines are read from what follows them** (`contents_unlinked`): they
   come here as group headings, part titles, sections without a link and chapters
   not yet transcribed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from studygroup.sources.contents_links import family
from studygroup.sources.contents_region import GROUP_WORD, Item, Prominence
from studygroup.sources.contents_titles import entry_words, find_date, kind_of, numbering

NodeKind = Literal["group", "entry", "placeholder", "usection"]


@dataclass(eq=False)
class Node:
    kind: NodeKind
    title: str
    prominence: Prominence
    item: Item | None = None
    page: str = ""
    url: str = ""
    fragment: str = ""
    children: list[Node] = field(default_factory=list)
    # A part whose title is an unlinked line and whose page is its sections' page.
    borrowed: bool = False
    label: str | None = None  # a group's "Part I" when the heading has a title too
    stray: bool = False  # linked outside the contents: the front matter, a note


def _scheme(text: str) -> str:
    found = numbering(text)
    return found.scheme if found is not None else "none"


# Titles ----------------------------------------------------------------------------


def title_entries(region: list[Item]) -> None:
    for item in region:
        if item.role == "entry" and item.link is not None:
            item.words = entry_words(
                item.link.pieces,
                item.link.styles,
                item.link.before,
                item.link.after,
                item.label,
            )
            if item.words.date is None:
                # A date on a line of its own under the entry: "(January 1927)".
                item.words.date = next(filter(None, map(find_date, item.notes)), None)
            item.text = item.words.title


def split_heading(text: str) -> tuple[str | None, str | None]:
    """'Part 1 - World Economy' → ('Part 1', 'World Economy'); 'Appendices:' →
    (None, 'Appendices'); 'Part II' → ('Part II', None)."""
    text = text.strip().rstrip(":").strip()
    match = GROUP_WORD.match(text)
    if match and match.group(0).strip() and len(match.group(0).split()) >= 2:
        rest = text[match.end() :].strip(" .:–—-")
        return match.group(0).strip().rstrip("."), rest or None
    return None, text or None


# The tree --------------------------------------------------------------------------


def _groups_merged(region: list[Item]) -> list[Item | tuple[str | None, str, Prominence]]:
    """Region items with runs of group lines merged into one heading: a label line
    ("Part I") and its title line, or a heading broken over lines."""
    out: list[Item | tuple[str | None, str, Prominence]] = []
    previous: Item | None = None
    for item in region:
        if item.role == "group":
            last = out[-1] if out else None
            if (
                previous is not None
                and previous.role == "group"
                and isinstance(last, tuple)
                and not _opens_a_smaller_unit(last, item.text)
            ):
                label, title, seen = last
                same_block = previous.line.block_id == item.line.block_id
                if label is None and GROUP_WORD.match(title) and not split_heading(title)[1]:
                    label, title = title.rstrip(":. "), item.text
                elif label is not None and title == "":
                    title = item.text
                else:
                    title = f"{title}{' ' if same_block else ' – '}{item.text}"
                out[-1] = (label, title, max(seen, item.prominence))
            else:
                word, heading = split_heading(item.text)
                out.append((word, heading or ("" if word else item.text), item.prominence))
            previous = item
            continue
        if item.role in ("entry", "title", "placeholder", "usection"):
            out.append(item)
        previous = item
    return out


# Units a book is divided into, largest first: a part stands in a volume or a book,
# a section in a part. English, and the archive's Russian.
_UNITS = {
    "volume": 0,
    "vol.": 0,
    "том": 0,
    "book": 1,
    "книга": 1,
    "part": 2,
    "часть": 2,
    "section": 3,
    "division": 3,
    "раздел": 3,
    "отдел": 3,
}


def _unit(heading: str) -> int | None:
    """The rank of the unit a group heading names ('Volume Two' → 0), or None."""
    match = GROUP_WORD.match(heading.strip())
    if match is None or not match.group(0).split():
        return None
    return _UNITS.get(match.group(0).split()[0].lower().rstrip(".:"))


def _opens_a_smaller_unit(heading: tuple[str | None, str, Prominence], text: str) -> bool:
    """'Volume One' then 'Part I': two groups, one inside the other, not one heading."""
    label, title, _ = heading
    outer, inner = _unit(label or title), _unit(text)
    return outer is not None and inner is not None and inner > outer


def _open_group(group: Node, groups: list[Node], root: list[Node]) -> None:
    """Put a new group where it belongs: inside the open group of a larger unit (a
    part inside its volume), else beside it."""
    inner = _unit(group.label or group.title)
    while groups:
        outer = _unit(groups[-1].label or groups[-1].title)
        if inner is not None and outer is not None and inner > outer:
            break
        groups.pop()
    (groups[-1].children if groups else root).append(group)
    groups.append(group)


def build_tree(region: list[Item]) -> list[Node]:
    """Groups, parts and sections, nested by how prominent each line looks."""
    root: list[Node] = []
    groups: list[Node] = []
    stack: list[Node] = []
    for position, piece in enumerate(merged := _groups_merged(region)):
        if isinstance(piece, tuple):
            label, title, seen = piece
            _open_group(Node("group", title or label or "", seen, label=label), groups, root)
            stack = []
            continue
        item = piece
        if (
            item.role == "entry"
            and item.first is not None
            and stack
            and stack[-1].item is item.first
            and item.prominence >= stack[-1].prominence
        ):
            continue  # the same link again, as its own label: once is enough
        node = _node(item, merged[position + 1 :])
        _place(node, stack, groups[-1] if groups else None, root)
    return root


def _node(item: Item, rest: list[Item | tuple[str | None, str, Prominence]]) -> Node:
    if item.role == "entry":
        return Node(
            "entry",
            item.text,
            item.prominence,
            item,
            page=item.page,
            url=item.url,
            fragment=item.fragment,
        )
    if item.role == "title":
        # A part titled by an unlinked line: its page is its first section's.
        first = next((other for other in rest if isinstance(other, Item) and other.page), None)
        page = first.page if first is not None else ""
        indent, size, _ = item.prominence
        return Node("entry", item.text, (indent, size + 10, 1), item, page=page, borrowed=True)
    kind: NodeKind = "placeholder" if item.role == "placeholder" else "usection"
    return Node(kind, item.text, item.prominence, item)


def _is_child(node: Node, top: Node) -> bool:
    """Whether `node` goes under `top`, the last open entry."""
    if top.borrowed:
        return node.kind == "entry" and family(node.page) == family(top.page)
    if top.prominence > node.prominence:
        return True
    if node.kind == "usection" and top.kind != "usection":
        # Read as a section already (numbered otherwise than the entry above it).
        return top.prominence == node.prominence
    if top.prominence != node.prominence or node.kind != "entry" or top.kind != "entry":
        return False
    if not top.page or family(top.page) != family(node.page) or top.fragment:
        return False
    if not node.fragment or kind_of(node.title) not in (None,):
        return False
    # Alike, and on the page above: a section unless numbered in the same scheme.
    scheme = _scheme(_full_text(node))
    return scheme != _scheme(_full_text(top)) or scheme == "none"


def _full_text(node: Node) -> str:
    item = node.item
    if item is None or item.link is None:
        return node.title
    return f"{item.label or ''} {item.link.before} {item.link.text}".strip()


def _place(node: Node, stack: list[Node], group: Node | None, root: list[Node]) -> None:
    while stack:
        top = stack[-1]
        if top.borrowed and not _is_child(node, top):
            stack.pop()
            continue
        if _is_child(node, top):
            break
        stack.pop()
    parent = stack[-1].children if stack else (group.children if group else root)
    parent.append(node)
    stack.append(node)


# Reshaping -------------------------------------------------------------------------


def reshape(nodes: list[Node]) -> list[Node]:
    """Entries whose children are other pages become groups; a lone child on another
    page was a sibling all along."""
    out: list[Node] = []
    for node in nodes:
        if node.kind == "entry" and node.children:
            out += _reshaped(node)
        else:
            out.append(node)
    for node in out:
        if node.kind == "group":
            node.children = reshape(node.children)
    _consistent_groups(out)
    return out


def _reshaped(node: Node) -> list[Node]:
    own = family(node.page) if node.page else None
    foreign = [
        child
        for child in node.children
        if child.kind == "entry" and child.page and family(child.page) != own
    ]
    if len(foreign) >= 2 or (foreign and GROUP_WORD.match(node.title)):
        group = Node("group", node.title, node.prominence, node.item)
        if node.url and not any(child.url == node.url for child in node.children):
            group.children.append(_leaf(node))
        group.children += node.children
        return [group]
    if foreign:
        index = node.children.index(foreign[0])
        rest = node.children[index:]
        node.children = node.children[:index]
        return [node, *reshape(rest)]
    return [node]


def _leaf(node: Node) -> Node:
    return Node(
        node.kind,
        node.title,
        node.prominence,
        node.item,
        page=node.page,
        url=node.url,
        fragment=node.fragment,
    )


def _consistent_groups(nodes: list[Node]) -> None:
    """If some "Section II"-like entries became groups, their like does too."""
    schemes = {
        _scheme(node.title)
        for node in nodes
        if node.kind == "group" and GROUP_WORD.match(node.title or "")
    }
    for index, node in enumerate(nodes):
        if (
            node.kind == "entry"
            and GROUP_WORD.match(node.title)
            and _scheme(node.title) in schemes
            and node.children
        ):
            group = Node("group", node.title, node.prominence, node.item)
            if node.url and not any(child.url == node.url for child in node.children):
                group.children.append(_leaf(node))
            group.children += node.children
            nodes[index] = group


_FRONT_KINDS = frozenset({"preface", "foreword", "introduction", "other"})
_FIRST = {"roman": "I", "arabic": "1", "words": "One"}


def implicit_first_group(nodes: list[Node]) -> list[Node]:
    """ "Part II" is the first heading, and chapters come before it: those chapters
    (after the front matter) are Part I, which the page left without a heading."""
    first = next((index for index, node in enumerate(nodes) if node.kind == "group"), None)
    if first is None:
        return nodes
    heading = nodes[first].label or nodes[first].title
    match = re.fullmatch(r"(?P<word>[^\W\d]+\.?)\s*(?P<numeral>\w+)\.?", heading.strip())
    found = numbering(heading) if match and GROUP_WORD.match(heading) else None
    if match is None or found is None or found.value != 2 or found.style not in _FIRST:
        return nodes
    start = 0
    while start < first and (nodes[start].stray or kind_of(nodes[start].title) in _FRONT_KINDS):
        start += 1
    body = nodes[start:first]
    if len(body) < 2 or any(node.kind != "entry" for node in body):
        return nodes
    label = f"{match['word']} {_FIRST[found.style]}"
    group = Node("group", label, nodes[first].prominence, label=label, children=body)
    return [*nodes[:start], group, *nodes[first:]]

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
3. **Unlinked lines are read from what follows them.** A label names the one entry
   after it ("Appendix I"); a heading over several entries is a group ("Part I");
   a line over links into one page is that part's title; a less prominent line
   after an entry is a section without a link ("1. Feudalism"); a line like its
   linked neighbours is a chapter not yet transcribed; a date or "by …" right after
   an entry is a note on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from studygroup.sources.contents_links import family
from studygroup.sources.contents_region import (
    CONTENTS_HEADING,
    GROUP_WORD,
    Item,
    Prominence,
)
from studygroup.sources.contents_titles import (
    entry_words,
    find_date,
    is_byline,
    is_label,
    is_size,
    kind_of,
    numbering,
)

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


def _looks_like_prose(text: str) -> bool:
    words = text.split()
    if len(text) > 160:
        return True
    return len(words) >= 7 and text.rstrip()[-1:] in ".!?" and numbering(text) is None


def _is_entry(item: Item | None) -> bool:
    return item is not None and item.role == "entry"


# Unlinked lines ------------------------------------------------------------------


def _following_entries(region: list[Item], index: int) -> list[Item]:
    """The entries after `index`, up to the next unlinked line that follows one."""
    out: list[Item] = []
    for item in region[index + 1 :]:
        if item.role == "entry":
            out.append(item)
        elif item.role in ("unlinked", "group", "label", "title") and out:
            break
    return out


def _note_like(item: Item, before: Item) -> bool:
    """A line right under an entry that says something about it: a date, a byline,
    a file size, a smaller unnumbered line."""
    text = item.text
    if re.match(r"^\(\w{1,3}\)\s", text):
        return False  # "(1) Price": a section
    if is_size(text) or is_byline(text):
        return True
    if re.match(r"^(?:\(|\[|,|–|—|-\s|dated\b|edited\b|translated\b)", text, re.IGNORECASE):
        return True
    if item.prominence[1] < before.prominence[1] and numbering(text) is None:
        return not is_label(text)
    return bool(find_date(text)) and len(text) < 40 and numbering(text) is None


def _plausible_placeholder(item: Item, region: list[Item]) -> bool:
    """An unlinked line that reads like an entry: numbered, named by its kind, or in
    the same block or box as linked entries."""
    text = item.text
    if _looks_like_prose(text):
        return False
    if numbering(text) is not None or kind_of(text) is not None:
        return True
    return any(
        other.role == "entry"
        and (other.line.block_id == item.line.block_id or other.line.box_id == item.line.box_id)
        and other.line.box_id != 0
        for other in region
    ) or any(
        other.role == "entry" and other.line.block_id == item.line.block_id for other in region
    )


def classify_unlinked(region: list[Item]) -> None:
    """Decide, in page order, what each unlinked line of the region is."""
    for index, item in enumerate(region):
        if item.role == "unlinked":
            item.role = _unlinked_role(region, index)


def _unlinked_role(
    region: list[Item], index: int
) -> Literal[
    "note",
    "label",
    "title",
    "group",
    "usection",
    "placeholder",
    "furniture",
    "prose",
    "continued",
]:
    item = region[index]
    text = item.text
    if CONTENTS_HEADING.match(text) or is_size(text):
        return "furniture"
    if len(text) > 160:
        return "prose"
    before = region[index - 1] if index else None
    after = region[index + 1] if index + 1 < len(region) else None
    if (
        before is not None
        and before.role in ("entry", "placeholder")
        and not item.line.gap
        and before.line.block_id == item.line.block_id
        and _note_like(item, before)
    ):
        before.notes.append(text)
        return "note"
    if (
        before is not None
        and before.role in ("usection", "placeholder")
        and not item.line.gap
        and before.line.block_id == item.line.block_id
        and numbering(text) is None
        and not is_byline(text)
        and (before.text.rstrip()[-1:] in ";,:–—-" or text[:1].islower())
    ):
        # "6. The Increase of the Proletariat;<br>Mercantile and …": one title.
        before.text = f"{before.text} {text}"
        return "continued"
    in_block = [other for other in region if other.line.block_id == item.line.block_id]
    heading = item.line.heading > 0 and not any(other.role == "entry" for other in in_block)
    label_like = (
        is_label(text)
        or GROUP_WORD.match(text) is not None
        or (kind_of(text) is not None and len(text.split()) <= 3)
    )
    if (
        _is_entry(after)
        and after is not None
        and after.prominence > item.prominence
        and after.prominence[0] == item.prominence[0]
        and label_like
        and not GROUP_WORD.match(text)
        and _single_entry(region, index + 1)
    ):
        after.label = text
        return "label"
    following = _following_entries(region, index)
    group_like = (
        heading
        or GROUP_WORD.match(text) is not None
        or text.endswith(":")
        or re.fullmatch(r"[IVXLC]+\.?", text) is not None
    )
    own = [entry for entry in following if entry.line.block_id == item.line.block_id]
    if not own and following:
        own = [entry for entry in following if entry.line.block_id == following[0].line.block_id]
    families = {family(entry.page) for entry in own}
    if (
        len(own) >= 2
        and len(families) == 1
        and any(entry.fragment for entry in own)
        and not group_like
        and all(entry.prominence <= item.prominence for entry in own)
    ):
        return "title"
    if following and (
        group_like
        or (after is not None and after.role == "entry" and item.prominence > after.prominence)
    ):
        return "group"
    if after is not None and after.role in ("unlinked", "entry") and group_like:
        return "group"
    if (
        _is_entry(after)
        and after is not None
        and after.line.block_id == item.line.block_id
        and not after.line.gap
        and numbering(text) is None
        and not label_like
    ):
        # "Victor Serge" over the link to his letter: said of the entry below.
        after.notes.insert(0, text)
        return "note"
    last = next(
        (
            other
            for other in reversed(region[:index])
            if other.role in ("entry", "title", "placeholder", "group")
        ),
        None,
    )
    if last is not None and last.role != "group":
        if item.prominence < last.prominence:
            return "usection"
        if (
            last.role == "entry"
            and item.prominence == last.prominence
            and numbering(text) is not None
            and _scheme(text) != _scheme(_link_text(last))
        ):
            # "Part I" linked, then "1. Speech at the Opening …" unlinked: a
            # chapter's contents, numbered their own way, not missing chapters.
            return "usection"
    if _plausible_placeholder(item, region):
        return "placeholder"
    return "prose"


def _link_text(item: Item) -> str:
    if item.link is None:
        return item.text
    return f"{item.label or ''} {item.link.before} {item.link.text}".strip()


def _single_entry(region: list[Item], index: int) -> bool:
    """The entry at `index` stands alone under a label: what follows it until the
    next unlinked line is on its page or less prominent than it."""
    head = region[index]
    for item in region[index + 1 :]:
        if item.role != "entry":
            return True
        if item.prominence >= head.prominence and family(item.page) != family(head.page):
            return False
    return True


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
            if previous is not None and previous.role == "group" and out:
                last = out[-1]
                assert isinstance(last, tuple)
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


def build_tree(region: list[Item]) -> list[Node]:
    """Groups, parts and sections, nested by how prominent each line looks."""
    root: list[Node] = []
    group: Node | None = None
    stack: list[Node] = []
    for position, piece in enumerate(merged := _groups_merged(region)):
        if isinstance(piece, tuple):
            label, title, seen = piece
            group = Node("group", title or label or "", seen, label=label)
            root.append(group)
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
        _place(node, stack, group, root)
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

"""What each unlinked line of a contents region is, read from what follows it.

A contents page has lines without a link into the work, and each means something:

- a **note** on the entry above it: a date "(January 1927)", a byline "by …", a
  smaller unnumbered line; or on the entry below it, set in the same block
  ("Victor Serge" over the link to his letter);
- a **label** naming the one entry after it: "Appendix I", "Chapter II",
  "Introductory" over a more prominent link;
- the **title** of a part whose sections are the links after it, all on one page;
- a **group** heading over entries: "Part I", "Appendices:", a heading element, a
  line more prominent than the entries after it;
- a **section without a link** ("1. Feudalism") under the entry above it: less
  prominent than it, or numbered in another scheme;
- a **placeholder**: a chapter like its linked neighbours, not transcribed yet;
- the **continuation** of the line above ("…Proletariat;<br>Mercantile and …");
- **furniture** ("Contents", a file size) or **prose**, which is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from studygroup.sources.contents_links import family
from studygroup.sources.contents_region import CONTENTS_HEADING, GROUP_WORD, Item
from studygroup.sources.contents_titles import (
    find_date,
    is_byline,
    is_label,
    is_size,
    kind_of,
    numbering,
)


def _scheme(text: str) -> str:
    found = numbering(text)
    return found.scheme if found is not None else "none"


def _looks_like_prose(text: str) -> bool:
    words = text.split()
    if len(text) > 160:
        return True
    return len(words) >= 7 and text.rstrip()[-1:] in ".!?" and numbering(text) is None


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


UnlinkedRole = Literal[
    "note", "label", "title", "group", "usection", "placeholder", "furniture", "prose", "continued"
]


@dataclass
class _Context:
    """An unlinked line and its neighbours in the region."""

    region: list[Item]
    index: int

    @property
    def item(self) -> Item:
        return self.region[self.index]

    @property
    def text(self) -> str:
        return self.item.text

    @property
    def before(self) -> Item | None:
        return self.region[self.index - 1] if self.index else None

    @property
    def after(self) -> Item | None:
        return self.region[self.index + 1] if self.index + 1 < len(self.region) else None

    def next_entry(self) -> Item | None:
        after = self.after
        return after if after is not None and after.role == "entry" else None

    def in_block_above(self, roles: tuple[str, ...]) -> Item | None:
        """The line just above, if it has one of `roles` and this line goes on its
        block without a blank between."""
        before = self.before
        if (
            before is not None
            and before.role in roles
            and not self.item.line.gap
            and before.line.block_id == self.item.line.block_id
        ):
            return before
        return None

    @property
    def label_like(self) -> bool:
        text = self.text
        return (
            is_label(text)
            or GROUP_WORD.match(text) is not None
            or (kind_of(text) is not None and len(text.split()) <= 3)
        )

    @property
    def group_like(self) -> bool:
        text = self.text
        in_block = (o for o in self.region if o.line.block_id == self.item.line.block_id)
        heading = self.item.line.heading > 0 and not any(o.role == "entry" for o in in_block)
        return (
            heading
            or GROUP_WORD.match(text) is not None
            or text.endswith(":")
            or re.fullmatch(r"[IVXLC]+\.?", text) is not None
        )


def classify_unlinked(region: list[Item]) -> None:
    """Decide, in page order, what each unlinked line of the region is."""
    for index, item in enumerate(region):
        if item.role == "unlinked":
            item.role = _unlinked_role(_Context(region, index))


def _unlinked_role(at: _Context) -> UnlinkedRole:
    if CONTENTS_HEADING.match(at.text) or is_size(at.text):
        return "furniture"
    if len(at.text) > 160:
        return "prose"
    for rule in (_note_above, _continuation, _label, _part_title, _group, _note_below):
        role = rule(at)
        if role is not None:
            return role
    return _section_or_placeholder(at)


def _note_above(at: _Context) -> UnlinkedRole | None:
    """A date, a byline or a smaller line right under an entry: a note on it."""
    above = at.in_block_above(("entry", "placeholder"))
    if above is not None and _note_like(at.item, above):
        above.notes.append(at.text)
        return "note"
    return None


def _continuation(at: _Context) -> UnlinkedRole | None:
    """ "6. The Increase of the Proletariat;<br>Mercantile and …": one title."""
    above = at.in_block_above(("usection", "placeholder"))
    text = at.text
    if (
        above is not None
        and numbering(text) is None
        and not is_byline(text)
        and (above.text.rstrip()[-1:] in ";,:–—-" or text[:1].islower())
    ):
        above.text = f"{above.text} {text}"
        return "continued"
    return None


def _label(at: _Context) -> UnlinkedRole | None:
    """ "Appendix I" over a more prominent link that stands alone: names that entry."""
    entry = at.next_entry()
    if (
        entry is not None
        and entry.prominence > at.item.prominence
        and entry.prominence[0] == at.item.prominence[0]
        and at.label_like
        and not GROUP_WORD.match(at.text)
        and _single_entry(at.region, at.index + 1)
    ):
        entry.label = at.text
        return "label"
    return None


def _part_title(at: _Context) -> UnlinkedRole | None:
    """A line over links into one page, some to its anchors: that part's title."""
    following = _following_entries(at.region, at.index)
    own = [entry for entry in following if entry.line.block_id == at.item.line.block_id]
    if not own and following:
        own = [entry for entry in following if entry.line.block_id == following[0].line.block_id]
    if (
        len(own) >= 2
        and len({family(entry.page) for entry in own}) == 1
        and any(entry.fragment for entry in own)
        and not at.group_like
        and all(entry.prominence <= at.item.prominence for entry in own)
    ):
        return "title"
    return None


def _group(at: _Context) -> UnlinkedRole | None:
    """A heading over entries: named as a group, or more prominent than they are."""
    entry = at.next_entry()
    more_prominent = entry is not None and at.item.prominence > entry.prominence
    if _following_entries(at.region, at.index) and (at.group_like or more_prominent):
        return "group"
    after = at.after
    if after is not None and after.role in ("unlinked", "entry") and at.group_like:
        return "group"
    return None


def _note_below(at: _Context) -> UnlinkedRole | None:
    """ "Victor Serge" over the link to his letter, in one block: said of the entry."""
    entry = at.next_entry()
    if (
        entry is not None
        and entry.line.block_id == at.item.line.block_id
        and not entry.line.gap
        and numbering(at.text) is None
        and not at.label_like
    ):
        entry.notes.insert(0, at.text)
        return "note"
    return None


def _section_or_placeholder(at: _Context) -> UnlinkedRole:
    """Under an entry, less prominent or numbered otherwise: its section without a
    link. Like its linked neighbours: a chapter not transcribed yet."""
    last = next(
        (
            other
            for other in reversed(at.region[: at.index])
            if other.role in ("entry", "title", "placeholder", "group")
        ),
        None,
    )
    if last is not None and last.role != "group":
        if at.item.prominence < last.prominence:
            return "usection"
        if (
            last.role == "entry"
            and at.item.prominence == last.prominence
            and numbering(at.text) is not None
            and _scheme(at.text) != _scheme(_link_text(last))
        ):
            # "Part I" linked, then "1. Speech at the Opening …" unlinked: a
            # chapter's contents, numbered their own way, not missing chapters.
            return "usection"
    if _plausible_placeholder(at.item, at.region):
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

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

"""A contents page's lines → the items of its contents, and nothing else.

The archive's pages hold much besides their contents: a breadcrumb, the work's
bibliographic facts, epigraphs, notes, "Top of the page" and "Last updated" lines.
Those are told by the block they stand in (the archive's classes, a `#top` link, a
link to an archive index), never by their words, and dropped. What is left becomes
**items**: one for each link into the work (or to a page elsewhere on the site, which
can be a real entry: an essay filed under another year), one for each line without
such a link.

The **contents region** runs from the first to the last link into the work, widened
to take in the labels just before it (a "Contents" heading, "Part I") and the
unlinked lines at the end of its own block or box (chapters not yet transcribed).
Notes headings ("Endnotes", "Transcriber’s Note") after the contents started begin
notes, whose links are duplicates, never entries. A notes heading *before* the
contents is a note about the work and does not end anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from studygroup.sources.contents_links import Target, classify
from studygroup.sources.contents_titles import EntryWords
from studygroup.sources.lines import Line, Link

# Compared as tuples: indentation first (less is more prominent), then size, then bold.
Prominence = tuple[int, int, int]
Role = Literal[
    "entry",  # a link into the work (or elsewhere on the site)
    "unlinked",  # a line without such a link, not yet understood
    "note",  # said about the entry before it: a date, a byline
    "label",  # names the entry after it: "Appendix I", "Chapter II"
    "title",  # the title of a part whose sections are the links after it
    "group",  # a heading over entries: "Part I", "Appendices"
    "usection",  # a section without a link: "1. Feudalism"
    "placeholder",  # a chapter without a link: not transcribed yet
    "furniture",  # a "Contents" heading, a file size, a rule of stars
    "prose",  # a paragraph that is no part of the contents
    "continued",  # the rest of the line above, wrapped onto a line of its own
]

_NAV_CLASSES = frozenset(
    {"toplink", "title", "footer", "updat", "foot", "next", "breadcrumb", "navigation", "nav"}
)
_NOTE_CLASSES = frozenset(
    {"note", "notes", "pagenoteb", "endnote", "endnotes", "anote", "enote", "footnote"}
)
_FRONT_CLASSES = frozenset({"information", "info"})
_PROSE_CLASSES = frozenset(
    {"quote", "quoteb", "inote", "author", "c", "epigraph", "dedication", "abstract"}
)
NOTES_HEADING = re.compile(
    r"^(?:end\s*notes?|notes?|foot\s*notes?|(?:transcriber|translator|editor|publisher)"
    r"[’']?s?\s+notes?|acknowledge?ments?|note on (?:the )?(?:editions?|text|sources?)"
    r"|references|sources?|glossary)\W*$",
    re.IGNORECASE,
)
CONTENTS_HEADING = re.compile(
    r"^(?:(?:table of )?contents?|index|chapters)\s*:?$|^[*\s\u00a0.·•–—-]+$", re.IGNORECASE
)
# The words a group heading starts with, in English and in the archive's Russian
# pages (часть part, том volume, книга book, раздел and отдел section).
GROUP_WORD = re.compile(
    r"^(?:part|book|volume|vol\.|section|appendices|division|period|series|topic"
    r"|часть|том|книга|раздел|отдел)\b\.?\s*"
    r"(?:[IVXLCDM]+\b|\d+\b|one|two|three|four|five|six|seven|eight|nine|ten|first|second"
    r"|third|fourth|fifth|sixth)?",
    re.IGNORECASE,
)


@dataclass(eq=False)
class Item:
    """One line of the contents, or one link of a line that holds several."""

    line: Line
    role: Role
    prominence: Prominence
    text: str  # the line's text, or the link's with the text around it
    link: Link | None = None
    target: Target | None = None
    words: EntryWords | None = None
    label: str | None = None  # from a label line just before it
    notes: list[str] = field(default_factory=list)
    first: Item | None = None  # the earlier item linking the same address

    @property
    def page(self) -> str:
        return self.target.page if self.target else ""

    @property
    def fragment(self) -> str:
        return self.target.fragment if self.target else ""

    @property
    def url(self) -> str:
        return self.target.url if self.target else ""

    @property
    def outside(self) -> bool:
        return self.target is not None and self.target.kind == "elsewhere"


@dataclass
class Region:
    """What the page's lines give the outline."""

    items: list[Item]  # the contents region, in page order
    front: list[Item]  # links into the work in the front matter
    # Links into the work outside the contents: in navigation, notes, prose, or
    # beyond the region. Pages not linked from the contents are placed from these.
    dropped: list[Item]
    work_links: list[str]  # every distinct link into the work, in page order
    # Lines understood as no part of the contents: navigation, notes, front matter.
    furniture: set[int] = field(default_factory=set)  # by id() of the line


def prominence(line: Line, start: int = 0) -> Prominence:
    """How prominent a line (or the link starting at run `start`) looks."""
    run = line.first_run(start)
    indent = line.depth + (1 if line.lead >= 2 else 0)
    if line.text.startswith("§"):
        indent += 1  # "§ 3. [Title](…)": a section, whatever the layout says
    if run is None:
        return (-indent, 0, 0)
    return (-indent, run.size, 1 if run.strong else 0)


def _targets(line: Line, page: str, folder: str) -> list[Target]:
    return [classify(link.href, page=page, folder=folder) for link in line.links]


def _single_page(targets: list[list[Target]]) -> list[list[Target]]:
    """A work on one page: its contents link only to anchors of the page itself
    ('#s1', '#s2' …). Those anchors are then the work's parts."""
    anchors = {
        target.fragment
        for line_targets in targets
        for target in line_targets
        if target.kind == "self" and target.fragment and not _is_top(target)
    }
    if len(anchors) < 2:
        return targets
    return [
        [
            replace(target, kind="work")
            if target.kind == "self" and target.fragment and not _is_top(target)
            else target
            for target in line_targets
        ]
        for line_targets in targets
    ]


def _is_top(target: Target) -> bool:
    return target.kind == "self" and target.fragment.lower() in ("top", "0")


def _nav_blocks(lines: list[Line], targets: list[list[Target]]) -> set[int]:
    """Blocks of navigation: a 'Top of the page' link, or as many links to archive
    indexes as to anything else."""
    nav: dict[int, list[int]] = {}
    for line, line_targets in zip(lines, targets, strict=True):
        counts = nav.setdefault(line.block_id, [0, 0])
        for target in line_targets:
            # "Top of the page", an archive index, the contents page itself.
            if (
                _is_top(target)
                or target.kind == "nav"
                or (target.kind == "self" and not target.fragment)
            ):
                counts[0] += 1
            elif target.kind in ("work", "elsewhere"):
                counts[1] += 1
    return {block for block, (navs, others) in nav.items() if navs and navs >= others}


def _furniture(lines: list[Line], targets: list[list[Target]]) -> list[str]:
    """Each line's furniture kind ('nav', 'note', 'front', 'prose'), or '' for a line
    that may be contents."""
    nav_blocks = _nav_blocks(lines, targets)
    out: list[str] = []
    started = False
    notes_rule: int | None = None
    seen: set[str] = set()
    for line, line_targets in zip(lines, targets, strict=True):
        scope = set(line.scope)
        works = [target.page for target in line_targets if target.kind == "work"]
        linked = bool(works)
        if notes_rule is not None and any(page not in seen for page in works):
            notes_rule = None  # a page not linked before: contents again, not a note
        seen.update(works)
        kind = ""
        if scope & _NAV_CLASSES or line.block_id in nav_blocks:
            kind = "nav"
        elif scope & _NOTE_CLASSES:
            kind = "note"
        elif scope & _FRONT_CLASSES:
            kind = "front"
        elif scope & _PROSE_CLASSES and not linked:
            kind = "prose"
        headed = line.heading > 0 or (line.bold and len(line.text) < 40)
        if notes_rule is not None:
            if line.rule != notes_rule or (headed and not NOTES_HEADING.match(line.text)):
                notes_rule = None
            elif not kind:
                kind = "note"
        if not kind and headed and started and not linked and NOTES_HEADING.match(line.text):
            notes_rule = line.rule
            kind = "note"
        if not kind and linked:
            started = True
        out.append(kind)
    return out


def read_region(lines: list[Line], *, page: str, folder: str) -> Region:
    """The contents region of a page's lines, and the links that are not in it."""
    targets = [_targets(line, page, folder) for line in lines]
    if not any(target.kind == "work" for line_targets in targets for target in line_targets):
        targets = _single_page(targets)
    furniture = _furniture(lines, targets)
    region = _read(lines, targets, furniture)
    if not region.items and (region.front or region.dropped):
        # Every link into the work sits in what looks like front matter or notes:
        # on this page that is where the contents are. Only navigation stays out.
        lenient = [kind if kind == "nav" else "" for kind in furniture]
        retry = _read(lines, targets, lenient)
        if retry.items:
            return retry
    return region


def _read(lines: list[Line], targets: list[list[Target]], furniture: list[str]) -> Region:
    items: list[Item] = []
    front: list[Item] = []
    dropped: list[Item] = []
    work_links: list[str] = []
    seen: dict[str, Item] = {}
    for line, line_targets, kind in zip(lines, targets, furniture, strict=True):
        for target in line_targets:
            if target.kind == "work" and target.url not in work_links:
                work_links.append(target.url)
        content = [
            (link, target)
            for link, target in zip(line.links, line_targets, strict=True)
            if target.kind in ("work", "elsewhere")
        ]
        if kind == "front":
            front += [
                _entry(line, link, target, seen)
                for link, target in content
                if target.kind == "work"
            ]
            continue
        if kind:
            dropped += [
                _entry(line, link, target, seen)
                for link, target in content
                if target.kind == "work"
            ]
            continue
        if content:
            items += [_entry(line, link, target, seen) for link, target in content]
        elif line.links and all(target.kind != "none" for target in line_targets):
            items.append(Item(line, "furniture", prominence(line), line.text))
        else:
            items.append(Item(line, "unlinked", prominence(line), line.text))
    region = _region(items)
    inside = {id(item) for item in region}
    dropped += [
        item
        for item in items
        if id(item) not in inside and item.target is not None and item.target.kind == "work"
    ]
    dropped.sort(key=lambda item: item.line.number)
    furnished = {id(line) for line, kind in zip(lines, furniture, strict=True) if kind}
    return Region(region, front, dropped, work_links, furnished)


def _entry(line: Line, link: Link, target: Target, seen: dict[str, Item]) -> Item:
    # "Chapter I. [Title]": the line looks as its first words do, not as its link.
    numbered = bool(link.before.strip()) and line.links[0] is link
    start = 0 if numbered else link.start
    item = Item(
        line,
        "entry",
        prominence(line, start),
        link.text,
        link=link,
        target=target,
    )
    item.first = seen.setdefault(target.url, item)
    if item.first is item:
        item.first = None
    return item


def _is_work_entry(item: Item) -> bool:
    return item.role == "entry" and item.target is not None and item.target.kind == "work"


def _region(items: list[Item]) -> list[Item]:
    """From the first link into the work to the last, widened at both ends."""
    entries = [index for index, item in enumerate(items) if _is_work_entry(item)]
    if not entries:
        return []
    first, last = entries[0], entries[-1]
    head = items[first].line
    # Heading blocks that name a group ("Part One<br>THE ELECTION CAMPAIGN") or the
    # contents: taken in whole when the region reaches back to them.
    named = {
        item.line.block_id
        for item in items[:first]
        if GROUP_WORD.match(item.text) or CONTENTS_HEADING.match(item.text)
    }
    taken = {head.block_id}
    start = first
    for index in range(first - 1, -1, -1):
        item = items[index]
        line = item.line
        if line.rule != head.rule or item.role not in ("entry", "unlinked", "furniture"):
            break
        boxed = head.box_id != 0 and line.box_id == head.box_id and line.heading >= 3
        if (
            item.role == "entry"
            or line.block_id in taken
            or line.block_id in named
            or boxed
            or re.fullmatch(r"[IVXLC]+\.?", item.text)
        ):
            start = index
            taken.add(line.block_id)
            continue
        if line.heading >= 2:
            # Looked past, and taken if a named heading is above it: in "<h2>Volume
            # One</h2><h3>The Overthrow …</h3><h3>Part I</h3>" the middle line is
            # the volume's title.
            continue
        break
    end = last
    tail = items[last].line
    # Paragraphs of the archive's own contents classes (p.index, p.indentb …) like
    # those already in the contents go on being contents: the sections of the last
    # chapter, written as their own paragraphs.
    kinds = {(item.line.block, item.line.classes) for item in items[start : last + 1]}
    for index in range(last + 1, len(items)):
        item = items[index]
        line = item.line
        if item.role not in ("entry", "unlinked") or line.rule != tail.rule:
            break
        if (
            item.role == "entry"
            or line.block_id == tail.block_id
            or (tail.box_id != 0 and line.box_id == tail.box_id)
            or (line.classes and (line.block, line.classes) in kinds)
        ):
            end = index
            continue
        break
    return items[start : end + 1]

"""A contents page (HTML or Markdown) → a book's tree: groups, parts and sections.

Any contents page of the Marxists Internet Archive is read, in its HTML as the site
serves it or in Markdown in the style of `seeds/revolution-betrayed-contents.md`:

    # The Revolution Betrayed                     title
    Written; 1936.                                front matter: label, then : ; or .
    [INTRODUCTION](intro.htm): The Purpose …      a part named by its kind, a subtitle
    I. – [WHAT HAS BEEN ACHIEVED](ch01.htm)       a chapter, roman-numbered
    [The Principal Indices …](ch01.htm#ch01-1)    a section of the part above it
    APPENDIX: [“SOCIALISM IN ONE COUNTRY”](…)     an appendix
    [POSTSCRIPT](intro.htm#ps)                    a part named by its kind

The reading goes in steps, each in its own module: the page becomes lines with their
looks (`html_lines`, `markdown_lines`); the furniture is dropped and the contents
region found (`contents_region`); unlinked lines are understood (`contents_unlinked`) and the
tree built (`contents_outline`); titles are read from whole lines (`contents_titles`); the head
of the page gives title, author and front matter (`contents_meta`); and the tree
becomes the book's groups and parts with their keys (`contents_keys`).

Keys, what a user types to name a part:

- a chapter with a number: its number (`6` for VI), when no two chapters share one;
  numbered within its part (`I.III`) or numbering again from 1 in each group:
  `<group number>.<n>` (`1.3`); a chapter numbered otherwise than most ("Section I"
  among "Lecture 1", "Lecture 2" …) and clashing with them: its words (`section-i`);
- unnumbered chapters of a book that numbers none: `1`, `2`, … in order; an
  unnumbered chapter among numbered ones: the first words of its title
  (`what-to-read-next`);
- the pieces of a collection (dated articles, speeches, letters): `1`, `2`, … in
  order, each with its date;
- front and back matter by kind: `preface`, `foreword`, `intro`, `conclusion`,
  `epilogue`, `afterword`, `postscript`, `appendix` (numbered ones `appendix-1`,
  `appendix-2`; a second one of a kind `preface-2`, `preface-3`);
- other matter (notes, glossary, bibliography, chronology, further reading): a few
  words of its title (`further-reading`).

Groups are keyed `part-1`, `volume-2`, `book-3`, `section-2`, `appendices`, or a few
words of their heading, never the key of a part.

Nothing is dropped in silence: lines of the contents the importer does not
understand are reported in `skipped`, and links into the work it did not place in
`unplaced`, each with its line number. Pages of the work that only the front matter
or a note links to become parts too, where the page shows them (before or after the
contents); chapters listed without a link (not transcribed yet) are parts without an
address. A page that is not a book's contents (an
author's list of works, a gallery of page images, a page with no links into its
folder) raises `NotABook`, saying what the page looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from studygroup.domain.book import Group, Part
from studygroup.errors import StudygroupError
from studygroup.sources.contents_keys import draft_book
from studygroup.sources.contents_links import common_folder, folder_of
from studygroup.sources.contents_meta import Meta, read_meta
from studygroup.sources.contents_outline import (
    Node,
    build_tree,
    implicit_first_group,
    reshape,
    title_entries,
)
from studygroup.sources.contents_region import Item, Region, read_region
from studygroup.sources.contents_titles import entry_words
from studygroup.sources.contents_unlinked import classify_unlinked
from studygroup.sources.lines import Line

__all__ = ["Contents", "NotABook", "common_url", "read_contents"]

# An author's own folder on the archive: its index lists works, it is not one.
_AUTHOR_ROOT = re.compile(
    r"^/(?:archive|reference/archive|history/etol/writers|reference/subject/\w+)/[^/]+/"
    r"(?:index\.html?)?$",
    re.IGNORECASE,
)


@dataclass
class Contents:
    """What a contents page gives: the book's title, front matter and tree."""

    title: str
    subtitle: str | None
    author: str | None
    # written, published, translator, transcription: as the page says them.
    front: dict[str, str]
    kind: Literal["book", "collection"]
    groups: list[Group]
    parts: list[Part]
    # Lines of the contents not understood, and links into the work not placed:
    # (line number, text or address). An importer shows them.
    skipped: list[tuple[int, str]] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    # Every distinct link into the work, in page order.
    links: list[str] = field(default_factory=list)


class NotABook(StudygroupError):
    """The page is not a book's contents; the message says what it looks like."""


def read_contents(
    text: str,
    *,
    fmt: Literal["html", "markdown"],
    url: str | None,
    origin: str,
) -> Contents:
    """Read a contents page. `url` is where the page lives: links resolve against it
    and it names the work's folder (required for HTML; for Markdown, absolute links
    in the file name the folder when it is not given). Raises StudygroupError, with
    one line, on a page that cannot be read."""
    try:
        return _contents(text, fmt=fmt, url=url, origin=origin)
    except RecursionError:
        # Reading the page and building its tree walk nested elements by recursion. A
        # real contents page nests lists a few levels; a page of a few hundred kilobytes
        # can nest tens of thousands. One guard here, where every reading starts, covers
        # each step that recurses.
        what = "the page's tags" if fmt == "html" else "the page's lists"
        raise StudygroupError(f"{origin}: {what} are nested too deeply to read") from None


def _contents(
    text: str,
    *,
    fmt: Literal["html", "markdown"],
    url: str | None,
    origin: str,
) -> Contents:
    page = _read(text, fmt=fmt, url=url, origin=origin)
    region = read_region(page.lines, page=page.url, folder=page.folder)
    start = _first_line(page.lines, region)
    meta = read_meta(
        page.lines,
        end=start,
        page_title=page.title,
        meta_author=page.author,
        image_alts=page.image_alts,
        front=_front_indexes(page, start),
        crumb=next((line.text for line in page.lines if "title" in line.scope), ""),
    )
    _refuse_non_books(page, region, meta, origin)
    classify_unlinked(region.items)
    title_entries(region.items)
    nodes = _with_strays(region, implicit_first_group(reshape(build_tree(region.items))))
    if _is_gallery(page, nodes):
        raise NotABook(
            f"{origin}: not a book's contents: a gallery of page images "
            f"({len(page.images)} images, each link a page showing one)"
        )
    collection = _is_collection(region.items)
    groups, parts = draft_book(nodes, collection=collection)
    if not meta.title:
        raise StudygroupError(f"{origin}: no title (no heading, and no <title>)")
    if not parts:
        raise StudygroupError(f"{origin}: nothing placed: no entries in the contents")
    return Contents(
        title=meta.title,
        subtitle=meta.subtitle,
        author=meta.author,
        front={key: value for key, value in meta.front.items() if key != "source"},
        kind="collection" if collection else "book",
        groups=groups,
        parts=parts,
        skipped=_skipped(page, region, meta),
        unplaced=_unplaced(region, groups, parts),
        links=region.work_links,
    )


def common_url(parts: list[Part]) -> str | None:
    """The folder all part pages share ('https://…/revbet/'), or None."""
    urls = [part.url for part in parts if part.url]
    if not urls:
        return None
    folders = {url.rsplit("/", 1)[0] + "/" for url in urls if "/" in url}
    return folders.pop() if len(folders) == 1 else None


# Reading -------------------------------------------------------------------------


@dataclass
class _Page:
    fmt: Literal["html", "markdown"]
    lines: list[Line]
    url: str
    folder: str
    title: str = ""
    author: str | None = None
    images: list[str] = field(default_factory=list)
    image_alts: list[str] = field(default_factory=list)
    classification: str = ""


def _read(text: str, *, fmt: str, url: str | None, origin: str) -> _Page:
    if fmt == "html":
        from studygroup.sources.html_lines import read_html

        if not url:
            raise StudygroupError(
                f"{origin}: an HTML contents page needs the address it came from (--url)"
            )
        html = read_html(text, base=url)
        return _Page(
            "html",
            html.lines,
            url.partition("#")[0],
            folder_of(html.base or url),
            title=html.title,
            author=html.meta.get("author"),
            images=html.images,
            image_alts=html.image_alts,
            classification=" ".join(
                html.meta.get(name, "") for name in ("classification", "description")
            ),
        )
    from studygroup.sources.markdown_lines import read_markdown

    lines = read_markdown(text, base=url or "")
    if url:
        folder = folder_of(url)
    else:
        folder = common_folder([link.href for line in lines for link in line.links]) or ""
    return _Page("markdown", lines, (url or "").partition("#")[0], folder)


def _first_line(lines: list[Line], region: Region) -> int:
    """The index of the line the contents start at (all lines if there are none)."""
    if not region.items:
        return len(lines)
    first = region.items[0].line
    return next(index for index, line in enumerate(lines) if line is first)


def _front_indexes(page: _Page, start: int) -> list[int]:
    """The lines that may hold front matter: the information block, or, in Markdown,
    every line before the contents."""
    if page.fmt == "markdown":
        return list(range(start))
    front = [
        index for index, line in enumerate(page.lines) if {"information", "info"} & set(line.scope)
    ]
    return front or list(range(start))


# What the page is ------------------------------------------------------------------


def _is_author_index(page: _Page, region: Region, meta: Meta) -> bool:
    """An author's list of works: the index of an author's own folder, or a page
    that calls itself an archive and links works in several of its subfolders."""
    if page.fmt != "html" or not region.items:
        return False
    title = f"{meta.title or ''} {page.title}"
    named = re.search(r"\barchives?\b|\bworks of\b|\bwritings of\b", title, re.IGNORECASE)
    root = _AUTHOR_ROOT.match(urlsplit(page.url).path)
    if named and root:
        return True
    if not (named or root):
        return False
    # Works in several folders of their own (1926/strike/, 1931/…): a list of works.
    folders = {
        url[len(page.folder) :].split("/", 1)[0]
        for url in region.work_links
        if "/" in url[len(page.folder) :]
    }
    return len(folders) >= 2


def _refuse_non_books(page: _Page, region: Region, meta: Meta, origin: str) -> None:
    if _is_author_index(page, region, meta):
        raise NotABook(
            f"{origin}: not a book's contents: an author's list of works "
            f"({len(region.work_links)} links); import the contents page of one of them"
        )
    paragraphs = sum(1 for line in page.lines if len(line.text) > 250)
    entries = sum(1 for item in region.items if item.role == "entry")
    if page.fmt == "html" and paragraphs >= 5 and entries <= 3 and not _is_index(page.url):
        raise NotABook(
            f"{origin}: not a book's contents: an article or a chapter, its own text in "
            f"{paragraphs} paragraphs with {entries} links into its folder; import the "
            "work's contents page (index.htm) instead"
        )
    if region.items:
        return
    if paragraphs >= 3:
        raise NotABook(
            f"{origin}: not a book's contents: a single text ({paragraphs} paragraphs) "
            "with no links into its folder"
        )
    elsewhere = sum(
        1
        for line in page.lines
        for link in line.links
        if link.href.startswith(("http", "/")) and not link.href.startswith(page.folder)
    )
    what = (meta.title or page.title or "").lower()
    if re.search(r"\bdate\b|chronolog|by year", what) and elsewhere:
        raise NotABook(
            f"{origin}: not a book's contents: a chronological index of works "
            f"(its links lead out of {page.folder or 'its folder'})"
        )
    raise NotABook(
        f"{origin}: not a book's contents: a page with no links into its folder"
        + (f" ({page.folder})" if page.folder else "")
    )


def _is_index(url: str) -> bool:
    """The archive names a work's contents page index.htm (or serves the folder)."""
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    return name in ("", "index.htm", "index.html", "default.htm", "default.html")


def _is_gallery(page: _Page, nodes: list[Node]) -> bool:
    """Most entries are pages named like the images shown beside them."""
    stems = {_stem(src) for src in page.images}
    pages = [node.page for node in _leaves(nodes) if node.page]
    if len(pages) < 3:
        return "pictures" in page.classification.lower() and bool(stems)
    named = sum(1 for address in pages if _stem(address) in stems)
    return named >= 0.8 * len(pages)


def _stem(address: str) -> str:
    name = address.partition("#")[0].rsplit("/", 1)[-1]
    return re.sub(r"\.[a-z0-9]{2,5}$", "", name, flags=re.IGNORECASE).lower()


def _leaves(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if node.kind == "group":
            out += _leaves(node.children)
        else:
            out.append(node)
    return out


def _is_collection(items: list[Item]) -> bool:
    """Separately dated pieces: at least three entries, two in three of them dated."""
    entries = [item for item in items if item.role == "entry" and item.words is not None]
    dated = sum(1 for item in entries if item.words is not None and item.words.date)
    return len(entries) >= 3 and dated >= 2 * len(entries) / 3


def _with_strays(region: Region, nodes: list[Node]) -> list[Node]:
    """Pages of the work linked only outside the contents ('see the Bibliography' in
    the front matter, a note's link): parts too, placed where the page shows them,
    before the contents or after them."""
    placed = {node.url for node in _all_nodes(nodes)}
    start = region.items[0].line.number if region.items else 0
    before: list[Node] = []
    after: list[Node] = []
    for item in [*region.front, *region.dropped]:
        if item.url in placed or item.link is None:
            continue
        placed.add(item.url)
        item.words = entry_words(item.link.pieces, item.link.styles, "", "")
        node = Node(
            "entry",
            item.words.title,
            item.prominence,
            item,
            page=item.page,
            url=item.url,
            fragment=item.fragment,
            stray=True,
        )
        (before if item.line.number <= start else after).append(node)
    return before + nodes + after


def _all_nodes(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        out.append(node)
        out += _all_nodes(node.children)
    return out


# Reports ---------------------------------------------------------------------------


def _skipped(page: _Page, region: Region, meta: Meta) -> list[tuple[int, str]]:
    out = [(item.line.number, item.text) for item in region.items if item.role == "prose"]
    if page.fmt == "markdown":
        # A Markdown contents file holds nothing but contents: every line counts.
        inside = {id(item.line) for item in region.items}
        for index, line in enumerate(page.lines):
            if id(line) in inside or id(line) in region.furniture or index in meta.used:
                continue
            if line.heading == 1 and line.text == meta.title:
                continue
            out.append((line.number, line.text))
    return sorted(set(out))


def _unplaced(region: Region, groups: list[Group], parts: list[Part]) -> list[tuple[int, str]]:
    placed = {group.url for group in groups if group.url}
    for part in parts:
        placed.add(part.url or "")
        placed.update(section.url or "" for section in part.sections)
    lines: dict[str, int] = {}
    for item in [*region.items, *region.front]:
        if item.target is not None and item.target.kind == "work":
            lines.setdefault(item.url, item.line.number)
    for item in region.dropped:
        lines.setdefault(item.url, item.line.number)
    return [
        (lines.get(url, 0), url) for url in region.work_links if url not in placed and url in lines
    ]

"""The lines of a contents page, whatever it was written in.

A contents page, in HTML or Markdown, is read into the same thing: a list of lines in
reading order, each a run of pieces of text (some of them links), with what the
layout says about the line, as a reader's eye would take it in:

- how far it is indented (`depth`: a list inside a list, an indented paragraph class,
  and `lead`, the no-break spaces it starts with);
- how large and bold its letters are (`Run.size`, `Run.strong`): headings, `<big>`,
  `<small>`, `<font size>`, Markdown's `#` and `**`;
- whether blank space comes before it (`gap`: a new paragraph or an empty line);
- which block it belongs to (`block_id`: the lines of one paragraph or list item),
  which box holds that block (`box_id`: a table cell, a list, a division), and how
  many horizontal rules come before it (`rule`);
- the classes of the elements around it (`scope`), which the Marxists Internet
  Archive uses to mark its furniture (`toplink`, `footer`, `info`, `note` …).

The importer (`contents.py`) decides from these alone what is a group, a part or a
section, without knowing which format the page came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A line break inside a link: the link's text goes on, on the next visual line.
LINK_BREAK = "\n"
# Where one table cell of a row ends and the next begins (read as a space).
CELL = "\x1f"


@dataclass
class Run:
    """A piece of a line: text, with the address it links to (absolute) if any."""

    text: str
    href: str | None = None
    emphasis: bool = False
    strong: bool = False
    size: int = 0  # larger than the text around it (>0) or smaller (<0)


@dataclass
class Link:
    """The runs of one link of a line, and the text around it."""

    href: str
    text: str  # with `_emphasis_` marked, breaks inside the link as spaces
    before: str  # the line's text before the link (after the previous link)
    after: str  # the line's text after the link, up to the next link
    start: int  # index of its first run in the line
    end: int  # index past its last run
    pieces: list[str] = field(default_factory=list)  # its text cut at line breaks
    # The look each piece starts with: (size, emphasised). A change of look inside
    # a link starts a subtitle; the same look goes on wrapping the title.
    styles: list[tuple[int, bool]] = field(default_factory=list)


@dataclass
class Line:
    runs: list[Run]
    number: int  # 1-based, in the source file: reports name it
    depth: int = 0  # nesting: lists in lists, indented classes
    heading: int = 0  # 1–6 for a heading (<h2>, ##), 0 for any other line
    block: str = ""  # the element or Markdown block it came from: li, p, td, h4 …
    classes: tuple[str, ...] = ()  # the classes of that element
    scope: tuple[str, ...] = ()  # the classes of every element around it
    lead: int = 0  # no-break spaces before its first letter
    gap: bool = False  # blank space before it: a new paragraph or an empty line
    block_id: int = 0
    box_id: int = 0
    rule: int = 0  # horizontal rules before it in the page
    links: list[Link] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.links = links_of(self.runs)

    @property
    def text(self) -> str:
        """The line's text with `_emphasis_` marked, spaces collapsed."""
        return marked(self.runs)

    @property
    def bold(self) -> bool:
        """Set in bold throughout (a heading in all but name)."""
        letters = [run for run in self.runs if run.text.strip()]
        return bool(letters) and all(run.strong for run in letters)

    def first_run(self, start: int = 0) -> Run | None:
        """The first run from `start` on that shows a letter: its style is the line's."""
        return next((run for run in self.runs[start:] if run.text.strip()), None)


def clean(text: str) -> str:
    """Spaces of every kind (no-break, thin, line breaks) collapsed to one."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "").replace(CELL, " ")).strip()


def marked(runs: list[Run]) -> str:
    """Runs joined, emphasised words wrapped in underscores as the library stores them."""
    out: list[str] = []
    for emphasised, group in _grouped(runs):
        text = "".join(run.text for run in group)
        if emphasised and text.strip():
            inner = clean(text)
            lead = " " if text[:1].isspace() else ""
            tail = " " if text[-1:].isspace() else ""
            out.append(f"{lead}_{inner}_{tail}")
        else:
            out.append(text)
    return clean("".join(out))


def _grouped(runs: list[Run]) -> list[tuple[bool, list[Run]]]:
    groups: list[tuple[bool, list[Run]]] = []
    for run in runs:
        # Space between two emphasised runs stays inside the emphasis.
        emphasised = run.emphasis or (not run.text.strip() and bool(groups) and groups[-1][0])
        if groups and groups[-1][0] == emphasised:
            groups[-1][1].append(run)
        else:
            groups.append((emphasised, [run]))
    return groups


def _pieces(runs: list[Run]) -> tuple[list[str], list[tuple[int, bool]]]:
    """A link's text cut where the link breaks its line, and the look each piece
    starts with: '<big>Introduction</big><br>by Paul Foot' is two pieces."""
    chunks: list[list[Run]] = [[]]
    for run in runs:
        if run.text == LINK_BREAK:
            chunks.append([])
        else:
            chunks[-1].append(run)
    texts: list[str] = []
    styles: list[tuple[int, bool]] = []
    for chunk in chunks:
        text = marked(chunk)
        if text:
            texts.append(text)
            first = next((run for run in chunk if run.text.strip()), None)
            styles.append((first.size, first.emphasis) if first else (0, False))
    return texts, styles


def links_of(runs: list[Run]) -> list[Link]:
    """The links of a line in order, each with the text before and after it."""
    spans: list[tuple[int, int, str]] = []  # (first run, past last run, href)
    index = 0
    while index < len(runs):
        href = runs[index].href
        if href is None:
            index += 1
            continue
        end = index
        while end < len(runs) and runs[end].href == href:
            end += 1
        spans.append((index, end, href))
        index = end
    out: list[Link] = []
    for number, (start, end, href) in enumerate(spans):
        previous_end = spans[number - 1][1] if number else 0
        next_start = spans[number + 1][0] if number + 1 < len(spans) else len(runs)
        pieces, styles = _pieces(runs[start:end])
        out.append(
            Link(
                href=href,
                text=marked(runs[start:end]),
                before=_gap(runs[previous_end:start], keep="last" if number else "all"),
                after=_gap(
                    runs[end:next_start], keep="first" if number + 1 < len(spans) else "all"
                ),
                start=start,
                end=end,
                pieces=pieces,
                styles=styles,
            )
        )
    return out


def _gap(runs: list[Run], keep: str) -> str:
    """The text between two links of a line, as one of them sees it. Within a table
    row the cells are shared out: the cell just before a link is its label ("XI."),
    the cells after a link are its own (a size "39 k"); elsewhere both links see it
    all (", ")."""
    if keep == "all" or not any(run.text == CELL for run in runs):
        return marked(runs)
    cells: list[list[Run]] = [[]]
    for run in runs:
        if run.text == CELL:
            cells.append([])
        else:
            cells[-1].append(run)
    texts = [text for cell in cells if (text := marked(cell))]
    if len(texts) < 2:
        return texts[0] if texts else ""
    return " ".join(texts[:-1]) if keep == "first" else texts[-1]

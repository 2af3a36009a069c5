"""The lines of a contents page, whatever it was written in.

A contents page, in HTML or Markdown, is read into the same thing: a list of lines in
reading order, each a run of pieces of text (some of them links), with what the
layout says about the line: how deeply it is nested (a list inside a list, a cell of
sub-entries, an indented line), whether it is a heading, whether it is set in bold.
The importer (`contents.py`) decides from these what is a group, a part or a section,
without knowing which format the page came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Run:
    """A piece of a line: text, with the address it links to (absolute) if any."""

    text: str
    href: str | None = None
    emphasis: bool = False
    strong: bool = False


@dataclass
class Line:
    runs: list[Run]
    number: int  # 1-based, in the source file: reports name it
    depth: int = 0  # nesting: lists in lists, cells of sub-entries, indentation
    heading: int = 0  # 1–6 for a heading (<h2>, ##), 0 for any other line
    block: str = ""  # the element or Markdown block it came from: li, p, td, dd …
    classes: tuple[str, ...] = ()
    big: bool = False  # set larger than the text around it (<big>, <font size>)
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


@dataclass
class Link:
    """The runs of one link of a line, and the text around it."""

    href: str
    text: str  # with `_emphasis_` marked
    before: str  # the line's text before the link
    after: str  # the line's text after the link, up to the next link
    start: int  # index of its first run in the line


def clean(text: str) -> str:
    """Spaces of every kind (no-break, thin, line breaks) collapsed to one."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


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
        out.append(
            Link(
                href=href,
                text=marked(runs[start:end]),
                before=marked(runs[previous_end:start]) if number == 0 else "",
                after=marked(runs[end:next_start]),
                start=start,
            )
        )
    if out:
        out[0].before = marked(runs[: spans[0][0]])
    return out

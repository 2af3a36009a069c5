"""Read each handout format back as a reader sees it: the words, and the markup used."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
PAGE_NUMBER = re.compile(r"^\d+ / \d+$")
RUNNING_HEAD = re.compile(
    r"^The Revolution Betrayed\s*(Chapter [IVXLC]+|Introduction|Appendix|Postscript)$"
)


def squash(text: str) -> str:
    """Whitespace folded to single spaces, and a hyphen that ended a printed line
    ("co- operative") joined again: layout is not content. Used on both sides."""
    text = text.replace("\u200b", "")  # a place to break a long word is not a letter
    return re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(text.split()))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag in ("style", "title", "script"):
            self._skip += 1
        self.hrefs += [value or "" for name, value in attrs if name == "href"]
        if tag in ("p", "li", "h1", "h2", "h3", "dt", "dd", "tr", "br", "figcaption", "blockquote"):
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "script"):
            self._skip -= 1
        self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def read_html(page: str) -> tuple[str, set[str], list[str]]:
    """(the text a browser shows, the tags used, the link targets)."""
    parser = _Page()
    parser.feed(page)
    parser.close()
    return squash("".join(parser.text)), parser.tags, parser.hrefs


def read_markdown(md: str) -> tuple[str, set[str], list[str]]:
    return read_html(MD.render(md))


def read_pdf(data: bytes) -> str:
    """The PDF's text, without page numbers and running heads ('The Revolution
    Betrayed Chapter VI'), wherever the PDF's maker put them on the page."""
    from pypdf import PdfReader

    pages = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        lines = [line for line in page.extract_text().splitlines() if line.strip()]
        edges = [*lines[:2], *lines[-2:]]
        kept = [
            line
            for line in lines
            if not (
                line in edges
                and (
                    PAGE_NUMBER.match(line.strip()) or (number and RUNNING_HEAD.match(line.strip()))
                )
            )
        ]
        pages.append("\n".join(kept))
    return squash("\n".join(pages))


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)

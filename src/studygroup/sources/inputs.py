"""What a user hands to `import`: a file or a web address, read safely.

A file is read only if it is a regular file, and only up to a size no real contents
page or set of notes comes near: a FIFO, a device (`/dev/zero`) or a folder is
refused in one line rather than read forever. A web address is fetched through the
one client and its cache (`fetch.py`).

A page saved from a browser keeps its links as the site wrote them, often relative
(`ch01.htm`): they mean something only with the address the page was saved from.
That address is taken from `--url`, else from what browsers write into a saved page
(`<!-- saved from url=(0071)https://… -->`, a canonical link, `og:url`); without
any of these the import asks for `--url`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from studygroup.errors import StudygroupError, UsageProblem
from studygroup.reader import read_file

Format = Literal["html", "markdown"]

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_CANONICAL = re.compile(
    r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*\bhref=[\"']([^\"'>\s]+)", re.I
)
_OG_URL = re.compile(
    r"<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*\bcontent=[\"']([^\"'>\s]+)", re.I
)
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def utf8_text(data: bytes, origin: str) -> str:
    """Text of a file that must be UTF-8 (Markdown, plain text), a BOM allowed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StudygroupError(
            f"{origin}:{line}: not UTF-8 text (save it as UTF-8 and import it again)"
        ) from None


def is_web_address(source: str) -> bool:
    return source.strip().lower().startswith(("http://", "https://"))


def looks_like_html(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in (".htm", ".html", ".xhtml", ".shtml"):
        return True
    if path.suffix.lower() in (".md", ".markdown", ".txt", ".text"):
        return False
    return _HTML_START.match(data[:4096]) is not None


def saved_from(text: str) -> str | None:
    """The address a saved page says it came from, if it says."""
    head = text[:65536]
    for pattern in (_SAVED_FROM, _CANONICAL, _OG_URL):
        match = pattern.search(head)
        if match and is_web_address(match[1]):
            return match[1]
    return None


@dataclass(frozen=True)
class Source:
    text: str
    fmt: Format
    url: str | None  # where the page lives: relative links resolve against it
    origin: str  # how reports name it: the file's path or the address


def contents_source(
    source: str,
    *,
    url: str | None,
    fmt: Format | None,
    offline: bool,
    cache_dir: Path | None = None,
) -> Source:
    """Read a contents page from a file or the web, in the format it is in."""
    from studygroup.sources.decode import decode_html
    from studygroup.sources.fetch import Fetcher, check_web_url

    if url is not None:
        url = check_web_url(url)
    if is_web_address(source):
        with Fetcher(cache_dir, offline=offline) as fetcher:
            page = fetcher.get(source)
        text = decode_html(page.data, page.charset)
        return Source(text, fmt or "html", url or page.url, source)
    path = Path(source)
    data = read_file(path)
    kind: Format = fmt or ("html" if looks_like_html(path, data) else "markdown")
    if kind == "markdown":
        return Source(utf8_text(data, source), kind, url, source)
    text = decode_html(data)
    address = url or saved_from(text)
    if address is None:
        raise UsageProblem(
            f"{source}: a saved page's links are relative to where it came from: "
            "give its address with --url (e.g. --url https://www.marxists.org/…/index.htm)"
        )
    return Source(text, kind, check_web_url(address), source)

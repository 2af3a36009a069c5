"""Where a contents page's links lead: into the work, or somewhere else.

A work on the Marxists Internet Archive is a folder: its contents page
(`…/staterev/index.htm`) and the pages beside it or below it. A link into that
folder is a link **into the work**. Everything else is sorted by what it is to a
reader of the contents: the page itself (`#top`, a note on the same page), a file
(a PDF, an image), the archive's navigation (another folder's `index.htm`), the
archive's reference sections (glossary, volunteers, collected-works indexes), a
page elsewhere on the site (often a real item of the contents: an essay filed under
another year), or another site.

Chapters on **continuation pages** belong to one family: `ch02.htm`, `ch02b.htm`,
`ch02b-2.htm`, `ch01-a.html`, `intro-b.htm`, `pt1-ch06a.htm` are pages of one
chapter, split because the archive keeps pages small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

LinkKind = Literal["work", "self", "file", "nav", "reference", "elsewhere", "web", "none"]

# Files, not pages: downloads, images, sound.
_FILE = re.compile(
    r"\.(jpe?g|gif|png|svg|css|js|pdf|zip|sit|gz|mobi|epub|azw3?|txt|docx?|odt|rtf|mp3|ogg"
    r"|wav|djvu|ps)$",
    re.IGNORECASE,
)
# The archive's reference and navigation sections: never part of one work.
_REFERENCE = re.compile(
    r"/(glossary|admin|subject|encyclopedia|search|css|images|ebooks|audiobooks|download)/"
    r"|/cw/|/date/|/xlang/",
    re.IGNORECASE,
)
_INDEX_PAGE = re.compile(r"/(index\.html?|default\.html?)?$", re.IGNORECASE)
# A continuation page's suffix: ch02b, ch02b-2, ch01-a, intro-b, ch19_2 …
_CONTINUED = (
    re.compile(r"(?<=\d)[a-z]([-_]\d+)?$"),
    re.compile(r"[-_][a-z]$"),
    re.compile(r"(?<=[\da-z])[-_]\d+$"),
)


@dataclass(frozen=True)
class Target:
    """A link's address, resolved and sorted."""

    kind: LinkKind
    url: str  # absolute, as written (with its #fragment)
    page: str = ""  # the address without the #fragment
    fragment: str = ""


def folder_of(url: str) -> str:
    """'https://…/staterev/index.htm' → 'https://…/staterev/'."""
    parts = urlsplit(url)
    if "/" not in parts.path and not parts.scheme:
        return ""  # a bare file name: the folder is wherever the page is
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    if parts.scheme:
        return f"{parts.scheme}://{parts.netloc}{path}"
    return path


def _host(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def _site_path(url: str) -> str:
    """An address as the site sees it: 'http://marxists.org/a/b.htm' and
    'https://www.marxists.org/a/b.htm' are the same page."""
    parts = urlsplit(url)
    if not parts.netloc:
        return url
    return f"{_host(url)}{parts.path or '/'}"


def classify(href: str, *, page: str, folder: str) -> Target:
    """What the link `href` (already absolute) is to the contents page at `page`."""
    if not href or href.lower().startswith(("mailto:", "javascript:", "tel:", "data:")):
        return Target("none", href)
    address, _, fragment = href.partition("#")
    here, there, base = _site_path(address), _site_path(page), _site_path(folder)
    if not address or here in (there, base) or here + "/" == base:
        return Target("self", href, address, fragment)
    if _FILE.search(urlsplit(address).path):
        return Target("file", href, address, fragment)
    if folder and "://" in folder and _host(address) != _host(folder):
        return Target("web", href, address, fragment)
    if here.startswith(base) and not _REFERENCE.search(here[len(base) :]):
        if _INDEX_PAGE.search(here) and here[len(base) :].count("/") == 0:
            return Target("self", href, address, fragment)
        return Target("work", href, address, fragment)
    if _INDEX_PAGE.search(urlsplit(address).path):
        return Target("nav", href, address, fragment)
    if _REFERENCE.search(address):
        return Target("reference", href, address, fragment)
    return Target("elsewhere", href, address, fragment)


def family(page: str) -> str:
    """The chapter a page belongs to, continuation pages included: 'ch02b-2.htm',
    'ch02b.htm' and 'ch02.htm' are all 'ch02'."""
    folder, _, name = page.rpartition("/")
    stem = re.sub(r"\.[a-z]{2,5}$", "", name, flags=re.IGNORECASE).lower()
    for pattern in _CONTINUED:
        shorter = pattern.sub("", stem)
        if shorter and shorter != stem:
            stem = shorter
            break
    return f"{folder}/{stem}"


def common_folder(urls: list[str]) -> str | None:
    """The folder most of the pages share ('https://…/revbet/'), or None."""
    folders: dict[str, int] = {}
    for url in urls:
        if "/" in url:
            key = folder_of(url.partition("#")[0])
            folders[key] = folders.get(key, 0) + 1
    if not folders:
        return None
    return max(folders, key=lambda key: folders[key])

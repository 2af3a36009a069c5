"""Texts of parts, kept in the user's cache folder (never in the library).

`<cache>/text/<book-slug>/<part-key>.json` holds one part's text: its paragraphs
with their sections and kinds, the addresses of the pages it was read from with a
hash of each (`PageSource`: compare with `page_digest` of a page fetched again to
know whether the text is still the page's), and the versions of the file format and
of the extraction rules. A file that is missing, cannot be read, is cut short,
holds something else, or was written by another format or other rules is not
trusted: `load` gives None and the text is read again from its pages. Files are
written whole (a temporary file renamed into place), as the page cache writes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studygroup.writer import replace_cached

# The texts' classes are made only when a text is read or written: `outline` reads no
# more than the reading load.
if TYPE_CHECKING:
    from studygroup.domain.text import PartText

FORMAT = 1
_NAME = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
_KINDS = ("text", "quote", "note")


def text_dir(cache_dir: Path | None = None) -> Path:
    """Where texts are kept: `<cache>/text` (STUDYGROUP_CACHE, or the user's cache)."""
    if cache_dir is None:
        from studygroup.library.layout import default_cache_dir

        cache_dir = default_cache_dir()
    return cache_dir / "text"


def text_path(slug: str, key: str, cache_dir: Path | None = None) -> Path:
    if not _NAME.match(slug) or not _NAME.match(key) or len(key) > 60 or len(slug) > 100:
        raise ValueError(f"not a book slug and part key: {slug!r}, {key!r}")
    return text_dir(cache_dir) / slug / f"{key}.json"


def _as_json(slug: str, text: PartText) -> dict[str, Any]:
    from studygroup.domain.text import EXTRACTOR_VERSION

    return {
        "format": FORMAT,
        "extractor": EXTRACTOR_VERSION,
        "book": slug,
        "key": text.key,
        "url": text.url,
        "sources": [{"url": source.url, "sha256": source.sha256} for source in text.sources],
        "missing": list(text.missing),
        "paragraphs": [[p.section, p.kind, p.text] for p in text.paragraphs],
    }


def save(slug: str, text: PartText, cache_dir: Path | None = None) -> Path | None:
    """Keep a part's text; a cache that cannot be written costs time, never the answer:
    None then."""
    path = text_path(slug, text.key, cache_dir)
    data = json.dumps(_as_json(slug, text), ensure_ascii=False, separators=(",", ":"))
    return path if replace_cached(path, data.encode("utf-8")) else None


def load(slug: str, key: str, cache_dir: Path | None = None) -> PartText | None:
    """A part's kept text, or None if there is none that can be trusted."""
    try:
        path = text_path(slug, key, cache_dir)
        raw = json.loads(path.read_text(encoding="utf-8"))
        return _from_json(raw, slug, key)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _from_json(raw: Any, slug: str, key: str) -> PartText | None:
    from studygroup.domain.text import EXTRACTOR_VERSION, PageSource, Paragraph, PartText

    if not isinstance(raw, dict):
        return None
    if raw.get("format") != FORMAT or raw.get("extractor") != EXTRACTOR_VERSION:
        return None
    if raw.get("book") != slug or raw.get("key") != key or not isinstance(raw.get("url"), str):
        return None
    paragraphs: list[Paragraph] = []
    for section, kind, body in raw["paragraphs"]:
        if section is not None and (not isinstance(section, int) or section < 1):
            return None
        if kind not in _KINDS or not isinstance(body, str):
            return None
        paragraphs.append(Paragraph(section, kind, body))
    sources = [PageSource(str(item["url"]), str(item["sha256"])) for item in raw["sources"]]
    missing = [str(url) for url in raw.get("missing", [])]
    return PartText(key, raw["url"], paragraphs, sources, missing)


def is_current(text: PartText, pages: dict[str, str]) -> bool:
    """Whether `text` was read from these very pages (address → HTML as text)."""
    from studygroup.domain.text import page_digest

    have = {source.url: source.sha256 for source in text.sources}
    return set(have) == set(pages) and all(
        page_digest(html) == have[url] for url, html in pages.items()
    )


# --- The reading load: words by part and section, one small file a book --------------
# Written whenever texts are fetched, so that `outline`, `programme` and the handouts
# can say how long a reading is without loading whole texts.

LOAD_FILE = "load.json"


def save_load(slug: str, texts: list[PartText], cache_dir: Path | None = None) -> None:
    """Record the words of each part and its sections (None: before the first)."""
    path = text_dir(cache_dir) / slug / LOAD_FILE
    current = load_load(slug, cache_dir) or {}
    for text in texts:
        sections = text.section_words()
        current[text.key] = {
            "words": text.words,
            "sections": {str(k) if k is not None else "": n for k, n in sections.items()},
            "missing": len(text.missing),
        }
    data = json.dumps({"format": FORMAT, "book": slug, "parts": current}, ensure_ascii=False)
    replace_cached(path, data.encode("utf-8"))


def load_load(slug: str, cache_dir: Path | None = None) -> dict[str, dict[str, Any]] | None:
    """Each part's words and its sections' words, as `save_load` kept them; None if no
    text of the book has been fetched (or what is kept cannot be trusted)."""
    if not _NAME.match(slug):
        return None
    try:
        raw = json.loads((text_dir(cache_dir) / slug / LOAD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("book") != slug:
        return None
    parts = raw.get("parts")
    if not isinstance(parts, dict):
        return None
    return {
        key: value
        for key, value in parts.items()
        if isinstance(value, dict) and isinstance(value.get("words"), int)
    }

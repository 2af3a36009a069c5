"""A table of contents in the Marxists Internet Archive's Markdown style → a Book.

The style, line by line (blank lines between entries do not matter):

    # The Revolution Betrayed                     title
    Written: 1936.                                front matter: label, then : ; or .
    [INTRODUCTION](intro.htm): The Purpose …      a part named by a keyword, with subtitle
    I. – [WHAT HAS BEEN ACHIEVED](ch01.htm)       a chapter, roman-numbered
    [The Principal Indices …](ch01.htm#ch01-1)    a section of the part above it
    APPENDIX: [“SOCIALISM IN ONE COUNTRY”](…)     an appendix (APPENDIX II: … for more)
    [POSTSCRIPT](intro.htm#ps)                    a part named by a keyword

Link text is kept to the letter (curly quotes, `_emphasis_`). Lines that fit none
of these are reported, with their line numbers, rather than dropped in silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studygroup.domain.book import Part, PartKind, Section
from studygroup.domain.keys import from_roman
from studygroup.errors import StudygroupError

_TITLE = re.compile(r"^#\s+(?P<title>.+?)\s*#*$")
_LINK = r"\[(?P<text>.+)\]\((?P<url>[^()\s]+)\)"
_CHAPTER = re.compile(r"^(?P<roman>[IVXLCDM]+)\s*\.?\s*[–—-]+\s*" + _LINK + r"\s*$")
_APPENDIX = re.compile(
    r"^APPENDIX(?:\s+(?P<number>[IVXLC]+|\d+))?\s*[:.–—-]?\s*" + _LINK + r"\s*$",
    re.IGNORECASE,
)
_BARE_LINK = re.compile(r"^" + _LINK + r"(?:\s*[:.–—-]\s*(?P<subtitle>.+?))?\s*$")
_FRONT = re.compile(r"^(?P<label>[A-Z][A-Za-z ]{1,40}?)\s*[:;.]\s+(?P<value>\S.*)$")

# Words that name a part rather than a chapter's section when they are a whole link.
_PART_WORDS: dict[str, tuple[PartKind, str]] = {
    "introduction": ("introduction", "intro"),
    "foreword": ("preface", "foreword"),
    "preface": ("preface", "preface"),
    "conclusion": ("conclusion", "conclusion"),
    "postscript": ("postscript", "postscript"),
    "afterword": ("postscript", "afterword"),
    "epilogue": ("postscript", "epilogue"),
}

# Front-matter labels → Book fields. The MIA's own labels vary a little.
_FRONT_FIELDS = {
    "written": "written",
    "first published": "published",
    "published": "published",
    "source": "source",
    "translated": "translator",
    "translated by": "translator",
    "translator": "translator",
    "transcribed": "transcription",
    "transcribed for the internet": "transcription",
    "transcription": "transcription",
    "transcription/markup": "transcription",
}


@dataclass
class Contents:
    """What a table of contents gives: the book's title, front matter and parts."""

    title: str
    front: dict[str, str]
    parts: list[Part]
    # Lines that fitted no rule: (line number, text). An importer shows them.
    skipped: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Draft:
    key: str
    kind: PartKind
    title: str
    url: str
    number: int | None = None
    subtitle: str | None = None
    sections: list[Section] = field(default_factory=list)


def _front_value(label: str, value: str) -> tuple[str, str] | None:
    name = _FRONT_FIELDS.get(label.strip().lower())
    if name is None:
        return None
    value = value.strip()
    if name == "translator":
        value = re.sub(r"^by\s+", "", value)
    # A single closing full stop ends the line, not the value ("1936." is 1936).
    if value.endswith(".") and not value.endswith(".."):
        value = value[:-1]
    return name, value


def _keyword_part(text: str) -> tuple[PartKind, str] | None:
    word = text.strip().strip("*_ ").lower()
    return _PART_WORDS.get(word)


def parse_contents(text: str, *, origin: str = "table of contents") -> Contents:
    """Read a table of contents; raises StudygroupError if it has no title or no chapters."""
    title: str | None = None
    front: dict[str, str] = {}
    drafts: list[_Draft] = []
    skipped: list[tuple[int, str]] = []
    used_keys: set[str] = set()

    def add(draft: _Draft) -> None:
        # A second appendix or preface gets a numbered key: appendix-2.
        base, n = draft.key, 1
        while draft.key in used_keys:
            n += 1
            draft.key = f"{base}-{n}"
        used_keys.add(draft.key)
        drafts.append(draft)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if title is None and (match := _TITLE.match(line)):
            title = match["title"]
            continue
        if match := _CHAPTER.match(line):
            value = from_roman(match["roman"])
            if value is None:
                skipped.append((number, line))
                continue
            add(_Draft(str(value), "chapter", match["text"], match["url"], number=value))
            continue
        if match := _APPENDIX.match(line):
            label = match["number"]
            appendix_number = None
            if label:
                appendix_number = int(label) if label.isdigit() else from_roman(label)
            key = f"appendix-{appendix_number}" if appendix_number else "appendix"
            add(_Draft(key, "appendix", match["text"], match["url"], number=appendix_number))
            continue
        if match := _BARE_LINK.match(line):
            keyword = _keyword_part(match["text"])
            if keyword is not None:
                kind, key = keyword
                add(_Draft(key, kind, match["text"], match["url"], subtitle=match["subtitle"]))
            elif drafts and match["subtitle"] is None:
                drafts[-1].sections.append(Section(title=match["text"], url=match["url"]))
            else:
                skipped.append((number, line))
            continue
        if not drafts and (match := _FRONT.match(line)):
            found = _front_value(match["label"], match["value"])
            if found is not None:
                front[found[0]] = found[1]
                continue
        skipped.append((number, line))

    if title is None:
        raise StudygroupError(f"{origin}: no title line (a line starting with '# ')")
    if not any(draft.kind == "chapter" for draft in drafts):
        raise StudygroupError(
            f"{origin}: no chapters found (expected lines like 'I. – [TITLE](url)')"
        )
    numbers = [d.number for d in drafts if d.kind == "chapter"]
    if numbers != list(range(1, len(numbers) + 1)):
        raise StudygroupError(
            f"{origin}: chapters are not numbered I, II, III … in order: "
            + ", ".join(str(n) for n in numbers)
        )
    parts = [
        Part(
            key=d.key,
            kind=d.kind,
            number=d.number,
            title=d.title,
            subtitle=d.subtitle,
            url=d.url,
            sections=d.sections,
        )
        for d in drafts
    ]
    return Contents(title=title, front=front, parts=parts, skipped=skipped)


def common_url(parts: list[Part]) -> str | None:
    """The folder all part pages share ('https://…/revbet/'), or None."""
    urls = [part.url for part in parts if part.url]
    if not urls:
        return None
    folders = {url.rsplit("/", 1)[0] + "/" for url in urls if "/" in url}
    return folders.pop() if len(folders) == 1 else None

"""A contents page's head → the work's title, subtitle, author and front matter.

The archive's pages put the author in an `<h2>` just above the title's `<h1>`, a
subtitle under the title (a `<small>` line inside the `<h1>`, or an `<h4>` after it)
and the bibliographic facts in an "information" block, as labelled lines
("Written: 1892", "Translated: …") or plain sentences ("Translated by R. Dixon.").
Not every page keeps to this: some have no `<h1>`, or an `<h1>` that is the author,
a date or the word "Contents". Each of these is tried in turn, and the `<title>`
element is the last resort. A Markdown page has its title in its first `#` line and
its front matter in labelled lines before the first link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studygroup.sources.contents_region import CONTENTS_HEADING, NOTES_HEADING
from studygroup.sources.lines import Line

# Front-matter labels → the book's fields. The archive's own labels vary.
_FRONT_FIELDS = {
    "written": "written",
    "delivered": "written",
    "originally written": "written",
    "first published": "published",
    "published": "published",
    "originally published": "published",
    "first published in english": "published",
    "published in english": "published",
    "translated": "translator",
    "translated by": "translator",
    "translator": "translator",
    "translators": "translator",
    "translator(s)": "translator",
    "translation": "translator",
    "translated/edited": "translator",
    "translated into english": "translator",
    "transcribed": "transcription",
    "transcribed by": "transcription",
    "transcribed for the internet": "transcription",
    "transcription": "transcription",
    "transcription/markup": "transcription",
    "transcription\\markup": "transcription",
    "transcription/html markup": "transcription",
    "transcription\\html markup": "transcription",
    "transcribed & marked up": "transcription",
    "transcription & markup": "transcription",
    "source": "source",
}
_LABELLED = re.compile(r"^(?P<label>[A-Z][A-Za-z /\\&()’'-]{1,40}?)\s*[:;.]\s+(?P<value>\S.*)$")
# Unlabelled facts, as the archive's older pages write them.
_SENTENCES = (
    (re.compile(r"^translated\s+(?:from\s+\w+\s+)?(?P<value>by\s+.+)$", re.I), "translator"),
    (re.compile(r"^transcribed\b.*?\b(?P<value>by\s+.+)$", re.I), "transcription"),
    (re.compile(r"^(?:first|originally)\s+published\s+(?P<value>.+)$", re.I), "published"),
    (re.compile(r"^written\s+(?P<value>(?:in|on|during|between)\s+.+)$", re.I), "written"),
)
_DATE_LINE = re.compile(r"^[(\[]?[\w\s,./–-]*\b1[5-9]\d\d\b[\w\s,./–-]*[)\]]?$")
_NOT_SUBTITLE = re.compile(r"^(?:by\b|cartoons?\b|part\b|book\b|volume\b|\(|with\b)", re.I)


@dataclass
class Meta:
    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    front: dict[str, str] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)  # the lines read here, by index


def front_value(label: str, value: str) -> tuple[str, str] | None:
    """A front-matter line's field and value, or None if the label names none."""
    name = _FRONT_FIELDS.get(re.sub(r"\s+", " ", label.strip().lower()))
    if name is None:
        return None
    value = value.strip()
    if name == "translator":
        value = re.sub(r"^by\s+", "", value)
    # A single closing full stop ends the line, not the value ("1936." is 1936).
    if value.endswith(".") and not value.endswith(".."):
        value = value[:-1]
    return name, value


def _front_line(text: str) -> tuple[str, str] | None:
    if match := _LABELLED.match(text):
        found = front_value(match["label"], match["value"])
        if found is not None:
            return found
    for pattern, name in _SENTENCES:
        if match := pattern.match(text):
            return front_value(name, match["value"])
    return None


def read_front(lines: list[Line], indexes: list[int], meta: Meta) -> None:
    for index in indexes:
        found = _front_line(lines[index].text)
        if found is not None and found[0] not in meta.front:
            meta.front[found[0]] = found[1]
            meta.used.add(index)


def _blocks(lines: list[Line], end: int) -> list[list[int]]:
    """The heading blocks before `end`, each as the indexes of its lines."""
    out: list[list[int]] = []
    for index in range(end):
        line = lines[index]
        if not line.heading:
            continue
        if out and lines[out[-1][-1]].block_id == line.block_id:
            out[-1].append(index)
        else:
            out.append([index])
    return out


def _is_date(text: str) -> bool:
    return _DATE_LINE.match(text) is not None and len(text) < 40


def _possessive(text: str) -> bool:
    return bool(re.search(r"[’']s$", text.strip()))


def _usable_title(text: str, author: str | None) -> bool:
    folded = text.strip().casefold()
    return bool(
        folded
        and not _is_date(text)
        and not CONTENTS_HEADING.match(text)
        and not NOTES_HEADING.match(text)
        and (author is None or folded != author.casefold())
    )


def _title_from(lines: list[Line], block: list[int], meta: Meta) -> None:
    """A heading block as title (and subtitle): '<h1>Title<br><small>Sub</small></h1>'."""
    texts = [lines[index].text for index in block]
    sizes = [(run.size if (run := lines[index].first_run()) else 0) for index in block]
    if len(texts) > 1 and _possessive(texts[0]):
        texts, sizes = texts[1:], sizes[1:]  # "Lunacharsky’s / Revolutionary Silhouettes"
    title = [texts[0]]
    subtitle: list[str] = []
    for text, size in zip(texts[1:], sizes[1:], strict=True):
        (subtitle if subtitle or size < sizes[0] else title).append(text)
    # "The employers’ offensive:" over its subtitle: the colon joined the two lines.
    meta.title = " ".join(title).rstrip(" :,;")
    meta.subtitle = " ".join(subtitle) or None
    meta.used.update(block)


def read_meta(
    lines: list[Line],
    *,
    end: int,
    page_title: str = "",
    meta_author: str | None = None,
    image_alts: list[str] | None = None,
    front: list[int] | None = None,
    crumb: str = "",
) -> Meta:
    """Title, subtitle, author and front matter from the lines before index `end`
    (where the contents begin), with the page's <title> and <meta> to fall back on."""
    meta = Meta()
    blocks = _blocks(lines, end)
    # The breadcrumb ("Marxist Writers: Anatoly Lunacharsky", "MIA: Writers: Lenin:
    # The State and Revolution") names the author or the work.
    last = crumb.rsplit(":", 1)[-1].strip() if crumb else ""
    named = _crumb_author(crumb)
    chosen = _title_block(lines, blocks, meta_author, named)
    if chosen is not None:
        _title_from(lines, blocks[chosen], meta)
        joined = _joined_title(lines, blocks, chosen, meta)
        meta.author = _author_before(lines, blocks, chosen) or named or meta_author
        if meta.subtitle is None and not joined:
            meta.subtitle = _subtitle_after(lines, blocks, chosen, meta)
    else:
        meta.author = meta_author or named
        alt = (image_alts or [""])[0]
        from_crumb = last if ":" in crumb and last != meta.author else ""
        meta.title = from_crumb or alt or _from_page_title(page_title) or None
    if meta.author:
        meta.author = re.sub(r"[’']s$", "", meta.author.strip())
    read_front(lines, front if front is not None else list(range(end)), meta)
    return meta


def _crumb_author(crumb: str) -> str | None:
    """'Marxist Writers: Anatoly Lunacharsky' → 'Anatoly Lunacharsky'."""
    match = re.match(r"^(?:marxist\s+)?writers?\s*:\s*([^:]+)$", crumb.strip(), re.IGNORECASE)
    return match[1].strip() if match else None


def _title_block(
    lines: list[Line], blocks: list[list[int]], author: str | None, named: str | None
) -> int | None:
    levels = [lines[block[0]].heading for block in blocks]
    for wanted in (1, 2, 3):
        for position, block in enumerate(blocks):
            if levels[position] != wanted:
                continue
            text = lines[block[0]].text
            if not _usable_title(text, author) or not _usable_title(text, named):
                continue
            following = levels[position + 1] if position + 1 < len(levels) else 0
            if wanted == 2 and following == 3:
                continue  # an author's name over the title in an <h3>
            if wanted > 1 and position + 1 < len(blocks) and _is_date(text):
                continue
            return position
    return None


def _joined_title(lines: list[Line], blocks: list[list[int]], chosen: int, meta: Meta) -> bool:
    """'<h1>The Proletarian Revolution</h1><h3>and the</h3><h1>Renegade Kautsky</h1>':
    one title set in three headings."""
    if chosen + 2 >= len(blocks) or meta.title is None:
        return False
    middle, last = blocks[chosen + 1], blocks[chosen + 2]
    link = " ".join(lines[index].text for index in middle)
    if (
        lines[last[0]].heading == lines[blocks[chosen][0]].heading
        and link[:1].islower()
        and len(link.split()) <= 3
    ):
        meta.title = " ".join([meta.title, link, *(lines[index].text for index in last)])
        meta.used.update(middle + last)
        return True
    return False


def _author_before(lines: list[Line], blocks: list[list[int]], chosen: int) -> str | None:
    if chosen == 0:
        return None
    previous = blocks[chosen - 1]
    text = " ".join(lines[index].text for index in previous)
    head = lines[blocks[chosen][0]]
    if (
        lines[previous[0]].heading in (2, 3, 4)
        and len(text) < 80
        and not _is_date(text)
        and lines[previous[0]].heading != head.heading
        and not CONTENTS_HEADING.match(text)
    ):
        return text
    return None


def _subtitle_after(
    lines: list[Line], blocks: list[list[int]], chosen: int, meta: Meta
) -> str | None:
    if chosen + 1 >= len(blocks):
        return None
    block = blocks[chosen + 1]
    line = lines[block[0]]
    text = " ".join(lines[index].text for index in block)
    if (
        line.heading in (3, 4)
        and not _is_date(text)
        and not _NOT_SUBTITLE.match(text)
        and not CONTENTS_HEADING.match(text)
        and not NOTES_HEADING.match(text)
        and len(text) < 120
        and line.rule == lines[blocks[chosen][0]].rule
    ):
        meta.used.update(block)
        return text
    return None


def _from_page_title(text: str) -> str:
    """'E. Belfort Bax: Marat (1882)' → 'Marat'."""
    text = re.sub(r"\s*\([^()]*\d{4}[^()]*\)\s*$", "", text.strip())
    if ": " in text:
        text = text.split(": ", 1)[1]
    return text.strip()

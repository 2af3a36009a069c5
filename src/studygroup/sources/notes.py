"""A presenter's free-form notes → discussion points and quotations.

The style (the chapter-6 seed is the model), paragraph by paragraph:

- the first paragraph is a title, a parenthesised second one a note about the event,
  and a short last one a closing remark: these frame the notes and are not points;
- a paragraph that opens with a quotation mark (“ or ") starts a block quotation.
  A quotation over several paragraphs opens each with “ and closes only the last
  with ”; a continuation paragraph may lack its opening mark, so a quotation runs
  until a paragraph ends with the closing mark. An inner quotation (“average”) does
  not close the block: the marks are counted;
- commentary split over paragraphs that end in commas is one sentence, joined;
- a commentary paragraph ending in a colon right before a quotation is its lead-in,
  and it introduces every quotation that follows until commentary comes between;
- the section of the chapter a passage belongs to is known from cues: a paragraph
  naming a section's title, a heading line that is a section title, or cues the
  caller gives (the seed's are editorial data: the notes alone do not say it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from studygroup.domain.inline import plain
from studygroup.domain.session import NotesSource, Point, Quotation
from studygroup.errors import StudygroupError

OPENING = '“„«"'
CLOSING = '”»"'
# The most words a closing remark ("I think that is probably enough for now.") has.
CLOSING_REMARK_WORDS = 20
TITLE_WORDS = 30


@dataclass(frozen=True)
class SectionCue:
    """Everything from the paragraph starting with `starts_with` on is in `section`."""

    starts_with: str
    section: int


@dataclass
class Notes:
    source: NotesSource
    points: list[Point]
    quotations: list[Quotation]


@dataclass
class _Paragraph:
    line: int
    text: str


@dataclass
class _Comment:
    line: int
    text: str


@dataclass
class _Quote:
    line: int
    paragraphs: list[str] = field(default_factory=list)


def _paragraphs(text: str) -> list[_Paragraph]:
    """Blank-line separated paragraphs; lines wrapped inside one are joined by a space."""
    out: list[_Paragraph] = []
    lines: list[str] = []
    start = 0
    for number, raw in enumerate([*text.splitlines(), ""], start=1):
        line = raw.strip()  # also strips the no-break spaces some transcriptions leave
        if line:
            if not lines:
                start = number
            lines.append(line)
        elif lines:
            out.append(_Paragraph(start, " ".join(lines)))
            lines = []
    return out


def _balance(text: str) -> int:
    """Opening minus closing double quotation marks; straight quotes count by parity."""
    curly = sum(text.count(c) for c in "“„«") - sum(text.count(c) for c in "”»")
    return curly + (text.count('"') % 2)


def _ends_quote(text: str) -> bool:
    return text.endswith(tuple(CLOSING))


def _split_blocks(paragraphs: list[_Paragraph], origin: str) -> list[_Comment | _Quote]:
    items: list[_Comment | _Quote] = []
    current: _Quote | None = None
    for para in paragraphs:
        text = para.text
        if current is None:
            if not text.startswith(tuple(OPENING)) or len(text) < 2:
                items.append(_Comment(para.line, text))
                continue
            if not _ends_quote(text) and _balance(text) <= 0:
                # Opens with a quoted phrase that closes inside: commentary, not a block.
                items.append(_Comment(para.line, text))
                continue
            current = _Quote(para.line)
            items.append(current)
        if text.startswith(tuple(OPENING)):
            text = text[1:].lstrip()
        if _ends_quote(text):
            current.paragraphs.append(text[:-1].rstrip())
            current = None
        else:
            current.paragraphs.append(text)
    if current is not None:
        raise StudygroupError(
            f"{origin}:{current.line}: a quotation opens here and never closes "
            '(its last paragraph should end with ” or ")'
        )
    return items


def _join_split_sentences(items: list[_Comment | _Quote]) -> list[_Comment | _Quote]:
    """Commentary paragraphs ending in a comma continue in the next commentary paragraph."""
    out: list[_Comment | _Quote] = []
    for item in items:
        previous = out[-1] if out else None
        if (
            isinstance(item, _Comment)
            and isinstance(previous, _Comment)
            and previous.text.endswith(",")
        ):
            out[-1] = _Comment(previous.line, f"{previous.text} {item.text}")
        else:
            out.append(item)
    return out


def _normalise(text: str) -> str:
    """Text folded for matching titles: no emphasis, quotes, case or extra spaces."""
    text = unicodedata.normalize("NFKC", plain(text)).casefold()
    text = re.sub(r"[“”„«»\"‘’'`_*]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .,:;!?")


_HEADING = re.compile(r"^(?:#+\s*)?(?:section\s*)?(?P<number>\d+)?[.):]?\s*(?P<rest>.*)$", re.I)


class _Sections:
    """Tells which section of the part each passage is in, from the cues it meets."""

    def __init__(self, titles: Sequence[str], cues: Sequence[SectionCue], origin: str) -> None:
        self.titles = [_normalise(title) for title in titles]
        self.cues = list(cues)
        self.used: set[int] = set()
        self.origin = origin
        self.current: int | None = None
        for cue in cues:
            if not 1 <= cue.section <= len(titles):
                raise StudygroupError(
                    f"{origin}: a section cue names section {cue.section}, "
                    f"but the part has {len(titles)}"
                )

    def heading(self, text: str) -> int | None:
        """The section a heading line names ('Section 2', '## Money and Plan'), or None."""
        match = _HEADING.match(text.strip())
        if match is None:
            return None
        rest = _normalise(match["rest"])
        if rest and rest in self.titles:
            return self.titles.index(rest) + 1
        number = match["number"]
        if number and not rest and text.lstrip("# ").lower().startswith("section"):
            value = int(number)
            return value if 1 <= value <= len(self.titles) else None
        return None

    def meet(self, text: str) -> None:
        for index, cue in enumerate(self.cues):
            if text.startswith(cue.starts_with):
                self.current = cue.section
                self.used.add(index)
                return
        folded = f" {_normalise(text)} "
        says_section = " section " in re.sub(r"\W+", " ", folded)
        for number, title in enumerate(self.titles, start=1):
            # A title named inside commentary moves to that section: a long one anywhere
            # ("The final section of this chapter, The Social Physiognomy of the Ruling
            # Stratum, …"), a short one ("The Crisis") only where the word section is too.
            named = re.search(rf"(?<!\w){re.escape(title)}(?!\w)", folded) is not None
            if named and (len(title) >= 12 or says_section):
                self.current = number
                return

    def check_all_used(self) -> None:
        unused = [cue for i, cue in enumerate(self.cues) if i not in self.used]
        if unused:
            raise StudygroupError(
                f"{self.origin}: no paragraph starts with {unused[0].starts_with!r} "
                f"(a section cue for section {unused[0].section})"
            )


def _is_title(para: _Paragraph) -> bool:
    text = para.text
    return (
        not text.startswith(tuple(OPENING))
        and not text.endswith((".", ",", ":", ";"))
        and len(text.split()) <= TITLE_WORDS
    )


def _is_event_note(para: _Paragraph) -> bool:
    return para.text.startswith("(") and para.text.rstrip(".").endswith(")")


def parse_notes(
    text: str,
    *,
    section_titles: Sequence[str] = (),
    cues: Sequence[SectionCue] = (),
    origin: str = "notes",
) -> Notes:
    """Read free-form notes. Raises StudygroupError on notes that cannot be read."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        raise StudygroupError(f"{origin}: the notes are empty")

    title = event = closing = None
    if _is_title(paragraphs[0]) and len(paragraphs) > 1:
        title = paragraphs.pop(0).text
    if paragraphs and _is_event_note(paragraphs[0]):
        event = paragraphs.pop(0).text

    items = _join_split_sentences(_split_blocks(paragraphs, origin))
    last = items[-1] if items else None
    if (
        isinstance(last, _Comment)
        and len(items) > 1
        and len(last.text.split()) <= CLOSING_REMARK_WORDS
        and not last.text.endswith((":", ","))
    ):
        closing = last.text
        items.pop()

    sections = _Sections(section_titles, cues, origin)
    points: list[Point] = []
    quotations: list[Quotation] = []
    lead_in: str | None = None
    for index, item in enumerate(items):
        if isinstance(item, _Quote):
            sections.meet(item.paragraphs[0])
            quotations.append(
                Quotation(section=sections.current, lead_in=lead_in, paragraphs=item.paragraphs)
            )
            continue
        heading = sections.heading(item.text)
        if heading is not None:
            sections.current = heading
            continue
        sections.meet(item.text)
        following = items[index + 1] if index + 1 < len(items) else None
        if item.text.endswith(":") and isinstance(following, _Quote):
            lead_in = item.text
        else:
            lead_in = None
            points.append(Point(section=sections.current, text=item.text))
    sections.check_all_used()
    if not points and not quotations:
        raise StudygroupError(f"{origin}: found no discussion points or quotations")
    return Notes(
        source=NotesSource(title=title, event=event, closing=closing),
        points=points,
        quotations=quotations,
    )

"""Blocks of notes → the points, quotations and questions of one session per part.

The conventions are in `notes.py`'s docstring; this module applies them in three
passes: the blocks are grouped into units (`notes_units.py`: a quotation, a paragraph
of commentary, a heading, a line that belongs to a quotation, something left out),
the top and the end are read for the title, the event note and the closing remark,
and then each unit is given its role and its place (part, section, order) in one
walk in the presenter's order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin

from studygroup.domain.book import Book, Part
from studygroup.domain.session import NotesSource, Point, Question, Quotation
from studygroup.errors import StudygroupError
from studygroup.safety import web_address
from studygroup.sources.notes_blocks import Block
from studygroup.sources.notes_marks import (
    ALL_MARKS,
    CLOSE_DOUBLE,
    STRAIGHT,
)
from studygroup.sources.notes_places import Places, SectionCue, fold
from studygroup.sources.notes_units import (
    ENDS_WORD,
    Grouping,
    Head,
    Link,
    Para,
    Quote,
    RefLine,
    Skip,
    SourceLine,
    Unit,
    ending,
    join_split_sentences,
    unquoted_end,
)

# The most words of a title line (the seed's first line) and a closing remark.
TITLE_WORDS = 30
CLOSING_WORDS = 20
# The most words of a line standing as a heading without being marked as one.
HEADING_WORDS = 12

_QUESTIONS = re.compile(
    r"^(?:(?:some|our|key|further|reading|study|discussion|open)\s+)?questions?"
    r"(?:\s+(?:for|to)\s+(?:discussion|discuss|consider|think about|the group))?\s*:?$",
    re.I,
)
_Q_PREFIX = re.compile(r"^(?:Q\s*\d{0,3}\s*[.:)]|Question\s+\d{1,3}\s*[.:)])\s*(?=\S)")
_INTERROGATIVE = re.compile(
    r"^(?:what|why|how|who|whom|whose|which|when|where|is|are|was|were|do|does|did|can|"
    r"could|should|would|will|has|have|had|in what|to what|according to)\b",
    re.I,
)
_PROMPT = re.compile(
    r"^(?:summari[sz]e|explain|discuss|describe|compare|contrast|outline|identify|evaluate|"
    r"assess|consider whether|think about|reflect on)\b",
    re.I,
)
# Words that say a paragraph announces a quotation even when it ends with a stop.
# Words that say a paragraph announces what follows even when it ends with a stop:
# "I wish to quote a passage …", "the following", "as follows", "below", "here is".
_ANNOUNCES = re.compile(
    r"\b(?:(?:to|I|we|let me|let us|I'd|I’d|I'll|I’ll)\s+(?:\w+\s+){0,2}(?:quote|cite)|"
    r"the following|as follows|below)\b|(?:^|[.!?]\s+)(?:here is|here’s|here's|here are)\b",
    re.I,
)
_ANNOUNCES_QUESTION = re.compile(
    r"\b(?:following|passages?|paragraphs?|excerpts?|extracts?|quot(?:e|es|ation|ations))\b",
    re.I,
)
# A closing remark takes leave of the group: "I think that is enough for now",
# "See you next week", "Thanks, all".
_CLOSING_CUE = re.compile(
    r"\b(?:thanks|thank you|enough for|see you|next (?:week|time|meeting|session)|"
    r"that's all|that’s all|that is all|for now|for today|happy reading|cheers|bye|"
    r"until next|till next)\b",
    re.I,
)


@dataclass
class LeftOut:
    """A line of the notes the import did not use, and why."""

    line: int
    text: str
    why: str


@dataclass
class PartNotes:
    part: Part
    points: list[Point]
    quotations: list[Quotation]
    questions: list[Question]


@dataclass
class ImportedNotes:
    source: NotesSource
    sessions: list[PartNotes]
    left_out: list[LeftOut]


@dataclass
class Meta:
    """What the file says about itself (front matter, a page's head, a document's
    properties)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    event: str | None = None


# --- roles and places --------------------------------------------------------------------

Kind = Literal["point", "quotation", "question"]


@dataclass(eq=False)
class _Out:
    kind: Kind
    part: Part | None
    section: int | None
    text: str = ""
    quote: Quote | None = None
    refers: list[Quote] = field(default_factory=list)


class _Walk:
    def __init__(
        self,
        units: list[Unit],
        *,
        book: Book,
        part: Part | None,
        places: Places,
        base: str | None,
        origin: str,
    ) -> None:
        self.units = units
        self.book = book
        self.fixed = part
        self.places = places
        self.base = base
        self.origin = origin
        self.part: Part | None = part
        self.first_named: Part | None = None
        self.section: int | None = None
        self.section_level = 99
        self.questions_level: int | None = None
        self.out: list[_Out] = []
        self.left_out: list[LeftOut] = []
        self.in_item: dict[int, list[Quote]] = {}  # the quotations of each list item
        self.qa_sheet = (
            sum(
                1
                for unit in units
                if isinstance(unit, Para) and unit.block.item and ending(unit.text) == "?"
            )
            >= 2
        )

    # --- helpers ---

    def leave(self, block: Block, why: str, text: str | None = None) -> None:
        self.left_out.append(LeftOut(block.line, text if text is not None else block.raw, why))

    def next_quote(self, index: int, *, past_rules: bool) -> int | None:
        """The index of the quotation unit that comes next, past links (and rules)."""
        for later in range(index + 1, len(self.units)):
            unit = self.units[later]
            if isinstance(unit, Quote):
                return later
            if isinstance(unit, Link):
                continue
            if past_rules and isinstance(unit, Skip) and unit.why == "a rule":
                continue
            return None
        return None

    def run_of(self, start: int) -> list[Quote]:
        """The quotation at `start` and those straight after it (their lines between)."""
        run: list[Quote] = []
        for unit in self.units[start:]:
            if isinstance(unit, Quote):
                run.append(unit)
            elif not isinstance(unit, (Link, SourceLine, RefLine)):
                break
        return run

    def introduces(self, para: Para, index: int) -> int | None:
        """The quotation `para` is the lead-in of, if it is one."""
        text = para.text
        end = ending(text)
        target = self.next_quote(index, past_rules=end in ":,")
        if target is None:
            return None
        quote = self.units[target]
        assert isinstance(quote, Quote)
        nested = bool(para.block.item) and quote.item == para.block.item
        if nested:
            return target
        if end in ":,—–…" or ENDS_WORD.search(unquoted_end(text).rstrip(":,")):
            return target
        if end == "?" and _ANNOUNCES_QUESTION.search(text):
            return target
        if end in ".)" and _ANNOUNCES.search(text):
            return target
        return None

    def is_question(self, para: Para, index: int) -> bool:
        block, text = para.block, para.text
        end = ending(text)
        if self.questions_level is not None:
            return bool(block.item) or end == "?"
        if _Q_PREFIX.match(text):
            return True
        if block.item and end == "?":
            return True
        if (
            block.item
            and block.item_first
            and _PROMPT.match(text)
            and end not in ":,"
            and self.introduces(para, index) is None
        ):
            return True
        if self.qa_sheet and not block.item and end == "?" and _INTERROGATIVE.match(text):
            return len(re.findall(r"[.?!](?:\s|$)", text)) <= 2
        return False

    def place(self, kind: Kind, **values: object) -> _Out:
        out = _Out(kind, self.part, self.section, **values)  # type: ignore[arg-type]
        self.out.append(out)
        return out

    # --- headings ---

    def heading(self, block: Block, text: str, level: int, *, number: int | None = None) -> bool:
        """Act on a heading; False if it names nothing (the caller decides what it is)."""
        if _QUESTIONS.match(text.strip()):
            self.questions_level = level
            if level <= self.section_level:
                self.section, self.section_level = None, 99
            return True
        named = self.places.part_named(text, heading=level < 7)
        if named is not None:
            if self.fixed is not None and named.key != self.fixed.key:
                self.leave(block, f"a heading naming another part ({named.label})", text)
            elif self.fixed is None:
                self.part = named
                self.first_named = self.first_named or named
            self.section, self.section_level = None, level
            self.questions_level = None
            return True
        probe = self.part or self.first_named
        if probe is None and self.fixed is None:
            # A section title only one part has also says which part this is.
            owners = [
                part
                for part in self.book.parts
                if self.places.section_named(text, part, number=number) is not None
            ]
            if len(owners) == 1:
                self.part = owners[0]
                self.first_named = self.first_named or owners[0]
                probe = owners[0]
        section = self.places.section_named(text, probe, number=number)
        if section is not None:
            self.section, self.section_level = section, level
            self.questions_level = None
            return True
        return False

    def unknown_heading(self, block: Block, text: str, level: int) -> None:
        if level <= self.section_level:
            self.section, self.section_level = None, 99
        if self.questions_level is not None and level <= self.questions_level:
            self.questions_level = None
        self.leave(block, "a heading that names no part or section", text)

    def as_heading(self, para: Para, index: int) -> tuple[bool, int]:
        """Whether a paragraph stands as a heading, and its level (7: not marked)."""
        block, text = para.block, para.text
        words = len(text.split())
        end = ending(text)
        short = words <= HEADING_WORDS and end not in ".,;?!…"
        single_item = block.item and block.item_first and block.ordered and self._alone(block)
        if block.item and not single_item:
            return False, 0
        if single_item:
            number = block.number
            named = self.places.section_named(text, self.part or self.first_named, number=number)
            return named is not None and short, 7
        if _QUESTIONS.match(text.strip()):
            return True, 7
        if block.strong and short:
            return True, 7
        previous = self.units[index - 1] if index > 0 else None
        after_rule = isinstance(previous, Skip) and previous.why == "a rule"
        if after_rule and short and end != ":" and len(block.lines) <= 1:
            return True, 7
        if words <= 15 and end not in ".;?!…":
            probe = self.places.part_named(text, heading=False)
            if probe is not None or (
                short and self.places.section_named(text, self.part or self.first_named)
            ):
                return True, 7
        return False, 0

    def _alone(self, block: Block) -> bool:
        firsts = [
            u
            for u in self.units
            if isinstance(u, Para) and u.block.list_id == block.list_id and u.block.item_first
        ]
        return len(firsts) == 1

    # --- the walk ---

    def run(self) -> None:
        for index, unit in enumerate(self.units):
            if isinstance(unit, Head):
                if not self.heading(unit.block, unit.text, unit.level):
                    self.unknown_heading(unit.block, unit.text, unit.level)
            elif isinstance(unit, Skip):
                self.leave(unit.block, unit.why)
                if unit.why == "a rule" and self.questions_level == 7:
                    self.questions_level = None
            elif isinstance(unit, Quote):
                self.quotation(unit, index)
            elif isinstance(unit, Link):
                self.link(unit, index)
            elif isinstance(unit, SourceLine):
                quote = self.quote_before(index)
                if quote is not None and quote.source is None:
                    quote.source = unit.text
                elif quote is None:
                    self.paragraph(Para(unit.block, unit.block.text), index)
            elif isinstance(unit, RefLine):
                quote = self.quote_before(index)
                if quote is not None and quote.reference is None:
                    quote.reference = unit.text
            else:
                self.paragraph(unit, index)
        self.places.check_all_used()

    def quote_before(self, index: int) -> Quote | None:
        for unit in reversed(self.units[:index]):
            if isinstance(unit, Quote):
                return unit
            if not isinstance(unit, (Link, SourceLine, RefLine)):
                return None
        return None

    def link(self, unit: Link, index: int) -> None:
        url = unit.url
        if not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
            if self.base is None:
                self.leave(unit.block, "a link relative to an address the notes do not give")
                return
            try:
                url = urljoin(self.base, url)
            except ValueError:  # an address no parser can read ("//[::1/")
                url = ""
        if web_address(url) is None:
            self.leave(unit.block, "a link that is not a web address")
            return
        quote = self.quote_before(index)
        if quote is None:
            after = self.next_quote(index - 1, past_rules=False)
            if after is not None:
                target = self.units[after]
                assert isinstance(target, Quote)
                quote = target
        if quote is not None and quote.url is None:
            quote.url = url
        else:
            self.leave(unit.block, "a link beside no quotation")

    def quotation(self, quote: Quote, index: int) -> None:
        cue = self.places.cue(quote.paragraphs[0])
        if cue is not None:
            self.section = cue
        if quote.lead_in is None and not quote.shares:
            # A quotation straight after a quotation with a lead-in shares it.
            previous = self.quote_before(index)
            if previous is not None and (previous.lead_in is not None or previous.shares):
                quote.shares = True
        self.place("quotation", quote=quote)
        if quote.item:
            self.in_item.setdefault(quote.item, []).append(quote)

    def paragraph(self, para: Para, index: int) -> None:
        text = para.text
        cue = self.places.cue(text)
        if cue is not None:
            self.section = cue
        standing, level = self.as_heading(para, index)
        if standing and self.heading(para.block, text, level, number=para.block.number):
            return
        if standing and not para.block.item and not _QUESTIONS.match(text.strip()):
            self.unknown_heading(para.block, text, level)
            return
        mentioned = self.places.section_mentioned(text, self.part or self.first_named)
        if mentioned is not None and cue is None:
            self.section = mentioned
        target = self.introduces(para, index)
        if self.is_question(para, index):
            question = self.place("question", text=_Q_PREFIX.sub("", text))
            if target is not None:
                self.lead(para, target)
                question.refers = self.run_of(target)
            elif para.block.item:
                question.refers = list(self.in_item.get(para.block.item, []))
            return
        if target is not None:
            self.lead(para, target)
            return
        self.place("point", text=text)

    def lead(self, para: Para, target: int) -> None:
        quote = self.units[target]
        assert isinstance(quote, Quote)
        quote.lead_in = para.text
        for later in self.run_of(target)[1:]:
            later.shares = True


# --- putting it together -------------------------------------------------------------------


def _is_title(unit: Unit) -> bool:
    if not isinstance(unit, Para) or unit.block.item or unit.block.quote:
        return False
    text = unit.text
    return (
        text[:1] not in ALL_MARKS
        and not text.endswith((".", ",", ":", ";"))
        and len(text.split()) <= TITLE_WORDS
    )


def _is_event(unit: Unit) -> bool:
    return (
        isinstance(unit, Para)
        and not unit.block.item
        and unit.text.startswith("(")
        and unit.text.rstrip(".").endswith(")")
    )


# Small words that may stand inside a person's name (Rosa Luxemburg, Karl von Clausewitz).
_PARTICLES = frozenset({"de", "von", "van", "der", "den", "la", "le", "di", "da", "du", "y"})


def _speaker(source: str | None, book: Book) -> str | None:
    """Who an attribution line names, where it is not the book's author: the words
    before its first comma, if they are a name (capitalised words, initials) and not a
    title of the book."""
    if not source:
        return None
    name = re.split(r"[,(“\"‘:]", source, maxsplit=1)[0].strip(" .-—–")
    words = name.split()
    if not words or len(words) > 5:
        return None
    if any(not (w[:1].isupper() or w in _PARTICLES) for w in words):
        return None
    folded = fold(name)
    for title in [book.title, *(part.title for part in book.parts)]:
        other = fold(title)
        if other == folded or other.startswith(folded + " "):
            return None
    last = words[-1].casefold().strip(".")
    if last in book.author.casefold().replace(".", " ").split():
        return None
    return name


def read_units(
    blocks: list[Block],
    *,
    book: Book,
    part: Part | None,
    cues: Sequence[SectionCue],
    meta: Meta,
    origin: str,
    left_out: list[LeftOut],
) -> ImportedNotes:
    if not blocks and meta.title is None:
        raise StudygroupError(f"{origin}: the notes are empty")
    units = Grouping(blocks, origin).run()
    title, event, closing = meta.title, meta.event, None
    body = list(units)
    # The top: a title line (when the file gives none), then a note about the event.
    meaningful = [u for u in body if not isinstance(u, Skip)]
    if meaningful:
        first = meaningful[0]
        if isinstance(first, Head) and (title is None or _alike_title(first.text, title)):
            title = title or first.text
            body.remove(first)
            if Places(book, (), part, origin).part_named(first.text, heading=True) is not None:
                body.insert(0, first)
        elif title is None and _is_title(first) and len(meaningful) > 1:
            assert isinstance(first, Para)
            title = first.text
            if Places(book, (), part, origin).part_named(first.text, heading=False) is None:
                body.remove(first)
    meaningful = [u for u in body if not isinstance(u, Skip)]
    if meaningful and _is_event(meaningful[0]) and event is None:
        first = meaningful[0]
        assert isinstance(first, Para)
        event = first.text
        body.remove(first)
    body = join_split_sentences(body)
    # The end: a short remark to the group, not a point.
    tail = [u for u in body if not isinstance(u, (Skip, Link))]
    if len(tail) > 1 and isinstance(tail[-1], Para):
        last = tail[-1]
        words = len(last.text.split())
        if (
            words <= CLOSING_WORDS
            and not last.block.item
            and ending(last.text) not in ":,?"
            and _CLOSING_CUE.search(last.text)
        ):
            closing = last.text
            body.remove(last)
    places = Places(book, cues, part, origin)
    if part is None and len(book.parts) == 1:
        part = book.parts[0]
    walk = _Walk(body, book=book, part=part, places=places, base=meta.url, origin=origin)
    walk.run()
    if not walk.out:
        raise StudygroupError(f"{origin}: found no discussion points or quotations")
    default = part or walk.first_named
    if default is None:
        raise StudygroupError(
            f"{origin}: the notes name no part of {book.title}: say which with --part"
        )
    sessions: dict[str, PartNotes] = {}
    # Quotations are numbered first: a question may name one that comes after it.
    numbers: dict[int, tuple[str, int]] = {}  # id(quote) → (part key, number)
    counts: dict[str, int] = {}
    for out in walk.out:
        quote = out.quote
        if (
            out.kind == "quotation"
            and quote is not None
            and any(p.strip() for p in quote.paragraphs)
        ):
            key = (out.part or default).key
            counts[key] = counts.get(key, 0) + 1
            numbers[id(quote)] = (key, counts[key])
    orders: dict[str, int] = {}
    for out in walk.out:
        target = out.part or default
        notes = sessions.setdefault(target.key, PartNotes(target, [], [], []))
        orders[target.key] = orders.get(target.key, 0) + 1
        order = orders[target.key]
        section = out.section
        if out.kind == "point":
            notes.points.append(Point(order=order, section=section, text=out.text))
        elif out.kind == "quotation":
            quote = out.quote
            assert quote is not None
            paragraphs = [p for p in quote.paragraphs if p.strip()]
            if not paragraphs:
                walk.leave(quote.first, "a quotation with no words")
                orders[target.key] -= 1
                continue
            notes.quotations.append(
                Quotation(
                    order=order,
                    section=section,
                    lead_in=quote.lead_in,
                    shares_lead_in=quote.shares and quote.lead_in is None,
                    paragraphs=paragraphs,
                    attribution=_speaker(quote.source, book),
                    reference=quote.reference,
                    source=quote.source,
                    url=quote.url,
                )
            )
        else:
            refs = [
                numbers[id(q)][1]
                for q in out.refers
                if id(q) in numbers and numbers[id(q)][0] == target.key
            ]
            notes.questions.append(
                Question(order=order, section=section, quotations=refs, text=out.text)
            )
    for notes in sessions.values():
        if notes.quotations and notes.quotations[0].shares_lead_in:
            opening = notes.quotations[0]
            notes.quotations[0] = opening.model_copy(update={"shares_lead_in": False})
    found = [s for s in sessions.values() if s.points or s.quotations or s.questions]
    if not found:
        raise StudygroupError(f"{origin}: found no discussion points or quotations")
    source = NotesSource(
        title=title,
        author=meta.author,
        date=meta.date,
        url=meta.url,
        event=event,
        closing=closing,
    )
    ordered = [sessions[p.key] for p in book.parts if p.key in sessions]
    left = sorted(left_out + walk.left_out, key=lambda item: item.line)
    return ImportedNotes(source=source, sessions=ordered, left_out=left)


def _alike_title(heading: str, title: str) -> bool:
    from studygroup.sources.notes_places import alike

    return alike(heading, title)


__all__ = [
    "CLOSE_DOUBLE",
    "STRAIGHT",
    "ImportedNotes",
    "LeftOut",
    "Meta",
    "PartNotes",
    "read_units",
]

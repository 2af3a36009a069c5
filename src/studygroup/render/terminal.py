"""Views → rich renderables for the terminal (`--format text`).

Library text only ever enters rich as `Text` built piece by piece, never as markup,
so a notes file saying `[bold red]` shows those characters. Whatever is printed
passes `Inert` last, whichever renderer built it: no control character from a file
can move the cursor, recolour the terminal or write the clipboard. Links are styles:
rich emits them as hyperlinks on terminals that support them; they are dropped (with
all colour) when the output is piped or NO_COLOR is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from rich.tree import Tree

from studygroup.domain.book import label_shown
from studygroup.domain.inline import spans
from studygroup.safety import web_address, without_controls
from studygroup.views.outline import GroupView, NodeView, OutlineView, PartView, byline

if TYPE_CHECKING:
    from studygroup.views.meeting import FlowEntry, SessionView

HEADING = Style(bold=True)
DIM = Style(dim=True)
NOTE = Style(dim=True, italic=True)
NOTES_MARK = "✎"
QUOTE_BAR = "│"


class Inert:
    """A renderable as printed: the text of every segment made inert, and no links
    where NO_COLOR asks for plain output (rich drops the colour, not the links). The
    one place every terminal output passes, so a new renderer cannot forget it."""

    def __init__(self, renderable: RenderableType):
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        no_links = console.no_color
        for segment in console.render(self.renderable, options):
            text, style, control = segment
            if control:
                yield segment  # rich's own cursor moves, never the data's
                continue
            if no_links and style is not None and style.link:
                style = style.update_link(None)
            yield Segment(without_controls(text), style)


def styled(text: str, style: Style | None = None, link: str | None = None) -> Text:
    """Library text with its `_emphasis_` in italics, safe to print."""
    base = style or Style()
    link = web_address(link)
    if link:
        base += Style(link=link)
    out = Text()
    for piece, emphasised in spans(without_controls(text)):
        out.append(piece, base + Style(italic=True) if emphasised else base)
    return out


def _plain(text: str, style: Style | None = None, link: str | None = None) -> Text:
    # The style is a span, not the Text's base style, so text appended after it
    # (a title after a dim number) keeps its own look.
    base = style or Style()
    link = web_address(link)
    if link:
        base += Style(link=link)
    out = Text()
    out.append(without_controls(text), base)
    return out


class Hanging:
    """`body` wrapped to the console, indented, after a marker ("• ", "[3] "), with its
    continuation lines under the body's first letter and no padding to the right, so
    that piped text has no trailing spaces."""

    def __init__(
        self,
        body: Text,
        indent: int = 0,
        marker: str = "",
        *,
        bar: bool = False,
        tail: Text | None = None,
    ):
        self.body = body
        self.indent = indent
        self.marker = marker
        self.bar = bar  # repeat the marker on every line, as a block quotation's rule
        # Kept whole after the body ("  16 min"), on the last line if it fits there, else
        # on a line of its own: never "16" at the end of one line and "min" on the next.
        self.tail = tail

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        first = " " * self.indent + self.marker
        rest = first if self.bar else " " * len(first)
        width = max(options.max_width - len(first), 20)
        lines = list(self.body.wrap(console, width))
        for line in lines:
            line.rstrip()
        if self.tail is not None:
            if lines and lines[-1].cell_len + 2 + self.tail.cell_len <= width:
                lines[-1] = lines[-1] + Text("  ") + self.tail
            else:
                lines.append(self.tail)
        for number, line in enumerate(lines):
            yield Text(first if number == 0 else rest) + line


def _part_line(part: PartView) -> Text:
    """`6  Chapter VI  THE GROWTH …`: the key to type, dim, then the part as the book
    names it (the label is left out where the title says it already)."""
    line = _plain(part.key, DIM)
    line.append("  ")
    if label_shown(part.label, part.title):
        line.append_text(_plain(part.label, HEADING))
        line.append("  ")
    line.append_text(styled(part.title, link=part.url))
    if part.subtitle:
        line.append(": ")
        line.append_text(styled(part.subtitle))
    for extra in (part.date, part.note):
        if extra and extra not in part.title:
            line.append_text(_plain(f"  {extra}", DIM))
    if part.minutes:
        line.append_text(_plain(f"  {part.minutes}\u00a0min", DIM))
    if part.has_notes:
        line.append(f"  {NOTES_MARK} notes", Style(color="green"))
    return line


def _group_line(group: GroupView) -> Text:
    line = styled(group.heading, HEADING, link=group.url)
    if group.note:
        line.append_text(_plain(f"  {group.note}", DIM))
    return line


def _byline(view: OutlineView | SessionView) -> Text:
    if isinstance(view, OutlineView):
        return styled(byline(view), DIM)  # a title in it keeps its italics
    line = styled(view.book_title, Style(italic=True))
    line.append_text(_plain(f", {view.author}"))
    return line


def outline(view: OutlineView) -> RenderableType:
    root_label = styled(view.title, HEADING, link=view.source_url)
    root_label.append("\n")
    root_label.append_text(_byline(view))
    tree = Tree(root_label, guide_style=DIM)
    corrected = {fix.part for fix in view.corrections}
    parts = {part.key: part for part in view.parts}
    groups = {group.key: group for group in view.groups}

    def add(branch: Tree, nodes: list[NodeView]) -> None:
        for node in nodes:
            if node.type == "group":
                add(branch.add(_group_line(groups[node.key])), node.children)
                continue
            part = parts[node.key]
            line = _part_line(part)
            if part.key in corrected:
                line.append(" *", DIM)
            leaf = branch.add(line)
            for section in part.sections:
                entry = _plain(f"{section.number}. ", DIM)
                entry.append_text(styled(section.title, link=section.url))
                if section.note:
                    entry.append_text(_plain(f"  {section.note}", DIM))
                if section.minutes:
                    entry.append_text(_plain(f"  {section.minutes}\u00a0min", DIM))
                leaf.add(entry)

    add(tree, view.tree)
    footer: list[RenderableType] = [tree]
    for fix in view.corrections:
        note = _plain(f"* {fix.field} corrected from “{fix.original}”: {fix.reason}", NOTE)
        footer.append(note)
    if any(part.minutes for part in view.parts):
        total = sum(part.words or 0 for part in view.parts)
        footer.append(
            _plain(
                f"min: reading time at {view.pace} words a minute "
                f"({total:,} words in all, {round(total / view.pace)} minutes)",
                NOTE,
            )
        )
    if any(part.has_notes for part in view.parts):
        footer.append(_plain(f"{NOTES_MARK} notes: `studygroup session KEY` shows them", NOTE))
    return Group(*footer)


def _heading(text: str) -> Text:
    return _plain(text, Style(bold=True, underline=True))


def _entry(entry: FlowEntry) -> list[RenderableType]:
    """A point as a bullet, a question with its number, a quotation as a ruled block
    after its lead-in, with where it is from."""
    from studygroup.views.meeting import PointView, QuestionView, citation

    if isinstance(entry, PointView):
        return [Hanging(_plain(entry.text), 2, "• ")]
    if isinstance(entry, QuestionView):
        return [Hanging(_plain(entry.text), 2, f"Q{entry.number}. ")]
    out: list[RenderableType] = []
    if entry.lead_in and not entry.shares_lead_in:
        out.append(Hanging(_plain(f"Lead-in: {entry.lead_in}", NOTE), 2))
    out.append(_plain(f"  [{entry.number}]", HEADING))
    for number, paragraph in enumerate(entry.paragraphs):
        if number:
            out.append(_plain(f"  {QUOTE_BAR}".rstrip(), DIM))
        out.append(Hanging(_plain(paragraph), 2, f"{QUOTE_BAR} ", bar=True))
    source = styled(f"— {citation(entry)}", DIM, link=entry.url)
    out.append(Hanging(source, 4))
    return out


def session(view: SessionView) -> RenderableType:
    from studygroup.views.meeting import (
        HANDOUT_HEADINGS,
        WHOLE_PART,
        QuestionView,
        QuotationView,
        check_line,
        has_sections,
        notes_blocks,
    )

    out: list[RenderableType] = []
    title = styled(view.heading, HEADING)
    out += [title, _byline(view)]
    if view.source and (view.source.title or view.source.event):
        framing = " ".join(x for x in (view.source.title, view.source.event) if x)
        out.append(Hanging(_plain(f"Notes: {framing}", NOTE)))
    if view.meeting:
        from studygroup.views.meeting import meeting_details, meeting_line

        out.append(Hanging(_plain(meeting_line(view.meeting), Style(color="green"))))
        out += [Hanging(_plain(line, DIM), 2) for line in meeting_details(view.meeting)]

    out += [Text(), _heading("Reading")]
    # The label where it adds to the title ('Chapter VI  The Soviet Thermidor'), not
    # where it is the title (a translator's note has no number or kind).
    reading = _plain(f"{view.label}  " if label_shown(view.label, view.title) else "", HEADING)
    reading.append_text(styled(view.title, link=view.url))
    out.append(Hanging(reading))
    if view.url:
        out.append(Hanging(_plain(view.url, DIM, link=view.url), 2))
    for section in view.sections:
        line = _plain(f"  {section.number}. ", DIM)
        line.append_text(styled(section.title, link=section.url))
        out.append(line)

    if not view.has_notes:
        out += [
            Text(),
            Hanging(
                _plain(
                    f"No notes for {view.label} yet. To add them, write {view.notes_file} in "
                    "your library folder (--library DIR or STUDYGROUP_LIBRARY); the README's "
                    "“Session files” shows what goes in it.",
                    NOTE,
                )
            ),
        ]
        return Group(*out)

    if view.order:
        out += [Text(), _heading(HANDOUT_HEADINGS["notes"])]
        if view.credit:
            out.append(Hanging(_plain(view.credit, NOTE)))
        for under, entries in notes_blocks(view):
            if has_sections(view):
                label = (
                    _plain(WHOLE_PART, HEADING)
                    if under is None
                    else _plain(f"{under.number}. ", HEADING) + styled(under.title, HEADING)
                )
                out += [Text(), label]
            previous: object = None
            for shown in entries:
                # A quotation or a question stands apart: a blank line before and after.
                apart = (QuotationView, QuestionView)
                if isinstance(shown, apart) or isinstance(previous, apart):
                    out.append(Text())
                out += _entry(shown)
                if isinstance(shown, QuotationView):
                    said = check_line(view, shown.number)
                    if said is not None:
                        colour = "green" if said == "as in the text" else "yellow"
                        out.append(Hanging(_plain(f"Check: {said}", Style(color=colour)), 4))
                previous = shown
    out += _kit(view)
    if view.source and view.source.closing:
        out += [Text(), Hanging(_plain(f"Closing remark: {view.source.closing}", NOTE))]
    return Group(*out)


def _kit(view: SessionView) -> list[RenderableType]:
    """What the facilitator added: questions, glossary, context, reading, agenda, notes."""
    from studygroup.views.meeting import (
        COUNTER_READING,
        HANDOUT_HEADINGS,
        WATCH_OUT_KINDS,
        agenda_line,
        agenda_total,
        clock,
        question_refs,
        reading_aloud,
        reading_line,
        watch_out_lines,
    )

    out: list[RenderableType] = []
    if view.questions:
        out += [Text(), _heading(HANDOUT_HEADINGS["questions"])]
        for question in view.questions:
            line = _plain("core  ", Style(color="red", bold=True)) if question.core else Text()
            line.append_text(_plain(question.text))
            refs = question_refs(question)
            if refs:
                line.append_text(_plain(f"  ({refs})", DIM))
            out.append(Hanging(line, 2, f"{question.number:>2}. "))
    if view.glossary:
        out += [Text(), _heading(HANDOUT_HEADINGS["glossary"])]
        for entry in view.glossary:
            term = _plain(entry.term, HEADING)
            term.append_text(_plain(f"  {entry.kind}", NOTE))
            out += [Hanging(term, 2), Hanging(_plain(entry.definition), 6)]
    if view.timeline:
        out += [Text(), _heading(HANDOUT_HEADINGS["timeline"])]
        width = max(len(event.date) for event in view.timeline)
        for event in view.timeline:
            out.append(Hanging(_plain(event.event), 2, f"{event.date:<{width}}  "))
    if view.further_reading:
        out += [Text(), _heading(HANDOUT_HEADINGS["further_reading"])]
        for reading in view.further_reading:
            line = _plain(reading_line(reading), link=reading.url)
            if reading.counter:
                line.append_text(_plain(f"  [{COUNTER_READING}]", Style(color="red")))
            out.append(Hanging(line, 2, "• "))
            if reading.url:
                out.append(Hanging(_plain(reading.url, DIM, link=reading.url), 4))
            if reading.note:
                out.append(Hanging(_plain(reading.note, NOTE), 4))
    if view.agenda:
        heading = f"{HANDOUT_HEADINGS['agenda']} · {agenda_total(view)}"
        out += [Text(), _heading(heading)]
        for warning in view.plan_warnings:
            out.append(Hanging(_plain(f"Does not fit: {warning}.", Style(color="red")), 2))
        for item in view.agenda:
            minutes = _plain(f"{item.minutes} min", DIM)
            out.append(
                Hanging(_plain(agenda_line(item)), 2, f"{clock(item.start):>5}  ", tail=minutes)
            )
            if item.read_aloud:
                out.append(Hanging(_plain(reading_aloud(item), DIM), 9))
            if item.note:
                out.append(Hanging(_plain(item.note, NOTE), 9))
    if view.facilitator_notes:
        out += [Text(), _heading(HANDOUT_HEADINGS["facilitator_notes"])]
        out += [Hanging(_plain(note), 2, "• ") for note in view.facilitator_notes]
    if view.watch_outs:
        out += [Text(), _heading(HANDOUT_HEADINGS["watch_outs"])]
        for kind, label in WATCH_OUT_KINDS.items():
            watch = [w for w in view.watch_outs if w.kind == kind]
            if watch:
                out += [Text(), _plain(label, HEADING)]
            for one in watch:
                first, *rest = watch_out_lines(one)
                out.append(Hanging(_plain(first), 2, "• "))
                out += [Hanging(_plain(line, NOTE), 4) for line in rest]
    if view.figures:
        out += [Text(), _heading(HANDOUT_HEADINGS["figures"])]
        for figure in view.figures:
            line = _plain(f"{figure.label}: ", HEADING)
            line.append_text(_plain(figure.value))
            out.append(Hanging(line, 2, "• "))
            out.append(Hanging(_plain(f"Source: {figure.source}", NOTE), 4))
            if figure.note:
                out.append(Hanging(_plain(figure.note, NOTE), 4))
    return out


def render(view: OutlineView | SessionView) -> RenderableType:
    return outline(view) if isinstance(view, OutlineView) else session(view)

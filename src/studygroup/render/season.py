"""The season as a table: for the terminal (rich) and for Markdown."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from studygroup.domain.book import label_shown
from studygroup.domain.inline import plain
from studygroup.render import markdown as md
from studygroup.render.terminal import DIM, HEADING, NOTES_MARK, Hanging, styled
from studygroup.safety import without_controls
from studygroup.views.season import ProgrammeView


def _header(view: ProgrammeView) -> str:
    where = f" · {view.place}" if view.place else ""
    return (
        f"{len(view.meetings)} meetings every {view.every}, {view.minutes} minutes, "
        f"times in {view.timezone}{where}"
    )


def terminal(view: ProgrammeView) -> RenderableType:
    title = Text(without_controls(view.name), HEADING)
    title.append(" · ")
    title.append_text(styled(f"_{view.book_title}_, {view.author}"))
    table = Table(show_lines=True, expand=False, header_style=HEADING, pad_edge=False)
    table.add_column("No.", justify="right")
    table.add_column("When", no_wrap=False)
    table.add_column("Reading")
    table.add_column("Facilitator")
    table.add_column("Notes", justify="center")
    for meeting in view.meetings:
        cell: list[RenderableType] = []
        for part in meeting.parts:
            line = Text(f"{part.label}: " if label_shown(part.label, part.title) else "", HEADING)
            line.append_text(styled(part.title, link=part.url))
            sections = Table.grid(padding=(0, 1, 0, 0))
            sections.add_column(justify="right", style=DIM)
            sections.add_column(style=DIM)
            for section in part.sections:
                sections.add_row(f"  {section.number}.", styled(section.title))
            cell += [line, sections]
        if meeting.reading_minutes:
            cell.append(Text(f"about {meeting.reading_minutes}\u00a0min of reading", DIM))
        notes = NOTES_MARK if meeting.notes else "–"
        table.add_row(
            str(meeting.number),
            without_controls(meeting.when),
            Group(*cell),
            without_controls(meeting.facilitator or "–"),
            notes,
        )
    return Group(Hanging(title), Hanging(Text(without_controls(_header(view)), DIM)), table)


def markdown(view: ProgrammeView) -> str:
    lines = [
        f"# {md.escape(view.name)}",
        "",
        f"{md.inline(f'_{view.book_title}_')}, {md.escape(view.author)}. "
        f"{md.escape(_header(view))}.",
        "",
        "| No. | When | Reading | Facilitator | Notes |",
        "| ---: | --- | --- | --- | :---: |",
    ]
    for meeting in view.meetings:
        reading = "<br>".join(
            (f"**{md.escape(part.label)}**: " if label_shown(part.label, part.title) else "")
            + md.link(part.title, part.url)
            + "".join(
                f"<br>{s.number}. {md.escape(plain(s.title), starts_line=False)}"
                for s in part.sections
            )
            for part in meeting.parts
        )
        if meeting.reading_minutes:
            reading += f"<br>*about {meeting.reading_minutes} min of reading*"
        lines.append(
            f"| {meeting.number} | {md.escape(meeting.when)} | {reading} | "
            f"{md.escape(meeting.facilitator or '–')} | {'✎' if meeting.notes else '–'} |"
        )
    return "\n".join(lines) + "\n"

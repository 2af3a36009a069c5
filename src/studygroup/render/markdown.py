"""Views → CommonMark (`--format md`).

Library text is escaped so that it always shows as the letters it is: characters
that start markup anywhere (`* _ [ ] < \\ ` and GitHub's `| ~`) get a backslash,
characters that matter only at the start of a line (`# > - + =` and `12.`) get one
there, and nothing else is touched, so ordinary prose stays readable as plain text.
"""

from __future__ import annotations

import re

from studygroup.domain.book import label_shown
from studygroup.domain.inline import spans
from studygroup.safety import web_address, without_controls
from studygroup.views.meeting import (
    COUNTER_READING,
    WATCH_OUT_KINDS,
    FlowEntry,
    HandoutView,
    PointView,
    QuestionView,
    QuotationView,
    SessionView,
    agenda_line,
    agenda_total,
    check_line,
    citation,
    clock,
    handout_view,
    has_sections,
    meeting_details,
    meeting_line,
    notes_blocks,
    question_refs,
    reading_aloud,
    reading_length,
    reading_line,
    watch_out_lines,
)
from studygroup.views.outline import NodeView, OutlineView, PartView, byline

_INLINE = re.compile(r"([\\`*_\[\]<|~#])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^([>+=-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def escape(text: str, *, starts_line: bool = True) -> str:
    """`text` as Markdown inline content that renders as exactly these characters.

    `starts_line` says the text may begin a line (after `- ` or `> `, say), where
    indentation would make code and `-`, `>` or `12.` would make blocks.
    """
    # A line break inside a paragraph is layout, not content; a blank line would
    # end the list item or block quote the text sits in.
    text = re.sub(r"[\r\n]+", " ", without_controls(text))
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    if not starts_line:
        return text
    text = _LINE_START.sub(r"\\\1", text.lstrip(" \t"))
    return _ORDERED.sub(r"\1\\\2", text)


def inline(text: str) -> str:
    """Library text with its `_emphasis_` as Markdown emphasis, the rest escaped."""
    out = []
    for number, (piece, emphasised) in enumerate(spans(text)):
        escaped = escape(piece, starts_line=number == 0)
        # Spaces at the edge of an emphasised run would stop it being emphasis.
        if emphasised and escaped.strip():
            stripped = escaped.strip()
            lead = escaped[: len(escaped) - len(escaped.lstrip())]
            trail = escaped[len(escaped.rstrip()) :]
            out.append(f"{lead}*{stripped}*{trail}")
        else:
            out.append(escaped)
    return "".join(out)


def link(text: str, url: str | None) -> str:
    """A Markdown link, or the text alone when the address is missing or not http(s)."""
    label = inline(text)
    url = web_address(url)
    if url is None:
        return label
    target = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{label}](<{target}>)"


def _part_entry(part: PartView, indent: str = "") -> list[str]:
    name = f"**{escape(part.label)}** — " if label_shown(part.label, part.title) else ""
    line = f"{indent}- `{part.key}` {name}{link(part.title, part.url)}"
    if part.subtitle:
        line += f": {inline(part.subtitle)}"
    for extra in (part.date, part.note):
        if extra and extra not in part.title:
            line += f" ({escape(extra, starts_line=False)})"
    if part.minutes:
        line += f" · {part.minutes} min"
    if part.has_notes:
        line += " ✎"
    lines = [line]
    for section in part.sections:
        entry = f"{indent}  {section.number}. {link(section.title, section.url)}"
        if section.note:
            entry += f" ({escape(section.note, starts_line=False)})"
        if section.minutes:
            entry += f" · {section.minutes} min"
        lines.append(entry)
    return lines


def outline(view: OutlineView) -> str:
    lines = [f"# {inline(view.title)}", ""]
    lines += [inline(byline(view)), ""]
    if view.source_url:
        lines += [f"Source: {link(view.source_url, view.source_url)}", ""]
    parts = {part.key: part for part in view.parts}
    groups = {group.key: group for group in view.groups}

    def add(nodes: list[NodeView], indent: str) -> None:
        for node in nodes:
            if node.type == "part":
                lines.extend(_part_entry(parts[node.key], indent))
                continue
            group = groups[node.key]
            heading = f"**{link(group.heading, group.url)}**"
            note = f" ({escape(group.note, starts_line=False)})" if group.note else ""
            lines.append(f"{indent}- {heading}{note}")
            add(node.children, indent + "  ")

    add(view.tree, "")
    if view.corrections:
        lines += ["", "## Corrections", ""]
        labels = {part.key: part.label for part in view.parts}
        for fix in view.corrections:
            lines.append(
                f"- {escape(labels.get(fix.part, fix.part))}, {escape(fix.field)}: "
                f"“{inline(fix.original)}” corrected to “{inline(fix.corrected)}”. "
                f"{escape(fix.reason)}"
            )
    if any(part.has_notes for part in view.parts):
        lines += ["", "✎ has notes: `studygroup session KEY` shows them."]
    return "\n".join(lines) + "\n"


def session(view: SessionView) -> str:
    """A session in Markdown: with notes, the facilitator's copy of the handout."""
    if view.has_notes:
        return handout(handout_view(view, "facilitator"))
    lines = [
        f"# {inline(view.heading)}",
        "",
        f"*{escape(view.book_title)}*, {escape(view.author)}",
        "",
    ]
    lines += ["## Reading", "", f"- {link(view.name, view.url)}"]
    lines += [f"  {s.number}. {link(s.title, s.url)}" for s in view.sections]
    lines.append("")
    lines.append(
        f"No notes for {escape(view.label)} yet. To add them, write "
        f"`{view.notes_file}` in your library folder (`--library DIR` or "
        "`STUDYGROUP_LIBRARY`); the README’s “Session files” shows what goes in it."
    )
    return "\n".join(lines) + "\n"


def render(view: OutlineView | SessionView) -> str:
    return outline(view) if isinstance(view, OutlineView) else session(view)


def _entry(entry: FlowEntry) -> list[str]:
    """A point as a list item, a question in bold, a quotation as a `>` block after its
    lead-in, numbered, with where it is from."""
    if isinstance(entry, PointView):
        return [f"- {escape(entry.text)}"]
    if isinstance(entry, QuestionView):
        return [f"**Question {entry.number}.** {escape(entry.text, starts_line=False)}", ""]
    lines: list[str] = []
    if entry.lead_in and not entry.shares_lead_in:
        lines += [f"*Lead-in:* {escape(entry.lead_in, starts_line=False)}", ""]
    lines += [f"**\\[{entry.number}\\]**", ""]
    lines.append("\n>\n".join(f"> {escape(p)}" for p in entry.paragraphs))
    lines += ["", f"— {link(citation(entry), entry.url)}", ""]
    return lines


def handout(view: HandoutView) -> str:
    """The handout as CommonMark: the same content as every other format."""
    s = view.session
    lines = [f"*{escape(view.kicker)}*", ""]
    lines += [f"{inline(f'_{s.book_title}_')}, {escape(s.author)}", ""]
    lines += [f"# {inline(s.heading)}", ""]
    if s.source and s.source.title:
        lines += [f"*{escape(s.source.title)}*", ""]
    if s.source and s.source.event:
        lines += [escape(s.source.event), ""]

    if s.meeting:
        lines += [f"## {view.headings['meeting']}", ""]
        lines += [f"**{escape(meeting_line(s.meeting))}**", ""]
        lines += [f"- {escape(line)}" for line in meeting_details(s.meeting)]
        lines.append("")

    if view.before:
        lines += [f"## {view.headings['before']}", "", "Read:", ""]
        for read in view.before.reading:
            if read.number == 0:
                lines.append(f"- {link(read.title, read.url)}")
            else:
                lines.append(f"  {read.number}. {link(read.title, read.url)}")
        lines.append("")
        if view.before.words:
            lines += [escape(reading_length(view.before) or ""), ""]
        if view.before.read_for:
            lines += ["Read for:", ""]
            lines += [f"- {escape(thing)}" for thing in view.before.read_for]
            lines.append("")
    else:
        lines += [f"## {view.headings['reading']}", ""]
        lines += [f"- {link(s.name, s.url)}"]
        lines += [f"  {x.number}. {link(x.title, x.url)}" for x in s.sections]
        lines.append("")

    if s.order:
        lines += [f"## {view.headings['notes']}", ""]
        if s.credit:
            lines += [f"*{escape(s.credit)}*", ""]
        for under, entries in notes_blocks(s):
            if has_sections(s):
                title = (
                    view.whole_part if under is None else f"{under.number}. {inline(under.title)}"
                )
                lines += [f"### {title}", ""]
            for shown in entries:
                # Points in a row make one list; anything else stands apart from them.
                if lines[-1] and not isinstance(shown, PointView):
                    lines.append("")
                lines += _entry(shown)
                said = check_line(s, shown.number) if isinstance(shown, QuotationView) else None
                if said is not None:
                    lines += [f"*Check:* {escape(said, starts_line=False)}", ""]
            if lines[-1]:
                lines.append("")

    if s.questions:
        lines += [f"## {view.headings['questions']}", ""]
        for question in s.questions:
            refs = question_refs(question)
            tail = f" *({escape(refs)})*" if refs else ""
            core = "**Core.** " if question.core and view.audience == "facilitator" else ""
            lines.append(
                f"{question.number}. {core}{escape(question.text, starts_line=not core)}{tail}"
            )
        lines.append("")

    if s.glossary:
        lines += [f"## {view.headings['glossary']}", ""]
        for entry in s.glossary:
            lines += [
                f"**{escape(entry.term)}** *({escape(entry.kind)})*: {escape(entry.definition)}",
                "",
            ]

    if s.timeline:
        lines += [f"## {view.headings['timeline']}", ""]
        lines += [f"- **{escape(t.date)}**: {escape(t.event)}" for t in s.timeline]
        lines.append("")

    if s.further_reading:
        lines += [f"## {view.headings['further_reading']}", ""]
        for reading in s.further_reading:
            line = f"- {link(reading_line(reading), reading.url)}"
            if reading.counter:
                line += f" **{COUNTER_READING}**"
            if reading.note:
                line += f"  \n  {escape(reading.note)}"
            lines.append(line)
        lines.append("")

    if s.agenda:
        lines += [f"## {view.headings['agenda']} ({escape(agenda_total(s))})", ""]
        lines += [f"> **Does not fit:** {escape(w, starts_line=False)}." for w in s.plan_warnings]
        if s.plan_warnings:
            lines.append("")
        lines += ["| start | item | minutes |", "| --- | --- | ---: |"]
        for item in s.agenda:
            cell = escape(agenda_line(item))
            if item.read_aloud:
                cell += f" ({escape(reading_aloud(item))})"
            if item.note:
                cell += f" — {escape(item.note)}"
            lines.append(f"| {clock(item.start)} | {cell} | {item.minutes} |")
        lines.append("")

    if s.facilitator_notes:
        lines += [f"## {view.headings['facilitator_notes']}", ""]
        lines += [f"- {escape(note)}" for note in s.facilitator_notes]
        lines.append("")

    if s.watch_outs:
        lines += [f"## {view.headings['watch_outs']}", ""]
        for kind, label in WATCH_OUT_KINDS.items():
            watch = [w for w in s.watch_outs if w.kind == kind]
            if not watch:
                continue
            lines += [f"### {label}", ""]
            for one in watch:
                first, *rest = watch_out_lines(one)
                lines.append(f"- {escape(first)}")
                lines += [f"  \n  {escape(line, starts_line=False)}" for line in rest]
            lines.append("")

    if s.figures:
        lines += [f"## {view.headings['figures']}", ""]
        for figure in s.figures:
            lines.append(f"- **{escape(figure.label)}:** {escape(figure.value, starts_line=False)}")
            lines.append(f"  \n  *Source:* {escape(figure.source, starts_line=False)}")
            if figure.note:
                lines.append(f"  \n  {escape(figure.note, starts_line=False)}")
        lines.append("")

    if s.source and s.source.closing:
        lines += [f"*{escape(s.source.closing)}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"

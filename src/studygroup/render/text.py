"""Views → plain text for e-mail (`handout --format txt`): UTF-8, 72 columns.

Nothing is interpreted: library text is printed as it is, less control characters,
wrapped at spaces only (a no-break space holds, an address is never cut), with
`_emphasis_` in titles left as the source writes it, which is how e-mail shows it.
"""

from __future__ import annotations

import textwrap

from studygroup.safety import without_controls
from studygroup.views.meeting import (
    COUNTER_READING,
    WATCH_OUT_KINDS,
    FlowEntry,
    HandoutView,
    PointView,
    QuestionView,
    QuotationView,
    agenda_line,
    agenda_total,
    check_line,
    citation,
    clock,
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

WIDTH = 72


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    wrapper = textwrap.TextWrapper(
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapper.wrap(" ".join(without_controls(text).split(" "))) or [indent.rstrip()]


def _heading(text: str, underline: str = "-") -> list[str]:
    return ["", text, underline * len(text), ""]


def _entry(entry: FlowEntry) -> list[str]:
    if isinstance(entry, PointView):
        return _wrap(entry.text, "  * ", "    ")
    if isinstance(entry, QuestionView):
        return _wrap(f"Question {entry.number}: {entry.text}", "  ? ", "    ")
    lines = _wrap(f"[{entry.number}]", hanging="    ")
    if entry.lead_in and not entry.shares_lead_in:
        lines = _wrap(f"Lead-in: {entry.lead_in}", "    ") + lines
    for paragraph in entry.paragraphs:
        lines += [""] + _wrap(paragraph, "    ")
    lines += [""] + _wrap(f"— {citation(entry)}", "      ", "        ")
    if entry.url:
        lines += _wrap(entry.url, "        ")
    return lines


def handout(view: HandoutView) -> str:
    s = view.session
    out: list[str] = [view.kicker, ""]
    out += _wrap(f"{s.book_title}, {s.author}")
    title = _wrap(s.heading)
    out += title + ["=" * min(WIDTH, max(len(line) for line in title))]
    if s.source and s.source.title:
        out += [""] + _wrap(f"Session: {s.source.title}")
    if s.source and s.source.event:
        out += _wrap(s.source.event)

    if s.meeting:
        out += _heading(view.headings["meeting"])
        out += _wrap(meeting_line(s.meeting))
        for line in meeting_details(s.meeting):
            out += _wrap(line, "  ")

    if view.before:
        out += _heading(view.headings["before"])
        out.append("Read:")
        for read in view.before.reading:
            label = read.title if read.number == 0 else f"{read.number}. {read.title}"
            indent = "  " if read.number == 0 else "    "
            out += _wrap(label, indent, indent + "   ")
            if read.url:
                out += _wrap(read.url, indent + "   ")
        if view.before.words:
            out += [""] + _wrap(reading_length(view.before) or "")
        if view.before.read_for:
            out += ["", "Read for:"]
            for thing in view.before.read_for:
                out += _wrap(thing, "  * ", "    ")
    else:
        out += _heading(view.headings["reading"])
        out += _wrap(s.name, hanging="  ")
        if s.url:
            out += _wrap(s.url, "  ")
        for section in s.sections:
            out += _wrap(f"{section.number}. {section.title}", "  ", "     ")
            if section.url:
                out += _wrap(section.url, "     ")

    if s.order:
        out += _heading(view.headings["notes"])
        if s.credit:
            out += _wrap(s.credit) + [""]
        for under, entries in notes_blocks(s):
            if has_sections(s):
                out.append(view.whole_part if under is None else f"{under.number}. {under.title}")
                out.append("")
            for shown in entries:
                out += _entry(shown)
                said = check_line(s, shown.number) if isinstance(shown, QuotationView) else None
                if said is not None:
                    out += _wrap(f"Check: {said}", "      ", "        ")
                out.append("")

    if s.questions:
        out += _heading(view.headings["questions"])
        for question in s.questions:
            refs = question_refs(question)
            text = f"{question.text} ({refs})" if refs else question.text
            if question.core and view.audience == "facilitator":
                text = f"[core] {text}"
            out += _wrap(text, f"{question.number:>2}. ", "    ") + [""]

    if s.glossary:
        out += _heading(view.headings["glossary"])
        for entry in s.glossary:
            out += _wrap(f"{entry.term} ({entry.kind})")
            out += _wrap(entry.definition, "    ") + [""]

    if s.timeline:
        out += _heading(view.headings["timeline"])
        width = max(len(event.date) for event in s.timeline)
        for event in s.timeline:
            out += _wrap(event.event, f"{event.date:<{width}}  ", " " * (width + 2))

    if s.further_reading:
        out += _heading(view.headings["further_reading"])
        for reading in s.further_reading:
            line = reading_line(reading)
            if reading.counter:
                line += f" [{COUNTER_READING}]"
            out += _wrap(line, "  * ", "    ")
            if reading.url:
                out += _wrap(reading.url, "    ")
            if reading.note:
                out += _wrap(reading.note, "    ")
            out.append("")

    if s.agenda:
        out += _heading(view.headings["agenda"] + f" ({agenda_total(s)})")
        for warning in s.plan_warnings:
            out += _wrap(f"Does not fit: {warning}.", "  ! ", "    ")
        for item in s.agenda:
            line = f"{agenda_line(item)}, {item.minutes}\u00a0min"  # never "10" / "min"
            out += _wrap(line, f"{clock(item.start):>5}  ", "       ")
            if item.read_aloud:
                out += _wrap(reading_aloud(item), "       ")
            if item.note:
                out += _wrap(item.note, "       ")

    if s.facilitator_notes:
        out += _heading(view.headings["facilitator_notes"])
        for note in s.facilitator_notes:
            out += _wrap(note, "  * ", "    ") + [""]

    if s.watch_outs:
        out += _heading(view.headings["watch_outs"])
        for kind, label in WATCH_OUT_KINDS.items():
            watch = [w for w in s.watch_outs if w.kind == kind]
            if watch:
                out += [label, ""]
            for one in watch:
                first, *rest = watch_out_lines(one)
                out += _wrap(first, "  * ", "    ")
                for line in rest:
                    out += _wrap(line, "    ")
                out.append("")

    if s.figures:
        out += _heading(view.headings["figures"])
        for figure in s.figures:
            out += _wrap(f"{figure.label}: {figure.value}", "  * ", "    ")
            out += _wrap(f"Source: {figure.source}", "    ")
            if figure.note:
                out += _wrap(figure.note, "    ")
            out.append("")

    if s.source and s.source.closing:
        out += [""] + _wrap(s.source.closing)
    while out and not out[-1]:
        out.pop()
    # Once more over everything, prefixes included (a timeline's date is one).
    return without_controls("\n".join(line.rstrip() for line in out)) + "\n"

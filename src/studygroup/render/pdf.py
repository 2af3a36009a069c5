"""Views → PDF (`handout --format pdf`) with Typst, from a bundled template.

The handout's data goes to the template as one JSON document (Typst's
`sys.inputs`), never pasted into markup: in Typst a string is always shown as the
letters it holds, so no text in a notes file can become markup (`#import`, `*`,
`12.` at the start of a line). Titles arrive pre-cut into (text, emphasised) spans.
Fonts are Typst's own, embedded in the package: nothing comes from the system.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from studygroup.domain.inline import spans
from studygroup.safety import web_address, without_controls
from studygroup.views.meeting import (
    COUNTER_READING,
    FlowEntry,
    HandoutView,
    PointView,
    QuestionView,
    agenda_line,
    citation,
    clock,
    has_sections,
    notes_blocks,
    question_refs,
    reading_line,
)


def _clean(value: Any) -> Any:
    """Control characters out of every string, however deep."""
    if isinstance(value, str):
        return without_controls(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def _spans(text: str | None) -> list[list[Any]]:
    return [[piece, emphasised] for piece, emphasised in spans(text or "")]


def _entry(entry: FlowEntry) -> dict[str, Any]:
    if isinstance(entry, PointView):
        return {"type": "point", "text": entry.text}
    if isinstance(entry, QuestionView):
        return {"type": "question", "number": entry.number, "text": entry.text}
    return {
        "type": "quotation",
        "number": entry.number,
        "lead_in": None if entry.shares_lead_in else entry.lead_in,
        "paragraphs": entry.paragraphs,
        "attribution": _spans(citation(entry)),
        "url": web_address(entry.url),
    }


def payload(view: HandoutView) -> dict[str, Any]:
    """Everything the template prints, in the order and form it prints it."""
    s = view.session
    source = s.source
    data: dict[str, Any] = _clean(
        {
            "audience": view.audience,
            "kicker": view.kicker,
            "headings": view.headings,
            "book_title": _spans(s.book_title),
            "book_title_plain": "".join(piece for piece, _ in spans(s.book_title)),
            "author": s.author,
            "label": s.label,
            "heading": _spans(s.heading),
            "session_title": source.title if source else None,
            "event": source.event if source else None,
            "closing": source.closing if source else None,
            "part": {"text": _spans(f"{s.label}: {s.title}"), "url": web_address(s.url)},
            "sections": [
                {"number": x.number, "title": _spans(x.title), "url": web_address(x.url)}
                for x in s.sections
            ],
            "credit": s.credit,
            "blocks": [
                {
                    "title": (
                        _spans(
                            view.whole_part if under is None else f"{under.number}. {under.title}"
                        )
                        if has_sections(s)
                        else None
                    ),
                    "entries": [_entry(entry) for entry in entries],
                }
                for under, entries in notes_blocks(s)
            ],
            "questions": [
                {"number": q.number, "text": q.text, "refs": question_refs(q)} for q in s.questions
            ],
            "glossary": [
                {"term": g.term, "kind": g.kind, "definition": g.definition} for g in s.glossary
            ],
            "timeline": [{"date": t.date, "event": t.event} for t in s.timeline],
            "further_reading": [
                {
                    "line": reading_line(r),
                    "url": web_address(r.url),
                    "note": r.note,
                    "counter": COUNTER_READING if r.counter else None,
                }
                for r in s.further_reading
            ],
            "agenda": [
                {
                    "clock": clock(a.start),
                    "minutes": a.minutes,
                    "title": agenda_line(a),
                    "note": a.note,
                }
                for a in s.agenda
            ],
            "agenda_minutes": s.agenda_minutes,
            "facilitator_notes": s.facilitator_notes,
        }
    )
    return data


def handout(view: HandoutView) -> bytes:
    import typst

    template = (files("studygroup") / "templates" / "handout.typ").read_bytes()
    data = json.dumps(payload(view), ensure_ascii=False)
    try:
        return bytes(
            typst.compile(
                template,
                format="pdf",
                sys_inputs={"data": data},
                ignore_system_fonts=True,
            )
        )
    except typst.TypstError as error:  # a bug in the template, not the user's doing
        raise RuntimeError(f"the PDF template failed: {error}") from error

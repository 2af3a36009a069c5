"""Views → PDF (`handout --format pdf`) with Typst, from a bundled template.

The handout's data goes to the template as one JSON document (Typst's
`sys.inputs`), never pasted into markup: in Typst a string is always shown as the
letters it holds, so no text in a notes file can become markup (`#import`, `*`,
`12.` at the start of a line). Titles arrive pre-cut into (text, emphasised) spans.
Fonts are Typst's own, embedded in the package: nothing comes from the system.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from functools import lru_cache
from importlib.resources import files
from typing import Any

from studygroup.domain.inline import spans
from studygroup.safety import web_address, without_controls
from studygroup.views.meeting import (
    COUNTER_READING,
    WATCH_OUT_KINDS,
    FlowEntry,
    HandoutView,
    PointView,
    QuestionView,
    SessionView,
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

# A run of letters with no space in it longer than this may not fit a line (an
# address, a word in a quotation, which is never hyphenated): it gets places to break.
LONG_WORD = 28
_LONG = re.compile(rf"[^\s\u200b]{{{LONG_WORD},}}")
_BREAK_AFTER = re.compile(r"([/_.\-–—=&?])")


def breakable(text: str) -> str:
    """`text` with invisible break opportunities (U+200B) inside overlong words: after
    punctuation first, else every 16 letters, so that nothing runs off the page."""

    def split(match: re.Match[str]) -> str:
        word = _BREAK_AFTER.sub("\\1\u200b", match[0])
        return re.sub(r"([^\u200b]{16})(?=[^\u200b])", "\\1\u200b", word)

    return _LONG.sub(split, text)


def _clean(value: Any, key: str = "") -> Any:
    """Control characters out of every string, however deep; overlong words made
    breakable, except in an address a link must keep whole."""
    if isinstance(value, str):
        clean = without_controls(value)
        return clean if key in ("url", "address", "qr") else breakable(clean)
    if isinstance(value, list):
        return [_clean(item, key) for item in value]
    if isinstance(value, dict):
        return {name: _clean(item, name) for name, item in value.items()}
    return value


@lru_cache(maxsize=1)
def _coverage() -> list[tuple[int, int]]:
    """The code points the PDF's fonts can print (templates/pdf-coverage.txt)."""
    text = (files("studygroup") / "templates" / "pdf-coverage.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            first, _, last = line.partition("-")
            out.append((int(first, 16), int(last or first, 16)))
    return out


def unprintable(view: HandoutView) -> list[str]:
    """The characters of the handout that its fonts lack: they would print as empty
    boxes (Chinese, Japanese and Korean, emoji …). In the order first met."""
    ranges = _coverage()
    starts = [first for first, _ in ranges]
    seen: list[str] = []
    # Each character once, in the order first met (dict.fromkeys runs in C).
    for char in dict.fromkeys(json.dumps(payload(view), ensure_ascii=False)):
        point = ord(char)
        if point < 0x80 or unicodedata.category(char) in ("Zs", "Cf"):
            continue
        index = bisect.bisect_right(starts, point) - 1
        if index < 0 or point > ranges[index][1]:
            seen.append(char)
    return seen


def _spans(text: str | None) -> list[list[Any]]:
    return [[piece, emphasised] for piece, emphasised in spans(text or "")]


def _entry(entry: FlowEntry, view: SessionView | None = None) -> dict[str, Any]:
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
        "check": check_line(view, entry.number) if view is not None else None,
    }


@lru_cache(maxsize=512)
def qr_svg(url: str | None) -> str | None:
    """A QR code for an address a member would type on a phone, as SVG; or None. Made
    once per address a process: choosing a code's mask is the slow part of a handout
    (its payload is built twice, to check the fonts and to print; a site prints the
    same further reading in many handouts)."""
    address = web_address(url)
    if address is None:
        return None
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(address, error="m", micro=False).save(
        buffer, kind="svg", scale=1, border=2, xmldecl=False, nl=False
    )
    return buffer.getvalue().decode("ascii")


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
            "part": {"text": _spans(s.name), "url": web_address(s.url)},
            "sections": [
                {"number": x.number, "title": _spans(x.title), "url": web_address(x.url)}
                for x in s.sections
            ],
            "meeting": (
                {"line": meeting_line(s.meeting), "details": meeting_details(s.meeting)}
                if s.meeting
                else None
            ),
            "before": (
                {
                    "reading": [
                        {
                            "number": r.number,
                            "title": _spans(r.title),
                            "url": web_address(r.url),
                            # A code beside the link to the text, not beside each section
                            # of the same page.
                            "qr": qr_svg(r.url) if r.number == 0 else None,
                        }
                        for r in view.before.reading
                    ],
                    "length": reading_length(view.before),
                    "read_for": view.before.read_for,
                }
                if view.before
                else None
            ),
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
                    "entries": [_entry(entry, s) for entry in entries],
                }
                for under, entries in notes_blocks(s)
            ],
            "questions": [
                {
                    "number": q.number,
                    "text": q.text,
                    "refs": question_refs(q),
                    "core": q.core and view.audience == "facilitator",
                }
                for q in s.questions
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
                    "qr": qr_svg(r.url),
                }
                for r in s.further_reading
            ],
            "agenda": [
                {
                    "clock": clock(a.start),
                    "minutes": a.minutes,
                    "title": agenda_line(a),
                    "reading": reading_aloud(a) or None,
                    "note": a.note,
                }
                for a in s.agenda
            ],
            "agenda_minutes": s.agenda_minutes,
            "agenda_total": agenda_total(s),
            "plan_warnings": s.plan_warnings,
            "watch_outs": [
                {
                    "label": label,
                    "items": [watch_out_lines(w) for w in s.watch_outs if w.kind == kind],
                }
                for kind, label in WATCH_OUT_KINDS.items()
                if any(w.kind == kind for w in s.watch_outs)
            ],
            "figures": [
                {"label": f.label, "value": f.value, "source": f.source, "note": f.note}
                for f in s.figures
            ],
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

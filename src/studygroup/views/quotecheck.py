"""Each quotation of a session checked against the book's text, where it was fetched.

A quotation is found as the notes give it, found with differences (quote marks,
spelling, words left out or added, insertions like "[!]"), each one said, or not
found (a warning: the notes may quote another work). Where it is found, the text
says which section it is in, which is better evidence than the editorial cues a
session was built with; where no text is at hand, the session's own sections stand.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Literal

from studygroup.views.outline import View

if TYPE_CHECKING:
    from studygroup.domain.book import Book, Part
    from studygroup.domain.session import Quotation, Session
    from studygroup.domain.text import PartText

CheckStatus = Literal["exact", "differs", "not found"]
# Differences of the same kind and words are said once, with how often they occur.
SHOWN = 8


class DifferenceView(View):
    kind: str  # marks, spelling, left out, added, changed, insertion
    notes: str  # what the notes have
    text: str  # what the book's text has
    count: int  # how many times the same difference occurs in the quotation


class QuoteCheckView(View):
    number: int  # the quotation's
    status: CheckStatus
    section_number: int | None  # where the text has it
    differences: list[DifferenceView]


def check(book: Book, part: Part, session: Session) -> list[QuoteCheckView] | None:
    """Every quotation checked against the part's fetched text; None without one."""
    text = _text(book, part) if session.quotations else None
    if text is None:
        return None
    from studygroup.sources.text_match import check as against

    out = []
    for number, quote in enumerate(session.quotations, 1):
        verdict = against(quote.paragraphs, text)
        counted = Counter((d.kind, d.notes, d.text) for d in verdict.differences)
        out.append(
            QuoteCheckView.model_construct(
                number=number,
                status=verdict.status,
                section_number=verdict.section,
                differences=[
                    DifferenceView.model_construct(kind=kind, notes=notes, text=said, count=n)
                    for (kind, notes, said), n in list(counted.items())[:SHOWN]
                ],
            )
        )
    return out


def found(book: Book, part: Part, quote: Quotation) -> bool | None:
    """Whether the part's fetched text holds `quote`; None without a text."""
    text = _text(book, part)
    if text is None:
        return None
    from studygroup.sources.text_match import check as against

    return against(quote.paragraphs, text).status != "not found"


def _text(book: Book, part: Part) -> PartText | None:
    """The part's fetched text, if it has any paragraphs."""
    from studygroup.library import text_store

    text = text_store.load(book.slug, part.key)
    return text if text is not None and text.paragraphs else None


def summary(found: QuoteCheckView) -> str:
    """'as in the text', 'not found in the text', or the differences in a line."""
    if found.status == "exact":
        return "as in the text"
    if found.status == "not found":
        return "not found in the text (another work, or a passage reworded)"
    said = []
    for difference in found.differences:
        times = f" ×{difference.count}" if difference.count > 1 else ""
        if difference.kind == "left out":
            how = "left out" if difference.notes else "left out, unmarked"
            said.append(f"{how}: “{_cut(difference.text)}”{times}")
        elif difference.kind == "added":
            said.append(f"added: “{_cut(difference.notes)}”{times}")
        elif difference.kind == "insertion":
            said.append(f"inserted: “{difference.notes}”{times}")
        else:
            said.append(f"{difference.kind}: “{difference.notes}” for “{difference.text}”{times}")
    return "differs from the text: " + "; ".join(said)


def _cut(words: str, most: int = 16) -> str:
    """A long stretch left out or added, as its first and last words."""
    split = words.split()
    if len(split) <= most:
        return words
    return " ".join(split[:8]) + " … " + " ".join(split[-5:])

"""Quotation marks in a paragraph of notes: does it quote, from first word to last?

Note-takers mark a block quotation by its marks alone, and not consistently: curly or
straight, mixed in one quotation (`*"…”*`), an inner quotation closed with the wrong
mark (`‘The factories are working,” complains`), an ellipsis before the first word,
a page reference after the last (`…property.” (p. 206)`). So the marks of a paragraph
are read the way a reader reads them:

- curly marks say which way they face; a straight `"` faces the way its neighbours
  say: after a space or at the start it opens, after a letter or a stop it closes;
- only double marks are counted: a single mark is as often an apostrophe
  (`workers’ state`), so single marks wrap a whole quotation only in the British
  style, `‘…’` from the first character to the last;
- a paragraph quotes whole when it opens with a mark, ends with a closing one, and
  the opening mark does not close first around a few words with more text after
  (`"Neo-coms" vs. "neo-cons?" -- Platypus's "neo-Leninism"` is a heading, and
  `“Socialism in one country” was the slogan` commentary);
- a paragraph that opens with a mark and ends with marks still open goes on into the
  next paragraphs (the multi-paragraph convention: each paragraph opens, only the
  last closes).

What comes after the closing mark is kept apart: a reference in brackets
(`(p. 206)`, `[ch. 3]`) as the quotation's reference, and a dash with a name
(`” — Lenin`) as its source. A bracket in the middle of the text is the quoted
author's own citation and stays in the quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“„«‟"
CLOSE_DOUBLE = "”»"
STRAIGHT = '"'
DOUBLE = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT
SINGLE = "‘’‚'"
ALL_MARKS = DOUBLE + SINGLE
# The most words the opening mark may hold when it closes before the paragraph ends
# and the paragraph is still a quotation of someone else's text: more than this and
# the "early" closing mark is a transcription slip inside the quotation.
PHRASE_WORDS = 8
# Emphasis markers as they may survive around the marks (`*“…”*`, `“*…*”`).
EMPHASIS = "*_"

# A reference after the closing mark: a bracket at the very end that holds a page,
# a chapter or a number ("p. 206", "ch. III", "Capital I, p. 342", "1917").
_REFERENCE = re.compile(
    r"\s*(?P<open>[(\[])(?P<ref>[^()\[\]]{1,80})[)\]][\s.,;]*$",
)
_REFERENCE_WORDS = re.compile(
    r"(?<![^\W\d_])(?:p|pp|pg|page|pages|ch|chap|chapter|chapters|vol|volume|part|book|"
    r"sect|section|sec|para|§|art|article|letter|lecture|no|nr)\b\.?|§|\d|\b[IVXLC]{1,6}\b",
    re.I,
)
# A strict reference, for text that has no closing mark (a > block): it must say
# what it counts ("p. 206", "ch. 3", "pp. 12–14").
_STRICT_REFERENCE = re.compile(
    r"^(?:p|pp|pg|page|pages|ch|chap|chapter|vol|volume|§|sect|section)\.?\s*[\dIVXLCivxlc]",
    re.I,
)
# A source after the closing mark on the same line: "” — V. I. Lenin, State and Revolution".
_AFTER_CLOSE = re.compile(
    r"[”\"»’]\s*(?P<ref>[(\[][^()\[\]]{1,80}[)\]])?[\s.,;]*(?:-{1,3}|[—–―])\s*"
    r"(?=[^\W\d_]|[\[(“\"‘'])"
)
# An attribution: a dash, then who and where ("-- V. I. Lenin, “Left-Wing” Communism").
ATTRIBUTION = re.compile(r"^\s*(?:-{1,3}|[—–―~])\s*(?P<source>\S.*)$", re.S)
SOURCE_WORDS = 16
# Words a source may hold besides names and titles.
_SOURCE_WORDS_OK = frozenset(
    [
        *("chapter", "chapters", "page", "pages", "volume", "section", "part", "book"),
        *("letter", "letters", "speech", "preface", "introduction", "foreword"),
        *("afterword", "postscript", "appendix", "lecture", "article", "pamphlet"),
        *("essay", "notes", "note", "edition", "translated", "from", "works"),
        *("collected", "selected", "written"),
    ]
)


@dataclass(frozen=True)
class Shape:
    """How a paragraph stands to quotation marks."""

    opens: bool  # it starts with an opening mark
    closes: bool  # it ends with a closing mark (before any reference or source)
    whole: bool  # one quotation, first word to last
    open_at_end: bool  # marks still open at its end: the quotation goes on
    phrase: bool  # the opening mark closes early around a few words: not a quotation
    body: str  # the text inside the outer marks (only those that are there)
    reference: str | None = None
    source: str | None = None


def _strip_edges(text: str) -> str:
    """Emphasis markers at the very edges and whitespace."""
    return text.strip().strip(EMPHASIS).strip()


def _outer_stop(text: str) -> str:
    """Without a stop set after the closing mark (`…the state”.`, the British way)."""
    core = _strip_edges(text)
    if len(core) > 2 and core[-1] in ".,;" and core[-2] in CLOSE_DOUBLE + STRAIGHT + "’":
        return _strip_edges(core[:-1])
    return core


def _prev_char(text: str, index: int) -> str:
    """The character before `index`, looking past marks and emphasis ('' at the start)."""
    i = index - 1
    while i >= 0 and (text[i] in ALL_MARKS or text[i] in EMPHASIS):
        i -= 1
    return text[i] if i >= 0 else ""


def _next_char(text: str, index: int) -> str:
    i = index + 1
    while i < len(text) and (text[i] in ALL_MARKS or text[i] in EMPHASIS):
        i += 1
    return text[i] if i < len(text) else ""


def _straight_opens(text: str, index: int, depth: int) -> bool:
    before = _prev_char(text, index)
    after = _next_char(text, index)
    before_open = before == "" or before.isspace() or before in "([{—–-/"
    after_open = after != "" and not after.isspace()
    if before_open and after_open:
        return True
    if not before_open and (after == "" or after.isspace() or not after.isalnum()):
        return False
    # Between two letters, or alone between spaces: whichever the count needs.
    return depth == 0


def double_marks(text: str) -> list[tuple[int, bool]]:
    """Every double quotation mark of `text`: (index, opens)."""
    out: list[tuple[int, bool]] = []
    depth = 0
    for index, char in enumerate(text):
        if char in OPEN_DOUBLE:
            opens = True
        elif char in CLOSE_DOUBLE:
            opens = False
        elif char == STRAIGHT:
            opens = _straight_opens(text, index, depth)
        else:
            continue
        depth = depth + 1 if opens else max(depth - 1, 0)
        out.append((index, opens))
    return out


def _split_tail(text: str, strict: bool) -> tuple[str, str | None, str | None]:
    """`text` without a reference or source after its last closing mark."""
    reference = source = None
    # "” (p. 206) — Lenin, …" after the closing mark: the source, then the reference.
    for after in _AFTER_CLOSE.finditer(text):
        rest = text[after.end() :].strip()
        if looks_like_source(rest):
            source = rest
            text = text[: after.start() + 1] + (f" {after['ref']}" if after["ref"] else "")
            break
    match = _REFERENCE.search(text)
    if match is not None:
        ref = match["ref"].strip()
        head = text[: match.start()].rstrip()
        marked = head.rstrip(".,;: ").endswith(tuple(CLOSE_DOUBLE + STRAIGHT + "’"))
        looks = _STRICT_REFERENCE.match(ref) if (strict or not marked) else None
        if (marked and not strict and _REFERENCE_WORDS.search(ref)) or looks:
            reference, text = ref, head
    return text, reference, source


def looks_like_source(text: str) -> bool:
    """Whether `text` names who is quoted and where, rather than saying something:
    a few words, starting with a capital (or a quoted title), hardly a common word."""
    words = text.split()
    if not words or len(words) > SOURCE_WORDS or text.rstrip()[-1:] in "?!:":
        return False
    first = text.lstrip(ALL_MARKS + "[(*_")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    common = [
        w
        for w in (word.strip(ALL_MARKS + ".,;:()[]*_") for word in words)
        if len(w) >= 4 and w.isalpha() and w.islower() and w not in _SOURCE_WORDS_OK
    ]
    return len(common) <= 2


def shape(text: str, *, single: bool = True) -> Shape:
    """How `text` (a paragraph's plain text) stands to quotation marks.

    `single`: whether a paragraph wrapped in single marks (‘…’) counts as quoted.
    """
    core = _strip_edges(text)
    if not core:
        return Shape(False, False, False, False, False, "")
    core, reference, source = _split_tail(core, strict=False)
    core = _outer_stop(core)
    if core[:1] in DOUBLE and core[:1] not in CLOSE_DOUBLE:
        return _double_shape(core, reference, source)
    if single and core[:1] in "‘'" and len(core) > 2:
        return _single_shape(core, reference, source)
    # No opening mark: the paragraph may still end a quotation that opened before.
    closes = core[-1:] in CLOSE_DOUBLE + STRAIGHT
    body = _strip_edges(core[:-1]) if closes else core
    return Shape(False, closes, False, False, False, body, reference, source)


def _double_shape(core: str, reference: str | None, source: str | None) -> Shape:
    marks = double_marks(core)
    first_close = None
    depth = 0
    for index, opens in marks:
        depth = depth + 1 if opens else max(depth - 1, 0)
        if depth == 0 and first_close is None:
            first_close = index
    last = len(core) - 1
    closes = bool(marks) and marks[-1][0] == last and not marks[-1][1] and last > 0
    early = first_close is not None and first_close < last
    phrase = early and len(core[1:first_close].split()) <= PHRASE_WORDS
    if phrase:
        return Shape(True, closes, False, False, True, core, reference, source)
    if closes:
        body = _strip_edges(core[1:-1])
        return Shape(True, True, True, False, False, body, reference, source)
    open_at_end = depth > 0
    body = _strip_edges(core[1:])
    if not open_at_end:
        # It quotes something at its start and goes on in its own words: commentary.
        return Shape(True, False, False, False, True, core, reference, source)
    return Shape(True, False, False, True, False, body, reference, source)


def _single_shape(core: str, reference: str | None, source: str | None) -> Shape:
    """British style: ‘…’ from the first character to the last, with a stop inside."""
    closes = core[-1] in "’'" and core[-2:-1] in ".!?…,;:—–"
    if not closes:
        return Shape(True, False, False, False, True, core, reference, source)
    # A closing single mark after a few words, before a space: a quoted phrase.
    for match in re.finditer(r"(?<=[\w.!?,;:…])[’'](?=[\s.,;:!?)]|$)", core[1:]):
        end = match.start() + 1
        if end < len(core) - 1 and len(core[1:end].split()) <= PHRASE_WORDS:
            if core[end - 1 : end].isalpha() and core[end + 1 : end + 2] in ("s", "t"):
                continue
            return Shape(True, True, False, False, True, core, reference, source)
        break
    return Shape(True, True, True, False, False, _strip_edges(core[1:-1]), reference, source)


def strip_wrapping(text: str) -> tuple[str, str | None]:
    """A block quotation's paragraph (`>`, a Quote style) without marks that wrap it
    whole, and a strict page reference at its end."""
    found = shape(text)
    if found.whole:
        return found.body, found.reference
    core, reference, _ = _split_tail(_strip_edges(text), strict=True)
    return core, reference


def ends_closed(text: str) -> bool:
    """Whether a paragraph ends with a closing double mark (emphasis and a reference
    after it allowed): the end of a quotation that runs over paragraphs."""
    core, _, _ = _split_tail(_strip_edges(text), strict=False)
    core = _outer_stop(core)
    if not core or core[-1] not in CLOSE_DOUBLE + STRAIGHT:
        return False
    if core[-1] in CLOSE_DOUBLE:
        return True
    return not _straight_opens(core, len(core) - 1, 1)


def tail_of(text: str) -> tuple[str, str | None, str | None]:
    """The last paragraph of a quotation: its text without the closing mark, and the
    reference and source after it."""
    core, reference, source = _split_tail(_strip_edges(text), strict=False)
    core = _outer_stop(core)
    if core and core[-1] in CLOSE_DOUBLE + STRAIGHT:
        core = _strip_edges(core[:-1])
    return core, reference, source


def head_of(text: str) -> str:
    """A continuation paragraph without its opening mark (if it has one)."""
    core = _strip_edges(text)
    if core[:1] in OPEN_DOUBLE + STRAIGHT:
        core = _strip_edges(core[1:])
    return core

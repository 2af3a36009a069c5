"""An entry's words → its title, number, kind, subtitle, date and note.

A contents page writes an entry in many ways, and the title is built from the whole
line, not from the link alone:

    I. – [WHAT HAS BEEN ACHIEVED](ch01.htm)      number before the link
    [Chapter I: Class Society and the State]     number inside the link
    [I.] Introductory                            the number is the link
    [INTRODUCTION]: The Purpose of the Work      a subtitle after ':' or '–'
    [Political Report, March 7] (28 k)           a file size: dropped
    [The Tasks] (June 1943)                      a date: kept as the date and a note
    [Introduction] by Max Shachtman              a byline: kept as a note
    [Author’s Preface] to Original Edition       the title goes on after the link

Numbers are read as the book writes them: roman (VI), arabic (6), words (Six),
within a part (I.III), letters (a.), in brackets ((1)), or after a word (Chapter,
Lecture, Part, Appendix …). Front and back matter is named by its words: Preface,
Foreword, Introduction, Conclusion, Epilogue, Afterword, Postscript, Appendix, and
"other" matter (notes, glossary, bibliography, chronology, further reading …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studygroup.domain.book import PartKind
from studygroup.domain.keys import dotted_value, from_roman, from_words

_NUMERAL = r"(?:[IVXLC]{1,7}|\d{1,3}|[A-Za-z]+)"
# A word that introduces a number: "Chapter VI", "Lecture 2", "Vol.I".
_WORDED = re.compile(
    r"^(?P<word>chapter|chap\.|ch\.|part|section|book|volume|vol\.|lecture|letter|article"
    r"|essay|speech|study|no\.|number|appendix|supplement)\s*(?P<numeral>" + _NUMERAL + r")"
    r"(?![\w’'])\s*(?P<sep>[.:)–—-]*)\s*",
    re.IGNORECASE,
)
_DOTTED = re.compile(r"^(?P<numeral>[IVXLC]{1,6}\.[IVXLC]{1,6}|\d{1,2}\.\d{1,2})(?![\w.])\.?\s*")
_ROMAN = re.compile(
    r"^(?P<numeral>[IVX]|[IVXLC]{2,7})(?P<sep>\s*[.:)]|\s*[–—-]\s|\s*$)\s*[–—-]?\s*"
)
_ROMAN_BARE = re.compile(r"^(?P<numeral>[IVXLC]{2,7})\s+(?=[A-Z“‘\"'])")
_ARABIC = re.compile(r"^(?P<numeral>\d{1,3})(?![\d,])(?P<sep>\s*[.:)]?)\s*[–—-]?\s*")
_PAREN = re.compile(r"^\((?P<numeral>\d{1,3}|[a-z])\)\s*")
_LETTER = re.compile(r"^(?P<numeral>[A-HJ-UWYZa-z])(?:[.):]|\s+[–—-])(?=\s)\s*(?:[–—-]\s*)?")
_SECTION_SIGN = re.compile(r"^§\s*(?P<numeral>\d{1,3})\.?\s*")

# Words after which the number is the chapter's own: the title keeps no such word.
_CHAPTER_WORDS = frozenset({"chapter", "chap.", "ch."})

_SIZE = re.compile(r"^[(\[]?\s*\d+(?:[.,]\d+)?\s*k(?:b|bytes?)?\s*[)\]]?\.?$", re.IGNORECASE)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SEASON = r"(?:spring|summer|autumn|fall|winter|early|late|mid|start of|end of)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DATE = re.compile(
    r"(?:\b"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+"
    + _YEAR
    + r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r",?\s+"
    + _YEAR
    + r"|\b(?:"
    + _MONTH
    + r"|"
    + _SEASON
    + r")(?:\s*[/–-]\s*"
    + _MONTH
    + r")?,?\s+"
    + _YEAR
    + r"|\b"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?\b"
    + r"|\b\d{1,2}[./]\d{1,2}[./](?:\d{2}|"
    + _YEAR
    + r")\b"
    + r"|\b"
    + _YEAR
    + r"(?:\s*[/–-]\s*(?:\d{2}|"
    + _YEAR
    + r"))?\b)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|edited by|translated by|with|introduction by|foreword by|preface by)\b",
    re.IGNORECASE,
)

# Front and back matter, named by the words a title starts with (after a possessive:
# "Translator’s Preface", "Editor’s Introduction").
_POSSESSIVE = (
    r"(?:(?:the\s+)?[\w.]+(?:\s+[\w.]+)?[’']s?\s+|a\s+"
    r"|(?:editorial|editors?|translators?|authors?|publishers?|transcribers?|general|short"
    r"|brief|biographical|final|first|second|third|new|original|special|technical)\s+)?"
)
_KIND_PATTERNS: tuple[tuple[PartKind, str], ...] = (
    ("preface", r"(?:prefaces?|preface and introduction)"),
    ("foreword", r"(?:foreword|forward|preliminary remarks|prefatory note)"),
    ("introduction", r"(?:introduction|introductory(?:\s+note)?|intro)"),
    ("conclusion", r"(?:conclusions?|concluding\s+\w+)"),
    ("epilogue", r"(?:epilogue|epilog)"),
    ("afterword", r"afterword"),
    ("postscript", r"(?:postscript|post-script|p\.\s?s\.)"),
    ("appendix", r"(?:appendix|appendices|annex|supplement(?:ary)?|addendum)"),
    (
        "other",
        r"(?:notes?|end\s?notes|foot\s?notes|glossary|bibliography|chronology|index"
        r"|further reading|suggested reading|reading list|what to read next"
        r"|about the authors?|acknowledge?ments?|sources|references|errata"
        r"|dedication|biographical notes?|note on \w+|notes on \w+|translator[’']s note"
        r"|(?:translator|editor|transcriber|publisher|author)s?[’']?s?\s+notes?(?:\s+on\s+\w+)?)",
    ),
)
_KIND_WORDS: list[tuple[PartKind, re.Pattern[str]]] = [
    (kind, re.compile(r"^[\W_]*" + _POSSESSIVE + pattern + r"(?![^\W_]|-)", re.IGNORECASE))
    for kind, pattern in _KIND_PATTERNS
]


@dataclass
class Numbering:
    """A number at the start of a title, as the book writes it."""

    word: str  # "Chapter", "Lecture", "" for a bare numeral
    numeral: str  # "VI", "6", "I.III", "Seven", "a"
    value: int | None  # 6; the inner number for I.III
    outer: int | None  # 1 for I.III
    style: str  # roman, arabic, words, dotted, letter, paren, section-sign
    rest: str  # the title after the number

    @property
    def scheme(self) -> str:
        """The numbering scheme: two lines in the same scheme are siblings."""
        return f"{self.word.lower().rstrip('.')}:{self.style}"

    @property
    def chapter_like(self) -> bool:
        return self.word.lower() in _CHAPTER_WORDS or not self.word


def _value(numeral: str) -> tuple[int | None, str]:
    if numeral.isdigit():
        return int(numeral), "arabic"
    roman = from_roman(numeral)
    if roman is not None and numeral.isupper():
        return roman, "roman"
    words = from_words(numeral)
    if words is not None:
        return words, "words"
    if roman is not None:
        return roman, "roman"
    if len(numeral) == 1 and numeral.isalpha():
        return ord(numeral.lower()) - ord("a") + 1, "letter"
    return None, ""


def numbering(text: str) -> Numbering | None:
    """The number a title starts with, if any: 'Chapter I. The Rise …', 'I.III The …',
    '2. Wages', '(1) Price', 'a. The Technical …', '§ 3. …'."""
    text = text.strip()
    if emphasised := re.match(r"^_([^_]{1,30})_\s*(.*)$", text):
        # "_Chapter I._ A Disastrous Dogma": the number set in italics.
        inner = numbering(emphasised[1])
        if inner is not None and not inner.rest.strip(" .:–—-"):
            inner.rest = emphasised[2]
            return inner
    if match := _SECTION_SIGN.match(text):
        sign = int(match["numeral"])
        return Numbering("§", match["numeral"], sign, None, "section-sign", text[match.end() :])
    if match := _WORDED.match(text):
        value, style = _value(match["numeral"])
        if value is not None and style:
            rest = text[match.end() :].strip()
            word = match["word"]
            return Numbering(word, match["numeral"], value, None, style, rest)
    if match := _DOTTED.match(text):
        pair = dotted_value(match["numeral"])
        if pair is not None:
            rest = text[match.end() :].strip()
            return Numbering("", match["numeral"], pair[1], pair[0], "dotted", rest)
    for pattern, style in ((_ROMAN, "roman"), (_ROMAN_BARE, "roman")):
        if (match := pattern.match(text)) and from_roman(match["numeral"]) is not None:
            rest = text[match.end() :].strip()
            numeral = match["numeral"]
            return Numbering("", numeral, from_roman(numeral), None, style, rest)
    if match := _ARABIC.match(text):
        rest = text[match.end() :].strip()
        # "1917 …" is a year and "3 k" a size, not chapter numbers.
        if match["sep"].strip() or not rest or rest[:1].isupper() or rest[:1] in "“‘\"'_[":
            value = int(match["numeral"])
            return Numbering("", match["numeral"], value, None, "arabic", rest)
    if match := _PAREN.match(text):
        numeral = match["numeral"]
        value = int(numeral) if numeral.isdigit() else ord(numeral) - ord("a") + 1
        return Numbering("", numeral, value, None, "paren", text[match.end() :].strip())
    if match := _LETTER.match(text):
        numeral = match["numeral"]
        value = ord(numeral.lower()) - ord("a") + 1
        return Numbering("", numeral, value, None, "letter", text[match.end() :].strip())
    return None


def is_label(text: str) -> bool:
    """Only a number or a label, no title: 'I.', '1', 'Chapter 1', 'Lecture 2',
    'Intro:', 'Appendix I', 'Part One.'"""
    stripped = text.strip().strip("[]").strip()
    if not stripped:
        return True
    found = numbering(stripped)
    if found is not None and not found.rest.strip(" .:–—-"):
        return True
    words = stripped.rstrip(":.").split()
    return len(words) <= 2 and kind_of(stripped) not in (None, "other") and len(stripped) < 20


def kind_of(title: str) -> PartKind | None:
    """The kind of front or back matter a title names, or None for a chapter."""
    for kind, pattern in _KIND_WORDS:
        if pattern.match(title):
            return kind
    return None


def is_size(text: str) -> bool:
    """'(28 k)', '39 k', '6 KB': the size of a file, said after its link."""
    return _SIZE.match(text.strip()) is not None


def find_date(text: str) -> str | None:
    """A date that is most of `text`: '(June 1943)', 'February 11, 1926', '(1927)',
    'March 8 (Evening)'. A year inside a longer title is not a date."""
    stripped = text.replace("_", "").strip(" .,;:()[]–—-")
    match = _DATE.search(stripped)
    if match is None:
        return None
    if len(match[0]) >= 0.5 * len(stripped) or (match.start() == 0 and len(stripped) < 40):
        return match[0].strip()
    return None


def trailing_date(title: str) -> str | None:
    """A date the title ends with, after a comma or a full stop: 'Report …, March 7'."""
    match = re.search(
        r"[,.]\s*(" + _DATE.pattern + r")\s*(?:\([^()]{1,20}\))?\s*\.?$", title, re.IGNORECASE
    )
    return match[1].strip() if match else None


def is_byline(text: str) -> bool:
    return _BYLINE.match(text.strip(" ,(")) is not None


@dataclass
class EntryWords:
    """What an entry's line says, split into its parts."""

    title: str
    subtitle: str | None = None
    numbering: Numbering | None = None
    label: str | None = None  # a label before the title: "APPENDIX:", "Chapter I"
    notes: tuple[str, ...] = ()
    full: str = ""  # the title with its number, as the line writes it
    date: str | None = None


def _join(*parts: str) -> str:
    return re.sub(r"\s+", " ", " ".join(part for part in parts if part)).strip()


def _split_link(
    pieces: list[str], styles: list[tuple[int, bool]]
) -> tuple[str, str | None, list[str]]:
    """A link broken over lines: the same style goes on (a wrapped title); a change of
    style starts a subtitle; 'by …' is a byline."""
    if not pieces:
        return "", None, []
    title = pieces[0]
    subtitle: list[str] = []
    notes: list[str] = []
    for piece, style in zip(pieces[1:], styles[1:], strict=True):
        if is_byline(piece):
            notes.append(piece)
        elif subtitle or style != styles[0]:
            subtitle.append(piece)
        else:
            title = _join(title, piece)
    return title, _join(*subtitle) or None, notes


def _is_kind_label(text: str) -> bool:
    """'APPENDIX:', 'Epilogue:', 'Introductory', 'Appendix I.': a kind, and no title."""
    return kind_of(text) not in (None, "other") and is_label(text)


def _pure_number(text: str) -> bool:
    """'I.', '1', 'Chapter One': a chapter's number alone, its title after the link."""
    found = numbering(text)
    return (
        found is not None
        and found.chapter_like
        and found.style != "section-sign"
        and not found.rest.strip(" .:–—-")
    )


def entry_words(
    pieces: list[str],
    styles: list[tuple[int, bool]],
    before: str,
    after: str,
    label: str | None = None,
) -> EntryWords:
    """The title and the rest of an entry, from its link's text (cut at its breaks),
    the text before and after the link on its line, and a label line above it."""
    link, subtitle, notes = _split_link(pieces, styles)
    before = before.strip()
    after = after.strip()
    title = link
    if before and before.rstrip(" .:").lower() != link.rstrip(" .:").lower():
        if _is_kind_label(before) and not label:
            label = before  # "APPENDIX: [Title]": the kind, not the title
        elif is_label(before) or numbering(before) is not None or len(before) < 25:
            title = _join(before, link)  # "Chapter I. [Title]", "1. – [Name]"
        else:
            notes.insert(0, before)
    rest = after.lstrip(" ,;")
    if rest and not re.fullmatch(r"[\W_]+", rest):
        if is_size(rest):
            pass  # a file size says nothing about the text
        elif _pure_number(link) or not link:
            # "[I.] Introductory", "[1].   Trotsky’s Career": the title is after.
            title = title + rest if rest[:1] in ".,:;" else _join(title, rest)
        elif rest[:1] in ":–—-" and not find_date(rest):
            text = rest.lstrip(":–—- ")
            subtitle = _join(subtitle, text) if subtitle else text
        elif not is_byline(rest) and (is_label(link) or rest[:1].islower()):
            title = _join(title, rest)  # "[Intro:] The Necessity …", "… to 1921 Edition"
        else:
            notes.append(rest.strip(" ,"))
    full = title
    found = numbering(label) if label else None
    if found is None:
        found = numbering(title)
        stripped = found.rest.lstrip(".:–—- ") if found is not None else ""
        if (
            found is not None
            and stripped
            and (found.chapter_like or found.word.lower() in ("appendix", "supplement"))
        ):
            title = stripped
    date: str | None = None
    for note in notes:
        date = date or find_date(note)
    if date is None:
        whole = find_date(link)
        if whole is not None and len(whole) >= 0.8 * len(link.strip(" .")):
            date = whole
    date = date or trailing_date(title)
    return EntryWords(
        title=title.strip() or link or before or (label or ""),
        subtitle=subtitle,
        numbering=found,
        label=label,
        notes=tuple(clean for note in notes if (clean := note.strip(" ,;:–—-"))),
        date=date,
        full=full,
    )

"""A quotation in the notes, checked against a part's text.

`check(paragraphs, text)` finds where the quotation is in the text and says how the
notes differ from it: found as written ("exact"), found with differences ("differs"),
or "not found". A quotation may run over several paragraphs of the text.

How it is found. The text is cut into words once per part (`index`): each word
folded (case, accents, the kind of apostrophe, hyphens, and British and American
spellings) and its places kept (a 10,000-word chapter: about 12 ms). The places of
the quotation's word triples vote for where it stands; a quotation whose words stand
there in a row needs nothing more, and any other is aligned word by word with
difflib's SequenceMatcher on the stretch of text the votes point to, its stray edge
matches (a "the" a sentence before) dropped, and aligned again on the stretch it
covers. The quotation is found when at least 60% of its words (and at least five, or
all of a shorter one) are matched in order. rapidfuzz was not needed: the twelve
quotations of a chapter are checked in about 15 ms.

What is a difference (each kind is reported with what the notes have and what the
text has, "" where one side has nothing):

- "marks": the marks between two words differ — quotation marks (curly, straight,
  single, double, guillemets), dashes (`—`, `–`, `--`), an ellipsis, other
  punctuation, or an apostrophe inside a word;
- "spelling": the same word spelled another way — labour/labor, -ise/-ize,
  centre/center, travelled/traveled, rouble/ruble, a hyphen (co-operation), accents;
- "left out": words of the text the notes do not have; where the notes mark the
  omission ("…", "...", "[…]") the difference says so (`notes` is the mark). A mark at
  the very start or end of the quotation leaves out nothing inside it;
- "added": words the notes have and the text does not;
- "changed": words of the notes in place of other words of the text;
- "insertion": the note-taker's own words or marks in square brackets — `[!]`,
  `[sic]`, `[of the state]` — that the text does not have.

Case is a difference ("spelling": "god" for "God") except in a word that may take a
capital in a quotation: its first word (taken from mid-sentence), and the first after
an omission or the end of a sentence.
The marks before the quotation's first word and after its last are not compared: the
notes leave out the marks that open and close a block.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import Match, SequenceMatcher
from functools import lru_cache
from typing import Literal

from studygroup.domain.text import PartText

DifferenceKind = Literal["marks", "spelling", "left out", "added", "changed", "insertion"]
Status = Literal["exact", "differs", "not found"]

FOUND_SHARE = 0.6  # of the quotation's words, matched in order
FOUND_WORDS = 5
# The most words the notes may leave out unmarked, between matched stretches of at
# least three words each: a clause. A longer gap is another place in the text.
UNMARKED_OMISSION = 12

_WORD = re.compile(r"[^\W_]+(?:['’‘ʼ\-‐‑\u00ad][^\W_]+)*")
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_SENTENCE_END = re.compile(r"[.!?:;]")
_BRACKET = re.compile(r"\[[^\[\]]{0,200}\]")
_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.(?:\s?\.)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})

# British and American spellings of the same word: a few general rules, and the
# irregular pairs that no rule covers.
# Each rule with a cheap test that must pass before its pattern is tried.
_SPELLING_RULES = [
    (
        "our",
        re.compile(r"(?<=[a-z]{2})our(s|ed|ing|ite|ites|able|ably|ful|fully|less|ers?|ists?)?$"),
        r"or\1",
    ),
    ("is", re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|ational|er|ers|able)$"), r"iz\1"),
    ("ys", re.compile(r"(?<=[a-z]{2})ys(e|es|ed|ing)$"), r"yz\1"),
    ("re", re.compile(r"(?<=[a-z])([bgtv])re(s?)$"), r"\1er\2"),
    ("ll", re.compile(r"(?<=[a-z]{4})ll(ed|ing|er|ers|or|ors)$"), r"l\1"),
    ("ogue", re.compile(r"(?<=[a-z]{3})ogue(s?)$"), r"og\1"),
    ("ae", re.compile(r"(?<=[a-z])ae(?=[a-z])"), "e"),
]
_IRREGULAR = {
    "rouble": "ruble",
    "roubles": "rubles",
    "programme": "program",
    "programmes": "programs",
    "cheque": "check",
    "cheques": "checks",
    "grey": "gray",
    "plough": "plow",
    "ploughs": "plows",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "scepticism": "skepticism",
    "gaol": "jail",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "ageing": "aging",
    "mould": "mold",
    "connexion": "connection",
    "despatch": "dispatch",
    "enquiry": "inquiry",
    "enquire": "inquire",
    "tyre": "tire",
    "draught": "draft",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "foetus": "fetus",
    "defence": "defense",
    "offence": "offense",
    "offences": "offenses",
    "pretence": "pretense",
    "licence": "license",
    "fulfil": "fulfill",
    "fulfils": "fulfills",
    "fulfilment": "fulfillment",
    "skilful": "skillful",
    "wilful": "willful",
    "enrol": "enroll",
    "instalment": "installment",
    "aluminium": "aluminum",
    "kerb": "curb",
}


@dataclass(frozen=True)
class Difference:
    kind: DifferenceKind
    notes: str  # what the notes have ("" where they have nothing)
    text: str  # what the text has ("" where it has nothing)


@dataclass(frozen=True)
class Verdict:
    status: Status
    section: int | None
    paragraph: int | None  # index into the text's paragraphs, where the quotation starts
    differences: list[Difference]
    score: float  # the share of the quotation's words found in order


NOT_FOUND = Verdict("not found", None, None, [], 0.0)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word as compared: no case, accents, apostrophe kinds, hyphens or British
    spellings."""
    word = word.casefold().translate(_APOSTROPHES)
    if not word.isascii():
        word = "".join(
            char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char)
        )
    word = word.replace("-", "").replace("‐", "").replace("‑", "").replace("\u00ad", "")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for clue, pattern, replacement in _SPELLING_RULES:
        if clue in word:
            word = pattern.sub(replacement, word)
    return word


def _plain(word: str) -> str:
    return word.casefold().translate(_APOSTROPHES).replace("\u00ad", "")


# --- the text's index ---------------------------------------------------------------


@dataclass
class _Index:
    words: list[str]  # as written
    folds: list[str]
    paragraph: list[int]  # index into text.paragraphs
    seps: list[str]  # marks before each word (since the word before, in its paragraph)
    places: dict[str, list[int]]  # where each folded word is


def index(text: PartText) -> _Index:
    """The text's words, folded, with their places: built once per text."""
    # Kept on the text itself, outside its fields (not part of its value, its
    # comparison or asdict): one index per text, whoever checks against it.
    cached = getattr(text, "_word_index", None)
    if isinstance(cached, _Index):
        return cached
    order = [i for i, p in enumerate(text.paragraphs) if p.kind != "note"]
    order += [i for i, p in enumerate(text.paragraphs) if p.kind == "note"]
    words: list[str] = []
    paragraph: list[int] = []
    seps: list[str] = []
    trailing = ""  # the marks after the last word of the paragraph before
    for number in order:
        # [marks, word, marks, word, …, marks]: one split, no loop over matches.
        pieces = _WORD_SPLIT.split(text.paragraphs[number].text)
        if len(pieces) == 1:
            trailing += " " + pieces[0]
            continue
        said = pieces[1::2]
        marks = pieces[0:-1:2]
        marks[0] = trailing + " " + marks[0]
        trailing = pieces[-1]
        words += said
        seps += marks
        paragraph += [number] * len(said)
    table = {word: fold(word) for word in set(words)}
    folds = [table[word] for word in words]
    places: dict[str, list[int]] = {}
    for position, folded in enumerate(folds):
        if folded in places:
            places[folded].append(position)
        else:
            places[folded] = [position]
    built = _Index(words, folds, paragraph, seps, places)
    object.__setattr__(text, "_word_index", built)
    return built


# --- the quotation ------------------------------------------------------------------


@dataclass
class _Quote:
    words: list[str]
    folds: list[str]
    bracketed: list[bool]  # the note-taker's words, in square brackets
    seps: list[str]  # marks before each word; seps[len(words)] is what follows the last
    gaps: list[bool]  # an ellipsis before each word (left out, marked)


def _read_quote(paragraphs: list[str]) -> _Quote:
    words: list[str] = []
    bracketed: list[bool] = []
    seps: list[str] = []
    pending = ""
    for body in paragraphs:
        pending += " "
        cursor = 0
        pieces: list[tuple[str, bool]] = []  # stretches of the paragraph, in brackets or not
        for match in _BRACKET.finditer(body):
            pieces.append((body[cursor : match.start()], False))
            pieces.append((match[0], True))
            cursor = match.end()
        pieces.append((body[cursor:], False))
        for piece, inside in pieces:
            inner = piece[1:-1] if inside else piece
            found = list(_WORD.finditer(inner))
            if inside and (not found or _ELLIPSIS.fullmatch(inner.strip())):
                pending += piece  # "[!]", "[…]": marks, not words
                continue
            end = 0
            for number, match in enumerate(found):
                lead = inner[end : match.start()]
                if inside and number == 0:
                    lead = "[" + lead
                seps.append(pending + lead)
                pending = ""
                words.append(match[0])
                bracketed.append(inside)
                end = match.end()
            pending += inner[end:] + ("]" if inside and found else "")
    seps.append(pending)
    gaps = [bool(_ELLIPSIS.search(sep.replace("[", " ").replace("]", " "))) for sep in seps]
    return _Quote(words, [fold(word) for word in words], bracketed, seps, gaps)


# --- finding ------------------------------------------------------------------------


def _candidates(quote: _Quote, found: _Index) -> Iterator[tuple[int, int]]:
    """Windows of the text (start, end) where the quotation may be, best first."""
    size = len(quote.folds)
    hits: list[tuple[int, int]] = []  # (word of the quotation, word of the text)
    folds, places = found.folds, found.places
    said = quote.folds
    counts = [len(places.get(word, ())) for word in said]
    if size >= 3:
        for j in range(size - 2):
            # The places of the word triple j, j+1, j+2: its rarest word's, checked.
            rarest = 0 if counts[j] <= counts[j + 1] else 1
            rarest = rarest if counts[j + rarest] <= counts[j + 2] else 2
            if not counts[j + rarest] or counts[j + rarest] > 60:
                continue
            triple = said[j : j + 3]
            for place in places[said[j + rarest]]:
                begin = place - rarest
                if begin >= 0 and folds[begin : begin + 3] == triple:
                    hits.append((j, begin))
    if not hits:
        for j, word in enumerate(said):
            if 0 < counts[j] <= 20:
                hits += [(j, place) for place in places[word]]
    if not hits:
        return
    buckets = Counter((place - j) // 16 for j, place in hits)
    marked = any(quote.gaps[1:-1])
    reach = max(40, size) + (3 * size + 200 if marked else 0)
    seen: set[tuple[int, int]] = set()
    for bucket, _count in buckets.most_common(3):
        diagonal = bucket * 16 + 8
        chain = _chain([(j, p) for j, p in hits if -reach <= p - j - diagonal <= reach])
        if not chain:
            continue
        first_j, first_p = chain[0]
        last_j, last_p = chain[-1]
        window = (max(0, first_p - first_j - 3), min(len(folds), last_p + (size - last_j) + 6))
        if window not in seen:
            seen.add(window)
            yield window


def _chain(hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of hits in order in both the quotation and the text."""
    hits.sort()
    best: list[list[tuple[int, int]]] = []  # best[k]: a chain of length k+1 with the lowest end
    tails: list[int] = []
    back: dict[tuple[int, int], tuple[int, int] | None] = {}
    for hit in hits:
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if tails[middle] < hit[1]:
                low = middle + 1
            else:
                high = middle
        back[hit] = best[low - 1][-1] if low else None
        if low == len(tails):
            tails.append(hit[1])
            best.append([hit])
        else:
            tails[low] = hit[1]
            best[low] = [hit]
    if not best:
        return []
    out = [best[-1][-1]]
    while (previous := back[out[-1]]) is not None:
        out.append(previous)
    return out[::-1]


def check(paragraphs: list[str], text: PartText) -> Verdict:
    """Where the quotation (its paragraphs, as the notes give them) is in `text`, and
    how the notes differ from the text there."""
    quote = _read_quote(paragraphs)
    counted = sum(1 for inside in quote.bracketed if not inside)
    if not counted:
        return NOT_FOUND
    found = index(text)
    best: Verdict | None = None
    for start, end in _candidates(quote, found):
        verdict = _align(quote, found, text, start, end, counted)
        if verdict is not None and (best is None or verdict.score > best.score):
            best = verdict
            if verdict.score == 1.0:
                break
    return best or NOT_FOUND


def best_of(paragraphs: list[str], texts: list[PartText]) -> tuple[PartText | None, Verdict]:
    """The quotation checked against several parts: the part where it is found best."""
    choice: tuple[PartText | None, Verdict] = (None, NOT_FOUND)
    for text in texts:
        verdict = check(paragraphs, text)
        if verdict.status != "not found" and verdict.score > choice[1].score:
            choice = (text, verdict)
    return choice


# --- aligning -----------------------------------------------------------------------


def _align(
    quote: _Quote, found: _Index, text: PartText, start: int, end: int, counted: int
) -> Verdict | None:
    size = len(quote.folds)
    whole = _verbatim(quote.folds, found.folds, start, end)
    if whole is not None:  # every word as written, in a row: no alignment needed
        return _verdict(
            quote, found, text, whole, [Match(0, 0, size), Match(size, size, 0)], counted
        )
    blocks = _core(quote, found.folds[start:end])
    if not blocks:
        return None
    # Aligned again on the stretch the quotation covers: words of the text around it
    # (a "the" a sentence before) no longer pull the alignment out of place.
    first, last = blocks[0], blocks[-1]
    start, end = (
        max(0, start + first.b - first.a - 2),
        min(len(found.folds), start + last.b + last.size + (size - last.a - last.size) + 2),
    )
    matcher = SequenceMatcher(None, quote.folds, found.folds[start:end], autojunk=False)
    blocks = _core_blocks(quote, matcher)
    if not blocks:
        return None
    return _verdict(quote, found, text, start, [*blocks, Match(size, end - start, 0)], counted)


def _verbatim(said: list[str], folds: list[str], start: int, end: int) -> int | None:
    """Where in folds[start:end] the quotation's words stand in a row, if they do."""
    first = said[0]
    for position in range(start, end - len(said) + 1):
        if folds[position] == first and folds[position : position + len(said)] == said:
            return position
    return None


def _verdict(
    quote: _Quote, found: _Index, text: PartText, start: int, blocks: list[Match], counted: int
) -> Verdict | None:
    """The verdict on an alignment (blocks end with difflib's closing empty block)."""
    *blocks, closing = blocks
    size = len(quote.folds)
    matched = sum(
        1
        for block in blocks
        for j in range(block.a, block.a + block.size)
        if not quote.bracketed[j]
    )
    opcodes = _opcodes(blocks, size, closing.b)
    for tag, a1, a2, b1, b2 in opcodes:
        if tag == "replace" and _same_letters(
            quote.folds[a1:a2], found.folds[start + b1 : start + b2]
        ):
            matched += sum(1 for j in range(a1, a2) if not quote.bracketed[j])
    score = min(1.0, matched / counted)
    if score < FOUND_SHARE or matched < min(FOUND_WORDS, counted):
        return None
    differences = _differences(quote, found, start, opcodes)
    paragraph = found.paragraph[start + blocks[0].b]
    return Verdict(
        "exact" if not differences else "differs",
        text.paragraphs[paragraph].section,
        paragraph,
        differences,
        round(score, 4),
    )


def _core(quote: _Quote, written: list[str]) -> list[Match]:
    return _core_blocks(quote, SequenceMatcher(None, quote.folds, written, autojunk=False))


def _core_blocks(quote: _Quote, matcher: SequenceMatcher[str]) -> list[Match]:
    """The matching blocks that belong together: outward from the longest, a short
    block (five words or fewer) is dropped, with all beyond it, when more of the text
    than of the quotation stands between it and the rest and the notes mark no
    omission there (a "the question" a sentence before the quotation) — unless the
    blocks beyond are the quotation's own words, a short unmarked omission away."""
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return []
    core = max(range(len(blocks)), key=lambda number: blocks[number].size)
    low = core
    while low > 0 and not _apart(quote, blocks[low - 1], blocks[low], blocks[:low]):
        low -= 1
    high = core
    while high < len(blocks) - 1 and not _apart(
        quote, blocks[high], blocks[high + 1], blocks[high + 1 :]
    ):
        high += 1
    return blocks[low : high + 1]


def _apart(quote: _Quote, one: Match, other: Match, beyond: list[Match]) -> bool:
    left = beyond[-1] is one
    outer = beyond[-1] if left else beyond[0]
    if outer.size > 5:
        return False
    text_gap = other.b - (one.b + one.size)
    quote_gap = other.a - (one.a + one.size)
    marked = any(quote.gaps[one.a + 1 : other.a + 1])
    if text_gap <= quote_gap + 3 or marked:
        return False
    # The quotation's words from the gap to its edge.
    words = one.a + one.size if left else len(quote.folds) - other.a
    return text_gap - quote_gap > UNMARKED_OMISSION or not _whole(beyond, words)


def _whole(stretch: list[Match], words: int) -> bool:
    """Whether blocks beyond a short gap are the quotation's own words up to its edge,
    not stray ones: at least three words, half of the quotation's words from the gap
    to its edge, standing as close together in the text as in the notes. Then the gap
    is words the notes leave out without marking it ("in Rothschild's stables, served
    by a retinue of bipeds, with …" quoted without the bipeds)."""
    matched = sum(block.size for block in stretch)
    said = stretch[-1].a + stretch[-1].size - stretch[0].a
    written = stretch[-1].b + stretch[-1].size - stretch[0].b
    return matched >= 3 and 2 * matched >= words and written <= 2 * said + 3


def _opcodes(blocks: list[Match], size: int, length: int) -> list[tuple[str, int, int, int, int]]:
    """The alignment as difflib's opcodes, from the kept blocks only."""
    out: list[tuple[str, int, int, int, int]] = []
    a = b = 0
    for block in [*blocks, Match(size, length, 0)]:
        if a < block.a and b < block.b:
            out.append(("replace", a, block.a, b, block.b))
        elif a < block.a:
            out.append(("delete", a, block.a, b, b))
        elif b < block.b:
            out.append(("insert", a, a, b, block.b))
        if block.size:
            out.append(("equal", block.a, block.a + block.size, block.b, block.b + block.size))
        a, b = block.a + block.size, block.b + block.size
    return out


def _differences(
    quote: _Quote, found: _Index, start: int, opcodes: list[tuple[str, int, int, int, int]]
) -> list[Difference]:
    # Text before the quotation's first matched word, and after its last, is not in it.
    while opcodes and opcodes[0][0] == "insert":
        opcodes = opcodes[1:]
    while opcodes and opcodes[-1][0] == "insert":
        opcodes = opcodes[:-1]
    out: list[Difference] = []
    last = len(opcodes) - 1
    for number, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        written = _span(found.words, found.seps, start + b1, start + b2)
        if tag == "equal":
            out += _equal_run(quote, found, start, a1, a2, b1)
        elif tag == "insert":
            out.append(Difference("left out", _ellipsis(quote.seps[a1]), written))
        elif tag == "delete" or (number in (0, last) and b2 - b1 > (a2 - a1) + 2):
            # (a replacement at either end by more of the text: the text around the
            # quotation is not in it, and the notes' words there are their own)
            out += _replaced(quote, a1, a2, "")
        else:
            out += _replaced(quote, a1, a2, written)
    return out


def _span(words: list[str], seps: list[str], first: int, end: int) -> str:
    """Words first…end-1 with the marks between them, spaces collapsed."""
    if first >= end:
        return ""
    pieces = [words[first]]
    for position in range(first + 1, end):
        pieces += [_spaced(seps[position]), words[position]]
    return "".join(pieces)


def _same_letters(said: list[str], written: list[str]) -> bool:
    """The same letters, cut into words another way ("above quoted", "above-quoted")."""
    return "".join(said) == "".join(written)


def _ellipsis(sep: str) -> str:
    found = _ELLIPSIS.search(sep)
    return found[0] if found else ""


def _runs(quote: _Quote, a1: int, a2: int) -> list[tuple[bool, int, int]]:
    """Stretches of the quotation's words a1…a2-1: the note-taker's in brackets or not."""
    runs: list[tuple[bool, int, int]] = []
    for j in range(a1, a2):
        inside = quote.bracketed[j]
        opens = inside and "[" in quote.seps[j]
        if runs and runs[-1][0] == inside and not opens:
            runs[-1] = (inside, runs[-1][1], j + 1)
        else:
            runs.append((inside, j, j + 1))
    return runs


def _replaced(quote: _Quote, a1: int, a2: int, written: str) -> list[Difference]:
    """The quotation's words a1…a2-1 where the text has `written` ("" for nothing)."""
    said = _span(quote.words, quote.seps, a1, a2)
    if written and _same_letters(quote.folds[a1:a2], [fold(w) for w in _WORD.findall(written)]):
        return [Difference("spelling", said, written)]
    runs = _runs(quote, a1, a2)
    plain = [(j1, j2) for inside, j1, j2 in runs if not inside]
    out = [
        Difference(
            "insertion",
            "[" + _span(quote.words, quote.seps, j1, j2) + "]",
            "" if plain else written,
        )
        for inside, j1, j2 in runs
        if inside
    ]
    if plain:
        notes = " … ".join(_span(quote.words, quote.seps, j1, j2) for j1, j2 in plain)
        out.append(Difference("changed" if written else "added", notes, written))
    return out


def _equal_run(
    quote: _Quote, found: _Index, start: int, a1: int, a2: int, b1: int
) -> list[Difference]:
    out: list[Difference] = []
    for offset in range(a2 - a1):
        j, p = a1 + offset, start + b1 + offset
        said, written = quote.words[j], found.words[p]
        if said != written and (said.casefold() != written.casefold() or _cased(quote, j)):
            # An apostrophe of another kind is a mark; a capital, a spelling.
            same = _plain(said) == _plain(written) and said.casefold() != written.casefold()
            out.append(Difference("marks" if same else "spelling", said, written))
        # The marks before a run's first word belong to what comes before.
        if offset and quote.seps[j] != found.seps[p]:
            out += _marks(quote, found, j, p)
    return out


def _cased(quote: _Quote, j: int) -> bool:
    """Whether a word's case is compared: not the first word, nor the first after an
    omission or a full stop, which a quotation may capitalise."""
    return j > 0 and not quote.gaps[j] and not _SENTENCE_END.search(quote.seps[j])


def _marks(quote: _Quote, found: _Index, j: int, p: int) -> list[Difference]:
    """The marks between word j-1 and word j of the quotation, against the text's."""
    said, written = quote.seps[j], found.seps[p]
    out: list[Difference] = []
    for bracket in _BRACKET.findall(said):
        if _ELLIPSIS.fullmatch(bracket[1:-1].strip()):
            continue
        if bracket not in written:
            out.append(Difference("insertion", bracket, ""))
            said = said.replace(bracket, " ")
    if "".join(said.split()) != "".join(written.split()):
        out.append(
            Difference(
                "marks",
                quote.words[j - 1] + _spaced(said) + quote.words[j],
                found.words[p - 1] + _spaced(written) + found.words[p],
            )
        )
    return out


def _spaced(sep: str) -> str:
    return re.sub(r"\s+", " ", sep) or " "

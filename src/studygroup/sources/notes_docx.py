"""A Word document (.docx, as Word, LibreOffice and Google Docs save it) → blocks.

Read with python-docx, paragraph by paragraph and table by table, in the body's
order. A paragraph's style says what it is: `Title` (the notes' title when it comes
first; a `Subtitle` under it is the note about the event), `Heading 1`–`Heading 9`, a list
(`List Paragraph`, `List Bullet`, `List Number`, or any paragraph with numbering),
a block quotation (`Quote`, `Intense Quote`, `Block Text`; quotation paragraphs in a
row are one block quotation). An indented paragraph without numbering right after a
list item goes on in that item. Italic and bold runs are emphasis: their words stay,
and a paragraph all in bold may be a heading. Hyperlinks give their addresses.

A Word document has no lines: its blocks are numbered by paragraph (tables count as
one), and reports name that number.

Only a real Word document is read: anything else (another zip, a renamed text file,
a document whose text would unpack to more than a reading group's notes could be) is
refused in one line.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from studygroup.errors import StudygroupError
from studygroup.sources.notes_blocks import Block, bare_url, clean, is_rule_text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

# The text of a document, unpacked: far beyond any notes, short of exhausting memory.
MAX_UNPACKED = 64 * 2**20
_QUOTE_STYLES = frozenset({"quote", "intense quote", "block text", "blockquote"})


@dataclass
class DocxMeta:
    title: str | None = None
    author: str | None = None
    event: str | None = None  # a Subtitle before the notes begin


@dataclass
class _State:
    ids: int = 0
    quote: int = 0
    item: int = 0
    list_id: int = 0
    num_id: str | None = None
    counters: dict[tuple[str, int], int] = field(default_factory=dict)

    def new_id(self) -> int:
        self.ids += 1
        return self.ids


def _open(data: bytes, origin: str) -> DocxDocument:
    not_word = f"{origin}: not a Word document (.docx); give --format if it is another kind"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise StudygroupError(not_word)
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise StudygroupError(f"{origin}: the document unpacks to too much text; not read")
    except zipfile.BadZipFile:
        raise StudygroupError(not_word) from None
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on a broken package
        raise StudygroupError(f"{origin}: a Word document that cannot be read") from None


def _style(paragraph: Paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return (style.name or "").casefold() if style is not None else ""


def _numbering(paragraph: Paragraph) -> tuple[str, int] | None:
    element: Any = paragraph._p
    ids = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    if not ids or str(ids[0]) == "0":
        return None
    levels = element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
    level = str(levels[0]) if levels else "0"
    return str(ids[0]), int(level) if level.isdigit() else 0


def _is_ordered(document: DocxDocument, num_id: str, level: int) -> bool:
    try:
        numbering = document.part.numbering_part.element
        abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return False
        formats = numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]'
            f'/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
        )
    except (KeyError, NotImplementedError, AttributeError):
        return False
    return bool(formats) and formats[0] not in ("bullet", "none")


@dataclass
class _Read:
    text: str
    strong: bool  # all of it bold
    emphasis: bool  # all of it italic or bold
    links: list[str]
    link_only: bool
    outside: str  # the text outside links


def _runs(paragraph: Paragraph) -> _Read:
    """What a paragraph's runs and hyperlinks say."""
    from docx.text.hyperlink import Hyperlink

    text: list[str] = []
    outside: list[str] = []
    letters = bold = plain = stressed = alnum = 0
    links: list[str] = []
    for piece in paragraph.iter_inner_content():
        if isinstance(piece, Hyperlink):
            words = piece.text
            address = piece.address or ""
            if address:
                links.append(address + (f"#{piece.fragment}" if piece.fragment else ""))
            runs: list[Any] = list(piece.runs)
        else:
            words = piece.text
            runs = [piece]
            plain += sum(1 for ch in words if ch.isalnum())
            outside.append(words)
        text.append(words)
        for run in runs:
            visible = sum(1 for ch in run.text if not ch.isspace())
            letters += visible
            if run.bold:
                bold += visible
            count = sum(1 for ch in run.text if ch.isalnum())
            alnum += count
            if run.bold or run.italic:
                stressed += count
    return _Read(
        "".join(text),
        letters > 0 and bold == letters,
        alnum > 0 and stressed == alnum,
        links,
        bool(links) and plain == 0,
        clean("".join(outside)),
    )


def docx_blocks(data: bytes, origin: str) -> tuple[list[Block], DocxMeta]:
    """The paragraphs and tables of a Word document → blocks, and its title and author."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = _open(data, origin)
    meta = DocxMeta()
    core = document.core_properties
    if core.title and core.title.strip() not in ("", "Word Document"):
        meta.title = clean(core.title)
    if core.author and core.author.strip() not in ("", "python-docx"):
        meta.author = clean(core.author)
    blocks: list[Block] = []
    state = _State()
    number = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            number += 1
            table = Table(element, document)
            cells = [cell.text for row in table.rows for cell in row.cells]
            blocks.append(Block("table", number, clean(" | ".join(cells)), raw="(a table)"))
            state.item = state.quote = 0
            continue
        if tag != "p":
            continue
        number += 1
        paragraph = Paragraph(element, document)
        read = _runs(paragraph)
        text, links = read.text, read.links
        words = clean(text)
        if not words:
            continue
        style = _style(paragraph)
        block = Block(
            "paragraph",
            number,
            words,
            raw=words[:80],
            lines=[clean(line) for line in text.split("\n") if clean(line)],
            strong=read.strong,
            emphasis=read.emphasis,
            links=links,
            link_only=read.link_only,
            outside=read.outside,
        )
        if style == "title" and not blocks:
            meta.title = words
            continue
        if style == "subtitle" and not blocks and meta.event is None:
            meta.event = words
            continue
        if style in ("title", "subtitle"):
            style = "heading 1" if style == "title" else "heading 2"
        if style.startswith("heading") and style[7:].strip().isdigit():
            block.kind = "heading"
            block.level = min(int(style[7:].strip()), 6)
            state.item = state.quote = 0
            blocks.append(block)
            continue
        if style in _QUOTE_STYLES:
            if not state.quote:
                state.quote = state.new_id()
            block.quote = state.quote
            state.item = 0
        else:
            state.quote = 0
        numbered = _numbering(paragraph)
        if numbered is not None or style.startswith(("list bullet", "list number")):
            num_id, level = numbered or (style, 0)
            if num_id != state.num_id:
                state.list_id = state.new_id()
                state.num_id = num_id
            state.item = state.new_id()
            ordered = (
                _is_ordered(document, num_id, level)
                if numbered
                else style.startswith("list number")
            )
            count = state.counters.get((num_id, level), 0) + 1
            state.counters[(num_id, level)] = count
            block.item, block.item_first, block.list_id = state.item, True, state.list_id
            block.ordered, block.number, block.depth = (
                ordered,
                count if ordered else None,
                level + 1,
            )
        elif state.item and (
            style.startswith(("list paragraph", "list continue"))
            or (paragraph.paragraph_format.left_indent or 0) > 0
        ):
            block.item, block.list_id, block.depth = state.item, state.list_id, 1
        elif not block.quote:
            state.item = 0
            state.num_id = None
        if is_rule_text(words):
            block.kind = "rule"
        elif not block.links and (url := bare_url(words)) is not None:
            block.links, block.link_only = [url], True
        blocks.append(block)
    return blocks, meta

"""The search index: every passage of every session, in the cache, kept up to date.

`sync` brings it up to date with the library's files at the start of `search` and
`quotes`: the book and session files are looked at (a `stat` each, no reading), and
only those changed since they were indexed (size, modification time, this tool's
version; a book's change reindexes its sessions) are read again. Each passage (a
quotation's paragraph, a point, a question, a glossary entry) is a row with where it
comes from, its text, and its text folded (domain/folding.py); an FTS5 table over the
folded text finds the candidates for a query, and the caller keeps those where the
query starts a word, as the plain scan does. A cache that cannot be had makes `sync`
return False, and the caller scans the files instead: the answer is the same.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from studygroup.domain.folding import folded
from studygroup.errors import StudygroupError
from studygroup.library import cache
from studygroup.library.layout import SESSIONS_DIR

if TYPE_CHECKING:
    from studygroup.domain.book import Book, Part
    from studygroup.domain.session import Session
    from studygroup.library.store import Library

Progress = Callable[[int, int], None]
# From this many files changed at once, the full-text index is made again whole.
BULK_FILES = 200

_COLUMNS = (
    "path, book, book_title, book_rank, part, part_rank, label, seq, kind, section, "
    "section_number, number, paragraph, term, text, folded"
)


class Doc(NamedTuple):
    """One indexed passage, with where it is in the library (a row of the index, as
    it comes: a hundred thousand hits are made at C speed)."""

    book: str
    book_title: str
    part: str
    label: str
    kind: str  # quotation, point, question, glossary, text
    section: str | None
    section_number: int | None
    number: int | None
    paragraph: int | None
    term: str | None
    text: str
    folded: str


_DOC_COLUMNS = ", ".join(f"d.{name}" for name in Doc._fields)


def _files(library: Library) -> dict[str, tuple[str, Path, str]]:
    """Every book, session and text file the library reads, by path: (book slug, path,
    book, session or text). A user's file replaces the built-in one of the same name, and the
    built-in library is read from the wheel's JSON copies where they are."""
    found: dict[str, tuple[str, Path, str]] = {}
    chosen: dict[tuple[str, str], str] = {}  # (slug, "book" or a part key) → path

    def add(slug: str, name: str, path: Path, kind: str) -> None:
        previous = chosen.get((slug, name))
        if previous is not None:
            del found[previous]
        chosen[(slug, name)] = str(path)
        found[str(path)] = (slug, path, kind)

    roots: list[tuple[Path, bool]] = [(Path(str(library.embedded)), True), (library.user, False)]
    for root, builtin in roots:
        if not root.is_dir():
            continue
        for folder in sorted(entry for entry in root.iterdir() if entry.is_dir()):
            book = _preferred(folder / "book", builtin)
            if book is not None:
                add(folder.name, "book", book, "book")
            elif (folder.name, "book") not in chosen:
                continue  # sessions for a book the library does not have
            sessions = folder / SESSIONS_DIR
            if sessions.is_dir():
                stems = sorted({entry.stem for entry in sessions.iterdir()})
                for stem in stems:
                    session = _preferred(sessions / stem, builtin)
                    if session is not None:
                        add(folder.name, stem, session, "session")
    # The books' texts, where they were fetched (`studygroup text`): searched with
    # `search --in-text`.
    from studygroup.library.text_store import LOAD_FILE, text_dir

    texts = text_dir()
    for slug in sorted({slug for slug, name in chosen if name == "book"}):
        folder = texts / slug
        if folder.is_dir():
            for entry in sorted(folder.glob("*.json")):
                if entry.name != LOAD_FILE:
                    add(slug, f"text:{entry.stem}", entry, "text")
    return found


def _preferred(stem: Path, builtin: bool) -> Path | None:
    """The file for `stem`: the wheel's JSON copy of a built-in file, else its TOML."""
    if builtin and stem.with_suffix(".json").is_file():
        return stem.with_suffix(".json")
    toml = stem.with_suffix(".toml")
    return toml if toml.is_file() else None


def sync(library: Library, progress: Progress | None = None) -> bool:
    """Bring the index up to date; False if there is no cache to keep it in."""
    db = cache.connection()
    if db is None:
        return False
    try:
        return _sync(db, library, progress)
    except sqlite3.Error:
        return False


def _sync(db: sqlite3.Connection, library: Library, progress: Progress | None) -> bool:
    files = _files(library)
    now = {path: cache.stat_of(entry[1]) for path, entry in files.items()}
    known: dict[str, tuple[int, int, int]] = {
        row[0]: (row[1], row[2], row[3])
        for row in db.execute("SELECT path, size, mtime_ns, made_ns FROM indexed")
    }

    def changed(path: str) -> bool:
        entry = known.get(path)
        return entry is None or not cache.trusted(*entry, now[path])

    books = {path for path, (_, _, kind) in files.items() if kind == "book"}
    books_changed = {files[path][0] for path in books if changed(path)}
    stale = [path for path, (slug, _, _) in files.items() if slug in books_changed or changed(path)]
    gone = [path for path in known if path not in files]
    if not stale and not gone:
        return True
    # Many files at once (a first run, a new version): the full-text index is made
    # again in one pass at the end, much faster than file by file.
    bulk = len(stale) + len(gone) >= BULK_FILES
    with cache.transaction() as write:
        if write is None:
            return False
        for path in gone:
            _drop(write, path, fts=not bulk)
        read: dict[str, Book | str] = {}
        sessions = [path for path in stale if path not in books]
        from studygroup.library.codec import in_chunks

        done = 0
        # Files parsed before are read from the cache: only the others parsed ahead.
        entries = [files[path][1] for path in sessions]
        to_parse = set(cache.unparsed([e for e in entries if not e.name.endswith(".json")]))
        for chunk in in_chunks(entries, ahead=to_parse):
            for entry in chunk:
                path = str(entry)
                slug, _, kind = files[path]
                if slug not in read:
                    read[slug] = _book(library, slug)
                _drop(write, path, fts=not bulk)
                book = read[slug]
                if isinstance(book, str):
                    error = book
                elif kind == "text":
                    error = _index_text(write, book, entry, path, fts=not bulk)
                else:
                    error = _index_session(write, library, book, entry, path, fts=not bulk)
                _mark(write, path, now[path], slug, error)
                done += 1
                if progress is not None:
                    progress(done, len(sessions))
        for path in stale:
            if path in books:
                slug = files[path][0]
                if slug not in read:
                    read[slug] = _book(library, slug)
                problem = read[slug]
                _mark(write, path, now[path], slug, problem if isinstance(problem, str) else "")
        if bulk:
            write.execute("INSERT INTO docs_fts(docs_fts) VALUES ('rebuild')")
    return True


def _mark(
    db: sqlite3.Connection, path: str, stat: tuple[int, int] | None, slug: str, error: str
) -> None:
    """Record that `path` is indexed as it is now (and what could not be read of it)."""
    size, mtime = stat or (0, 0)
    db.execute(
        "INSERT OR REPLACE INTO indexed VALUES (?, ?, ?, ?, ?, ?)",
        (path, size, mtime, time.time_ns(), slug, error),
    )


def _drop(db: sqlite3.Connection, path: str, *, fts: bool) -> None:
    if fts:
        rows = db.execute("SELECT id, folded FROM docs WHERE path = ?", (path,)).fetchall()
        db.executemany(
            "INSERT INTO docs_fts(docs_fts, rowid, folded) VALUES ('delete', ?, ?)", rows
        )
    db.execute("DELETE FROM docs WHERE path = ?", (path,))
    db.execute("DELETE FROM indexed WHERE path = ?", (path,))


def _book(library: Library, slug: str) -> Book | str:
    try:
        return library.book(slug)
    except StudygroupError as error:
        return f"left out book {slug!r}: {error.message}"


def _index_session(
    db: sqlite3.Connection, library: Library, book: Book, entry: Path, path: str, *, fts: bool
) -> str:
    """Index one session file; the reason it was left out, or ''."""
    part = book.part(entry.stem)
    if part is None:
        return ""  # notes for a part the book does not have: nothing the search shows
    try:
        session = library.session(book, part)
    except StudygroupError as error:
        return f"left out: {error.message}"
    if session is None:
        return ""
    rank = book.parts.index(part)
    label = part.label
    rows = [
        (path, book.slug, book.title, book.slug, part.key, rank, label, seq, *doc)
        for seq, doc in enumerate(_passages(part, session))
    ]
    _insert(db, path, rows, fts=fts)
    return ""


def _insert(db: sqlite3.Connection, path: str, rows: list[tuple[Any, ...]], *, fts: bool) -> None:
    """A file's passages into the table and (unless it is made again at the end) the
    full-text index, in two statements."""
    db.executemany(f"INSERT INTO docs ({_COLUMNS}) VALUES ({', '.join('?' * 16)})", rows)
    if fts:
        db.execute(
            "INSERT INTO docs_fts(rowid, folded) SELECT id, folded FROM docs WHERE path = ?",
            (path,),
        )


def _index_text(db: sqlite3.Connection, book: Book, entry: Path, path: str, *, fts: bool) -> str:
    """Index one part's fetched text, paragraph by paragraph (notes too)."""
    from studygroup.library import text_store

    part = book.part(entry.stem)
    text = text_store.load(book.slug, entry.stem) if part is not None else None
    if part is None or text is None:
        return ""
    rank = book.parts.index(part)
    rows = []
    for number, paragraph in enumerate(text.paragraphs, 1):
        section = paragraph.section
        title = (
            part.sections[section - 1].title
            if section is not None and section <= len(part.sections)
            else None
        )
        row = (
            path, book.slug, book.title, book.slug, part.key, rank, part.label, number, "text",
            title, section, None, number, None, paragraph.text, folded(paragraph.text),
        )  # fmt: skip
        rows.append(row)
    _insert(db, path, rows, fts=fts)
    return ""


def _passages(part: Part, session: Session) -> Iterator[tuple[Any, ...]]:
    """(kind, section title, section number, number, paragraph, term, text, folded) of
    every passage, in the order the plain scan meets them."""

    def title(number: int | None) -> str | None:
        return part.sections[number - 1].title if number and number <= len(part.sections) else None

    for number, quote in enumerate(session.quotations, 1):
        for paragraph, text in enumerate(quote.paragraphs, 1):
            yield (
                "quotation",
                title(quote.section),
                quote.section,
                number,
                paragraph,
                None,
                text,
                folded(text),
            )
    for point in session.points:
        yield (
            "point",
            title(point.section),
            point.section,
            None,
            None,
            None,
            point.text,
            folded(point.text),
        )
    for number, question in enumerate(session.questions, 1):
        text = question.text
        yield (
            "question",
            title(question.section),
            question.section,
            number,
            None,
            None,
            text,
            folded(text),
        )
    for entry in session.glossary:
        text = f"{entry.term}: {entry.definition}"
        yield ("glossary", None, None, None, None, entry.term, text, folded(text))


def _fts_query(wanted: str) -> str | None:
    """An FTS5 query whose matches include every passage where `wanted` starts a word:
    its words as they are, its last word as a prefix unless the query ends after it;
    None where the index's idea of a word might not be Python's (then every passage
    is looked at)."""
    import re
    import unicodedata

    if any(not ch.isascii() and unicodedata.category(ch)[0] not in "LNPZS" for ch in wanted):
        return None
    words = re.findall(r"[^\W_]+", wanted)
    if not words:
        return None
    terms = [f'"{word}"' for word in words]
    if wanted[-1].isalnum():
        terms[-1] += " *"
    return " AND ".join(terms)


def search(wanted: str, *, book: str | None, kinds: tuple[str, ...]) -> Iterator[Doc] | None:
    """The indexed passages that may hold `wanted` (folded), in book, part and passage
    order; None if the index cannot be used. The caller checks each match."""
    db = cache.connection()
    if db is None:
        return None
    where = [f"d.kind IN ({', '.join('?' * len(kinds))})"]
    params: list[Any] = list(kinds)
    if book is not None:
        where.append("d.book = ?")
        params.append(book)
    query = _fts_query(wanted) if wanted else None
    if query is not None:
        sql = (
            f"SELECT {_DOC_COLUMNS} FROM docs_fts f JOIN docs d ON d.id = f.rowid "
            f"WHERE docs_fts MATCH ? AND {' AND '.join(where)} "
            "ORDER BY d.book_rank, d.part_rank, d.seq"
        )
        params.insert(0, query)
    else:
        if wanted:
            where.append("instr(d.folded, ?) > 0")
            params.append(wanted)
        sql = (
            f"SELECT {_DOC_COLUMNS} FROM docs d WHERE {' AND '.join(where)} "
            "ORDER BY d.book_rank, d.part_rank, d.seq"
        )
    try:
        cursor = db.execute(sql, params)
    except sqlite3.Error:
        return None
    return _docs(cursor)


def _docs(cursor: sqlite3.Cursor) -> Iterator[Doc]:
    return map(Doc._make, cursor)


def left_out(book: str | None) -> list[str]:
    """What the last `sync` could not read, to be said as a scan would say it."""
    db = cache.connection()
    if db is None:
        return []
    sql = "SELECT DISTINCT stamp FROM indexed WHERE stamp != ''"
    params: tuple[str, ...] = ()
    if book is not None:
        sql += " AND book = ?"
        params = (book,)
    try:
        return sorted(row[0] for row in db.execute(sql, params))
    except sqlite3.Error:
        return []

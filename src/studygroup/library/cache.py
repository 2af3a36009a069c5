"""The library's cache: one SQLite file in the cache folder, made again whenever in doubt.

It holds what takes time to work out from the library's files and can always be
worked out again: each file's parsed data, `validate`'s verdict on it, and the search
index (`search_index.py`). A file's entry is used only while the file is as it was
when the entry was made: the same path, size and modification time, and the same
version of this tool. A file changed within two seconds before its entry was made is
looked at again next time: a clock's granularity could hide a second change in the
same tick (git does the same with its index).

Whatever goes wrong with the cache (missing, corrupt, from another version, locked
by another run for too long, on a read-only disk) costs time, never an answer: the
caller works from the files. Deleting the folder at any moment is safe.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from studygroup import __version__
from studygroup.library.layout import default_cache_dir

# Bump when what is stored changes shape: an older cache is then dropped whole.
SCHEMA = 6
FILE_NAME = "library.sqlite3"
# A file modified this close to when its entry was made is not trusted next time.
RACY_NS = 2_000_000_000
BUSY_MS = 30_000

# The full-text index only finds candidates (the folded text says where a query is),
# so it keeps no positions (detail='none'): smaller, and faster to build.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parsed (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, made_ns INTEGER,
    kind TEXT, data TEXT
);
CREATE TABLE IF NOT EXISTS memo (
    kind TEXT, path TEXT, stamp TEXT, made_ns INTEGER, value TEXT,
    PRIMARY KEY (kind, path)
);
CREATE TABLE IF NOT EXISTS indexed (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, made_ns INTEGER,
    book TEXT, stamp TEXT
);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY, path TEXT, book TEXT, book_title TEXT, book_rank TEXT,
    part TEXT, part_rank INTEGER, label TEXT, seq INTEGER, kind TEXT,
    section TEXT, section_number INTEGER, number INTEGER, paragraph INTEGER,
    term TEXT, text TEXT, folded TEXT
);
CREATE INDEX IF NOT EXISTS docs_path ON docs(path);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    folded, content='docs', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
    detail='none'
);
"""

_lock = threading.Lock()
_connection: sqlite3.Connection | None = None
_broken = False


def _open(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    row = None
    with contextlib.suppress(sqlite3.Error):
        row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    expected = f"{SCHEMA}:{__version__}"
    if row is None or row[0] != expected:
        # Another version's cache (or none): start again, whole.
        connection.execute("BEGIN IMMEDIATE")
        for table in ("docs_fts", "docs", "indexed", "memo", "verdicts", "parsed", "meta"):
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        # One statement at a time: executescript would commit the transaction first.
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute("INSERT INTO meta VALUES ('version', ?)", (expected,))
        connection.execute("COMMIT")
    return connection


def connection() -> sqlite3.Connection | None:
    """The cache, opened once a process; None if it cannot be had (the caller then
    works without it). A corrupt file is removed and made again."""
    global _connection, _broken
    with _lock:
        if _connection is not None or _broken:
            return _connection
        path = default_cache_dir() / FILE_NAME
        for attempt in range(2):
            try:
                _connection = _open(path)
                return _connection
            except sqlite3.DatabaseError:
                if attempt == 0:
                    for suffix in ("", "-wal", "-shm"):
                        with contextlib.suppress(OSError):
                            Path(f"{path}{suffix}").unlink()
            except (sqlite3.Error, OSError):
                break
        _broken = True
        return None


def forget() -> None:
    """Close the cache (tests use this to start a process's view of it afresh)."""
    global _connection, _broken
    with _lock:
        if _connection is not None:
            with contextlib.suppress(sqlite3.Error):
                _connection.close()
        _connection = None
        _broken = False


@contextlib.contextmanager
def transaction() -> Iterator[sqlite3.Connection | None]:
    """A write to the cache, all or nothing; None (and no error) without a cache."""
    db = connection()
    if db is None:
        yield None
        return
    if db.in_transaction:
        yield db  # inside another write (indexing reads files): part of it
        return
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        yield None
        return
    try:
        yield db
        db.execute("COMMIT")
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


def stat_of(path: Path) -> tuple[int, int] | None:
    """(size, time of the last change in ns) of a file or folder, or None. The later
    of the modification time and the status-change time: `cp -p`, `rsync -t`, `tar x`
    or a git checkout can give a new file the old one's size and modification time,
    but not its status-change time, which no program can set."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, max(info.st_mtime_ns, info.st_ctime_ns)


def trusted(size: int, mtime_ns: int, made_ns: int, now: tuple[int, int] | None) -> bool:
    """Whether an entry made for a file of `size` and `mtime_ns` still holds for it."""
    return now == (size, mtime_ns) and mtime_ns < made_ns - RACY_NS


def parsed(path: Path, kind: str) -> dict[str, Any] | None:
    """The data last parsed from `path`, if the file has not changed since."""
    db = connection()
    if db is None:
        return None
    try:
        row = db.execute(
            "SELECT size, mtime_ns, made_ns, data FROM parsed WHERE path = ? AND kind = ?",
            (str(path), kind),
        ).fetchone()
    except sqlite3.Error:
        return None
    if row is None or not trusted(row[0], row[1], row[2], stat_of(path)):
        return None
    try:
        data = json.loads(row[3])
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def unparsed(paths: list[Path]) -> list[Path]:
    """Those of `paths` whose parsed data is not kept (or no longer holds): the files
    worth parsing ahead."""
    db = connection()
    if db is None:
        return paths
    try:
        kept = {
            row[0]: (row[1], row[2], row[3])
            for row in db.execute("SELECT path, size, mtime_ns, made_ns FROM parsed")
        }
    except sqlite3.Error:
        return paths
    return [
        path
        for path in paths
        if (entry := kept.get(str(path))) is None or not trusted(*entry, stat_of(path))
    ]


def remember_parsed(path: Path, kind: str, data: dict[str, Any], stat: tuple[int, int]) -> None:
    """Keep what `path` parsed to, valid for the file as it was when read (`stat`)."""
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # a value JSON cannot hold (a TOML date): not cached, read each time
    with transaction() as db:
        if db is not None:
            db.execute(
                "INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?, ?)",
                (str(path), stat[0], stat[1], time.time_ns(), kind, text),
            )


def memo(kind: str, path: Path, stamp: str) -> Any:
    """A result worked out before for `path` (validate's verdict on it, a book's line in
    `library`), if it and every file it depended on (`stamp`) are as they were."""
    db = connection()
    if db is None:
        return None
    try:
        row = db.execute(
            "SELECT stamp, made_ns, value FROM memo WHERE kind = ? AND path = ?",
            (kind, str(path)),
        ).fetchone()
    except sqlite3.Error:
        return None
    if row is None or row[0] != stamp or _racy(stamp, row[1]):
        return None
    try:
        return json.loads(row[2])
    except ValueError:
        return None


def remember(kind: str, path: Path, stamp: str, value: Any) -> None:
    remember_all(kind, [(path, stamp, value)])


def remember_all(kind: str, entries: list[tuple[Path, str, Any]]) -> None:
    """Keep several results at once: one write to the cache, not one for each."""
    if not entries:
        return
    now = time.time_ns()
    rows = [
        (kind, str(path), stamp, now, json.dumps(value, ensure_ascii=False))
        for path, stamp, value in entries
    ]
    with transaction() as db:
        if db is not None:
            db.executemany("INSERT OR REPLACE INTO memo VALUES (?, ?, ?, ?, ?)", rows)


def stamp(paths: list[Path]) -> str:
    """The state of the files a result depends on: each one's size and mtime."""
    bits = []
    for path in paths:
        found = stat_of(path)
        bits.append(f"{path}:{found[0]}:{found[1]}" if found else f"{path}:-")
    return "|".join(bits)


def _racy(stamp_text: str, made_ns: int) -> bool:
    """Whether any file in a stamp changed too close to when the entry was made."""
    for bit in stamp_text.split("|"):
        pieces = bit.rsplit(":", 2)
        if len(pieces) == 3 and pieces[2].isdigit() and int(pieces[2]) >= made_ns - RACY_NS:
            return True
    return False


def pid_safe_environment() -> None:
    """After a fork, a child must not share the parent's SQLite connection."""
    os.register_at_fork(after_in_child=forget)


pid_safe_environment()

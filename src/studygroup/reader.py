"""Reading a file a user gave or keeps: all of it or a clear reason, never a hang.

A file is read only if it is a regular file, and only up to a size no real file of
its kind comes near: a FIFO, a device (`/dev/zero`) or a folder is refused in one
line rather than read forever, and a huge file costs one line, not all the memory.
The one reader beside the one writer (writer.py).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from studygroup.errors import StudygroupError

MAX_INPUT_BYTES = 20 * 1024 * 1024
# A library or programme file: hundreds of times the largest real one (a session of a
# long chapter is tens of kilobytes), and small enough that a wrong file costs nothing.
MAX_LIBRARY_BYTES = 8 * 1024 * 1024


class Unreadable(ValueError):
    """Why a file was not read: not a regular file, too large, or an error reading it."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; Unreadable otherwise. The
    one way the tool reads a file a user gave or keeps: a FIFO, a device or a huge
    file costs one line, never a hang or all the memory."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except OSError as error:
        raise Unreadable(f"cannot read: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("not a regular file (a device, a pipe or a socket)")
    if info.st_size > limit:
        raise Unreadable(f"larger than {limit // 2**20} MB; not read")
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it
        # does not hang; the read is bounded whatever the file turns out to be.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise Unreadable(f"cannot read: {error.strerror}") from None
    if len(data) > limit:
        raise Unreadable(f"larger than {limit // 2**20} MB; not read")
    return data


def read_file(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """As `read_bounded`, the reason as a StudygroupError naming the file."""
    try:
        return read_bounded(path, limit)
    except Unreadable as problem:
        raise StudygroupError(f"{path}: {problem}") from None

"""Writing an output file: all of it or none of it, and never over a file by accident.

The bytes go to a temporary file beside the target, are flushed to disk, and only
then take the target's name. Without `force` the name is taken with a hard link,
which fails if the target exists, even if it appeared a moment ago; with `force`,
with a rename, which replaces it in one step. A failure or an interrupt at any point
removes the temporary file, so no partial file is ever left behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from studygroup.errors import StudygroupError


def _reason(error: OSError) -> str:
    return {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "disk quota exceeded",
        errno.ENAMETOOLONG: "the name is too long",
    }.get(error.errno or 0, error.strerror or str(error))


def preflight(path: Path, *, force: bool = False) -> None:
    """The errors `write_file` would give about the place, before any work is done."""
    if not str(path).strip():
        raise StudygroupError("the output file name is empty")
    if str(path).endswith(("/", os.sep)) or path.is_dir():
        raise StudygroupError(f"{path}: is a folder; name a file to write")
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise StudygroupError(f"{path}: cannot write: {folder} is not a folder")
    if not folder.is_dir():
        raise StudygroupError(f"{path}: cannot write: the folder {folder} does not exist")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # --force replaces a file, never a device, a pipe or what a link points to.
        what = "a link" if path.is_symlink() else "not a regular file"
        raise StudygroupError(f"{path}: is {what}; not replaced")
    if path.exists() and not force:
        raise StudygroupError(f"{path}: already exists (use --force to replace it)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StudygroupError(f"{path}: cannot write: permission denied")
    if len(path.name.encode("utf-8", "surrogateescape")) > 255:
        raise StudygroupError(f"{path.name[:40]}…: the name is too long")


def replace_cached(path: Path, data: bytes) -> bool:
    """Put `data` at `path` in one step, replacing what was there: the way every cache
    file is written (fetched pages, texts). A cache can always be rebuilt, so a file
    that cannot be written is not an error; the result says whether it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return False
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temporary.replace(path)
    except OSError:
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True


def write_file(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` atomically; StudygroupError on anything the user can fix."""
    preflight(path, force=force)
    folder = path.parent
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise StudygroupError(f"{path}: cannot write: {_reason(error)}") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); give it the mode a new file would get.
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(0o666 & ~umask)
        if force:
            temporary.replace(path)
        else:
            _link_without_replacing(temporary, path)
    except OSError as error:
        raise StudygroupError(f"{path}: cannot write: {_reason(error)}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _link_without_replacing(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise StudygroupError(f"{path}: already exists (use --force to replace it)") from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: check, then rename. A file created in
        # between would be replaced; there is no better way there.
        if path.exists():
            raise StudygroupError(f"{path}: already exists (use --force to replace it)") from None
        temporary.replace(path)

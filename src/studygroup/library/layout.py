"""Where a library's files are: the folders and the names inside them.

<book-slug>/book.toml             the book: front matter, groups, parts, sections
<book-slug>/sessions/<key>.toml   the notes for one part (6.toml, intro.toml)
"""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

LIBRARY_ENV = "STUDYGROUP_LIBRARY"
CACHE_ENV = "STUDYGROUP_CACHE"
BOOK_FILE = "book.toml"
SESSIONS_DIR = "sessions"


def default_user_dir() -> Path:
    """The user's library unless --library or STUDYGROUP_LIBRARY names another:
    $XDG_DATA_HOME/studygroup (~/.local/share/studygroup) on Linux and the BSDs,
    the platform's folder for application data elsewhere."""
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "studygroup"
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming") / "studygroup"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "studygroup"


def embedded_root() -> Traversable:
    return files("studygroup") / "data"


def default_cache_dir() -> Path:
    """Where what can be made again is kept (fetched pages, the search index, parsed
    files): STUDYGROUP_CACHE, or the platform's cache folder (~/.cache/studygroup).
    Deleting it at any moment costs time, never a result."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("studygroup", appauthor=False))

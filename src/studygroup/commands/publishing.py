"""Publishing: the group's website, one folder for any static host.

The site is built whole in a private folder beside the target, indexed for search
there, and only then put in the target's place, in one step where the system can
swap two folders (Linux), else in two renames. A failure or an interrupt at any
point leaves the old site as it was and removes the half-built one. (writer.py
makes one file atomic; a site is made atomic by that swap, so its files are written
plainly into the private folder.)

A marker file says a folder holds a site this command wrote: such a folder is
replaced without asking; any other non-empty folder only with --force, and never a
folder that holds the programme, the library or the folder the command runs in.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studygroup.commands.common import given_path, library, say
from studygroup.errors import StudygroupError, UsageProblem

if TYPE_CHECKING:
    from studygroup.views.site import SiteView

MARKER_TEXT = (
    "This folder is a website written by `studygroup site`.\n"
    "The next `studygroup site` into it replaces everything in it.\n"
)


def site(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The folder to write the site into: made if it is missing, replaced "
            "whole once the new site is complete.",
            show_default=False,
            parser=given_path("--output", "name the folder for the site"),
        ),
    ],
    programme: Annotated[
        Path | None,
        typer.Option(
            "--programme",
            metavar="PATH",
            help="The group's programme [default: studygroup.toml in this folder].",
            show_default=False,
            parser=given_path("--programme", "name the programme file"),
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="The site's address once published (https://…/): for the calendar's "
            "subscription address and each page's canonical link. Links inside the site "
            "are relative and need no address.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace a folder's contents even if studygroup did not write them."
        ),
    ] = False,
) -> None:
    """Write the group's website: the season, every meeting's handout (page and PDF),
    catch-up sheets, a glossary, the book's outline and search; for any static host.

    Example: studygroup site -o site --base-url https://ana.github.io/group/
    """
    from studygroup.commands.reading import programme_path
    from studygroup.commands.season import load
    from studygroup.domain.keys import slugify
    from studygroup.views.site import site as site_view

    base = _base_url(base_url) if base_url is not None else None
    found = programme_path(programme)
    if found is None:
        raise StudygroupError(
            "no programme here (studygroup.toml): make one with studygroup plan, "
            "or give --programme PATH"
        )
    shelf = library()
    _check_target(output, force=force, keep=[found, shelf.user])
    plan, book = load(found, shelf)
    now = _now()
    view = site_view(
        shelf,
        plan,
        book,
        today=now.astimezone(_zone(plan.timezone)).date(),
        base_url=base,
        calendar=f"{slugify(plan.name) or 'season'}.ics",
    )
    files = _files(view, now)
    _publish(output, files)
    pdfs = sum(name.endswith(".pdf") for name in files)
    pages = sum(name.endswith(".html") for name in files)
    meetings = len(view.meetings)
    say(
        f"wrote {output}: {meetings} meeting{'s' if meetings != 1 else ''}, {pages} pages, "
        f"{pdfs} PDF handout{'s' if pdfs != 1 else ''}, the calendar and the search index"
    )


def _base_url(text: str) -> str:
    from studygroup.safety import web_address

    url = web_address(text.strip())
    if url is None or not url.lower().startswith(("http://", "https://")) or "?" in url:
        raise UsageProblem(
            f"--base-url: {text!r} is not a web address: give the site's address, "
            "like https://example.org/group/"
        )
    return url.split("#")[0].rstrip("/") + "/"


def _zone(name: str) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _now() -> dt.datetime:
    """When the site is built: SOURCE_DATE_EPOCH if set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise StudygroupError(
                f"SOURCE_DATE_EPOCH: {epoch!r} is not a time in seconds since 1970"
            ) from None
    return dt.datetime.now(dt.UTC)


def _check_target(target: Path, *, force: bool, keep: list[Path]) -> None:
    """Refuse a place the site cannot go, before any work is done."""
    if not str(target).strip():
        raise UsageProblem("the site's folder name is empty")
    if target.is_symlink():
        raise StudygroupError(f"{target}: is a link; name the folder itself")
    if target.exists() and not target.is_dir():
        raise StudygroupError(f"{target}: is not a folder; name a folder for the site")
    parent = target.absolute().parent
    if not parent.is_dir():
        raise StudygroupError(f"{target}: cannot write: the folder {parent} does not exist")
    here = target.resolve()
    if Path.cwd().resolve().is_relative_to(here):
        raise StudygroupError(
            f"{target}: is the folder this command runs in (or holds it); "
            "name a folder for the site, like -o site"
        )
    for path in keep:
        if path.exists() and path.resolve().is_relative_to(here):
            raise StudygroupError(f"{target}: holds {path}; name another folder for the site")
    if not target.exists():
        return
    from studygroup.views.site import MARKER

    try:
        entries = list(os.scandir(target))
    except OSError as error:
        raise StudygroupError(f"{target}: cannot read: {error.strerror}") from None
    if entries and not (target / MARKER).is_file() and not force:
        raise StudygroupError(
            f"{target}: is not empty and holds no site written by studygroup; "
            "use --force to replace what is in it"
        )


def _files(view: SiteView, now: dt.datetime) -> dict[str, bytes]:
    """Every file of the site but the search index, by its path in the site."""
    from studygroup.render import ics, pdf
    from studygroup.render import site as render

    files = {path: text.encode("utf-8") for path, text in render.pages(view).items()}
    files.update(render.assets())
    missing: set[str] = set()
    for meeting in view.meetings:
        for download, sheet in zip(meeting.downloads, meeting.handouts, strict=True):
            missing.update(pdf.unprintable(sheet))
            files[download.path] = pdf.handout(sheet)
    if missing:
        shown = " ".join(sorted(missing)[:12]) + (" …" if len(missing) > 12 else "")
        say(
            f"warning: the PDF handouts' fonts have no letters for {len(missing)} "
            f"character{'s' if len(missing) != 1 else ''} ({shown}): they print as empty "
            "boxes there; the pages show them with the reader's fonts"
        )
    files[view.home.calendar] = ics.calendar(view.season, now=now)
    return files


def _publish(target: Path, files: dict[str, bytes]) -> None:
    """Build the site beside `target`, index it, and put it in `target`'s place."""
    import shutil
    import tempfile

    from studygroup.views.site import MARKER

    parent = target.absolute().parent
    try:
        build = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    except OSError as error:
        raise StudygroupError(f"{target}: cannot write: {_reason(error)}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        build.chmod(0o777 & ~umask)  # a web server must be able to read the site
        try:
            for name, data in sorted(files.items()):
                path = build / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        except OSError as error:
            raise StudygroupError(f"{target}: cannot write: {_reason(error)}") from None
        _index(build)
        # GitHub Pages publishes the folder as it is, not through Jekyll.
        (build / ".nojekyll").write_bytes(b"")
        (build / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        old = _swap(build, target)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _index(folder: Path) -> None:
    """Pagefind's search index and search box, into folder/pagefind/."""
    import subprocess

    binary = _pagefind()
    try:
        # Run inside the folder: its path may not be UTF-8 (a folder name in another
        # encoding), which Pagefind refuses as an argument but not as its cwd.
        done = subprocess.run(
            [str(binary), "--site", ".", "--silent"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise StudygroupError(f"the search index could not be made: {error}") from None
    if done.returncode != 0 or not (folder / "pagefind" / "pagefind-ui.js").is_file():
        lines = (done.stderr or done.stdout).strip().splitlines()
        why = lines[-1] if lines else f"pagefind exited with {done.returncode}"
        raise StudygroupError(f"the search index could not be made: {why}")


def _pagefind() -> Path:
    """The Pagefind binary that came with the `pagefind` package: never one from the
    system, so every site is indexed by the version its search box was written for."""
    import importlib

    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = importlib.import_module(module).get_executable()
        except (ImportError, FileNotFoundError):
            continue
        return Path(found)
    raise StudygroupError(
        "search needs Pagefind's binary, which comes with the package: "
        "pip install 'pagefind[bin]' (or reinstall studygroup)"
    )


def _swap(build: Path, target: Path) -> Path | None:
    """`build` takes `target`'s name. The old site ends in `build` (swapped in one
    step) or in the folder returned, to be removed either way."""
    try:
        if not target.exists():
            build.rename(target)
            return None
        if _exchange(build, target):
            return None
        import tempfile

        aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=build.parent))
        target.rename(aside / "site")
        try:
            build.rename(target)
        except OSError:
            (aside / "site").rename(target)
            raise
        return aside
    except OSError as error:
        raise StudygroupError(f"{target}: cannot replace: {_reason(error)}") from None


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2 with RENAME_EXCHANGE), so that a
    server never sees the site missing; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _reason(error: OSError) -> str:
    from studygroup.writer import _reason as reason

    return reason(error)

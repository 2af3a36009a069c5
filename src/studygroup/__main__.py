"""The entry point: `studygroup` and `python -m studygroup`.

Kept apart from `cli.py` and light on imports, so that what happens while the rest
loads is handled too: Ctrl-C while Typer is being imported ends quietly with 130,
SIGTERM lets temporary files be removed as Ctrl-C does, and a closed stdout
(`studygroup outline >&-`) is an error the CLI reports rather than a crash.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import NoReturn


def _terminate(signum: int, frame: object) -> NoReturn:
    from studygroup.errors import Terminated

    raise Terminated


class _Closed:
    """Stands in for a standard stream the shell closed: writing to it is an error."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(9, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(9, "standard output is closed")


def main() -> int:
    try:
        signal.signal(signal.SIGTERM, _terminate)
        if sys.stdout is None:
            sys.stdout = _Closed()
        for stream in (sys.stdout, sys.stderr):
            # A file name that is not UTF-8 prints as U+FFFD, never as a crash.
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
        from studygroup.cli import main as run

        return run()
    except KeyboardInterrupt:
        return 130
    except BaseException as error:
        from studygroup.errors import Terminated

        if isinstance(error, Terminated):
            return 143
        raise


if __name__ == "__main__":
    code = main()
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        os._exit(code)
    sys.exit(code)

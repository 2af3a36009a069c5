"""The entry point: `studygroup` and `python -m studygroup`.

Kept apart from `cli.py` and free of imports but `os`, `signal` and `sys`, so that
what happens while the rest loads is handled too: Ctrl-C or SIGTERM while Typer is
being imported ends at once and quietly (130, 143: nothing is written yet); once
loaded, SIGTERM lets temporary files be removed as Ctrl-C does. A closed stdout or
stderr (`studygroup outline >&-`) is an error the CLI reports rather than a crash.
"""

# No `from __future__` import: it would be a module to load before the handlers
# below are in place (annotations that name later classes are written as strings).
import os
import signal
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn


def _quit_at_once(signum: int, frame: object) -> None:
    # While the modules load nothing has been written, and once the work is done
    # everything has: leave at once. Raising here could land inside the import
    # machinery's own locks, or in the last flush of the output.
    os._exit(130 if signum == signal.SIGINT else 143)


# The first thing done, as soon as this module is reached: Ctrl-C from here on is
# never a traceback. (Before it, the interpreter itself is starting.)
signal.signal(signal.SIGINT, _quit_at_once)
signal.signal(signal.SIGTERM, _quit_at_once)


def _terminate(signum: int, frame: object) -> "NoReturn":
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

    @property
    def buffer(self) -> "_Closed":
        raise OSError(9, "standard output is closed")


def main() -> int:
    """Run the CLI; the exit status (the console script passes it to sys.exit)."""
    code = _run()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            # A closed or full stream: the interpreter's own last flush would fail
            # again and turn the status into 120. Leave now, with ours.
            os._exit(code)
    return code


def _run() -> int:
    try:
        if sys.stdout is None:
            sys.stdout = _Closed()
        if sys.stderr is None:
            sys.stderr = _Closed()
        for stream in (sys.stdout, sys.stderr):
            # A file name that is not UTF-8 prints as U+FFFD, never as a crash.
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
        from studygroup.cli import main as run

        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _terminate)
        code = run()
        signal.signal(signal.SIGINT, _quit_at_once)
        signal.signal(signal.SIGTERM, _quit_at_once)
        return code
    except KeyboardInterrupt:
        return 130
    except BaseException as error:
        from studygroup.errors import Terminated

        if isinstance(error, Terminated):
            return 143
        raise


if __name__ == "__main__":
    sys.exit(main())

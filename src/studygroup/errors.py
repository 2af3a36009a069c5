"""The one exception type for mistakes a user can make, and the exit codes.

Anything a user can get wrong (a missing chapter, a malformed file, an unknown book)
raises `StudygroupError`; the CLI turns it into one line on stderr. Any other
exception escaping the CLI is a bug in this project.
"""

from __future__ import annotations

# Exit codes, named once so tests and the CLI agree.
EXIT_OK = 0
EXIT_ERROR = 1  # the user's data or request cannot be served
EXIT_USAGE = 2  # bad command line (unknown option, bad value); the same as Click's
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a C tool killed by the closed pipe gives


class StudygroupError(Exception):
    """A problem the user can fix; its message is shown as it is, on one line."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageProblem(StudygroupError):
    """A mistake on the command line: a name that does not exist (a part key, a book),
    a value an option cannot take, options that do not go together."""

    exit_code = EXIT_USAGE


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that `finally` blocks clean up (a
    temporary file beside an output) as they do on Ctrl-C."""

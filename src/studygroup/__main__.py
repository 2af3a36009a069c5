"""Allows `python -m studygroup`."""

import sys

from studygroup.cli import main

sys.exit(main())

"""studygroup: a companion for reading groups on political classics."""

__version__ = "0.1.0"

"""cstolog: the record of the meetings of the CSTO's bodies."""

__version__ = "0.1.0"

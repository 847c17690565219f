"""``python -m cstolog``."""

from cstolog.entry import main

main()

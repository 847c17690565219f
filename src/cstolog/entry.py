"""The console-script entry point: answers ``--version`` before importing anything heavy."""

from __future__ import annotations

import sys


def main() -> None:
    # `cstolog --version` is run by scripts and shell prompts; Typer alone costs 100 ms.
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"cstolog {__version__}\n")
        return
    from .cli.app import run

    run()

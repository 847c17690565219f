"""The console-script entry point: answers ``--version`` before importing anything heavy."""

from __future__ import annotations

import sys


def main() -> None:
    # `cstolog --version` is run by scripts and shell prompts; Typer alone costs 100 ms.
    if sys.argv[1:] == ["--version"]:
        from cstolog import __version__

        sys.stdout.write(f"cstolog {__version__}\n")
        return
    # One command per process, and the records it handles (dicts and lists from JSON)
    # hold no reference cycles: the cyclic collector would only re-scan them, again and
    # again as they pile up (measured: a fifth of `list` on 100,000 meetings). Reference
    # counting still frees everything; the few cycles of start-up live until exit anyway.
    import gc

    gc.disable()
    from cstolog import cli

    # Build only the command this command line runs (all of them for help).
    cli.only_module = cli.command_module(sys.argv[1:])
    from cstolog.cli.app import run

    run()

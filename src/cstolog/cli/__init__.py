"""The command line: Typer commands that parse flags, call the core and write output.

Each module holds one group of commands; ``app`` holds the application, the global
options and the one place where errors become messages and exit codes.

This package module itself imports nothing: the console script asks it which command
module a command line needs before it imports Typer.
"""

from __future__ import annotations

import os

# Set by the console script before it imports ``cli.app``: the one command module to
# register (``command_module(argv)``). None, the default, registers every module.
only_module: str | None = None

# Where each command is defined. Building the click command of every command costs
# ~100 ms of start-up, so the console script imports only the module of the command it
# runs (see ``command_module``); help, completion and unknown names get every module.
# tests/test_import_budget.py checks this table against what the modules register.
COMMAND_HOME = {
    "init": "init_cmd", "add": "records", "edit": "records", "delete": "records",
    "show": "records", "list": "query", "search": "query", "who-attended": "reports_cmds",
    "chairs": "reports_cmds", "stats": "reports_cmds", "timeline": "reports_cmds",
    "export": "transfer", "import": "transfer", "extract": "transfer", "undo": "admin",
    "history": "admin", "doctor": "admin", "bodies": "reference_cmds",
    "states": "reference_cmds", "config": "config_cmds", "people": "people_cmds",
}  # fmt: skip


def command_module(args: list[str]) -> str | None:
    """The module defining the command named on this command line; None for all.

    Only the global options are skipped (--db VALUE, --db=VALUE, --month-first); any
    other option before the command (--help, --version, a typo) loads every module."""
    if any(key.startswith("_CSTOLOG_COMPLETE") for key in os.environ):
        return None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--db":
            index += 2
        elif arg.startswith("--db=") or arg == "--month-first":
            index += 1
        else:
            return None if arg.startswith("-") else COMMAND_HOME.get(arg)
    return None

"""The Typer application, its global options, and where errors become exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.exceptions import ClickException  # typer 0.28 vendors click here
from typer.core import TyperGroup

from cstolog import __version__
from cstolog.cli.common import DB_ENV, AppState
from cstolog.cli.notes import notes_to_stderr
from cstolog.domain.errors import CstologError, ExitCode, internal_error_line


class CstologGroup(TyperGroup):
    """The one place where a domain error becomes a one-line message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            with notes_to_stderr():  # the core's notes on names (domain/canonical)
                return super().invoke(ctx)
        except CstologError as exc:
            message = " ".join(str(exc).split())  # always one line
            typer.echo(f"cstolog: error: {message}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except BrokenPipeError:
            # `cstolog list | head`: the reader left; nothing is wrong.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            raise typer.Exit(int(ExitCode.OK)) from None
        except (ClickException, typer.Exit, typer.Abort, KeyboardInterrupt):
            raise  # the parser's own usage errors (exit 2), exits and interrupts
        except Exception as exc:
            # A bug. The user gets one line and a code, never a traceback; the store is
            # untouched because every write happens in one transaction that did not commit.
            if os.environ.get("CSTOLOG_DEBUG"):
                raise
            typer.echo(internal_error_line(exc), err=True)
            raise typer.Exit(int(ExitCode.INTERNAL)) from None


app = typer.Typer(
    cls=CstologGroup,
    name="cstolog",
    help="Keep the record of the meetings of the CSTO's bodies.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: Rich help costs ~150 ms of start-up
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cstolog {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar=DB_ENV,
            help="The store file (default: the platform's user data folder; or CSTOLOG_DB).",
            show_envvar=True,
        ),
    ] = None,
    month_first: Annotated[
        bool,
        typer.Option("--month-first", help="Read all-numeric dates month first (11/23/2023)."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Keep the record of the meetings of the CSTO's bodies."""
    ctx.obj = AppState(db=db, month_first=month_first)


# Importing a command module adds its commands to `app`.
COMMAND_MODULES = (
    "init_cmd", "records", "query", "reports_cmds", "transfer", "admin", "reference_cmds",
    "config_cmds", "people_cmds",
)  # fmt: skip


def _register_commands() -> None:
    import importlib

    from cstolog.cli import only_module

    for name in COMMAND_MODULES if only_module is None else (only_module,):
        importlib.import_module(f"{__package__}.{name}")


_register_commands()


def run() -> None:
    app(prog_name="cstolog")

"""The Typer application, its global options, and where errors become exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cstolog import __version__
from cstolog.cli.common import DB_ENV, AppState
from cstolog.cli.notes import notes_to_stderr
from cstolog.domain.errors import (
    CstologError,
    ExitCode,
    InvalidInput,
    OutputFailed,
    internal_error_line,
)


def _one_line(text: str) -> str:
    """A message for stderr: one line, and the record text or file name in it made safe
    for a terminal (formats/safe.py), whatever the error quotes."""
    from cstolog.formats.safe import safe_text

    return " ".join(safe_text(text).split())


class CstologGroup(TyperGroup):
    """The one place where an error becomes a one-line message and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's own errors (an unknown option, a missing argument) in one line with
        exit 2 and a pointer to --help; Ctrl-C exits 130 without "Aborted!"."""
        kwargs["standalone_mode"] = False
        given = kwargs.pop("args", None) if "args" in kwargs else (args[0] if args else None)
        args = args[1:] if args else ()
        kwargs["args"] = globals_first(list(sys.argv[1:] if given is None else given))
        _replace_what_the_terminal_cannot_show()
        try:
            code = super().main(*args, **kwargs)
        except (KeyboardInterrupt, typer.Abort):
            typer.echo("cstolog: interrupted", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))
        except Exception as exc:
            if not _is_click_error(exc):
                raise
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()  # type: ignore[attr-defined]  # `cstolog` alone: the help
            else:
                typer.echo(_usage_line(exc), err=True)
            sys.exit(int(getattr(exc, "exit_code", ExitCode.USAGE)))
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        from cstolog.cli import journal_hook

        journal_hook.stored.clear()
        try:
            with notes_to_stderr():  # the core's notes on names (domain/canonical)
                return super().invoke(ctx)
        except OutputFailed as exc:
            done = journal_hook.stored
            what = f"the {done[-1]} was stored, but " if done else ""
            typer.echo(f"cstolog: error: {what}{_one_line(str(exc))}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except CstologError as exc:
            typer.echo(f"cstolog: error: {_one_line(str(exc))}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except BrokenPipeError:
            # `cstolog list | head`: the reader left; nothing is wrong.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            raise typer.Exit(int(ExitCode.OK)) from None
        except KeyboardInterrupt:
            typer.echo("cstolog: interrupted", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if _is_click_error(exc):
                raise  # the parser's own usage errors (exit 2): Click reports them
            # A bug. The user gets one line and a code, never a traceback; the store is
            # untouched because every write happens in one transaction that did not commit.
            if os.environ.get("CSTOLOG_DEBUG"):
                raise
            typer.echo(internal_error_line(exc), err=True)
            raise typer.Exit(int(ExitCode.INTERNAL)) from None


GLOBAL_FLAGS = ("--month-first",)
GLOBAL_VALUES = ("--db", "--color")


def globals_first(args: list[str]) -> list[str]:
    """The global options moved before the command when they come after it:
    ``cstolog list --db X`` is ``cstolog --db X list``. Nothing after ``--`` moves."""
    position = 0
    while position < len(args):  # skip the global options already in front
        if args[position] in GLOBAL_VALUES:
            position += 2
        elif args[position] in GLOBAL_FLAGS or args[position].startswith(("--db=", "--color=")):
            position += 1
        else:
            break
    front, rest = args[:position], args[position:]
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(rest):
        arg = rest[index]
        if arg == "--":
            kept.extend(rest[index:])
            break
        if index > 0 and arg in GLOBAL_VALUES and index + 1 < len(rest):
            moved += rest[index : index + 2]
            index += 2
            continue
        if index > 0 and (arg in GLOBAL_FLAGS or arg.startswith(("--db=", "--color="))):
            moved.append(arg)
        else:
            kept.append(arg)
        index += 1
    return [*front, *moved, *kept]


def _replace_what_the_terminal_cannot_show() -> None:
    """On a terminal that is not UTF-8 (cp1251, KOI8-R, ISO-8859-1, ascii), text it cannot
    show becomes "?" rather than an error. Data formats write UTF-8 bytes as they are."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").replace("-", "").lower()
        if reconfigure is not None and encoding != "utf8":
            reconfigure(errors="replace")


def _usage_line(exc: Exception) -> str:
    """A usage error in one line, with the command whose --help explains it."""
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "cstolog"
    return f"cstolog: error: {_one_line(message)} (see '{_one_line(path)} --help')"


def _is_click_error(exc: Exception) -> bool:
    """An error Click raises and reports itself (a bad option value, a usage error).

    Typer vendors Click and does not export its ``ClickException``; such an error is
    known by the interface Click documents for it: ``exit_code`` and ``show()``."""
    return isinstance(getattr(exc, "exit_code", None), int) and callable(getattr(exc, "show", None))


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
            # An unreadable store is cstolog's to report (exit 3, and doctor says why),
            # not the option parser's (a usage error).
            readable=False,
        ),
    ] = None,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            help="Colour in tables: auto (on a terminal, unless NO_COLOR), always or never.",
        ),
    ] = "auto",
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
    from cstolog.cli import common

    if color not in ("auto", "always", "never"):
        raise InvalidInput(f"--color: {color!r} is not one of auto, always, never")
    common.colour = color
    ctx.obj = AppState(db=db, month_first=month_first)


# Importing a command module adds its commands to `app`.
COMMAND_MODULES = (
    "init_cmd", "records", "query", "reports_cmds", "transfer", "admin", "reference_cmds",
    "config_cmds", "share_cmds", "people_cmds",
)  # fmt: skip


def _register_commands() -> None:
    import importlib

    from cstolog.cli import only_module

    for name in COMMAND_MODULES if only_module is None else (only_module,):
        importlib.import_module(f"{__package__}.{name}")


_register_commands()


def run() -> None:
    app(prog_name="cstolog")

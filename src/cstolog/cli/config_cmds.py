"""config show | set | unset: the user's config file (see cstolog.storage.config for the keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cstolog.cli.app import app
from cstolog.cli.common import OutputOpt, resolve_output, say, state_of
from cstolog.cli.output import emit
from cstolog.formats.results import DocumentResult

if TYPE_CHECKING:
    from rich.console import RenderableType

config_app = typer.Typer(
    help="Defaults kept in a config file: store, output, date order, filters. "
    "Flags beat environment variables beat the config file beat built-in defaults.",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


def complete_keys(incomplete: str) -> list[str]:
    from cstolog.storage.config import KEYS

    return [key for key in KEYS if key.startswith(incomplete)]


KeyArg = Annotated[
    str,
    typer.Argument(
        metavar="KEY",
        help="db, output, dayfirst or filters.NAME (body, state, absent, chair, location, "
        "country, from, to, year, tag, status).",
        autocompletion=complete_keys,
    ),
]


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@config_app.command("show")
def show(ctx: typer.Context, output: OutputOpt = None) -> None:
    """The config file's path and every setting in force, with where it comes from
    (flag, env, config or default)."""
    from cstolog.cli.settings import SettingRow, setting_rows
    from cstolog.storage.config import config_path

    state = state_of(ctx)
    # --db also takes CSTOLOG_DB (the option's envvar): tell the two apart.
    source = ctx.find_root().get_parameter_source("db")
    db_flag = state.db if getattr(source, "name", None) == "COMMANDLINE" else None
    # -o here formats this listing; the output shown is the default of the read commands.
    rows = setting_rows(db_flag=db_flag, month_first=state.month_first)
    path = config_path()
    document = {"path": str(path), "exists": path.is_file(), "settings": rows}

    def view() -> RenderableType:
        from cstolog.formats.table import settings_table

        exists = "" if path.is_file() else " (not created yet)"
        return settings_table(f"config file: {path}{exists}", rows)

    emit(DocumentResult(document, rows, SettingRow, view), resolve_output(output))


@config_app.command("set")
def set_command(
    ctx: typer.Context,
    key: KeyArg,
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE", help="The value; lists are comma-separated: CSC,CFM or held."
        ),
    ],
) -> None:
    """Check a value and store it in the config file (written atomically)."""
    from cstolog.storage.config import config_path, set_value

    stored = set_value(key, value, dayfirst=state_of(ctx).dayfirst)
    say(f"{key} = {_shown(stored)} in {config_path()}")


@config_app.command("unset")
def unset_command(key: KeyArg) -> None:
    """Remove a key from the config file: its built-in default applies again."""
    from cstolog.storage.config import config_path, unset_value

    if unset_value(key):
        say(f"{key} removed from {config_path()}")
    else:
        say(f"{key} was not set in {config_path()}")

"""config show | set | unset: the user's config file (see cstolog.storage.config for the keys)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cstolog.cli.app import app
from cstolog.cli.common import Output, OutputOpt, resolve_output, say, state_of, write_bytes

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
    from cstolog.storage.config import config_path, effective_settings

    state = state_of(ctx)
    # --db also takes CSTOLOG_DB (the option's envvar): tell the two apart.
    source = ctx.find_root().get_parameter_source("db")
    db_flag = state.db if getattr(source, "name", None) == "COMMANDLINE" else None
    # -o here formats this listing; the output shown is the default of the read commands.
    settings = effective_settings(db_flag=db_flag, month_first=state.month_first)
    out = resolve_output(output)
    path = config_path()
    rows = [{"key": s.key, "value": s.value, "origin": s.origin} for s in settings]
    from cstolog.formats import data

    if out is Output.json:
        write_bytes(data.to_json({"path": str(path), "exists": path.is_file(), "settings": rows}))
    elif out is Output.ndjson:
        write_bytes(data.rows_ndjson(rows))
    elif out is Output.csv:
        header = ["key", "value", "origin"]
        write_bytes(data.rows_csv(header, ([r[k] for k in header] for r in rows)))
    else:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        from cstolog.cli.common import print_renderable
        from cstolog.formats.table import cell

        exists = "" if path.is_file() else " (not created yet)"
        table = Table(
            box=box.SIMPLE_HEAD,
            title=cell(f"config file: {path}{exists}", limit=None),
            title_justify="left",
        )
        table.add_column("Key", no_wrap=True)
        table.add_column("Value", overflow="fold")
        table.add_column("Origin", no_wrap=True)
        for s in settings:
            style = "bold" if s.origin != "default" else "dim"
            table.add_row(s.key, cell(_shown(s.value), limit=None), Text(s.origin, style=style))
        print_renderable(table)


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

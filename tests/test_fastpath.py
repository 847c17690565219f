"""The fast path (cstolog.fastpath) answers list/search as data exactly as Typer does,
or leaves the command line to Typer having written nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer._click.types import IntParamType
from typer.testing import CliRunner

from conftest import run_cstolog
from cstolog import fastpath
from cstolog.cli.app import app
from cstolog.config import load_config

Outcome = tuple[int | None, bytes, bytes]
Compare = Callable[..., tuple[Outcome, Outcome]]


@pytest.fixture
def both(
    sample_db: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> Compare:
    """both(*args, env={...}) → (try_fast's outcome, the Typer path's outcome), each
    (exit code or None, stdout, stderr). ``--db`` is the sample store unless db=None."""
    runner = CliRunner()

    def compare(
        *args: str, env: dict[str, str] | None = None, db: Path | None = sample_db
    ) -> tuple[Outcome, Outcome]:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        argv = [*(["--db", str(db)] if db is not None else []), *args]
        load_config.cache_clear()
        capsysbinary.readouterr()
        code = fastpath.try_fast(argv)
        out, err = capsysbinary.readouterr()
        load_config.cache_clear()
        result = runner.invoke(app, argv, catch_exceptions=False)
        return (code, out, err), (result.exit_code, result.stdout_bytes, result.stderr_bytes)

    return compare


def assert_same(fast: Outcome, slow: Outcome) -> None:
    assert fast[0] is not None, f"the fast path fell back; Typer gave {slow}"
    assert fast == slow


LIST_CASES = [
    ["list", "-o", "json"],
    ["list", "--body", "CSC", "-o", "json"],
    ["list", "-b", "CSC,CFM", "-b", "Council of Defence Ministers", "-o", "ndjson"],
    ["list", "--state", "AM", "--absent", "Armenia", "-o", "csv"],
    ["list", "--state", "Belarus", "--state", "KZ", "-o", "json"],
    ["list", "--chair", "Lukashenko", "-o", "json"],
    ["list", "--chair", "Belarus", "-o", "ndjson"],
    ["list", "--location", "Minsk", "--sort", "location", "-r", "-o", "json"],
    ["list", "--country", "Kyrgyzstan", "-o", "json"],
    ["list", "--country", "Atlantis", "-o", "json"],
    ["list", "--from", "2020-01-01", "--to", "31.12.2023", "-o", "json"],
    ["list", "--from", "1 May 2019", "-o", "json"],
    ["list", "--year", "2023", "--year", "2022", "-o", "json"],
    ["list", "--tag", "summit", "--tag", "video", "-o", "json"],
    ["list", "--status", "held,planned", "-o", "csv"],
    ["list", "--sort", "id", "--reverse", "--limit", "5", "-o", "json"],
    ["list", "--sort", "created", "-o", "json"],
    ["list", "--sort", "bodies", "-r", "-n", "7", "-o", "json"],
    ["list", "-n", "0", "-o", "json"],
    ["list", "--fields", "id,date,bodies", "-o", "csv"],
    ["list", "--fields=id,title", "--output=ndjson", "--body=CSC"],
    ["list", "--limit=3", "--sort=chair", "-o", "json", "--fields", "id,chair"],
    ["list", "-o", "csv", "-o", "json", "--sort", "id", "--sort", "date"],
    ["list", "--body", "CSC", "--year", "1990", "-o", "json"],
    ["list", "--body", "CSC", "--year", "1990", "-o", "csv"],
    ["search", "minsk", "-o", "json"],
    ["search", "Mínsk", "-o", "json"],
    ["search", "YEREVÁN", "--body", "CSC", "-o", "ndjson"],
    ["search", "collective", "security", "-n", "2", "-o", "ndjson"],
    ["search", "minsk", "--year", "2023", "--fields", "id,date", "-o", "csv"],
    ["search", "-o", "json", "summit", "--tag", "summit", "moscow"],
    ["search", "nothing-like-this", "-o", "json"],
]


@pytest.mark.parametrize("args", LIST_CASES, ids=" ".join)
def test_the_fast_path_writes_what_typer_writes(both: Compare, args: list[str]) -> None:
    assert_same(*both(*args))


def test_without_an_index(both: Compare, sample_db: Path) -> None:
    index = Path(f"{sample_db}.idx")
    for args in (["list", "--body", "CSC", "-o", "json"], ["search", "minsk", "-o", "csv"]):
        index.unlink()
        assert_same(*both(*args))  # the fast path parses the store and rebuilds the index
    assert index.exists()


def test_output_from_the_environment_and_the_store_from_cstolog_db(
    both: Compare, sample_db: Path
) -> None:
    env = {"CSTOLOG_OUTPUT": "ndjson", "CSTOLOG_DB": str(sample_db)}
    assert_same(*both("list", "--body", "CSC", env=env, db=None))
    assert_same(*both("search", "minsk", env=env, db=None))


def test_config_file_defaults_and_their_note(
    both: Compare, tmp_path: Path, sample_db: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'db = "{sample_db}"\noutput = "json"\n[filters]\nbody = ["CSC"]\nfrom = "2010-01-01"\n',
        encoding="utf-8",
    )
    env = {"CSTOLOG_CONFIG": str(config)}
    fast, slow = both("list", env=env, db=None)
    assert b"note: default filters from" in fast[2]
    assert_same(fast, slow)
    assert_same(*both("list", "--body", "CFM", "-o", "csv", env=env))  # the flag wins
    assert_same(*both("search", "minsk", "--year", "2023", env=env))


def test_config_output_table_goes_to_typer(both: Compare, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('output = "table"\n[filters]\nbody = ["CSC"]\n', encoding="utf-8")
    fast, slow = both("list", env={"CSTOLOG_CONFIG": str(config)})
    assert fast == (None, b"", b"")
    assert slow[0] == 0 and b"note: default filters" in slow[2]


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "-o", "table"],
        ["list", "-o", "JSON"],
        ["list", "--help"],
        ["list", "-o", "json", "-h"],
        ["--help", "list", "-o", "json"],
        ["list", "--all", "-o", "json"],
        ["list", "--", "-o", "json"],
        ["list", "--bogus", "-o", "json"],
        ["list", "-o"],
        ["list", "--body", "-o", "json"],
        ["list", "extra", "-o", "json"],
        ["list", "-ojson"],
        ["list", "-rn5", "-o", "json"],
        ["list", "--reverse=1", "-o", "json"],
        ["list", "--limit", "-1", "-o", "json"],
        ["list", "--limit", "x", "-o", "json"],
        ["list", "--year", "2O23", "-o", "json"],
        ["search", "-o", "json"],
        ["search", "-", "-o", "json"],
        ["search", "minsk", "--sort", "id", "-o", "json"],
        ["stats", "-o", "json"],
        ["list", "-o", "json", "--db", "x.json"],
        ["--version"],
    ],
    ids=" ".join,
)
def test_anything_else_goes_to_typer_untouched(both: Compare, args: list[str]) -> None:
    fast, _slow = both(*args)
    assert fast == (None, b"", b"")


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--from", "2023-13-45", "-o", "json"],
        ["list", "--from", "2024-01-01", "--to", "2023-01-01", "-o", "json"],
        ["list", "--body", "NOPE", "-o", "json"],
        ["list", "--state", "Atlantis", "-o", "json"],
        ["list", "--status", "imagined", "-o", "json"],
        ["list", "--sort", "colour", "-o", "json"],
        ["list", "--sort", "title", "-r", "-o", "json"],
        ["list", "--fields", "id,colour", "-o", "json"],
        ["search", "minsk", "--body", "NOPE", "-o", "csv"],
    ],
    ids=" ".join,
)
def test_errors_go_to_typer_which_reports_them(both: Compare, args: list[str]) -> None:
    fast, slow = both(*args)
    assert fast == (None, b"", b"")
    assert slow[0] == 1 and slow[2].startswith(b"cstolog: error: ")


def test_store_errors_go_to_typer(both: Compare, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_bytes(b'{"meetings": {"1": {')
    for db in (missing, corrupt):
        fast, slow = both("list", "--body", "CSC", "-o", "json", db=db)
        assert fast == (None, b"", b"")
        assert slow[0] == 3, slow
        fast, slow = both("search", "minsk", "-o", "json", db=db)
        assert fast == (None, b"", b"")


def test_bad_config_goes_to_typer(both: Compare, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[filters]\nbody = ["NOPE"]\n', encoding="utf-8")
    fast, slow = both("list", "-o", "json", env={"CSTOLOG_CONFIG": str(config)})
    assert fast == (None, b"", b"")
    assert slow[0] == 1 and b"filters.body" in slow[2]


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--month-first", "list", "--from", "11/01/2023", "-o", "json"], {}),
        (["--month-first", "list", "-o", "json"], {}),
        (["list", "--from", "04/27/2023", "-o", "json"], {"CSTOLOG_DAYFIRST": "false"}),
    ],
)
def test_month_first_gives_the_same_answer(
    both: Compare, args: list[str], env: dict[str, str]
) -> None:
    fast, slow = both(*args, env=env)
    assert_same(fast, slow)


def test_a_failed_write_is_reported_as_typer_reports_it(
    both: Compare, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cstolog.cli.query
    import cstolog.cli_settings

    def fail(data: bytes) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(cstolog.cli_settings, "write_bytes", fail)
    monkeypatch.setattr(cstolog.cli.query, "write_bytes", fail)
    fast, slow = both("list", "-o", "json")
    assert fast == slow
    assert fast[0] == 7 and fast[2].startswith(b"cstolog: internal error: OSError")


@pytest.mark.parametrize("key", ["CSTOLOG_NO_FASTPATH", "_CSTOLOG_COMPLETE"])
def test_switches_that_turn_it_off(both: Compare, key: str) -> None:
    fast, _slow = both("list", "-o", "json", env={key: "1"})
    assert fast == (None, b"", b"")


# --- random combinations -------------------------------------------------------------

VALUES: dict[str, list[str]] = {
    "--body": ["CSC", "CFM,CMD", "Collective Security Council", "cssc", "NOPE"],
    "-b": ["CSC", "PA"],
    "--state": ["AM", "Belarus", "kz", "Russia,TJ"],
    "--absent": ["AM", "Armenia", "UZ"],
    "--chair": ["Putin", "Belarus", "lukashenko", "Пашинян"],
    "--location": ["Minsk", "moscow", "Ереван", "Nowhere"],
    "--country": ["Russia", "KG", "Tajikistan", "Atlantis"],
    "--from": ["2010-01-01", "2022-06-30", "1 May 2019", "12/01/2015", "not a date"],
    "--to": ["2023-12-31", "2015-01-01", "31.12.2021"],
    "--year": ["2023", "2018", "2002"],
    "--tag": ["summit", "video", "ministerial"],
    "--status": ["held", "planned", "Held,cancelled"],
    "--sort": ["date", "id", "bodies", "location", "chair", "status", "title"],
    "-n": ["0", "3", "50"],
    "--fields": ["id,date", "bodies,location,chair", "title"],
}
LIST_ONLY = {"--sort"}

option = st.sampled_from(sorted(VALUES)).flatmap(
    lambda name: st.sampled_from(VALUES[name]).map(lambda value: (name, value))
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    command=st.sampled_from(["list", "search"]),
    options=st.lists(option, max_size=5),
    reverse=st.booleans(),
    output=st.sampled_from(["json", "ndjson", "csv"]),
    words=st.lists(
        st.sampled_from(["minsk", "Mínsk", "security", "council", "ОДКБ"]), min_size=1, max_size=2
    ),  # fmt: skip
    equals=st.booleans(),
)
def test_random_combinations_agree(
    both: Compare,
    command: str,
    options: list[tuple[str, str]],
    reverse: bool,
    output: str,
    words: list[str],
    equals: bool,
) -> None:
    args = [command, *(words if command == "search" else [])]
    for name, value in options:
        if command == "search" and name in LIST_ONLY:
            continue
        args += [f"{name}={value}"] if equals and name.startswith("--") else [name, value]
    if command == "list" and reverse:
        args.append("-r")
    args += ["-o", output]
    fast, slow = both(*args)
    if slow[0] == 0:
        assert_same(fast, slow)
    else:
        assert fast == (None, b"", b"")


# --- the option table is Typer's ---------------------------------------------------------


def _params(command: Any) -> dict[str, Any]:
    return {param.name: param for param in command.params}


def test_every_fast_option_is_typers_with_the_same_names_and_multiplicity() -> None:
    group: Any = typer.main.get_command(app)
    tables = {None: fastpath.GLOBAL_OPTIONS} | dict(fastpath.OPTIONS)
    for command_name, table in tables.items():
        command = group if command_name is None else group.commands[command_name]
        params = _params(command)
        for names, param_name, kind in table:
            param = params[param_name]
            assert sorted(param.opts + param.secondary_opts) == sorted(names), param_name
            assert param.is_flag == (kind == fastpath.FLAG), param_name
            assert param.multiple == (kind in (fastpath.MANY, fastpath.INTS)), param_name
            is_int = isinstance(param.type, IntParamType)
            assert is_int == (kind in (fastpath.INT, fastpath.INTS)), param_name
            assert param.envvar == ("CSTOLOG_DB" if param_name == "db" else None), param_name
        # What the fast path leaves to Typer, on purpose: the other globals (--version,
        # completion),
        # --all (tables only) and the words of search (read as positional arguments).
        left = set(params) - {param for _names, param, _kind in table}
        expected = {
            None: {"version", "install_completion", "show_completion"},
            "list": {"show_all"},
            "search": {"show_all", "text"},
        }
        assert left == expected[command_name]


def test_the_output_choices_include_the_data_formats() -> None:
    from cstolog.readout import DATA_OUTPUTS

    group: Any = typer.main.get_command(app)
    for name in ("list", "search"):
        choices = _params(group.commands[name])["output"].type.choices
        assert set(DATA_OUTPUTS) <= {str(choice) for choice in choices}


# --- real processes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--body", "CSC", "-o", "json"],
        ["search", "Mínsk", "-o", "csv", "--fields", "id,date"],
        ["list", "--from", "2023-13-45", "-o", "json"],
        ["list", "--body", "CSC"],
    ],
    ids=" ".join,
)
def test_the_console_script_with_and_without_the_fast_path(
    sample_db: Path, args: list[str]
) -> None:
    fast = run_cstolog("--db", str(sample_db), *args)
    slow = run_cstolog("--db", str(sample_db), *args, env={"CSTOLOG_NO_FASTPATH": "1"})
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        slow.returncode,
        slow.stdout,
        slow.stderr,
    )

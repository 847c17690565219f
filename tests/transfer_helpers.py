"""Helpers shared by the transfer tests (export, import, extract, round trips)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import AppRunner as CliRunner
from conftest import Result
from cstolog.cli.app import app


def cli_in(store: Path, *args: str, input: bytes | str | None = None) -> Result:
    """cstolog on another store than the ``cli`` fixture's; stdout decoded as is (the
    runner's own text form turns CRLF into LF)."""
    result = run_raw(store, *args, input=input)
    return Result(result.exit_code, result.stdout_bytes.decode(), result.stderr)


def run_raw(store: Path, *args: str, input: bytes | str | None = None) -> Any:
    return CliRunner().invoke(app, ["--db", str(store), *args], input=input, catch_exceptions=False)


def raw_stdout(store: Path, *args: str) -> bytes:
    result = run_raw(store, *args)
    assert result.exit_code == 0, result.stderr
    return bytes(result.stdout_bytes)

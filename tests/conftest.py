"""Shared fixtures: a CLI runner bound to a fresh store, the sample dataset, subprocess runs."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from typer.testing import CliRunner

from cstolog.cli.app import app
from cstolog.domain.reference import sample_dataset_path

REPO = Path(__file__).resolve().parents[1]
SEED_TEXT = REPO.parent / "shared" / "seed-news.txt"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


_build_command = typer.testing._get_command


@functools.cache
def _command_built_once(typer_app: Any) -> Any:
    return _build_command(typer_app)


@pytest.fixture(autouse=True)
def _click_command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer builds the Click command anew for every CliRunner.invoke (about 130 ms, most
    of an in-process command); the suite runs hundreds, so it is built once."""
    monkeypatch.setattr(typer.testing, "_get_command", _command_built_once)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the real user's store or config, or sees a colour setting."""
    monkeypatch.delenv("CSTOLOG_DB", raising=False)
    monkeypatch.setenv("CSTOLOG_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    from cstolog.storage.config import load_config

    load_config.cache_clear()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Path of a store that does not exist yet."""
    return tmp_path / "store" / "meetings.json"


Invoke = Callable[..., Result]


@pytest.fixture
def cli(db: Path) -> Invoke:
    """Run cstolog in-process against the ``db`` store: cli("list", "-o", "json")."""
    runner = CliRunner()

    def invoke(
        *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None
    ) -> Result:
        result = runner.invoke(
            app, ["--db", str(db), *args], input=input, env=env, catch_exceptions=False
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def sample_records() -> list[dict[str, Any]]:
    return list(json.loads(sample_dataset_path().read_text(encoding="utf-8")))


@pytest.fixture
def sample_db(db: Path, cli: Invoke) -> Path:
    """The ``db`` store filled with the bundled sample dataset."""
    result = cli("init", "--sample")
    assert result.exit_code == 0, result.stderr
    return db


SEED_MEETINGS = [
    [
        "--date",
        "13 November 2023",
        "--body",
        "CCC",
        "--location",
        "Moscow",
        "--title",
        "XVI meeting of the Council of the CCC",
        "--number",
        "XVI",
    ],
    [
        "--date",
        "22.11.2023",
        "--body",
        "CFM,CMD",
        "--body",
        "Committee of Secretaries of Security Councils",
        "--location",
        "Minsk",
        "--absent",
        "Republic of Armenia",
    ],
    [
        "--date",
        "Nov 23, 2023",
        "--body",
        "Collective Security Council",
        "--location",
        "Minsk",
        "--format",
        "narrow",
        "--chair",
        "Alexander Lukashenko",
        "--chair-state",
        "Belarus",
        "--absent",
        "AM",
    ],
]


@pytest.fixture
def seed_db(cli: Invoke, db: Path) -> Path:
    """The ``db`` store holding the seed's three meetings, added as a user would."""
    for args in SEED_MEETINGS:
        result = cli("add", *args)
        assert result.exit_code == 0, result.stderr
    return db


def run_cstolog(
    *args: str, env: dict[str, str] | None = None, input: bytes | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """Run cstolog as a real process (``python -m cstolog``)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cstolog", *args],
        env=full_env,
        input=input,
        capture_output=True,
        timeout=timeout,
    )


@pytest.fixture
def run() -> Iterator[Callable[..., subprocess.CompletedProcess[bytes]]]:
    yield run_cstolog

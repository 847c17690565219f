"""Shared fixtures: a CLI runner bound to a fresh store, the sample dataset, subprocess runs."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner
from typer.testing import Result as TyperResult

from cstolog.cli.app import app
from cstolog.domain.model import Meeting, meeting_from_doc
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


@functools.cache
def _click_command(typer_app: Any) -> Any:
    return typer.main.get_command(typer_app)


class AppRunner(CliRunner):
    """Typer's CliRunner, with the Click command of the app built once.

    Typer's own ``invoke`` builds the command anew every time (about 130 ms, most of an
    in-process command); the suite runs hundreds. This runs the built command in the
    runner's public ``isolation()`` as ``invoke`` does."""

    def invoke(  # type: ignore[override]
        self,
        app: Any,
        args: Sequence[str] | None = None,
        input: str | bytes | None = None,
        env: Mapping[str, str | None] | None = None,
        catch_exceptions: bool = True,
        color: bool = False,
    ) -> TyperResult:
        command = _click_command(app)
        exception: BaseException | None = None
        with self.isolation(input=input, env=env, color=color) as streams:
            exit_code = 0
            try:
                command.main(args=list(args or ()), prog_name="cstolog")
            except SystemExit as exc:
                code = exc.code
                exit_code = code if isinstance(code, int) else 0 if code is None else 1
                exception = exc if exit_code else None
            except Exception as exc:
                if not catch_exceptions:
                    raise
                exception, exit_code = exc, 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            out, err, both = (s.getvalue() for s in streams)
        return TyperResult(self, out, err, both, None, exit_code, exception)


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
    runner = AppRunner()

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
def sample_meetings(sample_records: list[dict[str, Any]]) -> list[Meeting]:
    """The bundled sample dataset as the code sees it (typed, immutable meetings)."""
    return [meeting_from_doc(record) for record in sample_records]


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


def fake_editor(tmp_path: Path, *replies: tuple[str, str]) -> str:
    """An $EDITOR that, on its n-th call, replaces replies[n][0] by replies[n][1] (and,
    on its second call, checks that the error of the first is on top)."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        f"replies = {list(replies)!r}\n"
        f"count = pathlib.Path({str(tmp_path / 'calls')!r})\n"
        "n = int(count.read_text()) if count.exists() else 0\n"
        "count.write_text(str(n + 1))\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "text = path.read_text()\n"
        "if n == 1: assert text.startswith('// '), text  # the error is on top\n"
        "path.write_text(text.replace(*replies[n]))\n"
    )
    return f"{sys.executable} {script}"

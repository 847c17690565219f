"""cstolog as a real process: module entry, console script, terminal prompts, colour."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cstolog


def test_python_dash_m_and_version() -> None:
    result = run_cstolog("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("cstolog ")
    assert result.stderr == b""


def test_console_script_is_installed() -> None:
    script = shutil.which("cstolog", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "--help"], capture_output=True, timeout=60)
    assert result.returncode == 0 and b"Usage: cstolog" in result.stdout


def _run_on_terminal(args: list[str], answers: list[bytes], env: dict[str, str]) -> str:
    """Run cstolog with stdin and stdout on a pseudo-terminal, typing ``answers``."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execve(sys.executable, [sys.executable, "-m", "cstolog", *args], env)
    output = b""
    deadline = time.monotonic() + 30
    pending = list(answers)
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if pending and output.rstrip().endswith(b":"):
            os.write(fd, pending.pop(0) + b"\n")
    os.waitpid(pid, 0)
    return output.decode(errors="replace")


@pytest.mark.slow
def test_add_prompts_for_missing_fields_on_a_terminal(tmp_path: Path) -> None:
    db = tmp_path / "m.json"
    env = {**os.environ, "CSTOLOG_DB": str(db), "CSTOLOG_CONFIG": str(tmp_path / "none.toml")}
    screen = _run_on_terminal(["add", "--location", "Minsk"], [b"23.11.2023", b"CSC"], env)
    assert "Date" in screen and "Body" in screen
    assert "2023-11-23-csc-minsk" in screen
    assert db.exists()


def test_off_a_terminal_missing_fields_are_an_error(tmp_path: Path) -> None:
    result = run_cstolog("--db", str(tmp_path / "m.json"), "add", "--location", "Minsk")
    assert result.returncode == 1
    assert b"--date and --body required" in result.stderr
    assert not (tmp_path / "m.json").exists()


def test_no_color_and_pipes_give_plain_tables(tmp_path: Path) -> None:
    db = str(tmp_path / "m.json")
    assert (
        run_cstolog(
            "--db", db, "add", "--date", "2023-11-23", "--body", "CSC", "--absent", "AM"
        ).returncode
        == 0
    )
    forced = run_cstolog("--db", db, "list", env={"FORCE_COLOR": "1"})
    assert b"\x1b[" in forced.stdout  # colour when forced to act as a terminal
    plain = run_cstolog("--db", db, "list", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert b"\x1b[3" not in plain.stdout  # NO_COLOR: no colours
    piped = run_cstolog("--db", db, "list")
    assert b"\x1b" not in piped.stdout

"""Shell completion, through Click's protocol: the shell's script sets _CSTOLOG_COMPLETE and
the words typed so far, and reads the candidates from stdout. A candidate of several words
must reach the command line as one argument."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AppRunner, Invoke
from cstolog.cli.app import app

RUNNER = AppRunner()


def complete(shell: str, words: str, db: Path) -> list[str]:
    """What cstolog answers to the shell's completion script for ``words`` (the last one
    being completed), as the script of ``--install-completion`` asks."""
    line = f"cstolog --db {db} {words}"
    if shell == "bash":
        env = {
            "_CSTOLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split()) - (0 if line.endswith(" ") else 1)),
        }
    else:
        env = {"_CSTOLOG_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"  # fish's script asks this way
    result = RUNNER.invoke(app, [], env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_bash_gets_a_multi_word_name_as_one_escaped_word(sample_db: Path) -> None:
    found = complete("bash", "who-attended --person Alexander", sample_db)
    assert "Alexander\\ Lukashenko" in found
    for candidate in found:  # what bash puts on the command line is one argument
        assert len(shlex.split(candidate)) == 1
    assert shlex.split("Alexander\\ Lukashenko") == ["Alexander Lukashenko"]


def test_bash_escapes_what_the_shell_would_read(sample_db: Path, cli: Invoke) -> None:
    """A quote or a bracket in a stored name is escaped too, never left to the shell."""
    added = cli(
        "add", "--date", "2024-03-01", "--body", "CSC", "--chair", "Jean-Luc O'Brien (acting)"
    )
    assert added.exit_code == 0, added.stderr
    found = complete("bash", "who-attended --person Jean", sample_db)
    assert found == ["Jean-Luc\\ O\\'Brien\\ \\(acting\\)"]
    assert shlex.split(found[0]) == ["Jean-Luc O'Brien (acting)"]


def test_zsh_and_fish_get_the_name_as_it_is(sample_db: Path) -> None:
    """zsh and fish quote what they insert: the candidate carries no escapes."""
    assert "Alexander Lukashenko" in complete("fish", "who-attended --person Alexander", sample_db)
    zsh = "\n".join(complete("zsh", "who-attended --person Alexander", sample_db))
    assert '"Alexander Lukashenko"' in zsh


def test_completion_reads_the_store_given_with_db(sample_db: Path) -> None:
    found = complete("bash", "show 2023-11-2", sample_db)
    assert "2023-11-23-csc-minsk" in found


def test_codes_and_ids_are_left_as_they_are(sample_db: Path) -> None:
    assert "CSC" in complete("bash", "list --body CS", sample_db)
    assert complete("bash", "list --state Kaz", sample_db) == ["Kazakhstan"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_real_bash_puts_one_argument_on_the_line(sample_db: Path, tmp_path: Path) -> None:
    """The script of --show-completion, run by bash: the completed word, read back by
    bash as the command line it becomes, is one argument."""
    shown = subprocess.run(
        [sys.executable, "-m", "cstolog", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        # Typer's switch that makes --show-completion take the shell's name rather than
        # guess it from the parent process (CI has no interactive shell to find).
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert shown.returncode == 0, shown.stderr
    script = shown.stdout
    assert "_CSTOLOG_COMPLETE" in script
    launcher = tmp_path / "cstolog"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cstolog "$@"\n')
    launcher.chmod(0o755)
    test = (
        f"{script}\n"
        f"COMP_WORDS=(cstolog --db {shlex.quote(str(sample_db))} who-attended --person Alexander)\n"
        "COMP_CWORD=5\n"
        f"_cstolog_completion {shlex.quote(str(launcher))}\n"
        'eval "set -- ${COMPREPLY[0]}"\n'
        'printf "%s|%s\\n" "$#" "$1"\n'
    )
    done = subprocess.run(["bash", "--norc", "-c", test], capture_output=True, text=True)
    assert done.stdout.strip() == "1|Alexander Lukashenko", done.stderr

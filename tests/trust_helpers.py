"""Helpers shared by the trust tests (tests/test_trust_*.py, test_store*.py, test_journal.py)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
import typer.testing


@pytest.fixture(autouse=True)
def fast_cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Build the Click command of the Typer app once, not at every CliRunner.invoke:
    the rebuild costs ~60 ms a call, which hundreds of in-process calls add up to.
    (Import this fixture into a test module to use it.)"""
    monkeypatch.setattr(typer.testing, "_get_command", _cached_command)
    yield


@functools.cache
def _cached_command(app: Any) -> Any:
    return typer.main.get_command(app)

"""Russian news text through the real CLI: --lang, and extract -o json read back by import."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Invoke

TEXT = (
    "23 ноября 2023 года в Минске под председательством Александра Лукашенко состоялась "
    "сессия Совета коллективной безопасности ОДКБ (за исключением Армении).\n"
)


def test_extract_russian_and_force_the_language(cli: Invoke, tmp_path: Path) -> None:
    news = tmp_path / "ru.txt"
    news.write_text(TEXT, encoding="utf-8")
    result = cli("extract", str(news), "-o", "json")
    assert result.exit_code == 0, result.stderr
    (draft,) = json.loads(result.stdout)
    assert (draft["date"], draft["bodies"], draft["location"]) == ("2023-11-23", ["CSC"], "Minsk")
    assert draft["rules"]["location"] == ["ru.location.in-city"]
    assert json.loads(cli("extract", str(news), "--lang", "en", "-o", "json").stdout) == []
    refused = cli("extract", str(news), "--lang", "xx")
    assert refused.exit_code == 1
    assert refused.stderr.strip().count("\n") == 0 and "unknown language" in refused.stderr


def test_extract_output_imports_as_it_is(cli: Invoke, tmp_path: Path) -> None:
    news = tmp_path / "ru.txt"
    news.write_text(TEXT, encoding="utf-8")
    drafts = tmp_path / "drafts.json"
    drafts.write_text(cli("extract", str(news), "-o", "json").stdout, encoding="utf-8")
    assert cli("init").exit_code == 0
    result = cli("import", str(drafts))
    assert result.exit_code == 0, result.stderr
    (stored,) = json.loads(cli("list", "-o", "json").stdout)
    assert stored["bodies"] == ["CSC"] and stored["absent"] == ["AM"]
    assert stored["notes"].startswith("Extracted from drafts.json:")

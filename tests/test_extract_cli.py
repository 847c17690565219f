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


PAGE = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<title>Сессия СКБ ОДКБ</title>
<link rel="canonical" href="https://example.org/news/skb-minsk">
<meta property="article:published_time" content="2023-11-23T12:00:00+03:00">
</head><body>
<nav><ul><li><a href="/">Главная</a></li><li><a href="/news">Новости</a></li>
<li><a href="/x">Заседание СМИД ОДКБ пройдет 1 июня в Ереване</a></li></ul></nav>
<article><h1>Сессия СКБ ОДКБ в Минске</h1>
<p>Сегодня в Минске под председательством Александра Лукашенко состоялась сессия Совета
коллективной безопасности Организации Договора о коллективной безопасности. Главы государств
обсудили вопросы региональной безопасности и приняли ряд документов, касающихся развития
организации и ее миротворческого потенциала.</p>
<p>Армения не приняла участия в заседании. Лидеры сначала встретились в узком составе, а
затем продолжили работу в расширенном составе с участием делегаций.</p>
</article>
<footer>© Новости, 2023. Все права защищены.</footer>
</body></html>
"""


def test_html_page_main_text_date_and_address(cli: Invoke, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = cli("extract", str(page), "-o", "json")
    assert result.exit_code == 0, result.stderr
    (draft,) = json.loads(result.stdout)
    # the page's date resolves "сегодня"; the menu's other meeting is no draft
    assert draft["date"] == "2023-11-23"
    assert draft["bodies"] == ["CSC"] and draft["location"] == "Minsk"
    assert draft["absent"] == ["AM"] and draft["formats"] == ["narrow", "extended"]
    assert draft["sources"][0] == "https://example.org/news/skb-minsk"
    # --ref-date wins over the page's date
    later = json.loads(cli("extract", str(page), "--ref-date", "2023-11-24", "-o", "json").stdout)
    assert later[0]["date"] == "2023-11-24"


def test_import_an_html_page(cli: Invoke, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert cli("init").exit_code == 0
    result = cli("import", str(page), "--yes")
    assert result.exit_code == 0, result.stderr
    (stored,) = json.loads(cli("list", "-o", "json").stdout)
    assert (stored["date"], stored["bodies"], stored["location"]) == (
        "2023-11-23",
        ["CSC"],
        "Minsk",
    )
    assert stored["sources"][0] == "https://example.org/news/skb-minsk"

"""Russian news text through the real CLI: --lang, and extract -o json read back by import."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

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


def _one_draft(cli: Invoke, page: Path, html: str) -> dict[str, Any]:
    """``extract -o json`` of a saved page that reports one meeting."""
    page.write_text(html, encoding="utf-8")
    result = cli("extract", str(page), "-o", "json")
    assert result.exit_code == 0, result.stderr
    (draft,) = json.loads(result.stdout)
    return dict(draft)


def test_html_page_main_text_date_and_address(cli: Invoke, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    draft = _one_draft(cli, page, PAGE)
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


@pytest.fixture
def server() -> Iterator[str]:
    """Saved pages served from 127.0.0.1 (never the network)."""

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the handler's name
            if self.path == "/page":
                body, kind = PAGE.encode(), "text/html; charset=utf-8"
            elif self.path == "/image":
                body, kind = b"\x89PNG", "image/png"
            elif self.path == "/big":
                body, kind = b"<html>" + b"x" * (6 * 1024 * 1024), "text/html"
            elif self.path.startswith("/loop"):
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
                return
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up on a page over the size cap, as it should

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_extract_from_a_url(cli: Invoke, server: str) -> None:
    result = cli("extract", f"{server}/page", "-o", "json")
    assert result.exit_code == 0, result.stderr
    (draft,) = json.loads(result.stdout)
    assert draft["bodies"] == ["CSC"] and draft["date"] == "2023-11-23"
    assert draft["sources"][0] == "https://example.org/news/skb-minsk"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/image", "not a web page"),
        ("/big", "larger than"),
        ("/loop", "redirects"),
        ("/missing", "answered 404"),
    ],
)
def test_fetch_failures_are_one_line(cli: Invoke, server: str, path: str, message: str) -> None:
    result = cli("extract", f"{server}{path}")
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.strip().count("\n") == 0
    assert result.stdout == ""


NEWS_PAGE = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<title>Министры обороны ОДКБ собрались в Бишкеке</title>
<meta property="article:published_time" content="2024-10-28T16:40:00+03:00">
</head><body>
<header><ul><li><a href="/">Главная</a></li><li><a href="/politics">Политика</a></li></ul>
<div class="ticker">15:20 Заседание СМИД ОДКБ пройдет 2 декабря в Москве</div></header>
<article>
<h1>Министры обороны ОДКБ собрались в Бишкеке</h1>
<time datetime="2024-10-28">28 октября 2024</time>
<p>БИШКЕК, 28 октября. /ТАСС/. Министры обороны государств — членов Организации Договора о
коллективной безопасности провели в понедельник заседание в киргизской столице. Переговоры
прошли сначала в узком, а затем в расширенном составе.</p>
<p>Министр обороны Армении не принял участия в заседании. Министры утвердили план
совместной подготовки органов управления и формирований на следующий год.</p>
</article>
<aside><h3>Читайте также</h3><ul>
<li><a href="/a">Сессия СКБ ОДКБ пройдет 28 ноября в Астане</a></li></ul></aside>
<footer>© ТАСС, 2024</footer>
</body></html>
"""


def test_russian_news_page_end_to_end(cli: Invoke, tmp_path: Path) -> None:
    draft = _one_draft(cli, tmp_path / "cmd.html", NEWS_PAGE)
    # the page's date gives the dateline its year; the ticker and the sidebar are no drafts
    assert draft["date"] == "2024-10-28"
    assert draft["bodies"] == ["CMD"] and draft["location"] == "Bishkek"
    assert draft["formats"] == ["narrow", "extended"] and draft["absent"] == ["AM"]

"""Russian news text through the real CLI: --lang, and extract -o json read back by import."""

from __future__ import annotations

import json
import socket
import threading
import time
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
            elif self.path == "/cp1251":  # the charset only in the HTTP header
                body, kind = (
                    NEWS_PAGE.replace(' charset="utf-8"', "").encode("cp1251"),
                    ("text/html; charset=windows-1251"),
                )
            elif self.path == "/image":
                body, kind = b"\x89PNG", "image/png"
            elif self.path == "/big":
                body, kind = b"<html>" + b"x" * (6 * 1024 * 1024), "text/html"
            elif self.path == "/slow":
                time.sleep(1.0)  # past the test's shortened timeout
                body, kind = PAGE.encode(), "text/html"
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


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    import cstolog.extract.fetch as fetch

    monkeypatch.setattr(fetch, "TIMEOUT_S", 0.3)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens there once it is closed


@pytest.mark.parametrize("command", [("extract",), ("import", "--yes")])
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/image", "not a web page (content type image/png)"),
        ("/big", "page larger than 5 MB"),
        ("/loop", "more than 5 redirects"),
        ("/missing", "the server answered 404"),
        ("/slow", "no answer within 0.3 s"),
    ],
)
def test_fetch_failures_are_one_line_with_their_own_exit_code(
    cli: Invoke,
    db: Path,
    server: str,
    short_timeout: None,
    command: tuple[str, ...],
    path: str,
    message: str,
) -> None:
    result = cli(*command, f"{server}{path}")
    assert result.exit_code == 9, result.stderr  # ExitCode.FETCH_FAILED
    assert message in result.stderr and result.stderr.strip().count("\n") == 0
    assert result.stdout == ""
    assert not db.exists()


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


def test_nothing_listening_is_a_fetch_failure(cli: Invoke) -> None:
    result = cli("import", f"http://127.0.0.1:{_closed_port()}/page", "--yes")
    assert result.exit_code == 9
    assert "cannot fetch" in result.stderr and result.stderr.strip().count("\n") == 0


def test_an_address_without_a_host_is_invalid_input(cli: Invoke) -> None:
    result = cli("extract", "http:///page")
    assert result.exit_code == 1
    assert "not an http(s) address" in result.stderr


def test_import_from_a_url(cli: Invoke, server: str) -> None:
    # Issue 11 item 4: import takes a URL as extract does; the page is the source.
    assert cli("init").exit_code == 0
    result = cli("import", f"{server}/page", "--yes", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["ids"]["added"] == ["2023-11-23-csc-minsk"]
    (stored,) = json.loads(cli("list", "-o", "json").stdout)
    assert stored["sources"] == ["https://example.org/news/skb-minsk"]
    assert stored["notes"].startswith(f"Extracted from {server}/page: ")
    assert stored["absent"] == ["AM"] and stored["formats"] == ["narrow", "extended"]


def test_import_from_a_url_needs_a_look_off_a_terminal(cli: Invoke, db: Path, server: str) -> None:
    result = cli("import", f"{server}/page")
    assert result.exit_code == 1 and "pass --yes" in result.stderr
    assert not db.exists()


def test_a_url_is_read_as_a_news_page_only(cli: Invoke, server: str) -> None:
    result = cli("import", f"{server}/page", "--input-format", "json", "--yes")
    assert result.exit_code == 1
    assert "read as a news page" in result.stderr


def test_extract_fix_by_hand_import(cli: Invoke, tmp_path: Path, server: str) -> None:
    """The whole round trip: extract a page, correct a field by hand, import the file."""
    drafts = json.loads(cli("extract", f"{server}/page", "-o", "json").stdout)
    drafts[0]["venue"] = "Palace of Independence"  # what the person adds by hand
    drafts[0]["formats"] = ["extended"]  # and corrects
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(drafts, ensure_ascii=False), encoding="utf-8")
    assert cli("init").exit_code == 0
    result = cli("import", str(fixed))
    assert result.exit_code == 0, result.stderr
    (stored,) = json.loads(cli("list", "-o", "json").stdout)
    assert stored["venue"] == "Palace of Independence" and stored["formats"] == ["extended"]
    assert stored["sources"] == ["https://example.org/news/skb-minsk"]
    assert "evidence" not in stored and stored["notes"].startswith("Extracted from fixed.json:")


def test_a_windows_1251_page_is_read_in_its_declared_charset(cli: Invoke, tmp_path: Path) -> None:
    # Many Russian sites still serve windows-1251 and say so in a meta tag.
    html = NEWS_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    page = tmp_path / "cp1251.html"
    page.write_bytes(html.encode("cp1251"))
    result = cli("extract", str(page), "-o", "json")
    assert result.exit_code == 0, result.stderr
    (draft,) = json.loads(result.stdout)
    assert draft["bodies"] == ["CMD"] and draft["location"] == "Bishkek"


def test_a_page_charset_from_the_server_header(cli: Invoke, server: str) -> None:
    result = cli("extract", f"{server}/cp1251", "-o", "json")
    assert result.exit_code == 0, result.stderr
    (draft,) = json.loads(result.stdout)
    assert draft["bodies"] == ["CMD"] and draft["date"] == "2024-10-28"


def test_a_page_that_is_not_in_its_declared_charset_is_refused(cli: Invoke, tmp_path: Path) -> None:
    page = tmp_path / "liar.html"
    page.write_bytes(b'<html><head><meta charset="utf-8"></head><body>\xcc\xe8\xed</body></html>')
    result = cli("extract", str(page))
    assert result.exit_code == 1
    assert "invalid UTF-8" in result.stderr and result.stderr.count("\n") == 1
    bogus = tmp_path / "bogus.html"
    bogus.write_bytes(b'<html><head><meta charset="klingon-8"></head><body>x</body></html>')
    result = cli("extract", str(bogus))
    assert result.exit_code == 1 and "unknown charset 'klingon-8'" in result.stderr

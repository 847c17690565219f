"""report --html: one self-contained page; record text escaped; and, in a real headless
chromium, no console errors, one matrix cell per state and meeting, a working search box
and a screenshot that is not blank."""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke
from cstolog.domain.model import meeting_from_doc
from cstolog.domain.reference import load_chairmanships, load_reference
from cstolog.domain.status import is_unconfirmed
from cstolog.formats.html import html_report
from test_trust_hostile import HOSTILE, hostile_record

# HTML-shaped payloads on top of the trust tests' hostile text (markup, escapes, bidi).
HTML_ATTACKS = (
    '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    "\"'><svg onload=alert(1)> </td></tr></table> <!-- &amp; &lt;b&gt;"
)


class Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def hostile_records() -> list[dict[str, Any]]:
    record = hostile_record()
    record["title"] = f"{HOSTILE} {HTML_ATTACKS}"
    record["notes"] = HTML_ATTACKS
    record["chair"] = HTML_ATTACKS
    record["location"] = f"Minsk{HTML_ATTACKS}"
    record["sources"] = [
        "javascript:alert(1)",
        'https://example.org/"><script>window.pwned=3</script>',
        "https://example.org/fine",
        *record["sources"],
    ]
    record["attended"] = ["BY"]
    record["absent"] = ["AM"]
    return [record]


@pytest.fixture
def hostile_page(db: Path, cli: Invoke, tmp_path: Path) -> Path:
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(hostile_records()))
    assert cli("add", "--from-json", str(source)).exit_code == 0
    out = tmp_path / "hostile.html"
    result = cli("report", "--html", str(out))
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture
def sample_page(
    sample_db: Path, cli: Invoke, tmp_path: Path, sample_records: list[dict[str, Any]]
) -> Path:
    out = tmp_path / "report.html"
    result = cli("report", "--html", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"{len(sample_records)} meetings" in result.stderr
    return out


def test_the_page_is_self_contained(sample_page: Path) -> None:
    page = sample_page.read_text(encoding="utf-8")
    tags = tags_of(page)
    names = [t for t, _ in tags]
    assert "link" not in names and "img" not in names and "iframe" not in names
    assert names.count("script") == 1 and names.count("style") == 1
    assert all("src" not in attrs for _, attrs in tags)
    # The only addresses are the records' sources, as links; nothing is loaded.
    hrefs = [a["href"] for t, a in tags if t == "a" and a.get("href")]
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs)
    csp = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv"))
    assert csp is not None and "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_the_page_holds_every_section(sample_page: Path, sample_records: list[Any]) -> None:
    page = sample_page.read_text(encoding="utf-8")
    for heading in ("Summary", "Attendance matrix", "Chairmanship by year", "Timeline",
                    "Meetings per body and year", "Meetings"):  # fmt: skip
        assert f">{heading}</h2>" in page
    tags = tags_of(page)
    rows = [a for t, a in tags if t == "tr" and (a.get("id") or "").startswith("m-")]
    assert len(rows) == len(sample_records)
    assert sum(t == "svg" and a.get("role") == "img" for t, a in tags) == 2
    assert "⚑ departure" in page
    assert any(t == "label" and a.get("for") == "meeting-search" for t, a in tags)
    assert "@media print" in page


def test_record_text_cannot_add_markup_or_script(hostile_page: Path) -> None:
    page = hostile_page.read_text(encoding="utf-8")
    tags = tags_of(page)
    names = [t for t, _ in tags]
    assert names.count("script") == 1 and "img" not in names
    assert names.count("svg") == 3  # two charts and the legend swatch of the one body
    for _, attrs in tags:
        assert not [k for k in attrs if k.startswith("on")], attrs
    hrefs = [a.get("href") or "" for t, a in tags if t == "a"]
    assert not [h for h in hrefs if "javascript" in h.lower()]
    # A quote in an address stays inside the attribute (the parser above unescaped it).
    assert 'href="https://example.org/&quot;&gt;&lt;script&gt;window.pwned=3' in page
    assert "https://example.org/fine" in hrefs
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "\x1b" not in page and "\u202e" not in page  # shown as visible escapes
    assert "\\x1b[38;5;196mLEAK-SGR" in page and "\\u202e" in page
    assert "[link=https://evil.example]click[/link]" in page  # brackets as typed


def test_filters_choose_the_meetings(sample_db: Path, cli: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "csc.html"
    assert cli("report", "--html", str(out), "--body", "CSC", "--from", "2020-01-01").exit_code == 0
    expected = cli("list", "--body", "CSC", "--from", "2020-01-01", "--all", "-o", "json").json()
    rows = [a for t, a in tags_of(out.read_text()) if t == "tr" and (a.get("id") or "")[:2] == "m-"]
    assert [r["id"] for r in rows] == [f"m-{r['id']}" for r in expected]


def test_a_missing_folder_or_store_is_a_clear_error(cli: Invoke, tmp_path: Path) -> None:
    result = cli("report", "--html", str(tmp_path / "r.html"))
    assert result.exit_code == 3 and "no store" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_an_empty_selection_still_makes_a_page() -> None:
    page = html_report([], load_reference(), load_chairmanships())
    assert "0 meetings" in page and page.count("<script>") == 1


# --- in a real browser ---------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,1600",
)  # fmt: skip


def _no_browser_reason() -> str | None:
    if CHROMIUM is None or DRIVER is None:
        return "no chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser: Any, page: Path) -> list[dict[str, Any]]:
    """Load the page; the console messages it logged."""
    browser.get_log("browser")  # drop what an earlier page left
    browser.get(page.as_uri())
    logs: list[dict[str, Any]] = browser.get_log("browser")
    return logs


def png_colours(png: bytes) -> int:
    """How many different byte values the image's pixel rows hold (1-2 for a blank one)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        if kind == b"IDAT":
            idat += png[position + 8 : position + 8 + length]
        position += 12 + length
    return len(set(zlib.decompress(idat)))


@pytest.mark.slow
@pytest.mark.skipif(_no_browser_reason() is not None, reason=str(_no_browser_reason()))
def test_in_chromium_the_page_loads_clean_and_works(
    browser: Any, sample_page: Path, sample_records: list[Any]
) -> None:
    from selenium.webdriver.common.by import By

    logs = open_page(browser, sample_page)
    assert [entry for entry in logs if entry["level"] in ("SEVERE", "WARNING")] == []
    ref = load_reference()
    # The matrix leaves out planned meetings whose day has passed (unconfirmed).
    shown = [r for r in sample_records if not is_unconfirmed(meeting_from_doc(r))]
    meetings = browser.find_elements(By.CSS_SELECTOR, "#matrix thead th")
    assert len(meetings) == len(shown) + 1  # and the corner header
    states = browser.find_elements(By.CSS_SELECTOR, "#matrix tbody tr")
    members = {s.code for s in ref.states if any(s.is_member_on(r["date"]) for r in shown)}
    assert len(states) == len(members)
    # One round trip each (a WebDriver call per cell takes seconds on a large matrix).
    pairs = browser.execute_script(
        "return Array.from(document.querySelectorAll('#matrix tbody td'),"
        " c => [c.dataset.state, c.dataset.meeting, c.querySelector('[title]').title]);"
    )
    assert len(pairs) == len(members) * len(shown)
    assert {(s, m) for s, m, _ in pairs} == {(s, r["id"]) for s in members for r in shown}
    assert all(
        m in title and ("source: " in title or "no source" in title) for _, m, title in pairs
    )

    def shown() -> int:
        visible: int = browser.execute_script(
            "return Array.from(document.querySelectorAll('#meetings tbody tr'))"
            ".filter(r => r.offsetParent !== null).length;"
        )
        return visible

    rows = browser.find_elements(By.CSS_SELECTOR, "#meetings tbody tr")
    assert len(rows) == len(sample_records) and shown() == len(sample_records)
    status = browser.find_element(By.ID, "search-status")
    assert status.text == f"{len(sample_records)} of {len(sample_records)} meetings shown"
    box = browser.find_element(By.ID, "meeting-search")
    box.send_keys("2023-11-23")
    expected = [r for r in sample_records if r["date"] == "2023-11-23"]
    assert shown() == len(expected) >= 1
    assert status.text == f"{len(expected)} of {len(sample_records)} meetings shown"
    box.clear()
    box.send_keys("no such words anywhere")
    assert shown() == 0
    box.clear()
    box.send_keys(" ")  # an input event with no words: everything again
    assert shown() == len(sample_records)

    assert png_colours(browser.get_screenshot_as_png()) > 20


@pytest.mark.slow
@pytest.mark.skipif(_no_browser_reason() is not None, reason=str(_no_browser_reason()))
def test_in_chromium_hostile_text_runs_nothing(browser: Any, hostile_page: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    logs = open_page(browser, hostile_page)
    assert [entry for entry in logs if entry["level"] == "SEVERE"] == []
    assert browser.execute_script("return window.pwned === undefined") is True
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.find_elements(By.CSS_SELECTOR, "img, [onerror], [onload]") == []
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    title = browser.find_element(By.CSS_SELECTOR, "#meetings tbody td.pre").text
    assert "<script>window.pwned = 1</script>" in title  # shown as text

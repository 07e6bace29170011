"""The dashboard in a real browser: headless Chromium loads it from disk (file://), offline.

Asserts the rendered page shows the status's numbers, that the language switch, the filters, the
URL-hash options and the keyboard work, that nothing is logged to the console and nothing is
fetched, and saves screenshots (desktop 1280 px, phone 390 px) to test-artifacts/ for people.
Chromium missing fails the test with what to do; KPU_SKIP_BROWSER=1 skips it on purpose.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from publisher import dashboard
from tests.browser import Browser, Page, find_chromium
from tests.test_dashboard import render, sample_status
from tests.test_report_status import built, real_config, troubled  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
VISIBLE_OFFICES = "[...document.querySelectorAll('tbody[data-office]:not([hidden]) .oname')]"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if os.environ.get("KPU_SKIP_BROWSER") == "1":
        pytest.skip("KPU_SKIP_BROWSER=1: the browser tests are switched off")
    executable = find_chromium()
    if executable is None:
        pytest.fail(
            "Chromium is not installed (/usr/bin/chromium, or set KPU_CHROMIUM): install it with "
            "`apt-get install -y chromium`, or set KPU_SKIP_BROWSER=1 to skip the browser tests",
            pytrace=False,
        )
    with Browser(executable) as running:
        yield running


@pytest.fixture(scope="module")
def status() -> dict[str, Any]:
    return sample_status()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory, status: dict[str, Any]) -> Path:
    path = tmp_path_factory.mktemp("dashboard") / "dashboard.html"
    path.write_text(render(status), encoding="utf-8")
    return path


def open_page(browser: Browser, path: Path, hash_: str = "", **size: Any) -> Page:
    page = browser.page(**size)
    page.goto(path.as_uri() + hash_)
    page.wait_for("document.documentElement.dataset.ready === '1'")
    return page


def visible(page: Page) -> list[str]:
    names: list[str] = page.evaluate(f"{VISIBLE_OFFICES}.map(e => e.textContent)")
    return names


def clean(page: Page) -> None:
    """Nothing in the console, nothing fetched but the file itself."""
    assert page.errors() == []
    assert {url.split("#")[0] for url in page.requests()} <= {
        page.evaluate("location.href.split('#')[0]")
    }


def test_renders_the_numbers(browser: Browser, page_file: Path, status: dict[str, Any]) -> None:
    page = open_page(browser, page_file)
    totals = status["totals"]
    assert page.text("[data-testid=total-pdf]") == dashboard.number(
        totals["documents"]["pdf"], "id"
    )
    assert page.text("[data-testid=total-pdf]") == "2.132"
    assert page.text("[data-testid=total-ready]") == str(totals["ready"])
    sumbar = next(p for p in status["provinces"] if p["kode"] == "13")
    assert page.text("[data-testid=prov-13-ready]") == str(sumbar["totals"]["ready"])
    first = page.text("[data-testid=rank-row]")
    assert status["ranking"][0]["nama"] in first and "1.397" in first
    embedded = page.evaluate("JSON.stringify(window.kpuDashboard.status)")
    assert json.loads(embedded) == status
    assert page.evaluate("document.documentElement.lang") == "id"
    clean(page)


def test_language_switch(browser: Browser, page_file: Path) -> None:
    page = open_page(browser, page_file)
    page.click("[data-lang=en]")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.text("h1") == "Digitising the 2019 Election Results"
    assert page.evaluate("document.title") == "Digitising the 2019 Election Results"
    assert page.text("[data-testid=total-documents]") == "2,162"
    assert page.text("[data-testid=shown]") == "Showing 8 of 8 offices"
    assert page.evaluate("document.getElementById('f-q').placeholder") == "Office name or code"
    assert page.evaluate("location.hash") == "#lang=en"
    assert page.evaluate("document.querySelector('[data-lang=en]').ariaPressed") == "true"
    page.click("[data-lang=id]")
    assert page.text("[data-testid=total-documents]") == "2.162"
    assert page.text("h1") == "Digitalisasi Hasil Pemilu 2019"
    clean(page)


def test_filters(browser: Browser, page_file: Path) -> None:
    page = open_page(browser, page_file)
    page.evaluate(
        "(s => { s.value = '13'; s.dispatchEvent(new Event('change')); })"
        "(document.getElementById('f-prov'))"
    )
    assert len(visible(page)) == 4
    assert page.text("[data-testid=shown]") == "4 dari 8 kantor ditampilkan"
    page.evaluate(
        "(s => { s.value = 'invalid'; s.dispatchEvent(new Event('change')); })"
        "(document.getElementById('f-status'))"
    )
    assert visible(page) == ["KPU Kabupaten Sijunjung"]
    assert page.evaluate("location.hash") == "#prov=13&status=invalid"
    page.click("button[type=reset]")
    assert len(visible(page)) == 8
    page.click("#f-q")
    page.type("singkawang")
    assert visible(page) == ["KPU Kota Singkawang"]
    page.type("zzz")
    assert visible(page) == []
    assert page.evaluate("document.getElementById('no-match').hidden") is False
    clean(page)


def test_hash_options(browser: Browser, page_file: Path) -> None:
    page = open_page(browser, page_file, "#lang=en&prov=61&status=invalid")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert visible(page) == ["KPU Kabupaten Kubu Raya"]
    assert page.evaluate("document.getElementById('f-prov').value") == "61"
    assert page.text("[data-testid=shown]") == "Showing 1 of 8 offices"
    # the problem list follows the same filter
    problems = page.evaluate(
        "[...document.querySelectorAll('details.office-probs:not([hidden])')].length"
    )
    assert problems == 1
    clean(page)


def test_keyboard_and_province_link(browser: Browser, page_file: Path) -> None:
    page = open_page(browser, page_file)
    button = "tbody[data-office='1303_KPU_KAB_SIJUNJUNG'] .disclose"
    page.focus(button)
    page.press("Enter")
    assert page.evaluate(f'document.querySelector("{button}").ariaExpanded') == "true"
    links = page.evaluate(
        "[...document.querySelectorAll('tr.detail:not([hidden]) a')].map(a => a.href)"
    )
    assert links == [
        "http://127.0.0.1:5000/dataset/1303-c1-ppwp-pl-01-8-2019",
        "http://127.0.0.1:5000/dataset/1303-da1-ppwp-pl-01-8-2019",
        "http://127.0.0.1:5000/dataset/1303-db1-ppwp-pl-01-8-2019",
    ]
    page.press("Tab")
    assert page.evaluate("document.activeElement.href").endswith("1303-c1-ppwp-pl-01-8-2019")
    page.click("#provinces a[href='#prov=34']")
    assert visible(page) == ["KPU Kota Yogyakarta"]
    assert page.evaluate("document.activeElement.id") == "f-prov"
    clean(page)


@pytest.mark.parametrize(
    ("name", "width", "height", "mobile", "scale"),
    [("desktop", 1280, 900, False, 1), ("phone", 390, 844, True, 2)],
)
def test_screenshots(
    browser: Browser, page_file: Path, name: str, width: int, height: int, mobile: bool, scale: int
) -> None:
    page = browser.page(width=width, height=height, mobile=mobile)
    page.resize(width, height, mobile=mobile, scale=scale)
    page.goto(page_file.as_uri())
    page.wait_for("document.documentElement.dataset.ready === '1'")
    # no sideways scrolling: the page fits the screen (tables scroll inside their own box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    png = page.screenshot(ARTIFACTS / f"dashboard-{name}.png")
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    if mobile:  # the narrowest phones still in use
        page.resize(360, height, mobile=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    clean(page)


def select(page: Page, field: str, value: str) -> None:
    page.evaluate(
        f"(s => {{ s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change')); }})"
        f"(document.getElementById({json.dumps(field)}))"
    )


VISIBLE_PROBLEMS = "[...document.querySelectorAll('details.probs:not([hidden]) li:not([hidden])')]"


def test_status_and_problem_kind_filters(browser: Browser, page_file: Path) -> None:
    page = open_page(browser, page_file)
    select(page, "f-status", "blocked")
    assert visible(page) == ["KPU Kabupaten Kubu Raya"]
    select(page, "f-status", "failed")
    assert visible(page) == ["KPU Kabupaten Kepulauan Mentawai"]
    select(page, "f-status", "")
    select(page, "f-kind", "narrative")
    assert visible(page) == ["KPU Kabupaten Sijunjung", "KPU Kabupaten Kepulauan Mentawai"]
    kinds = page.evaluate(f"{VISIBLE_PROBLEMS}.map(li => li.dataset.kind)")
    assert kinds == ["narrative", "narrative"]
    assert page.evaluate("location.hash") == "#kind=narrative"
    page.click("button[type=reset]")
    assert len(page.evaluate(f"{VISIBLE_PROBLEMS}.map(li => li.dataset.kind)")) == 7
    # the fix and the place are shown with each problem
    first = page.text("details.probs li[data-kind=rules]")
    assert "rekap_dpt.xlsx · Rekap · baris 7 · dpt_jumlah" in first and "→ Perbaiki" in first
    clean(page)


STATUS_VIEWS = ("ready", "invalid", "blocked", "failed", "incomplete", "unpublished")


@pytest.mark.parametrize("view", STATUS_VIEWS)
def test_a_screenshot_for_each_status(browser: Browser, page_file: Path, view: str) -> None:
    """The office list filtered by each status, its packages opened: saved for people to look at."""
    page = open_page(browser, page_file, f"#status={view}")
    shown = visible(page)
    assert shown, view
    page.evaluate(
        "[...document.querySelectorAll('tbody[data-office]:not([hidden]) .disclose')]"
        ".forEach(b => b.click())"
    )
    states = page.evaluate(
        "[...document.querySelectorAll('tr.detail:not([hidden]) li[data-state]')]"
        ".map(li => li.dataset.state)"
    )
    wanted = {"ready": {"ready", "published", "outdated"}, "unpublished": set(STATUS_VIEWS)}
    assert set(states) & wanted.get(view, {view}), (view, states)
    page.evaluate("document.getElementById('offices').scrollIntoView()")
    png = page.screenshot(ARTIFACTS / f"dashboard-status-{view}.png")
    assert png.startswith(b"\x89PNG")
    clean(page)


def test_a_real_tree_shows_the_numbers_of_report_json(
    browser: Browser,
    troubled: Path,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """`report --format html` of a tree with a corrupt workbook and a NIK voter list, opened in
    Chromium: every figure on the page is the one `report --format json` gives."""
    from click.testing import CliRunner

    from publisher.cli import cli

    runner = CliRunner()
    config = ["--config", str(Path(__file__).resolve().parents[1] / "config")]
    shown = runner.invoke(cli, [*config, "report", str(troubled), "--offline", "--format", "json"])
    data = json.loads(shown.output)
    html = tmp_path / "real.html"
    made = runner.invoke(cli, [*config, "report", str(troubled), "--offline", "--format", "html",
                               "-o", str(html), "--no-fail"])  # fmt: skip
    assert made.exit_code == 0 and shown.exit_code == 1
    page = open_page(browser, html)
    totals = data["totals"]
    statuses = [p["status"] for prov in data["provinces"] for o in prov["offices"]
                for p in o["packages"]]  # fmt: skip
    assert page.text("[data-testid=total-ready]") == str(totals["ready"])
    assert page.text("[data-testid=total-invalid]") == str(
        sum(statuses.count(s) for s in ("invalid", "blocked", "build-failed"))
    )
    assert page.text("[data-testid=total-errors]") == str(totals["errors"])
    assert page.text("[data-testid=total-warnings]") == str(totals["warnings"])
    for prov in data["provinces"]:
        for office in prov["offices"]:
            row = f"tbody[data-office='{office['unit_kerja']}']"
            assert page.text(f"{row} .v-ready") == str(office["totals"]["ready"])
            assert page.text(f"{row} .v-invalid") == str(office["totals"]["invalid"])
    offices = [o for prov in data["provinces"] for o in prov["offices"]]
    problems = len(data["problems"]) + sum(
        len(o["problems"]) + sum(len(p["problems"]) for p in o["packages"]) for o in offices
    )
    assert page.evaluate("document.querySelectorAll('li[data-testid=problem]').length") == problems
    ranked = page.evaluate("[...document.querySelectorAll('[data-testid=rank-row] .r-num')]"
                           ".map(e => Number(e.dataset.n))")  # fmt: skip
    assert ranked == [r["documents"] for r in data["ranking"]]
    failed = "tbody[data-office='6112_KPU_KAB_KUBU_RAYA'] li[data-state=failed]"
    assert "gagal dibangun" in page.text(failed)
    page.screenshot(ARTIFACTS / "dashboard-real-tree.png")
    clean(page)

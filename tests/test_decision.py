"""The home page's decision diagram: drawn to fit a phone, every box a working link, printable."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Callable
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.structure.files import File, Files
from playwright.sync_api import expect

import decision
from conftest import ROOT, assert_build_fails

# Where each box leads on the built home page, top to bottom.
EXPECTED_LINKS = [
    "before/#move-2fa", "before/#decide-number", "before/#get-transfer-pin", "before/#decide-number",
    "before/#unlock-phone", "#which-card", "cards/prepaid/", "cards/postpaid/", "#which-card",
    "cards/physical-sim/", "cards/esim/", "checklists/",
]
HREFS = {box.target: box.target for row in decision.FLOW for box in row}


def diagram(soup: Callable[[str], BeautifulSoup]) -> BeautifulSoup:
    figure = soup("").select_one("article .gs-decision")
    assert figure is not None, "no decision diagram on the home page"
    return figure


# --- pure parts ---------------------------------------------------------------------------------


def test_every_line_fits_its_box() -> None:
    rows, height = decision.layout(decision.FLOW)
    for row in rows:
        for placed in row:
            assert placed.x >= 0 and placed.x + placed.width <= decision.WIDTH
            for line in placed.box.lines:
                assert decision.text_width(line) <= placed.width - 2 * decision.PAD_X, line
    assert height == rows[-1][-1].y + rows[-1][-1].height + decision.MARGIN


def test_a_line_too_wide_for_its_box_is_refused() -> None:
    wide = ((decision.Box(("保留号码：先携号转网，不要先注销",), "before.md"), decision.Box(("x",), "index.md")),)
    with pytest.raises(ValueError, match="too wide for its box"):
        decision.layout(wide)


def test_chinese_counts_one_em_and_latin_less() -> None:
    assert decision.text_width("解锁手机") == 4 * decision.FONT
    assert decision.text_width("eSIM") < 4 * decision.FONT
    assert decision.text_width("“") == decision.FONT  # drawn wide by Chinese fonts


def test_the_svg_is_accessible_and_needs_no_inline_style_or_script() -> None:
    svg = BeautifulSoup(decision.render(decision.FLOW, HREFS), "html.parser")
    root = svg.select_one("svg")
    assert root["role"] == "group"
    assert svg.find(id=root["aria-labelledby"]).get_text() == decision.TITLE
    assert "6 步" in svg.find(id=root["aria-describedby"]).get_text()
    assert root.has_attr("viewbox") and not root.has_attr("width")  # scales with its column
    assert svg.select_one("g.gs-decision__lines")["aria-hidden"] == "true"
    assert not svg.select("[style], style, script, [onclick], foreignobject")
    links = svg.select("a[href]")
    assert len(links) == sum(len(row) for row in decision.FLOW)
    assert all(a.get_text(strip=True) for a in links)


def test_the_diagram_goes_right_after_its_heading() -> None:
    html = '<h2 id="other">A</h2><p>x</p><h2 id="first-decisions">B<a class="headerlink">¶</a></h2><p>y</p>'
    result = decision.insert_after_heading(html, "first-decisions", "<div>D</div>")
    assert result == ('<h2 id="other">A</h2><p>x</p><h2 id="first-decisions">B<a class="headerlink">¶</a>'
                      "</h2><div>D</div><p>y</p>")


def test_a_missing_heading_is_named() -> None:
    with pytest.raises(ValueError, match="has no heading with id 'first-decisions'"):
        decision.insert_after_heading("<h2 id='x'>x</h2>", "first-decisions", "<div></div>")


def test_heading_ids_leave_the_front_matter_out() -> None:
    text = "---\ntitle: x\n# comment\n---\n\n## 有 id {#has-id}\n\n## 没有 id\n\n### 步骤 { #step .cls }\n"
    assert decision.heading_ids(text) == {"has-id", "step"}


def test_every_box_targets_an_existing_page_and_heading() -> None:
    for row in decision.FLOW:
        for box in row:
            uri, _, anchor = box.target.partition("#")
            source = ROOT / "docs" / uri
            if uri.startswith("checklists/"):
                continue  # generated at build time; the built page is checked below
            assert source.is_file(), box.target
            assert not anchor or anchor in decision.heading_ids(source.read_text(encoding="utf-8")), box.target


# --- the built home page ------------------------------------------------------------------------


def test_the_diagram_sits_right_after_its_heading(soup: Callable[[str], BeautifulSoup]) -> None:
    heading = soup("").select_one(f"article h2#{decision.ANCHOR}")
    assert heading is not None
    assert heading.find_next_sibling() is diagram(soup)


def test_every_box_links_where_it_should_and_the_link_resolves(site: Path,
                                                                soup: Callable[[str], BeautifulSoup]) -> None:
    hrefs = [a["href"] for a in diagram(soup).select("svg a[href]")]
    assert hrefs == EXPECTED_LINKS
    for href in hrefs:
        target = urlsplit(urljoin("http://site.invalid/", href))
        file = site / target.path.lstrip("/") / "index.html"
        assert file.is_file(), href
        if target.fragment:
            assert BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find(id=target.fragment), href


# --- mistakes stop the build --------------------------------------------------------------------


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's edit did not apply to {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_box_to_a_missing_page_or_heading_is_named(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "before.md").write_text("## 解锁 {#unlock-phone}\n", encoding="utf-8")
    files = Files([File(uri, str(tmp_path), str(tmp_path / "site"), True) for uri in ("index.md", "before.md")])
    home = SimpleNamespace(file=files.get_file_from_path("index.md"), url="")
    assert decision.href("before.md#unlock-phone", home, files) == "before/#unlock-phone"
    with pytest.raises(ValueError, match=re.escape("links to 'before.md#unlock', but 'before.md' has no "
                                                   "heading with id 'unlock'")):
        decision.href("before.md#unlock", home, files)
    with pytest.raises(ValueError, match=re.escape("links to 'cards/satellite.md', but there is no page "
                                                   "'cards/satellite.md'")):
        decision.href("cards/satellite.md", home, files)


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("hooks/decision.py", '"cards/esim.md"', '"cards/satellite.md"',
     "docs/index.md: the decision diagram links to 'cards/satellite.md', but there is no page "
     "'cards/satellite.md'"),
], ids=["page gone"])
def test_a_broken_diagram_fails_the_build(project_copy: Path, name: str, old: str, new: str,
                                          message: str) -> None:
    edit(project_copy, name, old, new)
    assert_build_fails(project_copy, re.escape(message))


# --- in a browser -------------------------------------------------------------------------------


@pytest.fixture
def phone(browser: object, base_url: str) -> object:
    """The narrowest phone the guide is made for."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=base_url)
    yield context.new_page()
    context.close()


def test_at_360_px_the_diagram_fits_without_horizontal_scroll(phone: object, tmp_path: Path) -> None:
    phone.goto("./")
    figure = phone.locator(".gs-decision")
    figure.scroll_into_view_if_needed()
    expect(figure).to_be_visible()
    figure.screenshot(path=str(tmp_path / "decision-360.png"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    box = figure.locator("svg").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    # The text is drawn at FONT units in a WIDTH-unit picture: legible means at least 14 px here.
    assert box["width"] / decision.WIDTH * decision.FONT >= 14


def test_clicking_a_box_opens_its_step(phone: object) -> None:
    phone.goto("./")
    phone.locator(".gs-decision a", has_text="解锁手机").click()
    phone.wait_for_url("**/before/#unlock-phone")
    expect(phone.locator("#unlock-phone")).to_be_in_viewport()


def test_a_box_opens_a_card_page_from_the_keyboard(phone: object) -> None:
    phone.goto("./")
    box = phone.locator(".gs-decision a", has_text="预付费").last
    box.focus()
    expect(box).to_be_focused()
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/cards/prepaid/")
    expect(phone.locator("article h1")).to_have_text("预付费")


def test_it_prints_black_on_white(phone: object) -> None:
    phone.goto("./")
    phone.emulate_media(media="print")
    colours = phone.evaluate("""[...document.querySelectorAll('.gs-decision rect, .gs-decision text')]
        .map(e => [e.tagName, getComputedStyle(e).fill, getComputedStyle(e).stroke])""")
    assert colours
    for tag, fill, stroke in colours:
        if tag == "rect":
            assert (fill, stroke) == ("rgb(255, 255, 255)", "rgb(0, 0, 0)")
        else:
            assert fill == "rgb(0, 0, 0)"

"""The dark scheme: follows the phone's setting, a toggle that is remembered, accessible on every
page, and never on paper."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from test_accessibility import WCAG, pages_of

SCHEME = "document.body.getAttribute('data-md-color-scheme')"
# WCAG relative luminance and contrast of two computed colours ("rgb(r, g, b)" or "rgba(…)"), on
# the page's own background where one is translucent.
CONTRAST = """([fore, back]) => {
  const rgb = value => value.match(/[\\d.]+/g).map(Number)
  const over = (top, bottom) => top.length < 4 ? top.slice(0, 3)
    : top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3]))
  const page = rgb(getComputedStyle(document.body).backgroundColor)
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 })
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b }
  const b = over(rgb(back), page), f = over(rgb(fore), b)
  const [hi, lo] = [lum(f), lum(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}"""


def test_the_scheme_follows_the_phone_even_after_a_visit(page: object) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto("./")
    assert page.evaluate(SCHEME) == "slate"
    page.emulate_media(color_scheme="light")  # the phone switches while the page is open
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.goto("faq/")
    assert page.evaluate(SCHEME) == "default"


def toggle(page: object) -> object:
    """The header's one visible palette button: it names what a tap switches to."""
    return page.locator("form[data-md-component=palette] label:visible")


def test_the_toggle_is_remembered_across_pages_and_reloads(page: object) -> None:
    page.emulate_media(color_scheme="light")
    page.goto("./")
    expect(toggle(page)).to_have_attribute("title", "切换到浅色模式")  # following the phone
    toggle(page).click()
    expect(toggle(page)).to_have_attribute("title", "切换到深色模式")
    assert page.evaluate(SCHEME) == "default"
    toggle(page).click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.reload()
    assert page.evaluate(SCHEME) == "slate"
    page.goto("checklists/esim/")
    assert page.evaluate(SCHEME) == "slate"  # the phone is still light: the choice wins
    expect(toggle(page)).to_have_attribute("title", "切换到跟随系统")
    toggle(page).click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")  # the phone's again


def test_axe_finds_no_violation_in_the_dark_on_any_page(site: Path, page: object) -> None:
    axe = Axe()
    page.emulate_media(color_scheme="dark")
    failures = []
    for url in pages_of(site):
        page.goto(url.lstrip("/"))
        assert page.evaluate(SCHEME) == "slate", url
        results = axe.run(page, options=WCAG)
        if results.violations_count:
            failures.append(f"{url}:\n{results.generate_report()}")
    assert not failures, "\n".join(failures)


def test_the_decision_diagram_reads_well_in_both_schemes(page: object) -> None:
    # axe does not measure text drawn in SVG: every box's text against its box, by hand.
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto("./")
        boxes = page.locator(".gs-decision__box")
        assert boxes.count() >= 10
        for i in range(boxes.count()):
            box = boxes.nth(i)
            fill = box.locator("rect").evaluate("r => getComputedStyle(r).fill")
            text = box.locator("text").first.evaluate("t => getComputedStyle(t).fill")
            assert page.evaluate(CONTRAST, [text, fill]) >= 4.5, (scheme, i, text, fill)
            stroke = box.locator("rect").evaluate("r => getComputedStyle(r).stroke")
            # The outline against the page: a box must be seen as a box (WCAG 1.4.11, 3:1).
            page_colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert page.evaluate(CONTRAST, [stroke, page_colour]) >= 3, (scheme, i, stroke)


# Links fade between colours (a CSS transition): finished first, so the colours read are the ends.
PRINTED_COLOURS = """() => { document.getAnimations().forEach(a => a.finish())
  return [document.body, ...document.querySelectorAll(
    "article h1, article p, article li, article a, article .admonition, article input.gs-tick")]
  .map(e => { const style = getComputedStyle(e)
              return [style.color, style.backgroundColor, style.borderColor].join(" ") }) }"""


def test_printing_is_always_light(page: object) -> None:
    for url in ("checklists/esim-prepaid/", "safety/", "./"):
        page.emulate_media(media="screen", color_scheme="light")
        page.goto(url)
        page.emulate_media(media="print", color_scheme="light")
        light = page.evaluate(PRINTED_COLOURS)
        page.emulate_media(media="screen", color_scheme="dark")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        page.emulate_media(media="print", color_scheme="dark")
        assert page.evaluate(PRINTED_COLOURS) == light, url
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
            "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    rect = page.locator(".gs-decision__box rect").first.evaluate("r => getComputedStyle(r).fill")
    assert rect == "rgb(255, 255, 255)"

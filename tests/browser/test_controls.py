"""Controls a person can hit and see: checkboxes and radios of 24 px or more, a clear focus ring on each."""

import pytest

pytestmark = pytest.mark.browser

# The pages with every kind of public control: radios and checkboxes (quickscan), filter checkboxes and a
# select (lists), text fields, a textarea and a checkbox (hand-off).
PAGES = ["/route/", "/instrumenten/", "/route/vraag/?regio=salland&type=B&factor=kennis"]


@pytest.mark.parametrize("path", PAGES)
def test_checkboxes_and_radios_are_at_least_24_px(site, page, path):
    page.goto(site.url + path)
    boxes = page.locator("input[type=checkbox], input[type=radio]")
    assert boxes.count() > 0
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (path, index, box)


@pytest.mark.parametrize("path", PAGES)
def test_every_control_shows_a_solid_focus_ring_when_reached_by_keyboard(site, page, path):
    page.goto(site.url + path)
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        ring = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return [e.tagName.toLowerCase() + (e.type ? ':' + e.type : ''), s.outlineStyle,
                        parseFloat(s.outlineWidth)]; }"""
        )
        kind, style, width = ring
        if kind == "body":
            break
        assert style == "solid" and width >= 3, (path, ring)
        seen.add(kind)
    assert len(seen) >= 2, seen  # the walk reached several kinds of control

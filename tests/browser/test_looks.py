"""Looks that only a browser can see: badges in dashboard panels keep a badge's height, and the
phone's menu button stays visible when tapped (issue 10, "Looks")."""

import pytest
from django.core.management import call_command

from tests.browser.test_accessibility import sign_in


@pytest.fixture
def demo(settings, transactional_db):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


@pytest.mark.django_db(transaction=True)
def test_badges_keep_their_height_and_the_menu_button_stays_visible(page, live_server, demo):
    base = live_server.url
    sign_in(page, base, "head.binhtan")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "/")
        badges = page.locator("main .badge-status")
        assert badges.count() >= 4
        for i in range(badges.count()):
            box = badges.nth(i).bounding_box()
            assert box is not None and box["height"] < 30, (width, badges.nth(i).inner_text(), box)
    # The phone's menu: tapped, the button keeps its white outline and lines on the blue bar.
    button = page.get_by_role("button", name="Mở danh mục")
    button.click()
    page.get_by_role("link", name="Tổng quan").wait_for()
    background = button.evaluate("el => getComputedStyle(el).backgroundColor")
    parts = [float(part) for part in background[background.index("(") + 1 : background.index(")")].split(",")]
    alpha = parts[3] if len(parts) == 4 else 1.0
    assert alpha <= 0.3 or sum(parts[:3]) < 600, background  # not the white box it used to turn into
    assert button.evaluate("el => getComputedStyle(el).borderColor") == "rgb(255, 255, 255)"

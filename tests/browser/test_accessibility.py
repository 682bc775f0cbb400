"""Every main page, as each role, passes axe-core's WCAG 2.1 A and AA rules in real Chromium."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from awards.models import Nomination
from ideas.models import Idea, Status

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def demo(settings, transactional_db):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG)
    return [
        f"{v['id']} ({v['impact']}): {node['html'][:120]}"
        for v in result.response["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "username,paths",
    [
        ("staff.binhtan", ["/", "/ideas/", "/ideas/new/", "/notifications/", "/awards/nominations/"]),
        ("head.binhtan", ["/", "/ideas/review/", "/awards/nominations/", "/awards/nominations/new/"]),
        (
            "committee",
            ["/", "/ideas/", "/awards/nominations/queue/", "/awards/export/", "/stats/"]
            + ["/accounts/", "/accounts/password/", "/accounts/two-step/", "/ideas/999999/"],
        ),
    ],
)
def test_pages_meet_wcag_aa(page, live_server, demo, username, paths):
    base = live_server.url
    sign_in(page, base, username)
    if username == "head.binhtan":
        paths = [*paths, f"/ideas/{Idea.objects.filter(status=Status.SUBMITTED).first().pk}/"]
    if username == "committee":
        paths = [*paths, f"/awards/nominations/{Nomination.objects.first().pk}/"]
    found = {}
    for width in (1366, 360):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(base + path)
            problems = violations(page)
            if problems:
                found[f"{path} @{width}px"] = problems
    assert not found, found


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_page_meets_wcag_aa(page, live_server, demo):
    page.goto(live_server.url + "/accounts/login/")
    assert violations(page) == []
    page.get_by_role("button", name="Đăng nhập").click()  # the error summary too
    assert violations(page) == []
    page.goto(live_server.url + "/accounts/password/reset/")
    assert violations(page) == []

"""Every page each demo account can reach passes axe-core's WCAG 2.1 A and AA rules in real
Chromium, at a desktop width and at a phone's, including the pages where decisions are taken (an
idea and a nomination waiting for the viewer, with their action buttons and dialogs)."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from awards.models import Nomination
from awards.models import Status as NominationStatus
from ideas.models import Idea, Status

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
WIDTHS = (1280, 390)
# Not pages of the portal, or not pages at all: Django's admin, files, sign-out, language switch,
# the notification links (they mark read and redirect to a page the crawl reaches anyway).
# Not pages: the admin, files, downloads (attachments, exports, DOCX documents), sign-out.
SKIP = re.compile(
    r"^/(admin|static|media|i18n|healthz)|/attachments/\d+/$|/open/$|/logout/|[?&]format=|\.(docx|xlsx|csv|pdf)$"
)
MAX_PAGES = 60


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


def shape(path: str) -> str:
    """One page per kind: /ideas/12/ and /ideas/3/ are the same page with other data."""
    return re.sub(r"/\d+/", "/N/", path)


def links(page, base) -> list[str]:
    found = []
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        url = urljoin(page.url, href)
        parts = urlsplit(url)
        if not url.startswith(base) or parts.path == "":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(path) and not parts.query:
            found.append(path)
    return found


def decision_pages(username) -> list[str]:
    """The pages where this account takes a decision: the nominations and ideas waiting for it."""
    from accounts.models import User
    from awards.permissions import allowed_actions as nomination_actions
    from ideas.permissions import allowed_actions as idea_actions

    user = User.objects.get(username=username)
    paths = []
    waiting = [
        n
        for n in Nomination.objects.exclude(status=NominationStatus.CONFERRED)
        if nomination_actions(user, n)
    ]
    paths += [f"/awards/nominations/{n.pk}/" for n in waiting[:2]]
    deciding = [i for i in Idea.objects.exclude(status=Status.DRAFT) if idea_actions(user, i)]
    paths += [f"/ideas/{i.pk}/" for i in deciding[:2]]
    return paths


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "username",
    [
        "staff.binhtan",
        "staff2.binhtan",
        "staff.noivu",
        "head.binhtan",
        "head.noivu",
        "head.tandinh",
        "committee",
    ],
)
def test_every_page_of_every_demo_account_meets_wcag_aa(page, live_server, demo, username):
    base = live_server.url
    sign_in(page, base, username)
    must = decision_pages(username)
    if username == "committee":
        assert any("/awards/nominations/" in path for path in must)  # the decision buttons are checked
    if username == "head.binhtan":
        assert any("/ideas/" in path for path in must)
    queue, seen, visited, found = ["/", *must, "/ideas/999999/"], set(), [], {}
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        if (path not in must and shape(path) in seen) or path in visited:
            continue
        seen.add(shape(path))
        visited.append(path)
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.goto(base + path)
        queue += links(page, base)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            problems = violations(page)
            if problems:
                found[f"{path} @{width}px"] = problems
    assert len(visited) > 8, visited
    assert not found, found


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_page_meets_wcag_aa(page, live_server, demo):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/accounts/login/")
        assert violations(page) == []
        page.get_by_role("button", name="Đăng nhập").click()  # the error summary too
        assert violations(page) == []
        page.goto(live_server.url + "/accounts/password/reset/")
        assert violations(page) == []

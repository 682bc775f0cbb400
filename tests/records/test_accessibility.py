"""The records pages, as each role, pass axe-core's WCAG 2.1 A and AA rules in real Chromium."""

import pytest

from accounts.models import Unit, User
from tests.browser.test_accessibility import demo, sign_in, violations  # noqa: F401 - `demo` is a fixture


@pytest.mark.django_db(transaction=True)
def test_records_pages_meet_wcag_aa(page, live_server, demo):  # noqa: F811
    base = live_server.url
    bao = User.objects.get(username="staff2.binhtan").pk
    unit = Unit.objects.get(code="SNV-CCVC").pk
    plan = {
        "staff.binhtan": ["/records/"],
        "head.binhtan": [
            "/records/",
            f"/records/people/{bao}/?award=pm_certificate&category=merit",
            f"/records/people/{bao}/add/award/",
        ],
        "committee": ["/records/units/", f"/records/units/{unit}/", "/records/import/"],
    }
    found = {}
    for username, paths in plan.items():
        page.context.clear_cookies()
        sign_in(page, base, username)
        for width in (1366, 360):
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                page.goto(base + path)
                problems = violations(page)
                if problems:
                    found[f"{username} {path} @{width}px"] = problems
    assert not found, found

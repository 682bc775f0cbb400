"""Malformed query strings never reach the database as errors: on every page a demo role reaches,
with huge, negative, non-numeric, NUL-bearing, overlong, impossible-date and repeated parameters,
the answer is a page (an ignored filter with a message, or a 400), never a 5xx. Runs on
PostgreSQL in CI, where an out-of-range integer is an SQL error rather than a Python one."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils.http import urlencode

from accounts.models import User
from awards.selectors import nomination_list_for
from ideas.selectors import idea_list_for
from library.selectors import practice_list_for
from pilots.selectors import pilot_list_for
from proposals.selectors import proposal_list_for
from tests.conftest import IN_CI, require
from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db

MALFORMED = [
    "99999999999999999999",  # beyond a bigint: an SQL error on PostgreSQL, OverflowError on SQLite
    "-1",
    "abc",
    "1\x00",
    "x" * 300,
    "2026-02-30",
    "1e400",
    "'\"<>%;",
]
# The parameters each page reads; every page also gets all of these at once.
PAGE_PARAMETERS = {
    "/": [],
    "/ideas/": ["q", "status", "topic", "unit", "phase", "author", "sort", "page"],
    "/ideas/review/": ["page"],
    "/awards/nominations/": ["q", "phase", "award", "unit", "status", "page"],
    "/awards/nominations/cover-request.docx": ["q", "phase", "award", "unit", "status"],
    "/awards/nominations/list.docx": ["q", "phase", "award", "unit", "status"],
    "/awards/nominations/queue/": ["page"],
    "/awards/nominations/new/": [],
    "/awards/export/": ["q", "phase", "award", "unit", "status", "format"],
    "/awards/rounds/": [],
    "/stats/": ["phase"],
    "/notifications/": ["page"],
    "/proposals/": ["page"],
    "/proposals/new/": ["idea"],
    "/proposals/opinions/": [],
    "/pilots/": ["page"],
    "/pilots/new/": [],
    "/library/": ["q", "topic", "unit", "level", "year", "page"],
}
EVERY_PARAMETER = sorted(
    {name for names in PAGE_PARAMETERS.values() for name in names} | {"id", "date", "next"}
)
# One demo account per role: superuser, committee, head of a ward and of a department, staff.
ROLES = ["admin", "committee", "head.binhtan", "head.noivu", "staff.binhtan"]
# The roles whose pages are swept one parameter at a time (an invalid parameter can hide another).
ONE_BY_ONE = {"committee"}


@pytest.fixture
def demo(settings):
    require(connection.vendor == "postgresql" or not IN_CI, "PostgreSQL (DATABASE_URL)")
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def pages_of(user) -> list[str]:
    pages = list(PAGE_PARAMETERS)
    idea = idea_list_for(user).order_by("pk").first()
    if idea:
        pages.append(f"/ideas/{idea.pk}/")
    nomination = nomination_list_for(user).order_by("pk").first()
    if nomination:
        pages.append(f"/awards/nominations/{nomination.pk}/")
    for reads, prefix in (
        (proposal_list_for, "/proposals/"),
        (pilot_list_for, "/pilots/"),
        (practice_list_for, "/library/"),
    ):
        first = reads(user).order_by("pk").first()
        if first:
            pages.append(f"{prefix}{first.pk}/")
    return pages


def queries(page: str, one_by_one: bool):
    for value in MALFORMED:
        # Every parameter at once, each repeated around a harmless value.
        yield urlencode({name: [value, "1", value] for name in EVERY_PARAMETER}, doseq=True)
        if one_by_one:
            for name in PAGE_PARAMETERS.get(page, []):
                yield urlencode({name: value})


@pytest.mark.parametrize("username", ROLES)
def test_malformed_parameters_never_answer_5xx(client, demo, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    client.raise_request_exception = False
    failures = []
    for page in pages_of(user):
        for query in queries(page, username in ONE_BY_ONE):
            response = client.get(f"{page}?{query}")
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {page}?{query[:120]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("value", ["99999999999999999999", "-5", "abc", "1\x00"])
def test_an_invalid_id_in_the_idea_list_is_ignored_with_a_message(client, org, value):
    idea_in("submitted", author=org.author)
    idea_in("draft", author=org.colleague)
    client.force_login(org.committee)
    response = client.get("/ideas/?" + urlencode({"author": value}))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="filter-errors"' in body and "Mã số không hợp lệ" in body
    assert (
        response.context["page_obj"].paginator.count
        == client.get("/ideas/").context["page_obj"].paginator.count
    )
    assert 'data-testid="filter-errors"' not in client.get(f"/ideas/?author={org.author.pk}").content.decode()

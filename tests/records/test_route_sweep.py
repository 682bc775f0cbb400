"""Every records URL, with another unit's objects, as anonymous and as ordinary staff: never 200 for
someone else's record, never 500. A new route without a decision here fails the sweep."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from records.models import AnnualRating
from tests.records.factories import RatingFactory

pytestmark = pytest.mark.django_db

DECIDED = {
    "person-list": "own",  # staff are sent to their own record
    "unit-list": "role",
    "person-detail": "object",
    "unit-detail": "object",
    "person-entry-add": "object",
    "unit-entry-add": "object",
    "entry-edit": "object",
    "entry-remove": "object",
    "import": "role",
    "rule-sets": "public",  # the rules themselves, the same for every signed-in person
}


def records_routes():
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "records":
            for sub in pattern.url_patterns:
                assert isinstance(sub, URLPattern)
                yield sub.name, sub.pattern.regex.groupindex


def test_every_route_is_decided():
    assert {name for name, _ in records_routes()} == set(DECIDED)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "colleague"])
def test_sweep(client, org, who):
    foreign = RatingFactory(person=org.author, year=2024, rating="httnv", source="Bí mật riêng 42")
    if who != "anonymous":
        client.force_login(getattr(org, who))
    for name, groups in records_routes():
        kwargs = {}
        if "pk" in groups:
            kwargs["pk"] = (
                foreign.pk if name.startswith("entry") else (org.sub.pk if "unit" in name else org.author.pk)
            )
        if "kind" in groups:
            kwargs["kind"] = "rating"
        url = reverse(f"records:{name}", kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(
                url, {"year": 2020, "rating": "khtnv", "source": "x", "reason": "x"}
            )
            where = f"{who} {method.upper()} {url}"
            assert response.status_code != 500, where
            assert "Bí mật riêng 42" not in response.content.decode(), where
            if who == "anonymous":
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], where
            elif DECIDED[name] == "own":
                assert response.status_code in (302, 405), where
            elif DECIDED[name] == "public":
                assert response.status_code in (200, 405), where
            else:
                assert response.status_code in (403, 404, 405), where
    foreign.refresh_from_db()
    assert foreign.rating == "httnv" and foreign.removed_at is None
    assert AnnualRating.objects.count() == 1

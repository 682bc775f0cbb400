"""Every awards URL, with another unit's object, as anonymous and as ordinary staff: never 200, never 500.
A new route without a decision here fails the sweep."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tests.awards.factories import NominationFactory

DECIDED = {
    "nomination-list": "list",  # 200 for everyone signed in, scoped to the viewer
    "nomination-create": "role",
    "nomination-queue": "role",
    "nomination-detail": "object",
    "nomination-edit": "object",
    "nomination-action": "object",
    "export": "role",
}


def awards_routes():
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "awards":
            for sub in pattern.url_patterns:
                assert isinstance(sub, URLPattern)
                yield sub.name, sub.pattern.regex.groupindex


def test_every_route_is_decided():
    assert {name for name, _ in awards_routes()} == set(DECIDED)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "colleague"])
def test_sweep(client, org, who):
    foreign = NominationFactory(nominee=org.author, proposing_unit=org.unit, status="submitted")
    if who != "anonymous":
        client.force_login(getattr(org, who))
    for name, groups in awards_routes():
        kwargs = {}
        if "pk" in groups:
            kwargs["pk"] = foreign.pk
        if "action" in groups:
            kwargs["action"] = "approve"
        url = reverse(f"awards:{name}", kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            where = f"{who} {method.upper()} {url}"
            assert response.status_code != 500, where
            if who == "anonymous":
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], where
            elif DECIDED[name] == "list" and method == "get":
                assert response.status_code == 200
                assert foreign.pk not in {n.pk for n in response.context["nominations"]}
            else:
                assert response.status_code in (403, 404, 405), where
    foreign.refresh_from_db()
    assert foreign.status == "submitted"

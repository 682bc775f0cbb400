"""Every route of the project has a decision. The ideas, awards and records apps sweep their own
routes (tests/<app>/test_route_sweep.py); this sweeps the rest, with
another person's notification, as anonymous and as ordinary staff: never 200 where it must not
be, never 500. A new route without a decision fails here."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notifications.services import notify

SWEPT_BY_THEIR_APP = {"ideas", "awards", "records"}
THIRD_PARTY = {"admin", "set_language"}  # Django's own, with its own access rules
# Anyone, signed in or not (the second sign-in step without a password first sends back to sign in).
PUBLIC = {
    "login",
    "login-code",
    "healthz",
    "healthz-ready",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
SIGNED_IN = {  # own data only
    "dashboard",
    "logout",
    "account",
    "password_change",
    "password_change_done",
    "notifications:list",
    "notifications:read-all",
}
OBJECT = {"notifications:open"}  # another person's object: 404
# 403 for everyone else: the committee's statistics; two-step verification (committee and admin users).
COMMITTEE = {
    "stats:statistics",
    "two-step",
    "two-step-start",
    "two-step-setup",
    "two-step-codes",
    "two-step-codes-renew",
    "two-step-disable",
}
ARGUMENTS = {"password_reset_confirm": {"uidb64": "MQ", "token": "set-password"}}


def route_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from route_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def decided(name: str) -> bool:
    top = name.split(":", 1)[0]
    return name in PUBLIC | SIGNED_IN | OBJECT | COMMITTEE or top in SWEPT_BY_THEIR_APP | THIRD_PARTY


def test_every_route_has_a_decision():
    undecided = sorted(name for name in route_names() if not decided(name))
    assert not undecided, f"add these routes to a sweep: {undecided}"


@pytest.mark.django_db
@pytest.mark.parametrize("as_staff", [False, True])
def test_sweep_with_another_persons_notification(client, org, as_staff):
    (other,) = notify(recipients=[org.outsider], kind="test", title="Thông báo riêng của người khác", url="/")
    for name in sorted(PUBLIC | SIGNED_IN | OBJECT | COMMITTEE):
        url = reverse(name, kwargs={"pk": other.pk} if name in OBJECT else ARGUMENTS.get(name))
        for method in ("get", "post"):
            if as_staff:
                client.force_login(org.author)  # again: the sweep passes through sign-out
            response = getattr(client, method)(url)
            assert response.status_code < 500, (method, url)
            assert other.title not in response.content.decode(), (method, url)
            if name in PUBLIC:
                continue
            if not as_staff:
                assert response.status_code in (302, 405), (method, url)
                if response.status_code == 302:
                    assert response["Location"].startswith("/accounts/login/"), (method, url)
            elif name in OBJECT:
                assert response.status_code in (404, 405), (method, url)
            elif name in COMMITTEE:
                assert response.status_code in (403, 405), (method, url)
    other.refresh_from_db()
    assert other.read_at is None

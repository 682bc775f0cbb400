"""Sessions end after 30 minutes without a request and 12 hours after signing in; production
cookies carry the __Host- prefix."""

import datetime
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from accounts.middleware import SEEN_AT
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
MINUTES = datetime.timedelta(minutes=1)


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def signed_in(client, db, clock):
    client.force_login(UserFactory())  # at the frozen time
    return client


def test_defaults(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * MINUTES
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * MINUTES
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_thirty_minutes_without_a_request_sign_out(signed_in, clock):
    assert signed_in.get("/").status_code == 200
    for _ in range(3):  # activity keeps the session open
        clock.shift(29 * MINUTES)
        assert signed_in.get("/").status_code == 200
    clock.shift(31 * MINUTES)
    response = signed_in.get("/notifications/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/notifications/%3Fpage%3D2"
    page = signed_in.get(response["Location"]).content.decode()
    assert "đăng xuất sau 30 phút không thao tác" in page
    assert signed_in.get("/").status_code == 302  # signed out for good, not only redirected


def test_a_sign_in_lasts_twelve_hours_at_most(signed_in, clock):
    start = timezone.now()
    assert signed_in.get("/").status_code == 200
    while signed_in.get("/").status_code == 200:  # busy all day long
        clock.shift(20 * MINUTES)
    assert datetime.timedelta(hours=12) < timezone.now() - start <= datetime.timedelta(hours=12, minutes=20)
    response = signed_in.get("/", follow=True)
    assert "tối đa 12 giờ" in response.content.decode()


def test_the_limits_are_settings(signed_in, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * MINUTES
    signed_in.get("/")
    clock.shift(6 * MINUTES)
    assert signed_in.get("/").status_code == 302


def test_activity_is_recorded_once_a_minute_not_on_every_request(signed_in, clock):
    signed_in.get("/")
    first = signed_in.session[SEEN_AT]
    clock.shift(datetime.timedelta(seconds=10))
    signed_in.get("/")
    assert signed_in.session[SEEN_AT] == first
    clock.shift(datetime.timedelta(seconds=60))
    signed_in.get("/")
    assert signed_in.session[SEEN_AT] > first


def production_settings(**extra_env) -> dict:
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SESSION_COOKIE_PATH', 'CSRF_COOKIE_PATH', 'SESSION_COOKIE_DOMAIN', 'CSRF_COOKIE_DOMAIN', "
        "'ADMIN_REQUIRES_TWO_STEP')}))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "thiduaportal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "thidua.example.vn",
        **extra_env,
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_cookies_are_host_only_and_two_step_is_always_required():
    values = production_settings(ADMIN_REQUIRES_TWO_STEP="false")
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    # What browsers require of a __Host- cookie: Secure, Path=/, no Domain.
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_PATH"] == values["CSRF_COOKIE_PATH"] == "/"
    assert values["SESSION_COOKIE_DOMAIN"] is None and values["CSRF_COOKIE_DOMAIN"] is None
    assert values["ADMIN_REQUIRES_TWO_STEP"] is True

"""Run modes and operations: health check, production checks, demo data."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Unit, User

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_reports_the_database(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_down(client, db, settings):
    settings.REDIS_URL = ""
    with mock.patch("thiduaportal.views.connection.cursor", side_effect=Exception("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_reports_the_broker_when_configured(client, db, settings, redis_url):
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6390/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error"}


def test_production_settings_pass_check_deploy_without_a_warning():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "thiduaportal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "thidua.example.vn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "thiduaportal.settings.production", "ALLOWED_HOSTS": "x"})
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True)
    assert result.returncode != 0
    assert b"SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.filter(username="committee").exists()


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_every_demo_account_signs_in(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (User.objects.count(), Unit.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Unit.objects.count()) == counts
    for username in (
        "admin",
        "committee",
        "head.binhtan",
        "staff.binhtan",
        "staff2.binhtan",
        "head.noivu",
        "staff.noivu",
    ):
        user = User.objects.get(username=username)
        assert user.email
        response = client.post("/accounts/login/", {"username": username, "password": "demo12345"})
        assert response.status_code == 302, username
        assert client.get("/").status_code == 200
        client.post("/accounts/logout/")
    former = Unit.objects.get(name="UBND Quận Bình Tân")
    assert former.successor.name == "UBND phường Bình Tân"
    assert former.successor.head.username == "head.binhtan"
    assert User.objects.get(username="committee").groups.filter(name="committee").exists()
    assert User.objects.get(username="admin").is_superuser

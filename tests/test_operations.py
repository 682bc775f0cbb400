"""Run modes and operations: production checks, demo data."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Unit, User

ROOT = Path(__file__).resolve().parent.parent


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
        "head.tandinh",
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

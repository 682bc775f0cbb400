"""Shared fixtures: an organisation with every role, and the real services CI provides.

In CI (CI=true) a test that needs PostgreSQL, Redis or Chromium fails when the service is
missing; on a developer's machine it is skipped with the reason.
"""

import os
import shutil
from types import SimpleNamespace

# Playwright runs an event loop in the test thread; the ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from accounts.models import UnitKind  # noqa: E402
from tests.factories import UnitFactory, UserFactory  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# PORTAL_TEST_CLOCK=2028-02-29T23:30:00Z runs the session with the clock moved there (and ticking):
# CI uses it to prove that no test depends on the day or the hour it runs.
TEST_CLOCK = os.environ.get("PORTAL_TEST_CLOCK", "")
CHROMIUM = "/usr/bin/chromium"


def require(condition: bool, what: str) -> None:
    """Fail in CI, skip elsewhere, when a real service the test needs is not there."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} is not available here")


@pytest.fixture(scope="session", autouse=True)
def _travelled_clock():
    if not TEST_CLOCK:
        yield
        return
    import datetime

    import time_machine

    destination = datetime.datetime.fromisoformat(TEST_CLOCK.replace("Z", "+00:00"))
    with time_machine.travel(destination, tick=True):
        yield


def force_login_verified(client, user) -> None:
    """`client.force_login` with a session that two-step verification has confirmed (what the admin
    requires): the person gets a confirmed authenticator if they have none."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def postgres(settings):
    """The test needs the database to be PostgreSQL (row locks, trigram search)."""
    from django.db import connection

    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    return connection


@pytest.fixture
def redis_url():
    """The URL of a reachable Redis server."""
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "Redis (REDIS_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        require(False, f"Redis at {url}")
    return url


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _celery_eager():
    from thiduaportal.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield


PROJECT_APPS = ("accounts", "movement", "records", "notifications", "ideas", "awards", "stats")


def restore_reference_data() -> None:
    """Re-runs the project's data migrations (phases, award types, ...), which are idempotent.

    A transactional test (live_server, real worker) empties every table when it ends, and the
    next one would find no phases; this puts the reference data back.
    """
    from django.apps import apps as global_apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    # In dependency order: the award rounds are made from the phases another app's migration makes.
    ordered: list[tuple[str, str]] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        ordered += [node for node in loader.graph.forwards_plan(leaf) if node not in ordered]
    with connection.schema_editor() as schema_editor:
        for app_label, name in ordered:
            if app_label not in PROJECT_APPS or (app_label, name) not in loader.disk_migrations:
                continue
            for operation in loader.disk_migrations[(app_label, name)].operations:
                if isinstance(operation, RunPython):
                    operation.code(global_apps, schema_editor)


def _session_uses_the_database(session) -> bool:
    """pytest-django creates the test database only for a session with a test that uses it."""
    database_fixtures = {"db", "transactional_db", "live_server", "django_db_setup"}
    return any(
        item.get_closest_marker("django_db") or database_fixtures & set(getattr(item, "fixturenames", ()))
        for item in session.items
    )


@pytest.fixture(scope="session", autouse=True)
def _reference_data_around_session(request, django_db_blocker):
    """The last transactional test of a session leaves the tables empty, and with --reuse-db the next
    session's ordinary tests would find no phases. Restore at both ends of the session."""
    if not _session_uses_the_database(request.session):
        yield
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        restore_reference_data()
    yield
    with django_db_blocker.unblock():
        restore_reference_data()


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        restore_reference_data()


@pytest.fixture
def org(db):
    """A small organisation with every role of the permission matrix.

    city ─┬─ unit (head, deputy) ─── sub (author, co_author, colleague; sub_head)
          └─ other (other_head, outsider)
    plus the committee and a superuser.
    """
    city = UnitFactory(code="CITY", name="Thành phố", kind=UnitKind.CITY, legal_personality=True)
    unit = UnitFactory(
        code="UNIT", name="Sở Thử nghiệm", parent=city, kind=UnitKind.DEPARTMENT, legal_personality=True
    )
    sub = UnitFactory(code="SUB", name="Phòng Thử nghiệm", parent=unit, kind=UnitKind.DIVISION)
    other = UnitFactory(code="OTHER", name="UBND phường Khác", parent=city, kind=UnitKind.COMMUNE)
    ns = SimpleNamespace(city=city, unit=unit, sub=sub, other=other)
    ns.author = UserFactory(username="author", unit=sub)
    ns.co_author = UserFactory(username="coauthor", unit=sub)
    ns.colleague = UserFactory(username="colleague", unit=sub)
    ns.sub_head = UserFactory(username="subhead", unit=sub)
    ns.head = UserFactory(username="head", unit=unit)
    ns.deputy = UserFactory(username="deputy", unit=unit)
    ns.city_head = UserFactory(username="cityhead", unit=city)
    ns.other_head = UserFactory(username="otherhead", unit=other)
    ns.outsider = UserFactory(username="outsider", unit=other)
    ns.committee = UserFactory(username="committee", unit=city, committee=True)
    ns.superuser = UserFactory(username="root", unit=city, is_superuser=True, is_staff=True)
    sub.head = ns.sub_head
    sub.save()
    unit.head = ns.head
    unit.save()
    unit.deputies.add(ns.deputy)
    city.head = ns.city_head
    city.save()
    other.head = ns.other_head
    other.save()
    return ns


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(shutil.which(CHROMIUM) is not None, f"Chromium ({CHROMIUM})")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}

import datetime

import pytest

from tests.factories import DeadlineFactory, IdeaFactory


@pytest.fixture
def today():
    # A Wednesday inside the 2026-2030 phase, away from public holidays.
    return datetime.date(2026, 11, 18)


@pytest.fixture
def submission_deadline(org, today):
    return DeadlineFactory(kind="idea_submission", due_date=today + datetime.timedelta(days=7), unit=org.unit)


@pytest.fixture
def draft(org):
    return IdeaFactory(author=org.author, co_authors=[org.co_author], status="draft")


def _reset_broker_pools(app) -> None:
    """Forget pooled broker connections, as Celery does after a fork, so a new broker_url is used."""
    from kombu import pools

    app._pool = None
    app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)
    pools.reset()


@pytest.fixture
def broker_at():
    """Point the Celery app (not eager) at a broker URL for the test; restore afterwards."""
    from thiduaportal.celery import app

    old_url = app.conf.broker_url

    def use(url: str):
        app.conf.task_always_eager = False
        app.conf.broker_url = url
        _reset_broker_pools(app)
        return app

    yield use
    app.conf.broker_url = old_url
    app.conf.task_always_eager = True
    _reset_broker_pools(app)


def restore_migration_data() -> None:
    """Re-runs the project's data migrations (all idempotent get_or_create) on the current database.

    A transactional test (the real worker, concurrent runs) flushes every table when it ends, which
    also removes the rows data migrations made (phases, holidays, the committee group, the beat
    schedule); with --reuse-db the next session would start without them.
    """
    from django.apps import apps
    from django.conf import settings
    from django.db import migrations
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    base = str(settings.BASE_DIR)
    local_apps = {
        c.label for c in apps.get_app_configs() if c.path.startswith(base) and ".venv" not in c.path
    }
    for key in loader.graph.leaf_nodes():
        if key[0] not in local_apps:
            continue
        for app_label, name in loader.graph.forwards_plan(key):
            if app_label not in local_apps:
                continue
            for operation in loader.graph.nodes[(app_label, name)].operations:
                if isinstance(operation, migrations.RunPython):
                    operation.code(apps, None)


@pytest.fixture(autouse=True)
def _migration_data(request):
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    restore_migration_data()


@pytest.fixture(scope="session", autouse=True)
def _migration_data_after_session(django_db_setup, django_db_blocker):
    """After the last flush of the session, put the data-migration rows back for the next session."""
    yield
    with django_db_blocker.unblock():
        restore_migration_data()

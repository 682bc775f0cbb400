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


@pytest.fixture(scope="session", autouse=True)
def _reference_data_around_session(django_db_setup, django_db_blocker):
    """The root conftest restores reference data (phases, holidays, groups, the beat schedule) before
    each transactional test; the last transactional test of a session still leaves the tables empty,
    and with --reuse-db the next session's ordinary tests would find no phases. Restore at both ends.
    """
    from tests.conftest import restore_reference_data

    with django_db_blocker.unblock():
        restore_reference_data()
    yield
    with django_db_blocker.unblock():
        restore_reference_data()

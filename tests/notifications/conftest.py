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

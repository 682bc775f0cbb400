import datetime

import pytest

from ideas.models import RecognitionLevel
from ideas.models import Status as IdeaStatus
from tests.factories import IdeaFactory


@pytest.fixture
def recognised_idea(org):
    return IdeaFactory(
        author=org.author,
        title="Số hoá hồ sơ một cửa",
        status=IdeaStatus.RECOGNISED,
        recognition_level=RecognitionLevel.CITY,
        recognition_decision_number="123/QĐ-UBND",
        recognition_decision_date=datetime.date(2026, 3, 1),
    )


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Transactional tests (browser journeys, the concurrency test) flush the database when they end,
    taking the rows of the data migrations with them; with --reuse-db the next run would start
    without award types, phases or the committee group. Put them back when they are missing."""
    if "django_db" not in {m.name for m in request.node.iter_markers()} and not {
        "db",
        "transactional_db",
        "org",
        "client",
    }.intersection(request.fixturenames):
        yield
        return
    request.getfixturevalue("transactional_db" if _transactional(request) else "db")
    _restore_migration_data()
    yield


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


def _restore_migration_data():
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    from accounts.models import COMMITTEE_GROUP
    from awards.models import AwardType
    from movement.models import Phase

    if not Group.objects.filter(name=COMMITTEE_GROUP).exists():
        import_module("accounts.migrations.0002_committee_group").create_committee_group(apps, None)
    if not Phase.objects.exists():
        import_module("movement.migrations.0002_phases").create_phases(apps, None)
    if not AwardType.objects.exists():
        import_module("awards.migrations.0002_award_types").create_award_types(apps, None)
